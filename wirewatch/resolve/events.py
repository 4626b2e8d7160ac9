"""Cross-source event resolution: reports of the same event in several articles become one event group.

Two reports are the same event when they have the same PLOVER type, their periods overlap (within a few
days), their places agree (or one has none) and their actors are compatible. Only events indexed under a
shared blocking key — (type, canonical actor or place, week) — are compared, so the cost per article
stays flat as the store grows.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from ..periods import event_day, value_period
from ..records import Extraction
from ..store import Store, reads

#: Days by which two reports' periods may miss each other and still be the same event.
WINDOW_DAYS = 3
#: Assumed period of an undated past event: the days before publication.
UNDATED_PAST_DAYS = 30
#: Assumed period of a vague past reference ("recently") and of an undated planned event.
VAGUE_DAYS = 90
#: Periods longer than this are indexed under one catch-all bucket instead of week by week.
LONGEST_INDEXED_DAYS = 400
#: Types whose source and target are interchangeable ("X met Y" = "Y met X").
SYMMETRIC_TYPES = frozenset({"CONSULT", "COOPERATE", "AGREE"})
FUTURE_STATUSES = frozenset({"planned", "hypothetical"})


@dataclass
class Report:
    """One article's report of an event, as grouping compares it (actor ids are canonical)."""

    id: str
    article_id: str
    event_type: str
    sources: frozenset[str]
    targets: frozenset[str]
    place_id: str | None
    period: tuple[date, date] | None
    exact_day: bool
    group_id: str | None = None

    @property
    def actors(self) -> frozenset[str]:
        return self.sources | self.targets


def event_period(value: str | None, published: date | None, status: str) -> tuple[date, date] | None:
    """The days an event may have taken place: its date's period, or one assumed from the publication date."""
    if value:
        found = value_period(value)
        if found:
            return found
    if published is None:
        return None
    if status in FUTURE_STATUSES or value == "FUTURE_REF":
        return published, published + timedelta(days=VAGUE_DAYS)
    if value == "PRESENT_REF":
        return published - timedelta(days=1), published
    days = VAGUE_DAYS if value == "PAST_REF" else UNDATED_PAST_DAYS
    return published - timedelta(days=days), published


def _as_date(value) -> date | None:
    if value is None or isinstance(value, date) and not isinstance(value, datetime):
        return value
    if isinstance(value, datetime):
        return value.date()
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def make_report(row: dict, canon: dict[str, str]) -> Report:
    """A Report from an event row (or record fields) with ``published``; actor ids mapped through ``canon``."""
    published = _as_date(row.get("published"))
    period = event_period(row.get("date"), published, row.get("status") or "happened")
    value = row.get("date") or ""
    return Report(
        id=row["id"], article_id=row["article_id"], event_type=row["event_type"],
        sources=frozenset(canon.get(a, a) for a in row.get("source_actor_ids") or ()),
        targets=frozenset(canon.get(a, a) for a in row.get("target_actor_ids") or ()),
        place_id=row.get("place_id"), period=period,
        exact_day=bool(period) and period[0] == period[1] and len(value) >= 10,
        group_id=row.get("group_id"),
    )


def _weeks(start: date, end: date) -> list[str]:
    monday = start - timedelta(days=start.weekday())
    out = []
    while monday <= end:
        year, week, _ = monday.isocalendar()
        out.append(f"{year:04d}-W{week:02d}")
        monday += timedelta(days=7)
    return out


def blocking_keys(report: Report) -> list[str]:
    """Keys under which a report is indexed and looked up: (type, actor or place, week of its period)."""
    anchors = sorted(report.actors) or ([f"@{report.place_id}"] if report.place_id else [])
    if not anchors:
        return []
    if report.period is None or (report.period[1] - report.period[0]).days > LONGEST_INDEXED_DAYS:
        buckets = ["*"]
    else:
        window = timedelta(days=WINDOW_DAYS)
        buckets = _weeks(report.period[0] - window, report.period[1] + window)
    if report.place_id and report.actors:
        anchors.append(f"@{report.place_id}")
    return [f"{report.event_type}|{a}|{b}" for a in anchors for b in buckets]


def _periods_meet(a: Report, b: Report) -> bool:
    if a.period is None or b.period is None:
        return a.period is None and b.period is None
    window = timedelta(days=WINDOW_DAYS)
    return a.period[0] - window <= b.period[1] and b.period[0] - window <= a.period[1]


def _sides_agree(x: frozenset[str], y: frozenset[str]) -> bool:
    return not x or not y or bool(x & y)


