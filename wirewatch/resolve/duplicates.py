"""Near-duplicate articles: MinHash signatures (datasketch) with LSH band keys kept in the store.

Band keys live in an indexed table, so finding candidates for a new article is one indexed lookup
however large the store grows. Similarity is the MinHash estimate of Jaccard similarity between word
3-shingle sets; a condensed rewrite is caught through containment (shared shingles over the smaller
set), which the Jaccard estimate and the two set sizes give.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from datasketch import MinHash
from datasketch.lsh import _optimal_param

from ..records import Article, Relation
from ..settings import Settings

SHINGLE = 3
_WORD = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True, slots=True)
class Fingerprint:
    """An article's MinHash signature, shingle count and LSH band keys."""

    shingles: int
    signature: bytes
    bands: tuple[tuple[int, str], ...]


@lru_cache(maxsize=8)
def lsh_shape(threshold: float, num_perm: int) -> tuple[int, int]:
    """(bands, rows) that datasketch picks for this threshold and signature size."""
    return _optimal_param(threshold, num_perm, 0.5, 0.5)


def shingles(text: str) -> set[bytes]:
    words = [w.lower() for w in _WORD.findall(text)]
    if len(words) < SHINGLE:
        return {" ".join(words).encode()} if words else set()
    return {" ".join(words[i : i + SHINGLE]).encode() for i in range(len(words) - SHINGLE + 1)}


def fingerprint(article: Article, settings: Settings) -> Fingerprint:
    """MinHash an article's text and cut the signature into LSH bands."""
    grams = shingles(article.text)
    mh = MinHash(num_perm=settings.minhash_perm, seed=1)
    mh.update_batch(list(grams))
    values = mh.hashvalues
    n_bands, rows = lsh_shape(settings.rewrite_threshold * 0.6, settings.minhash_perm)
    bands = tuple(
        (b, hashlib.sha1(values[b * rows : (b + 1) * rows].tobytes()).hexdigest()[:20]) for b in range(n_bands)
    )
    return Fingerprint(len(grams), values.astype(np.uint64).tobytes(), bands)


def similarity(a: Fingerprint, b_shingles: int, b_signature: bytes) -> tuple[float, float]:
    """(Jaccard estimate, containment estimate) of two fingerprints."""
    va = np.frombuffer(a.signature, dtype=np.uint64)
    vb = np.frombuffer(b_signature, dtype=np.uint64)
    jaccard = float(np.count_nonzero(va == vb)) / len(va)
    smaller = min(a.shingles, b_shingles)
    if smaller == 0:
        return jaccard, 0.0
    shared = jaccard * (a.shingles + b_shingles) / (1 + jaccard)
    return jaccard, min(1.0, shared / smaller)


def classify(jaccard: float, containment: float, settings: Settings) -> str | None:
    """'duplicate', 'rewrite' or None for a candidate pair."""
    if jaccard >= settings.duplicate_threshold:
        return "duplicate"
    if jaccard >= settings.rewrite_threshold or containment >= max(settings.rewrite_threshold, 0.6):
        return "rewrite"
    return None


def find_relations(store, article: Article, settings: Settings) -> list[Relation]:
    """Fingerprint ``article``, store it, and return its relations to articles already stored."""
    fp = fingerprint(article, settings)
    candidates = store.minhash_candidates(fp.bands, exclude=article.id)
    found: list[Relation] = []
    for other_id, (other_shingles, other_sig) in sorted(store.signatures(candidates).items()):
        jaccard, containment = similarity(fp, other_shingles, other_sig)
        kind = classify(jaccard, containment, settings)
        if kind:
            a, b = sorted((article.id, other_id))
            found.append(Relation(kind, a, b, round(max(jaccard, containment), 3)))
    store.add_minhash(article.id, fp.shingles, fp.signature, fp.bands)
    if found:
        store.add_relations(found)
    return found
