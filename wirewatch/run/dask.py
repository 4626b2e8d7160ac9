"""Extraction on a Dask distributed cluster (``--dask tcp://HOST:8786``): worker functions and the driver.

Every Dask worker needs wirewatch (same version) and the same spaCy model installed; it loads the model
once and keeps it. Workers get the Settings record and Article records, and return Extraction records;
this process stays the one writer to the store.
"""

from __future__ import annotations

import socket
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from ..errors import WirewatchError
from ..records import Article, Discard, Extraction
from ..settings import Settings
from .workers import Workers, extract_batch, w_init


def w_load_model(settings: Settings) -> str:
    """Worker function: load (and cache) the spaCy model and the gazetteers now; returns the model's name."""
    from ..nlp import load_nlp

    w_init(settings)
    nlp = load_nlp(settings.model, settings.verify_model)
    return f"{nlp.meta.get('name')} {nlp.meta.get('version')}"


def w_extract(settings: Settings, articles: Sequence[Article], raise_errors: bool = False) -> list[Extraction | Discard]:
    """Worker function: extraction of one chunk of articles."""
    return extract_batch(articles, settings, raise_errors)


class DaskSubmitter:
    """Submits to a Dask client; every call is a new task (``pure=False``)."""

    def __init__(self, client: Any):
        self.client = client

    def submit(self, fn: Callable[..., Any], /, *args: Any) -> Any:
        return self.client.submit(fn, *args, pure=False)


@contextmanager
def connect(settings: Settings, timeout: float = 20.0) -> Iterator[Workers]:
    """A client of the Dask scheduler at ``settings.dask``, with the model loaded on every worker."""
    try:
        from distributed import Client
    except ImportError:
        raise WirewatchError("--dask needs the 'distributed' package: pip install 'dask[distributed]'") from None
    address = settings.dask
    try:
        _check_reachable(address, timeout)
        client = Client(address, timeout=timeout, set_as_default=False)
    except (OSError, TimeoutError, ValueError) as exc:
        raise WirewatchError(f"cannot reach the Dask scheduler at {address} ({exc}); "
                             f"start one with 'dask scheduler' and workers with 'dask worker {address}'") from None
    try:
        slots = _slots(client, address, timeout)
        _load_models(client, settings, address)
        yield Workers(DaskSubmitter(client), slots, f"Dask cluster at {address} ({slots} worker threads)", w_extract)
    finally:
        client.close()


def _check_reachable(address: str, timeout: float) -> None:
    """Fail fast (OSError, ValueError) when nothing listens at a tcp:// or tls:// address."""
    scheme, _, rest = address.rpartition("://")
    if scheme not in ("", "tcp", "tls"):
        return
    host, _, port = rest.rpartition(":")
    if not host or not port.isdigit():
        raise ValueError("expected tcp://HOST:PORT")
    with socket.create_connection((host.strip("[]"), int(port)), timeout=timeout):
        pass


def _slots(client: Any, address: str, timeout: float) -> int:
    try:
        client.wait_for_workers(1, timeout=timeout)
    except (OSError, TimeoutError) as exc:
        raise WirewatchError(f"no Dask worker is connected to {address} ({exc}); "
                             f"start one with 'dask worker {address}'") from None
    workers = client.scheduler_info(n_workers=-1)["workers"]
    return max(1, sum(w.get("nthreads", 1) for w in workers.values()))


def _load_models(client: Any, settings: Settings, address: str) -> None:
    try:
        client.run(w_load_model, settings)
    except (ImportError, AttributeError) as exc:
        raise WirewatchError(f"Dask workers at {address} cannot run wirewatch ({exc}); install the same wirewatch "
                             f"and spaCy model on every worker") from None
