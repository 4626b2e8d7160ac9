"""Stories: articles about the same story, grown one article at a time.

A new article is compared with a few candidate stories — the most recent stories sharing one of its
blocking keys (top TF-IDF terms, actors, places) in an indexed table — and joins the best one when
text similarity (cosine between its TF-IDF vector and the story's centroid, words from scikit-learn's
analyzer), shared actors, places and events together pass a threshold; otherwise it starts a story.
Near-duplicates and rewrites always join their original's story. Each story keeps its state (centroid
top terms, actor/place/event counts, period) in the store, so nothing is ever re-clustered and the cost
per article stays flat as the store grows.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from importlib import resources

from ..records import make_id
from ..store import Store
from ..store import stories as db

#: Weight of each kind of evidence in a story match; a kind the article lacks is left out of the mean.
WEIGHTS = {"text": 0.55, "actors": 0.2, "places": 0.15, "events": 0.1}


@dataclass(frozen=True, slots=True)
class StoryOptions:
    """How articles are matched to stories."""

    threshold: float = 0.3       # weighted similarity at or above which an article joins a story
    min_text: float = 0.15       # ... provided its text similarity is at least this
    window_days: int = 30        # a story this many days before or after the article is not a candidate
    candidates: int = 20         # stories scored in full per article (those sharing the most keys)
    per_key: int = 50            # most recent stories looked up under each key
    centroid_terms: int = 150    # terms kept in a story's centroid
    index_terms: int = 20        # centroid terms a story is indexed under
    query_terms: int = 20        # an article's terms looked up
    max_entity_keys: int = 12    # actors, and places, a story is indexed under (and an article looks up)
    chunk: int = 500             # articles assigned per transaction


_TOKEN = re.compile(r"(?u)\b[^\W\d_]{2,}\b")


def _word_list(name: str) -> set[str]:
    text = resources.files("wirewatch").joinpath(f"data/{name}").read_text("utf-8")
    return {w.strip() for w in text.splitlines() if w.strip() and not w.startswith("#")}


def _strip_accents(text: str) -> str:
    if text.isascii():
        return text
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


@lru_cache(maxsize=1)
def _analyzer():
    """Words of a text as scikit-learn's ``CountVectorizer(stop_words=…, token_pattern=…, lowercase=True,
    strip_accents="unicode").build_analyzer()`` finds them, without importing scikit-learn (seconds of start-up)."""
    stop = frozenset(_word_list("english_stopwords.txt") | _word_list("story_stopwords.txt"))

    def analyze(text: str) -> list[str]:
        return [w for w in _TOKEN.findall(_strip_accents(text.lower())) if w not in stop]

    return analyze


def term_frequencies(title: str | None, text: str) -> Counter:
    """Word counts of an article, its title counted twice (a headline names the story)."""
    analyze = _analyzer()
    return Counter(analyze(title or "") * 2 + analyze(text or ""))


def tfidf(tf: Counter, df: dict[str, int], n: int) -> dict[str, float]:
    """Unit-length TF-IDF vector: sublinear term frequency, smoothed IDF (as scikit-learn's TfidfTransformer)."""
    vec = {t: (1 + math.log(c)) * (math.log((1 + n) / (1 + df.get(t, 0))) + 1) for t, c in tf.items()}
    norm = math.sqrt(sum(w * w for w in vec.values())) or 1.0
    return {t: w / norm for t, w in vec.items()}


def cosine(vec: dict[str, float], centroid: dict[str, float]) -> float:
    """Cosine between a unit vector and an (unnormalised) centroid."""
    norm = math.sqrt(sum(w * w for w in centroid.values()))
    if not norm:
        return 0.0
    small, large = (vec, centroid) if len(vec) < len(centroid) else (centroid, vec)
    return sum(w * large.get(t, 0.0) for t, w in small.items()) / norm


def overlap(article: Counter, story: dict) -> float:
    """Share of the article's mentions (of actors, places or event keys) the story already has."""
    total = sum(article.values())
    return sum(n for k, n in article.items() if k in story) / total if total else 0.0


def event_keys(events: Iterable[dict]) -> Counter:
    """Keys of an article's events: type at a place, type with each actor."""
    keys: Counter = Counter()
    for ev in events:
        if ev["place_id"]:
            keys[f"{ev['event_type']}@{ev['place_id']}"] += 1
        for actor in {*ev["source_actor_ids"], *ev["target_actor_ids"]}:
            keys[f"{ev['event_type']}>{actor}"] += 1
    return keys


def _day(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


def _top(counts: dict, n: int) -> list:
    return [k for k, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:n]]


def story_keys(story: dict, options: StoryOptions) -> list[str]:
    """Blocking keys a story is indexed under."""
    return ([f"t:{t}" for t in _top(story["centroid"], options.index_terms)]
            + [f"a:{a}" for a in _top(story["actors"], options.max_entity_keys)]
            + [f"p:{p}" for p in _top(story["places"], options.max_entity_keys)])


@dataclass
class _Article:
    id: str
    title: str | None
    published: str | None
    vector: dict[str, float]
    actors: Counter
    places: Counter
    events: Counter

    def keys(self, options: StoryOptions) -> list[str]:
        return ([f"t:{t}" for t in _top(self.vector, options.query_terms)]
                + [f"a:{a}" for a in _top(self.actors, options.max_entity_keys)]
                + [f"p:{p}" for p in _top(self.places, options.max_entity_keys)])


class _Assignment:
    """One chunk of articles being assigned: stories touched so far are kept in memory and indexed
    locally, so later articles of the chunk see them; everything is written in one transaction."""

    def __init__(self, store: Store, options: StoryOptions, df: dict[str, int], known: dict[str, str]):
        self.store, self.options, self.df = store, options, df
        self.story_of = dict(known)
        self.stories: dict[str, dict] = {}
        self.touched: set[str] = set()
        self.local: dict[str, set[str]] = defaultdict(set)
        self.keys: dict[str, list[str]] = {}
        self.members: list[dict] = []
        self.delta: Counter = Counter()

    def add(self, item: dict, tf: Counter, related: Sequence[tuple[str, str]]) -> None:
        n = self.df.get(db.ARTICLE_COUNT, 0) + self.delta[db.ARTICLE_COUNT]
        df = {t: self.df.get(t, 0) + self.delta[t] for t in tf}
        art = _Article(item["id"], item["title"] or _headline(item["text"]), item["published"], tfidf(tf, df, n),
                       item["actors"], item["places"], event_keys(item["events"]))
        story_id, score, reason = self._match(art, related)
        story = self.stories.get(story_id) if story_id else None
        if story is None:
            story_id, story, score, reason = make_id("story", art.id), _new_story(make_id("story", art.id)), 1.0, "new"
            self.stories[story_id] = story
        _grow(story, art, self.options)
        self._index(story)
        self.story_of[art.id] = story_id
        self.members.append({"article_id": art.id, "story_id": story_id, "score": round(score, 4), "reason": reason})
        self.delta.update(set(tf))
        self.delta[db.ARTICLE_COUNT] += 1

    def _match(self, art: _Article, related: Sequence[tuple[str, str]]) -> tuple[str | None, float, str]:
        for other, kind in related:
            if other in self.story_of:
                sid = self.story_of[other]
                self._load([sid])
                return sid, 1.0, f"{kind} of {other}"
        keys = art.keys(self.options)
        counts = Counter({sid: n for sid, n in db.candidate_stories(self.store, keys, self.options.per_key).items()
                          if sid not in self.touched})
        for key in keys:
            for sid in self.local.get(key, ()):
                counts[sid] += 1
        ranked = [sid for sid, _ in counts.most_common(self.options.candidates)]
        self._load(ranked)
        best: tuple[float, float, str | None] = (0.0, 0.0, None)
        for sid in ranked:
            story = self.stories.get(sid)
            if story is None or not _in_window(story, art.published, self.options.window_days):
                continue
            total, text = similarity(art, story)
            if (total, text) > best[:2]:
                best = (total, text, sid)
        total, text, sid = best
        if sid and total >= self.options.threshold and text >= self.options.min_text:
            return sid, total, f"similar (text {text:.2f})"
        return None, 0.0, "new"

    def _load(self, ids: Iterable[str]) -> None:
        missing = [i for i in ids if i not in self.stories]
        for sid, row in db.load_stories(self.store, missing).items():
            self.stories[sid] = {**row, "actors": Counter(row["actors"]), "places": Counter(row["places"]),
                                 "events": Counter(row["events"]), "centroid": dict(row["centroid"])}

    def _index(self, story: dict) -> None:
        sid = story["id"]
        for key in self.keys.get(sid, ()):
            self.local[key].discard(sid)
        self.keys[sid] = story_keys(story, self.options)
        for key in self.keys[sid]:
            self.local[key].add(sid)
        self.touched.add(sid)

    def save(self) -> None:
        changed = [self.stories[sid] for sid in sorted(self.touched)]
        rows = [{**st, "actors": dict(st["actors"]), "places": dict(st["places"]), "events": dict(st["events"])}
                for st in changed]
        db.save_stories(self.store, rows, {sid: self.keys[sid] for sid in self.touched}, self.members,
                        dict(self.delta))


def similarity(art: _Article, story: dict) -> tuple[float, float]:
    """(weighted similarity, text similarity) of an article to a story; kinds the article lacks are left out."""
    parts = [(WEIGHTS["text"], cosine(art.vector, story["centroid"]))]
    for kind, mine in (("actors", art.actors), ("places", art.places), ("events", art.events)):
        if mine:
            parts.append((WEIGHTS[kind], overlap(mine, story[kind])))
    return sum(w * v for w, v in parts) / sum(w for w, _ in parts), parts[0][1]


def _in_window(story: dict, published: str | None, days: int) -> bool:
    day, first, last = _day(published), _day(story["first_published"]), _day(story["last_published"])
    if day is None or first is None or last is None:
        return True
    return (first - day).days <= days and (day - last).days <= days


def _headline(text: str) -> str:
    line = (text or "").strip().split("\n", 1)[0]
    return line if len(line) <= 90 else line[:89].rsplit(" ", 1)[0] + "…"


def _new_story(story_id: str) -> dict:
    return {"id": story_id, "title": None, "article_id": None, "first_published": None, "last_published": None,
            "size": 0, "centroid": {}, "actors": Counter(), "places": Counter(), "events": Counter()}


def _grow(story: dict, art: _Article, options: StoryOptions) -> None:
    """Add an article to a story's state: centroid, counts, period, and its title when it is the earliest."""
    centroid = dict(story["centroid"])
    for t, w in art.vector.items():
        centroid[t] = centroid.get(t, 0.0) + w
    story["centroid"] = {t: round(centroid[t], 5) for t in _top(centroid, options.centroid_terms)}
    story["actors"].update(art.actors)
    story["places"].update(art.places)
    story["events"].update(art.events)
    story["size"] += 1
    first, pub = story["first_published"], art.published
    if story["article_id"] is None or (pub and (first is None or pub < first)):
        story["title"], story["article_id"] = art.title, art.id
    if pub:
        story["first_published"] = min(filter(None, (first, pub)))
        story["last_published"] = max(filter(None, (story["last_published"], pub)))


def assign_stories(store: Store, article_ids: Sequence[str], options: StoryOptions | None = None) -> int:
    """Put each of ``article_ids`` that is in no story yet into the story it belongs to, or a new one.

    Articles are taken oldest first; a near-duplicate or rewrite joins its original's story. Returns
    the number of articles assigned now (ids already in a story, or not stored, are skipped).
    """
    options = options or StoryOptions()
    ids = list(dict.fromkeys(article_ids))
    done = db.assigned_ids(store, ids)
    todo = [i for i in ids if i not in done]
    assigned = 0
    for start in range(0, len(todo), options.chunk):
        assigned += _assign_chunk(store, todo[start:start + options.chunk], options)
    return assigned


def _assign_chunk(store: Store, ids: Sequence[str], options: StoryOptions) -> int:
    inputs = db.story_inputs(store, ids)
    position = {i: n for n, i in enumerate(ids)}
    order = sorted(inputs, key=lambda i: (inputs[i]["published"] or "9999", position[i]))
    related = db.related_articles(store, order)
    known = db.story_of(store, {other for pairs in related.values() for other, _ in pairs})
    tfs = {i: term_frequencies(inputs[i]["title"], inputs[i]["text"]) for i in order}
    df = db.term_counts(store, {t for tf in tfs.values() for t in tf} | {db.ARTICLE_COUNT})
    run = _Assignment(store, options, df, known)
    for i in order:
        run.add(inputs[i], tfs[i], related.get(i, ()))
    run.save()
    return len(order)


def rebuild_stories(store: Store, options: StoryOptions | None = None) -> int:
    """Forget every story and assign all stored articles again, oldest first; return how many."""
    db.clear_stories(store)
    return assign_stories(store, db.unassigned_ids(store), options)


def update_stories(store: Store, options: StoryOptions | None = None) -> int:
    """Assign the stored articles that are in no story yet; return how many."""
    return assign_stories(store, db.unassigned_ids(store), options)