def compatible(a: Report, b: Report) -> bool:
    """Whether two reports can be the same event."""
    if a.event_type != b.event_type or not _periods_meet(a, b):
        return False
    if a.place_id and b.place_id and a.place_id != b.place_id:
        return False
    shared = a.actors & b.actors
    if a.event_type in SYMMETRIC_TYPES:
        if shared and (a.actors <= b.actors or b.actors <= a.actors or len(shared) >= 2):
            return True
    elif ((a.sources & b.sources or a.targets & b.targets)
          and _sides_agree(a.sources, b.sources) and _sides_agree(a.targets, b.targets)):
        return True
    if not a.actors or not b.actors:  # "the recent Moscow meeting": same type, same place, same days
        return bool(a.place_id) and a.place_id == b.place_id
    # Different attributions of one event: same target, same place, same day, other perpetrators.
    return (bool(a.targets & b.targets) and a.place_id is not None and a.place_id == b.place_id
            and a.exact_day and b.exact_day and a.period == b.period)


def _affinity(a: Report, b: Report) -> tuple:
    return (len(a.actors & b.actors), a.place_id is not None and a.place_id == b.place_id,
            a.period == b.period, b.group_id or b.id)


def group_reports(new: Sequence[Report], known: Iterable[Report]) -> tuple[list[dict], list[dict], int]:
    """Assign each new report to the group of its most similar compatible report, or a group of its own.

    ``known`` are already-grouped reports sharing a blocking key with the new ones. Returns the
    event_groups rows, the event_keys rows and how many new reports joined another article's report.
    """
    index: dict[str, list[Report]] = {}
    for report in known:
        for key in blocking_keys(report):
            index.setdefault(key, []).append(report)
    groups, keys, joined = [], [], 0
    for report in new:
        my_keys = blocking_keys(report)
        candidates = {c.id: c for k in my_keys for c in index.get(k, ()) if c.id != report.id}
        matches = [c for c in candidates.values() if compatible(report, c)]
        if matches:
            best = max(matches, key=lambda c: _affinity(report, c))
            report.group_id = best.group_id or best.id
            joined += best.article_id != report.article_id
        else:
            report.group_id = report.id
        groups.append({"event_id": report.id, "group_id": report.group_id, "article_id": report.article_id})
        keys += [{"key": k, "event_id": report.id, "article_id": report.article_id} for k in my_keys]
        for key in my_keys:
            index.setdefault(key, []).append(report)
    return groups, keys, joined


def _group_and_store(store: Store, rows: list[dict]) -> int:
    if not rows:
        return 0
    rows.sort(key=lambda r: (str(r.get("published") or ""), r["article_id"], r["id"]))
    ids = {a for r in rows for a in [*(r.get("source_actor_ids") or ()), *(r.get("target_actor_ids") or ())]}
    canon = store.canonical_of(ids)
    new = [make_report(r, canon) for r in rows]
    new_ids = {r.id for r in new}
    lookup = sorted({k for r in new for k in blocking_keys(r)})
    found = [r for r in store.grouping_rows(keys=lookup) if r["id"] not in new_ids and r["group_id"]]
    found_canon = store.canonical_of({a for r in found for a in [*r["source_actor_ids"], *r["target_actor_ids"]]})
    known = [make_report(r, found_canon) for r in found]
    groups, keys, joined = group_reports(new, known)
    store.set_event_groups(groups, keys)
    refresh_summaries(store, {g["group_id"] for g in groups} | store.stale_event_groups)
    store.stale_event_groups.clear()
    return joined


def refresh_summaries(store: Store, group_ids: Iterable[str], batch_size: int = 500) -> None:
    """Recompute the stored summary (type, day, status, place, counts, actors) of these event groups."""
    ids = sorted(set(group_ids))
    for i in range(0, len(ids), batch_size):
        part = ids[i: i + batch_size]
        reports = reads.group_reports(store, part)
        by_group: dict[str, list[dict]] = {}
        for r in reports:
            by_group.setdefault(r["group_id"], []).append(r)
        canon = store.canonical_of({a for r in reports for a in (*r["source_actor_ids"], *r["target_actor_ids"])})
        copies = reads.copy_relations(store, [r["article_id"] for r in reports])
        rows, actors = [], []
        for gid, members in by_group.items():
            merged = summarise(members, canon, copies)
            day = event_day(merged["date"], None) or min((r["day"] for r in members if r["day"]), default=None)
            rows.append({"group_id": gid, "event_type": merged["event_type"], "day": day,
                         "status": merged["status"], "place_id": merged["place_id"], "reports": len(members),
                         "articles": len(merged["article_ids"]), "corroboration": merged["corroboration"],
                         "disagreements": len(merged["disagreements"]),
                         "confidence": max((r["confidence"] for r in members if r["confidence"] is not None),
                                           default=None)})
            actors += [{"group_id": gid, "actor_id": a, "role": role}
                       for role, field in (("source", "source_actor_ids"), ("target", "target_actor_ids"))
                       for a in dict.fromkeys(merged[field])]
        store.set_event_summaries(part, rows, actors)


