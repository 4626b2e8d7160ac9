"""Near-duplicate articles: MinHash signatures with LSH band keys kept in the store.

Band keys live in an indexed table, so finding candidates for a new article is one indexed lookup
however large the store grows. Similarity is the MinHash estimate of Jaccard similarity between word
3-shingle sets; a condensed rewrite is caught through containment (shared shingles over the smaller
set), which the Jaccard estimate and the two set sizes give.
"""

from __future__ import annotations

import hashlib
import re
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from ..records import Article, Relation
from ..settings import Settings

SHINGLE = 3
_WORD = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True, slots=True)
class Fingerprint:
    """An article's MinHash signature, shingle count and LSH band keys."""

    shingles: int
    signature: bytes
    keys: tuple[str, ...]


@lru_cache(maxsize=8)
def lsh_shape(threshold: float, num_perm: int) -> tuple[int, int]:
    """(bands, rows) that datasketch's MinHashLSH picks for this threshold and signature size: the one with the
    least false-positive plus false-negative probability mass (equal weights), integrated by Simpson's rule."""
    pairs = np.array([(b, r) for b in range(1, num_perm + 1) for r in range(1, num_perm // b + 1)], dtype=float)
    bands, rows = pairs[:, :1], pairs[:, 1:]

    def area(lo: float, hi: float, miss: bool) -> np.ndarray:
        if hi <= lo:
            return np.zeros(len(pairs))
        x = np.linspace(lo, hi, 257)
        y = 1 - (1 - x ** rows) ** bands
        y = 1 - y if miss else y
        return (hi - lo) / 768 * (y[:, 0] + y[:, -1] + 4 * y[:, 1:-1:2].sum(axis=1) + 2 * y[:, 2:-1:2].sum(axis=1))

    error = 0.5 * area(0.0, threshold, False) + 0.5 * area(threshold, 1.0, True)
    b, r = pairs[int(np.argmin(error))]
    return int(b), int(r)


def shingles(text: str) -> set[bytes]:
    words = [w.lower() for w in _WORD.findall(text)]
    if len(words) < SHINGLE:
        return {" ".join(words).encode()} if words else set()
    return {" ".join(words[i : i + SHINGLE]).encode() for i in range(len(words) - SHINGLE + 1)}


#: MurmurHash3's 32-bit finalizer (shift, multiplier, shift, multiplier, shift).
_FMIX32 = tuple(np.uint32(v) for v in (16, 0x85EBCA6B, 13, 0xC2B2AE35, 16))


@lru_cache(maxsize=4)
def _permutations(num_perm: int, seed: int = 1) -> tuple[np.ndarray, np.ndarray]:
    """The affine permutations (odd a, b) of datasketch's MinHash (scheme affine32) with this seed."""
    gen = np.random.RandomState(seed)
    a = gen.randint(0, 1 << 31, num_perm, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
    b = gen.randint(0, 1 << 32, num_perm, dtype=np.uint32)
    return a, b


def minhash(grams: set[bytes], num_perm: int) -> np.ndarray:
    """The MinHash signature of ``grams`` (CRC-32 hashes, seed 1): the values datasketch's
    ``MinHash(num_perm, seed=1, hashfunc=zlib.crc32)`` gives, without importing datasketch (and scipy), which
    took most of a second of every start-up."""
    a, b = _permutations(num_perm)
    values = np.full(num_perm, 0xFFFFFFFF, dtype=np.uint32)
    if not grams:
        return values
    s1, m1, s2, m2, s3 = _FMIX32
    hv = np.fromiter((zlib.crc32(g) for g in grams), dtype=np.uint32, count=len(grams)).reshape(-1, 1)
    hv = hv ^ (hv >> s1)
    hv = hv * m1
    hv = hv ^ (hv >> s2)
    hv = hv * m2
    hv = hv ^ (hv >> s3)
    return np.minimum(values, (hv * a + b).min(axis=0))


def fingerprint(article: Article, settings: Settings) -> Fingerprint:
    """MinHash an article's text (CRC-32 shingle hashes) and cut the signature into LSH band keys."""
    grams = shingles(article.text)
    values = minhash(grams, settings.minhash_perm).astype(np.uint64)
    n_bands, rows = lsh_shape(settings.rewrite_threshold * 0.6, settings.minhash_perm)
    keys = tuple(f"{b}:{hashlib.sha1(values[b * rows : (b + 1) * rows].tobytes()).hexdigest()[:20]}"
                 for b in range(n_bands))
    return Fingerprint(len(grams), values.tobytes(), keys)


def similarities(a: Fingerprint, others: dict[str, tuple[int, bytes]]) -> list[tuple[str, float, float]]:
    """(id, Jaccard estimate, containment estimate) of ``a`` against each stored fingerprint."""
    if not others:
        return []
    ids = sorted(others)
    va = np.frombuffer(a.signature, dtype=np.uint64)
    matrix = np.frombuffer(b"".join(others[i][1] for i in ids), dtype=np.uint64).reshape(len(ids), -1)
    jaccard = (matrix == va).mean(axis=1)
    sizes = np.array([others[i][0] for i in ids], dtype=float)
    smaller = np.minimum(sizes, a.shingles)
    shared = jaccard * (sizes + a.shingles) / (1 + jaccard)
    containment = np.where(smaller > 0, np.minimum(1.0, shared / np.maximum(smaller, 1)), 0.0)
    return [(i, float(j), float(c)) for i, j, c in zip(ids, jaccard, containment)]


def classify(jaccard: float, containment: float, settings: Settings) -> str | None:
    """'duplicate', 'rewrite' or None for a candidate pair."""
    if jaccard >= settings.duplicate_threshold:
        return "duplicate"
    if jaccard >= settings.rewrite_threshold or containment >= max(settings.rewrite_threshold, 0.6):
        return "rewrite"
    return None


def find_relations(store, articles: Sequence[Article], settings: Settings) -> list[Relation]:
    """Fingerprint new ``articles``, store them, and relate each to the articles stored before it."""
    prints = {a.id: fingerprint(a, settings) for a in articles}
    store.add_minhashes([(aid, fp.shingles, fp.signature, fp.keys) for aid, fp in prints.items()])
    order = {aid: i for i, aid in enumerate(prints)}
    found: list[Relation] = []
    for aid, fp in prints.items():
        earlier = [c for c in store.minhash_candidates(fp.keys) if order.get(c, -1) < order[aid] and c != aid]
        for other_id, jaccard, containment in similarities(fp, store.signatures(earlier)):
            kind = classify(jaccard, containment, settings)
            if kind:
                a, b = sorted((aid, other_id))
                found.append(Relation(kind, a, b, round(max(jaccard, containment), 3)))
    if found:
        store.add_relations(found)
    return found
