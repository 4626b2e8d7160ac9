"""Server-rendered pages (Jinja2, autoescaped); the map and the networks load their data from the API."""

from __future__ import annotations

import base64
from pathlib import Path
from typing import Annotated, Optional
from urllib.parse import parse_qs, urlsplit

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates

from starlette.exceptions import HTTPException

from .. import query
from ..errors import InputError
from ..labels import period_label
from ..store import Store, reads
from .common import DATE, Memo, get_memo, get_store

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
templates.env.filters["period"] = period_label
templates.env.filters["b64"] = lambda text: base64.b64encode(str(text).encode("utf-8")).decode("ascii")


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
    native = reads.native_names(store, [x["id"] for x in detail["actors"].values()])
    return render(request, "article.html", a=detail, pieces=highlight(detail), native=native)


@router.get("/actors")
def actors(request: Request, store: StoreDep, memo: MemoDep, kind: Param = None, search: Param = None,
           offset: Offset = 0) -> HTMLResponse:
    page = query.actors_page(store, kind or None, search or None, PER_PAGE, offset)
    native = reads.native_names(store, [x["id"] for x in page["items"]])
    return render(request, "actors.html", page=page, kinds=memo(query.web_stats, store)["actor_kinds"],
                  form={"kind": kind, "search": search}, native=native)


@router.get("/actors/{actor_id}")
def actor(request: Request, store: StoreDep, actor_id: str, done: Param = None) -> Response:
    found = query.actor_profile(store, actor_id)
    if found.get("merged_into") and found["merged_into"] != actor_id:
        return RedirectResponse(f"/actors/{found['merged_into']}", status_code=303)
    return render(request, "actor.html", actor=found, done=done, native=reads.native_names(store, [actor_id]))


def _same_origin(request: Request) -> None:
    """Corrections change the store: refuse a form posted from another site (the token cookie is
    SameSite=strict too, so with a token set only this app's own pages can post)."""
    origin = request.headers.get("origin")
    if origin and urlsplit(origin).netloc != request.url.netloc:
        raise HTTPException(403, "corrections are accepted from this app's own pages only")


@router.post("/actors/{actor_id}/merge")
async def actor_merge(request: Request, store: StoreDep, memo: MemoDep, actor_id: str) -> Response:
    """The page's form for ``wirewatch actors merge``: another actor is the same as this one."""
    _same_origin(request)
    form = parse_qs((await request.body()).decode("utf-8", "replace"))
    other = query.find_actor(store, (form.get("other") or [""])[0].strip()[:200])
    if not other:
        raise InputError((form.get("other") or [""])[0][:200], "no actor has this id or name")
    keep = query.actor_group(store, actor_id)[0]
    other_id = other.get("merged_into") or other["id"]
    if other_id != keep:
        store.merge_actors(keep, [other_id])
        _regroup(store, memo)
    return RedirectResponse(f"/actors/{keep}?done=merged", status_code=303)


@router.post("/actors/{actor_id}/split")
async def actor_split(request: Request, store: StoreDep, memo: MemoDep, actor_id: str) -> Response:
    """The page's form for ``wirewatch actors split``: a name merged into this actor is someone else."""
    _same_origin(request)
    form = parse_qs((await request.body()).decode("utf-8", "replace"))
    wanted = set(form.get("member") or [])
    members = [m for m in query.actor_profile(store, actor_id)["merged_ids"] if m in wanted]
    if not members:
        raise InputError(actor_id, "choose a name merged into this actor to split out")
    new = store.split_actor(actor_id, members)
    _regroup(store, memo)
    return RedirectResponse(f"/actors/{new}?done=split", status_code=303)


def _regroup(store: Store, memo: Memo) -> None:
    from ..resolve.events import regroup_events

    regroup_events(store)
    memo.values.clear()


@router.get("/events/{event_id}")
def event(request: Request, store: StoreDep, event_id: str) -> HTMLResponse:
    return render(request, "event.html", e=query.event_view(store, event_id))


@router.get("/timeline")
def timeline(request: Request, store: StoreDep, memo: MemoDep, type: Param = None, actor: Param = None,
             place: Param = None, since: DateQ = None, until: DateQ = None, status: Param = None, offset: Offset = 0) -> HTMLResponse:
    who, where = query.find_actor(store, actor), query.find_place(store, place)
    missing = (actor and not who) or (place and not where)
    window = memo(query.timeline_window, store)
    # without dates asked for, background (pre-story) events are left out of the list and shown apart
    start = window["start"] if not (since or until) else None
    page = {"items": [], "total": 0, "limit": PER_PAGE, "offset": offset} if missing else query.timeline_page(
        store, type or None, who and (who.get("merged_into") or who["id"]), where and where["id"], since or start,
        until, status or None, PER_PAGE, offset)
    background = None
    if start and not missing and not offset:
        background = query.background_events(store, start, limit=PER_PAGE, event_type=type or None,
                                             actor=who and (who.get("merged_into") or who["id"]),
                                             place=where and where["id"], status=status or None)
    return render(request, "timeline.html", page=page, who=who, where=where, window=window, start=start,
                  background=background, types=memo(query.web_stats, store)["event_types"],
                  form={"type": type, "actor": actor, "place": place, "since": since, "until": until,
                        "status": status})


@router.get("/disagreements")
def disagreements(request: Request, store: StoreDep, offset: Offset = 0) -> HTMLResponse:
    return render(request, "disagreements.html", page=query.disagreements_page(store, PER_PAGE, offset))


@router.get("/stories")
def stories(request: Request, store: StoreDep, offset: Offset = 0) -> HTMLResponse:
    return render(request, "stories.html", page=query.stories_page(store, limit=PER_PAGE, offset=offset))


@router.get("/stories/{story_id}")
def story(request: Request, store: StoreDep, story_id: str) -> HTMLResponse:
    from ..report import ReportScope, build_report

    found = query.story_view(store, story_id)
    return render(request, "story.html", story=found, r=build_report(store, ReportScope(story=found["id"])))


@router.get("/map")
def map_page(request: Request, store: StoreDep, memo: MemoDep, as_of: DateQ = None, type: Param = None,
             place: Param = None) -> HTMLResponse:
    return render(request, "map.html", types=memo(query.web_stats, store)["event_types"],
                  layer=memo(query.control_layer, store, as_of),
                  events=memo(query.event_map, store, type or None, None, None),
                  form={"as_of": as_of, "type": type, "place": place})


@router.get("/network")
def network(request: Request, store: StoreDep, memo: MemoDep, type: Param = None) -> HTMLResponse:
    graph = memo(query.actor_graph, store, type or None, None, None, 300)
    names = {n["id"]: n for n in graph["nodes"]}
    links = [{"source": names[e["source"]], "target": names[e["target"]], "weight": e["weight"]} for e in graph["edges"]]
    return render(request, "network.html", types=memo(query.web_stats, store)["event_types"], form={"type": type},
                  links=links, nodes=graph["nodes"])


@router.get("/search")
def search(request: Request, store: StoreDep, q: Param = None) -> HTMLResponse:
    found = query.search_all(store, q, limit=20) if q and q.strip() else None
    return render(request, "search.html", q=q, found=found)