def resolve_events(store: Store, extractions: Sequence[Extraction]) -> int:
    """Group the events of newly stored extractions with reports of the same events; return how many
    joined an event reported by another article."""
    rows = []
    for x in extractions:
        for e in x.events:
            rows.append({"id": e.id, "article_id": e.article_id, "event_type": e.event_type,
                         "source_actor_ids": e.source_actor_ids, "target_actor_ids": e.target_actor_ids,
                         "place_id": e.place_id, "date": e.date, "status": e.status,
                         "published": x.article.published})
    return _group_and_store(store, rows)


def regroup_events(store: Store, batch_size: int = 500) -> int:
    """Recompute every event group from scratch (after actor corrections or an import), oldest first."""
    store.clear_event_groups()
    store.fill_event_days()
    article_ids = store.article_ids_by_date()
    joined = 0
    for i in range(0, len(article_ids), batch_size):
        joined += _group_and_store(store, store.grouping_rows(article_ids=article_ids[i: i + batch_size]))
    return joined


# -- one merged event from its reports ----------------------------------------------------------------

_NUMBER = re.compile(r"\d[\d,.]*")
_PRECISION_RANK = {"day": 0, "week": 1, "month": 2, "quarter": 3, "season": 3, "year": 4, "decade": 5}


def independent_sources(reports: Sequence[dict], copies: Iterable[tuple[str, str]]) -> int:
    """How many independent sources report an event: articles that are copies or rewrites of one another,
    or come from the same outlet, count once."""
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(x: str, y: str) -> None:
        parent[find(x)] = find(y)

    for r in reports:
        find(r["article_id"])
        if r.get("source"):
            union(r["article_id"], "outlet:" + r["source"].strip().lower())
    for a, b in copies:
        if a in parent and b in parent:
            union(a, b)
    return len({find(r["article_id"]) for r in reports})


def quantity_value(text: str | None) -> str | None:
    """The number a quantity states ("more than 1,000 men" → "1000"), or its words when it has none."""
    if not text:
        return None
    found = _NUMBER.search(text)
    return found.group().rstrip(".,").replace(",", "") if found else text.strip().lower()


def _sides(reports: Sequence[dict], value) -> list[dict]:
    by_value: dict[str, list[str]] = {}
    for r in reports:
        v = value(r)
        if v is not None:
            by_value.setdefault(v, [])
            if r["article_id"] not in by_value[v]:
                by_value[v].append(r["article_id"])
    return [{"value": v, "article_ids": ids} for v, ids in by_value.items()]


def disagreements(reports: Sequence[dict], canon: dict[str, str]) -> list[dict]:
    """Where sources disagree about one event: numbers, specific dates, who did it, whether it happened.

    A disagreement between sources needs two articles that each give one value and give different ones. An
    article that gives two values itself ("the talks took place", then "no talks took place") is uncertain
    within one report (see :func:`uncertain_within_reports`), not a source disagreeing with another."""
    return [d for d in differences(reports, canon) if _between_articles(d)]


def uncertain_within_reports(reports: Sequence[dict], canon: dict[str, str]) -> list[dict]:
    """Differences that only articles contradicting themselves give, with ``article_ids`` (those articles)."""
    out = []
    for d in differences(reports, canon):
        if not _between_articles(d):
            given = Counter(a for v in d["values"] for a in v["article_ids"])
            out.append({**d, "article_ids": [a for a, n in given.items() if n > 1]})
    return out


def _between_articles(difference: dict) -> bool:
    """True when two articles that give one value each give different values."""
    given = Counter(a for v in difference["values"] for a in v["article_ids"])
    return sum(1 for v in difference["values"] if any(given[a] == 1 for a in v["article_ids"])) > 1


