"""Typed, frozen records that flow through the pipeline.

Every fact carries the id of the article it came from and a character span
(``start``/``end``) into ``Article.text``. Ids are deterministic hashes
(:func:`make_id`), so re-running a stage upserts rather than duplicates.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import asdict, dataclass, field, fields
from datetime import date, datetime
from typing import Any

ACTOR_KINDS = ("person", "organization", "state", "group", "other")
EVENT_STATUSES = ("happened", "planned", "denied", "hypothetical", "reported")
CONTROL_STATUSES = ("taken", "held", "contested", "lost")


def make_id(kind: str, *parts: object) -> str:
    """A stable 16-hex-digit id for a record of ``kind`` built from ``parts``."""
    raw = "\x1f".join([kind, *("" if p is None else str(p) for p in parts)])
    return hashlib.sha1(raw.encode("utf-8")).hexdigest()[:16]


_SPACE = re.compile(r"\s+")


def normalise_text(text: str) -> str:
    """The form of an article's text that its id is hashed from (NFC, collapsed spaces)."""
    return _SPACE.sub(" ", unicodedata.normalize("NFC", text)).strip()


def article_id(text: str) -> str:
    """Article id: a hash of the normalised text, so the same text is one article."""
    return make_id("article", normalise_text(text))


@dataclass(frozen=True, slots=True)
class Article:
    """One news article; ``text`` is the plain text every span points into."""

    id: str
    text: str
    title: str | None = None
    source: str | None = None
    url: str | None = None
    published: date | None = None
    language: str | None = None
    author: str | None = None
    origin: str | None = None
    ingested_at: datetime | None = None
    dateline: str | None = None  # the place a leading dateline names ("MOSCOW"), split off the text
    title_derived: bool = False  # True when ``title`` was made from the first sentence (the text had no headline)

    @classmethod
    def create(cls, text: str, **kwargs: Any) -> Article:
        """Build an article whose id is derived from its text."""
        return cls(id=article_id(text), text=text, **kwargs)


@dataclass(frozen=True, slots=True)
class Span:
    """A character span into one article's text."""

    article_id: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Mention:
    """A span naming an actor (``actor_id``) or a place (``place_id``)."""

    article_id: str
    start: int
    end: int
    text: str
    label: str
    kind: str = "other"
    actor_id: str | None = None
    place_id: str | None = None
    confidence: float | None = None
    language: str | None = None  # the language the fact was read in (None: the article's, English)


@dataclass(frozen=True, slots=True)
class Role:
    """A title or affiliation an actor held, as one article states it."""

    title: str
    organization: str | None = None
    country: str | None = None
    article_id: str | None = None
    date: str | None = None
    start: int | None = None
    end: int | None = None


@dataclass(frozen=True, slots=True)
class Actor:
    """A person, organisation, state or group, whatever the spelling of its names."""

    id: str
    name: str
    kind: str = "other"
    country: str | None = None
    code: str | None = None
    aliases: tuple[str, ...] = ()
    roles: tuple[Role, ...] = ()


@dataclass(frozen=True, slots=True)
class Quote:
    """Words attributed to a speaker; ``direct`` is False for indirect speech."""

    id: str
    article_id: str
    start: int
    end: int
    text: str
    speaker_text: str | None = None
    speaker_start: int | None = None
    speaker_end: int | None = None
    speaker_actor_id: str | None = None
    direct: bool = True
    cue: str | None = None
    kind: str | None = None  # "direct", "partial" (quoted words inside reported speech) or "indirect"
    language: str | None = None  # the language the fact was read in (None: the article's, English)


@dataclass(frozen=True, slots=True)
class Place:
    """A resolved location."""

    id: str
    name: str
    lat: float | None = None
    lon: float | None = None
    country: str | None = None
    geonames_id: int | None = None
    feature: str | None = None
    source: str | None = None
    official: str | None = None  # the gazetteer's own name when ``name`` is the common one ("Tirmiz")
    linear: bool = False  # a river, border, range or region: its point only represents it


@dataclass(frozen=True, slots=True)
class TimeExpr:
    """A temporal expression normalised to a TimeML value (may be partial, e.g. 2021-W26)."""

    article_id: str
    start: int
    end: int
    text: str
    value: str | None = None
    precision: str | None = None
    type: str = "DATE"
    future: bool = False
    language: str | None = None  # the language the fact was read in (None: the article's, English)


@dataclass(frozen=True, slots=True)
class Event:
    """Who did what to whom, where and when, with its evidence span."""

    id: str
    article_id: str
    start: int
    end: int
    event_type: str
    cameo: str | None = None
    mode: str | None = None
    source_actor_ids: tuple[str, ...] = ()
    target_actor_ids: tuple[str, ...] = ()
    place_id: str | None = None
    date: str | None = None
    date_precision: str | None = None
    status: str = "happened"
    quantity: str | None = None
    confidence: float | None = None
    origin: str | None = None  # what coded it: "own" patterns, "cameo" (PETRARCH2 dictionary) or "both"
    language: str | None = None  # the language the fact was read in (None: the article's, English)


@dataclass(frozen=True, slots=True)
class Control:
    """A claim that an actor holds, took, lost or contests a place."""

    article_id: str
    start: int
    end: int
    place_id: str
    controller_actor_id: str | None
    status: str
    as_of: str | None = None
    confidence: float | None = None  # how far the claim can be trusted, from how it was found (0-1)


@dataclass(frozen=True, slots=True)
class Relation:
    """Two articles that are copies (``duplicate``) or rewrites of each other."""

    kind: str
    a: str
    b: str
    similarity: float


@dataclass(frozen=True, slots=True)
class Discard:
    """An item a stage could not handle, and why."""

    item: str
    stage: str
    reason: str


@dataclass(slots=True)
class Extraction:
    """Everything the extraction stages found in one article."""

    article: Article
    mentions: list[Mention] = field(default_factory=list)
    actors: list[Actor] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)
    times: list[TimeExpr] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    controls: list[Control] = field(default_factory=list)


def to_dict(record: Any) -> dict[str, Any]:
    """A JSON-ready dict of a record (dates as ISO strings, tuples as lists)."""
    return {f.name: _jsonable(getattr(record, f.name)) for f in fields(record)}


def _jsonable(value: Any) -> Any:
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, (tuple, list)):
        return [_jsonable(v) for v in value]
    if hasattr(value, "__dataclass_fields__"):
        return {k: _jsonable(v) for k, v in asdict(value).items()}
    return value
