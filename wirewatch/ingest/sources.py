"""Where input bytes come from: files, directory trees, stdin and (with --fetch) http(s) URLs."""

from __future__ import annotations

import math
import os
import stat
import sys
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass

from ..errors import InputError

MB = 1024 * 1024
USER_AGENT = "wirewatch/0.1 (+news ingest)"


def is_url(path: str) -> bool:
    """True for http(s) URLs."""
    return path.lower().startswith(("http://", "https://"))


def walk(path: str) -> Iterator[str | InputError]:
    """Files under a folder, depth first in sorted name order, skipping hidden files and folders.

    Symlinked folders are not followed (no loops); a folder that cannot be listed yields an InputError.
    """
    try:
        with os.scandir(path) as scan:
            entries = sorted(scan, key=lambda e: e.name)
    except OSError as exc:
        yield InputError(path, f"cannot list folder ({exc.strerror or exc})")
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        if entry.is_dir(follow_symlinks=False):
            yield from walk(entry.path)
        else:
            yield entry.path


def read_file(path: str, max_bytes: int) -> tuple[bytes, str]:
    """(bytes, "") of a regular file no larger than ``max_bytes``; InputError otherwise."""
    try:
        info = os.stat(path)
        if not stat.S_ISREG(info.st_mode):
            raise InputError(path, "not a regular file")
        _check_size(path, info.st_size, max_bytes)
        with open(path, "rb") as handle:
            data = handle.read(max_bytes + 1)
    except FileNotFoundError:
        raise InputError(path, "no such file or folder") from None
    except PermissionError:
        raise InputError(path, "permission denied") from None
    except IsADirectoryError:
        raise InputError(path, "is a folder") from None
    except OSError as exc:
        raise InputError(path, f"cannot read ({exc.strerror or exc})") from None
    _check_size(path, len(data), max_bytes, streamed=True)
    return data, ""


def read_stdin(max_bytes: int) -> tuple[bytes, str]:
    """(bytes, "") of standard input, at most ``max_bytes``."""
    try:
        data = sys.stdin.buffer.read(max_bytes + 1)
    except (AttributeError, OSError, ValueError) as exc:
        raise InputError("-", f"cannot read standard input ({exc})") from None
    _check_size("-", len(data), max_bytes, streamed=True)
    return data, ""


def fetch(url: str, timeout: float, max_bytes: int) -> tuple[bytes, str]:
    """(body, content type) of ``url``; InputError saying why when it cannot be fetched."""
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 (http(s) only)
            data = response.read(max_bytes + 1)
            content_type = response.headers.get("Content-Type", "")
    except urllib.error.HTTPError as exc:
        raise InputError(url, f"cannot fetch: HTTP {exc.code} {exc.reason}") from None
    except urllib.error.URLError as exc:
        raise InputError(url, f"cannot fetch: network unreachable ({exc.reason})") from None
    except (TimeoutError, OSError) as exc:
        raise InputError(url, f"cannot fetch: network unreachable ({exc})") from None
    _check_size(url, len(data), max_bytes, streamed=True)
    return data, content_type


@dataclass(frozen=True, slots=True)
class Fetched:
    """A conditional GET's answer: 304 (not modified, no body) or 200 with the body and its validators."""

    status: int
    data: bytes = b""
    content_type: str = ""
    etag: str | None = None
    last_modified: str | None = None


def fetch_if_changed(url: str, timeout: float, max_bytes: int, etag: str | None = None,
                     last_modified: str | None = None) -> Fetched:
    """GET ``url`` unless it is unchanged since ``etag``/``last_modified`` (then status 304, no body)."""
    headers = {"User-Agent": USER_AGENT}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 (http(s) only)
            data = response.read(max_bytes + 1)
            got = response.headers
    except urllib.error.HTTPError as exc:
        if exc.code == 304:
            return Fetched(304, etag=exc.headers.get("ETag") or etag,
                           last_modified=exc.headers.get("Last-Modified") or last_modified)
        raise InputError(url, f"cannot fetch: HTTP {exc.code} {exc.reason}") from None
    except urllib.error.URLError as exc:
        raise InputError(url, f"cannot fetch: network unreachable ({exc.reason})") from None
    except (TimeoutError, OSError) as exc:
        raise InputError(url, f"cannot fetch: network unreachable ({exc})") from None
    _check_size(url, len(data), max_bytes, streamed=True)
    return Fetched(200, data, got.get("Content-Type", ""), got.get("ETag"), got.get("Last-Modified"))


def _check_size(item: str, size: int, max_bytes: int, *, streamed: bool = False) -> None:
    """InputError when ``size`` is over the limit (a stream read stops one byte past it)."""
    if size <= max_bytes:
        return
    limit = f"the {max_bytes / MB:.0f} MB limit"
    raise InputError(item, f"input is over {limit}" if streamed else f"file is {math.ceil(size / MB)} MB, over {limit}")