def differences(reports: Sequence[dict], canon: dict[str, str]) -> list[dict]:
    """Where reports of one event differ: numbers, specific dates, who did it, whether it happened."""
    out = []
    by_number: dict[str, list[dict]] = {}
    for r in reports:
        if quantity_value(r.get("quantity")) is not None:
            by_number.setdefault(quantity_value(r["quantity"]), []).append(r)
    if len(by_number) > 1:
        out.append({"field": "quantity", "values": [
            {"value": "; ".join(dict.fromkeys(r["quantity"] for r in rs)),
             "article_ids": list(dict.fromkeys(r["article_id"] for r in rs))} for rs in by_number.values()]})
    days = _sides([r for r in reports if r.get("date_precision") == "day"], lambda r: r["date"][:10])
    if len(days) > 1:
        out.append({"field": "date", "values": days})
    sides = ("source_actor_ids", "target_actor_ids") if reports[0]["event_type"] in SYMMETRIC_TYPES \
        else ("source_actor_ids",)
    attributions = _sides([r for r in reports if r.get("source_actor_ids")],
                          lambda r: ",".join(sorted({canon.get(a, a) for f in sides for a in r.get(f) or ()})))
    if len(attributions) > 1:
        sets = [set(s["value"].split(",")) for s in attributions]
        if any(not (x & y) for i, x in enumerate(sets) for y in sets[i + 1:]):
            out.append({"field": "source_actor", "values": attributions})
    statuses = _sides(reports, lambda r: r.get("status"))
    if {"happened", "denied"} <= {s["value"] for s in statuses}:
        out.append({"field": "status", "values": statuses})
    return out


def _most_common(values: Iterable) -> object:
    counted = Counter(v for v in values if v is not None)
    return counted.most_common(1)[0][0] if counted else None


def summarise(reports: Sequence[dict], canon: dict[str, str], copies: Iterable[tuple[str, str]]) -> dict:
    """The merged view of one event's reports: the values most reports agree on, actors from all of them,
    the number of independent sources and the disagreements."""
    dated = sorted((r for r in reports if r.get("date") and r.get("date_precision") in _PRECISION_RANK),
                   key=lambda r: _PRECISION_RANK[r["date_precision"]])
    best = [r for r in dated if r["date_precision"] == dated[0]["date_precision"]] if dated else []
    date_value = _most_common(r["date"] for r in best) if best else _most_common(r.get("date") for r in reports)
    precision = next((r["date_precision"] for r in reports if r.get("date") == date_value), None)

    votes = {field: Counter(canon.get(a, a) for r in reports for a in r.get(field) or ())
             for field in ("source_actor_ids", "target_actor_ids")}
    if reports[0]["event_type"] in SYMMETRIC_TYPES:  # one side each: as the first report naming both has it
        src, tgt = votes["source_actor_ids"], votes["target_actor_ids"]
        both = next((r for r in reports if r.get("source_actor_ids") and r.get("target_actor_ids")), None)
        sides = ({canon.get(a, a) for a in both["source_actor_ids"]},
                 {canon.get(a, a) for a in both["target_actor_ids"]}) if both else (set(), set())
        for a in set(src) & set(tgt):
            keep_source = a in sides[0] or (a not in sides[1] and src[a] >= tgt[a])
            del (tgt if keep_source else src)[a]

    def actors(field: str) -> list[str]:
        return [a for a, _ in votes[field].most_common()]

    statuses = Counter(r["status"] for r in reports)
    return {
        "event_type": reports[0]["event_type"],
        "mode": _most_common(r.get("mode") for r in reports),
        "cameo": _most_common(r.get("cameo") for r in reports),
        "status": max(statuses, key=lambda s: (statuses[s], s == "happened")),
        "date": date_value, "date_precision": precision,
        "place_id": _most_common(r.get("place_id") for r in reports),
        "source_actor_ids": actors("source_actor_ids"), "target_actor_ids": actors("target_actor_ids"),
        "quantity": _most_common(r.get("quantity") for r in reports),
        "corroboration": independent_sources(reports, copies),
        "article_ids": list(dict.fromkeys(r["article_id"] for r in reports)),
        "disagreements": disagreements(reports, canon),
        "uncertain": uncertain_within_reports(reports, canon),
    }


def index_events(store: Store, article_ids: Sequence[str], batch_size: int = 500) -> None:
    """Index imported events under their blocking keys, keeping the groups they came with; events that
    came without a group are grouped as new ones."""
    for i in range(0, len(article_ids), batch_size):
        rows = store.grouping_rows(article_ids=article_ids[i: i + batch_size])
        grouped = [r for r in rows if r["group_id"]]
        canon = store.canonical_of({a for r in grouped for a in [*r["source_actor_ids"], *r["target_actor_ids"]]})
        keys = [{"key": k, "event_id": report.id, "article_id": report.article_id}
                for report in (make_report(r, canon) for r in grouped) for k in blocking_keys(report)]
        store.set_event_groups([], keys)
        refresh_summaries(store, {r["group_id"] for r in grouped})
        _group_and_store(store, [r for r in rows if not r["group_id"]])
