"""The read API shared by the CLI, the web API and exports."""

from __future__ import annotations

from .errors import InputError
from .records import to_dict
from .store import Store


def list_articles(store: Store, search: str | None = None, limit: int = 50, offset: int = 0) -> list[dict]:
    """Article summaries, newest first; ``search`` is a full-text query."""
    return store.search_articles(search, limit=limit, offset=offset)


def resolve_article_id(store: Store, ref: str) -> str:
    """A full article id from an id or an unambiguous prefix of one."""
    found = store.find_article_ids(ref)
    if not found:
        raise InputError(ref, "no stored article has this id")
    if len(found) > 1:
        raise InputError(ref, "more than one article id starts with this; give more characters")
    return found[0]


def article_detail(store: Store, ref: str) -> dict:
    """One article with its facts and its relations to other articles."""
    article_id = resolve_article_id(store, ref)
    article = store.get_articles([article_id])[0]
    detail = to_dict(article)
    for table in ("mentions", "timexes", "quotes", "events", "controls"):
        detail[table] = sorted(store.rows(table, {"article_id": article_id}), key=lambda r: r["start"])
    detail["relations"] = [*store.rows("relations", {"a": article_id}), *store.rows("relations", {"b": article_id})]
    return detail


def stats(store: Store) -> dict:
    """Counts of what is stored, languages, and the latest runs."""
    return {"counts": store.counts(), "languages": store.languages(), "runs": store.last_runs(3)}
