"""Bytes to text: BOMs, then UTF-8, then the declared or detected encoding; binary files are refused."""

from __future__ import annotations

import codecs
import re
import unicodedata

from ..errors import InputError

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_MAGIC = (
    (b"%PDF", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive"),
    (b"\x89PNG", "a PNG image"),
    (b"GIF8", "a GIF image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"\x1f\x8b", "gzip-compressed"),
    (b"\x7fELF", "an executable"),
)
_DECLARED = re.compile(rb"""(?:charset|encoding)\s{0,3}=\s{0,3}["']?([A-Za-z0-9._:-]{1,40})""", re.I)
_SAMPLE = 1 << 20


def binary_kind(data: bytes) -> str | None:
    """Why ``data`` is not text (e.g. "contains NUL bytes"), or None when it may be text."""
    if any(data.startswith(bom) for bom, _ in _BOMS):
        return None
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            return kind
    if b"\x00" in data[:_SAMPLE]:
        return "contains NUL bytes"
    return None


def declared_encoding(data: bytes) -> str | None:
    """The charset a document declares in its first 2 KB (HTML meta, XML prolog), if Python knows it."""
    match = _DECLARED.search(data[:2048])
    if not match:
        return None
    try:
        return codecs.lookup(match.group(1).decode("ascii")).name
    except LookupError:
        return None


def _looks_like_text(text: str) -> bool:
    """No control characters to speak of, and mostly letters, digits, punctuation or ASCII symbols."""
    sample = text[:_SAMPLE]
    controls = sum((ord(ch) < 32 and ch not in "\t\n\r\x0c") or ord(ch) == 127 for ch in sample)
    visible = [ch for ch in sample if not ch.isspace()]
    if not visible:
        return controls == 0
    junk = sum(ord(ch) > 127 and unicodedata.category(ch)[0] not in "LNPMZ" for ch in visible)
    return controls / len(visible) < 0.02 and (controls + junk) / len(visible) < 0.3


def _candidates(data: bytes, declared: str | None):
    yield "utf-8"
    yield declared or declared_encoding(data)
    import charset_normalizer  # only for bytes that are not UTF-8 (its import costs ~0.1 s)

    best = charset_normalizer.from_bytes(data[:_SAMPLE]).best()
    yield best.encoding if best else None


def decode_bytes(data: bytes, item: str, declared: str | None = None) -> str:
    """Decode ``data``; raise InputError (binary file, undecodable bytes) when no encoding fits."""
    kind = binary_kind(data)
    if kind:
        raise InputError(item, f"binary file ({kind})")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError as exc:
                raise InputError(item, f"undecodable bytes ({encoding} BOM, {exc.reason})") from None
    for encoding in filter(None, _candidates(data, declared)):
        try:
            text = data.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
        if _looks_like_text(text):
            return text
        raise InputError(item, f"binary file (not text when read as {encoding})")
    raise InputError(item, "undecodable bytes (not UTF-8, and no other encoding fits)")
