"""What the JSON API (``api.py``) and the pages (``pages.py``) share: the store and memo dependencies and the
date pattern. Both import this module and neither imports the other's internals for them."""

from __future__ import annotations

import threading
import time
from collections import defaultdict
from typing import Annotated

from fastapi import Depends, Request

from ..store import Store

DATE = r"^\d{4}(-\d{2}(-\d{2})?)?$"


class Memo:
    """Store-wide aggregates (timeline, map, graph, stats) kept for a few seconds, so a dashboard under
    load does not recompute them per request; ``seconds=0`` turns it off."""

    def __init__(self, seconds: float, size: int = 256):
        self.seconds, self.size, self.values = seconds, size, {}
        self.locks: dict[tuple, threading.Lock] = defaultdict(threading.Lock)

    def __call__(self, fn, store: Store, *args):
        if self.seconds <= 0:
            return fn(store, *args)
        key = (fn.__name__, args)
        with self.locks[key]:  # one computation per key at a time; the others wait for its result
            hit = self.values.get(key)
            if hit and time.monotonic() - hit[0] < self.seconds:
                return hit[1]
            value = fn(store, *args)
            if len(self.values) >= self.size:
                self.values.clear()
            self.values[key] = (time.monotonic(), value)
            return value


def get_store(request: Request) -> Store:
    return request.app.state.store


def get_memo(request: Request) -> Memo:
    return request.app.state.memo


StoreDep = Annotated[Store, Depends(get_store)]
MemoDep = Annotated[Memo, Depends(get_memo)]
