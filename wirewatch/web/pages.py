"""Server-rendered pages (Jinja2, autoescaped); the map and the networks load their data from the API."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional
from urllib.parse import urlsplit

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from .. import query
from ..store import Store
from .api import DATE, Memo, get_memo, get_store

templates = Jinja2Templates(directory=Path(__file__).parent / "templates")
router = APIRouter(include_in_schema=False)
StoreDep = Annotated[Store, Depends(get_store)]
MemoDep = Annotated[Memo, Depends(get_memo)]
DateQ = Annotated[Optional[str], Query(pattern=DATE)]
Param = Annotated[Optional[str], Query(max_length=500)]
Offset = Annotated[int, Query(ge=0)]
PER_PAGE = 25


def safe_url(url: str | None) -> str | None:
    """The URL if it is http(s), else None: article URLs are untrusted and must never run script."""
    if not url:
        return None
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    return url.strip() if parts.scheme.lower() in ("http", "https") and parts.netloc else None


templates.env.filters["safe_url"] = safe_url


def render(request: Request, name: str, status_code: int = 200, **context) -> HTMLResponse:
    return templates.TemplateResponse(request, name, context, status_code=status_code)


def render_error(request: Request, status: int, message: str) -> HTMLResponse:
    return render(request, "error.html", status_code=status, status=status, message=message)


# -- the article reader's highlighting --------------------------------------------------------------


def _spans(detail: dict) -> list[tuple[int, int, str, str | None, str]]:
    """(start, end, kind, link, label) for every fact with a span in the article."""
    actors, places = detail["actors"], detail["places"]
    out = []
    for m in detail["mentions"]:
        if m["actor_id"]:
            name = actors.get(m["actor_id"], {}).get("name") or m["text"]
            out.append((m["start"], m["end"], "actor", f"/actors/{m['actor_id']}", f"actor: {name}"))
        elif m["place_id"]:
            name = places.get(m["place_id"], {}).get("name") or m["text"]
            out.append((m["start"], m["end"], "place", f"/map?place={m['place_id']}", f"place: {name}"))
        else:
            out.append((m["start"], m["end"], "entity", None, f"{m['label'] or 'entity'}: {m['text']}"))
    for t in detail["timexes"]:
        day = (t["value"] or "")[:10]
        link = f"/timeline?since={day}" if len(day) == 10 and day[4] == "-" else None
        out.append((t["start"], t["end"], "time", link, f"date: {t['value'] or t['text']}"))
    for q in detail["quotes"]:
        link = f"/actors/{q['speaker_actor_id']}" if q["speaker_actor_id"] else None
        out.append((q["start"], q["end"], "quote", link, f"quote by {q['speaker_text'] or 'unknown speaker'}"))
    for e in detail["events"]:
        out.append((e["start"], e["end"], "event", f"/events/{e['id']}", f"event: {e['event_type']}"))
    return [s for s in out if 0 <= s[0] < s[1] <= len(detail["text"])]


def highlight(detail: dict) -> list[dict]:
    """The article text cut at every span boundary; each piece has the kinds covering it and the link of
    the innermost linked fact, so nested facts (a name inside a quote) stay clickable."""
    text, spans = detail["text"], _spans(detail)
    cuts = sorted({0, len(text), *(s[0] for s in spans), *(s[1] for s in spans)})
    pieces = []
    for a, b in zip(cuts, cuts[1:]):
        covering = sorted((s for s in spans if s[0] <= a and s[1] >= b), key=lambda s: s[1] - s[0])
        linked = [s for s in covering if s[3]]
        pieces.append({"text": text[a:b], "kinds": sorted({s[2] for s in covering}),
                       "href": linked[0][3] if linked else None, "title": "; ".join(s[4] for s in covering)})
    return pieces


# -- pages ------------------------------------------------------------------------------------------


@router.get("/")
def home(request: Request, store: StoreDep, memo: MemoDep) -> HTMLResponse:
    return render(request, "home.html", stats=memo(query.web_stats, store),
                  latest=query.articles_page(store, limit=10))


@router.get("/articles")
def articles(request: Request, store: StoreDep, memo: MemoDep, search: Param = None, since: DateQ = None,
             until: DateQ = None, source: Param = None, language: Param = None, offset: Offset = 0) -> HTMLResponse:
    page = query.articles_page(store, search or None, since, until, source or None, language or None,
                               PER_PAGE, offset)
    return render(request, "articles.html", page=page, sources=memo(query.web_stats, store)["sources"],
                  form={"search": search, "since": since, "until": until, "source": source, "language": language})


@router.get("/articles/{article_id}")
def article(request: Request, store: StoreDep, article_id: str) -> HTMLResponse:
    detail = query.article_view(store, article_id)
    return render(request, "article.html", a=detail, pieces=highlight(detail))


@router.get("/actors")
def actors(request: Request, store: StoreDep, memo: MemoDep, kind: Param = None, search: Param = None,
           offset: Offset = 0) -> HTMLResponse:
    page = query.actors_page(store, kind or None, search or None, PER_PAGE, offset)
    return render(request, "actors.html", page=page, kinds=memo(query.web_stats, store)["actor_kinds"],
                  form={"kind": kind, "search": search})


@router.get("/actors/{actor_id}")
def actor(request: Request, store: StoreDep, actor_id: str) -> HTMLResponse:
    return render(request, "actor.html", actor=query.actor_view(store, actor_id))


@router.get("/events/{event_id}")
def event(request: Request, store: StoreDep, event_id: str) -> HTMLResponse:
    return render(request, "event.html", e=query.event_view(store, event_id))


@router.get("/timeline")
def timeline(request: Request, store: StoreDep, memo: MemoDep, type: Param = None, actor: Param = None,
             place: Param = None, since: DateQ = None, until: DateQ = None, status: Param = None, offset: Offset = 0) -> HTMLResponse:
    who, where = query.find_actor(store, actor), query.find_place(store, place)
    missing = (actor and not who) or (place and not where)
    page = {"items": [], "total": 0, "limit": PER_PAGE, "offset": offset} if missing else query.timeline_page(
        store, type or None, who and who["id"], where and where["id"], since, until, status or None, PER_PAGE,
        offset)
    return render(request, "timeline.html", page=page, who=who, where=where,
                  types=memo(query.web_stats, store)["event_types"],
                  form={"type": type, "actor": actor, "place": place, "since": since, "until": until,
                        "status": status})


@router.get("/map")
def map_page(request: Request, store: StoreDep, memo: MemoDep, as_of: DateQ = None, type: Param = None,
             place: Param = None) -> HTMLResponse:
    return render(request, "map.html", types=memo(query.web_stats, store)["event_types"],
                  form={"as_of": as_of, "type": type, "place": place})


@router.get("/network")
def network(request: Request, store: StoreDep, memo: MemoDep, type: Param = None) -> HTMLResponse:
    return render(request, "network.html", types=memo(query.web_stats, store)["event_types"], form={"type": type})


@router.get("/search")
def search(request: Request, store: StoreDep, q: Param = None) -> HTMLResponse:
    found = query.search_all(store, q, limit=20) if q and q.strip() else None
    return render(request, "search.html", q=q, found=found)
