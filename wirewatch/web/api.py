"""The FastAPI app: JSON API under /api, HTML pages, offline docs, token auth and security headers."""

from __future__ import annotations

import hmac
import logging
from contextlib import asynccontextmanager
from http import HTTPStatus
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Annotated, Literal, Optional
from urllib.parse import parse_qs

from fastapi import APIRouter, FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException

from .. import query
from ..errors import InputError
from ..store import Store
from .common import DATE, Memo, MemoDep, StoreDep, get_memo, get_store  # noqa: F401 (re-exported)

log = logging.getLogger("wirewatch.web")
STATIC = Path(__file__).parent / "static"
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
       "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
SECURITY_HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
]

DateQ = Annotated[Optional[str], Query(pattern=DATE, description="YYYY, YYYY-MM or YYYY-MM-DD")]
Limit = Annotated[int, Query(ge=1, le=500, description="At most this many items.")]
Offset = Annotated[int, Query(ge=0, description="Skip this many items first.")]
Id = Annotated[Optional[str], Query(max_length=64)]
MinConfidence = Annotated[float, Query(ge=0, le=1, description="Only events coded at least this sure (0: all).")]
Text = Annotated[Optional[str], Query(max_length=500)]


api = APIRouter(prefix="/api")


@api.get("/articles", summary="Articles: full-text search, filters by date, source and language")
def list_articles(store: StoreDep, search: Text = None, since: DateQ = None, until: DateQ = None,
                  source: Text = None, language: Id = None, limit: Limit = 50, offset: Offset = 0) -> dict:
    return query.articles_page(store, search, since, until, source, language, limit, offset)


@api.get("/articles/{article_id}", summary="One article with its facts")
def get_article(store: StoreDep, article_id: str) -> dict:
    return query.article_view(store, article_id)


@api.get("/actors", summary="Actors by kind and name or alias")
def list_actors(store: StoreDep, kind: Id = None, search: Text = None, limit: Limit = 50,
                offset: Offset = 0) -> dict:
    return query.actors_page(store, kind, search, limit, offset)


@api.get("/actors/{actor_id}", summary="One actor: aliases, roles, quotes, events, co-occurring actors")
def get_actor(store: StoreDep, actor_id: str) -> dict:
    return query.actor_profile(store, actor_id)


@api.get("/quotes", summary="Quotes by or about an actor, by text, since a date")
def list_quotes(store: StoreDep, by: Id = None, about: Id = None, search: Text = None, since: DateQ = None,
                limit: Limit = 50, offset: Offset = 0) -> dict:
    return query.quotes_page(store, by, about, search, since, limit, offset)


@api.get("/events", summary="Events by type, actor, place, period and status")
def list_events(store: StoreDep, type: Id = None, actor: Id = None,
                role: Literal["any", "source", "target"] = "any", place: Id = None, since: DateQ = None,
                until: DateQ = None, status: Id = None, limit: Limit = 50, offset: Offset = 0,
                min_confidence: MinConfidence = query.DEFAULT_MIN_CONFIDENCE) -> dict:
    return query.events_page(store, type, actor, role, place, since, until, status, limit, offset, min_confidence)


@api.get("/events/{event_id}", summary="One event with the other reports of it")
def get_event(store: StoreDep, event_id: str) -> dict:
    return query.event_view(store, event_id)


@api.get("/timeline", summary="Events grouped across articles with corroboration counts, oldest first")
def timeline(store: StoreDep, memo: MemoDep, type: Id = None, actor: Id = None, place: Id = None,
             since: DateQ = None, until: DateQ = None, status: Id = None, limit: Limit = 50,
             offset: Offset = 0, min_confidence: MinConfidence = query.DEFAULT_MIN_CONFIDENCE) -> dict:
    return memo(query.timeline_page, store, type, actor, place, since, until, status, limit, offset, min_confidence)


@api.get("/places", summary="Places with event and mention counts")
def list_places(store: StoreDep, search: Text = None, located: bool = False, limit: Limit = 50,
                offset: Offset = 0) -> dict:
    return query.places_page(store, search, located, limit, offset)


@api.get("/controls", summary="Claims that an actor holds, took, lost or contests a place")
def list_controls(store: StoreDep, as_of: DateQ = None, place: Id = None, actor: Id = None, limit: Limit = 50,
                  offset: Offset = 0) -> dict:
    return query.controls_page(store, as_of, place, actor, limit, offset)


@api.get("/map", summary="Located event counts and who holds each place as of a date")
def map_data(store: StoreDep, memo: MemoDep, as_of: DateQ = None, type: Id = None, since: DateQ = None,
             until: DateQ = None) -> dict:
    return {"events": memo(query.event_map, store, type, since, until),
            "controls": memo(query.control_map, store, as_of)}


@api.get("/control", summary="Who holds each located place as of a date, each claim with its evidence")
def control_layer(store: StoreDep, memo: MemoDep, as_of: DateQ = None) -> dict:
    return memo(query.control_layer, store, as_of)


@api.get("/disagreements", summary="Merged events whose sources disagree, each side with outlets and evidence")
def disagreements(store: StoreDep, limit: Limit = 50, offset: Offset = 0) -> dict:
    return query.disagreements_page(store, limit, offset)


@api.get("/stories", summary="Stories, latest first: title, period, size, top actors and places")
def list_stories(store: StoreDep, since: DateQ = None, until: DateQ = None, limit: Limit = 50,
                 offset: Offset = 0) -> dict:
    return query.stories_page(store, since=since, until=until, limit=limit, offset=offset)


@api.get("/stories/{story_id}", summary="One story: its articles (oldest first) with why each joined")
def get_story(store: StoreDep, story_id: str) -> dict:
    return query.story_view(store, story_id)


@api.get("/graph", summary="Actor network: source→target edges weighted by event counts")
def graph(store: StoreDep, memo: MemoDep, type: Id = None, since: DateQ = None, until: DateQ = None,
          max_edges: Annotated[int, Query(ge=1, le=2000)] = 300) -> dict:
    return memo(query.actor_graph, store, type, since, until, max_edges)


@api.get("/search", summary="Articles, actors and quotes matching a text")
def search(store: StoreDep, q: Annotated[str, Query(min_length=1, max_length=500)],
           limit: Annotated[int, Query(ge=1, le=100)] = 10) -> dict:
    return query.search_all(store, q, limit)


@api.get("/stats", summary="Counts of what is stored")
def stats(store: StoreDep, memo: MemoDep) -> dict:
    return memo(query.web_stats, store)


def _error(request: Request, status: int, message: str) -> Response:
    """One error shape for the API; the same message as a page elsewhere."""
    if request.url.path.startswith("/api") or "text/html" not in request.headers.get("accept", ""):
        return JSONResponse({"error": {"status": status, "message": message}}, status_code=status)
    from .pages import render_error

    return render_error(request, status, message)


def add_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> Response:
        message = exc.detail if isinstance(exc.detail, str) else HTTPStatus(exc.status_code).phrase
        return _error(request, exc.status_code, message)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        parts = [f"{'.'.join(str(p) for p in e['loc'][1:]) or e['loc'][0]}: {e['msg']}" for e in exc.errors()]
        return _error(request, 422, "; ".join(parts))

    @app.exception_handler(InputError)
    async def not_found(request: Request, exc: InputError) -> Response:
        return _error(request, 404, str(exc))


class Guard:
    """ASGI middleware: security headers on every response, token checks when a token is set, and
    crashes answered as JSON errors (inside, so they carry the headers too)."""

    def __init__(self, app, token: str | None = None):
        self.app, self.token = app, token

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        async def send_secured(message):
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), *SECURITY_HEADERS]
            await send(message)

        if self.token:
            given = parse_qs(scope.get("query_string", b"").decode("latin-1")).get("token", [""])[0]
            if scope["path"] == "/" and given:
                return await self._login(given, scope, receive, send_secured)
            if not self._allowed(scope):
                response = JSONResponse({"error": {"status": 401, "message": "a valid token is required"}},
                                        status_code=401, headers={"WWW-Authenticate": "Bearer"})
                return await response(scope, receive, send_secured)
        started = False

        async def send_tracked(message):
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send_secured(message)

        try:
            await self.app(scope, receive, send_tracked)
        except Exception as exc:  # noqa: BLE001 - one error shape for crashes too
            log.exception("request failed: %s", scope["path"])
            if started:
                raise
            response = JSONResponse({"error": {"status": 500, "message": f"internal error ({type(exc).__name__})"}},
                                    status_code=500)
            await response(scope, receive, send_secured)

    def _matches(self, given: str) -> bool:
        return hmac.compare_digest(given.encode(), self.token.encode())

    def _allowed(self, scope) -> bool:
        headers = {k.decode("latin-1"): v.decode("latin-1") for k, v in scope["headers"]}
        auth = headers.get("authorization", "")
        if auth.startswith("Bearer ") and self._matches(auth[7:].strip()):
            return True
        cookie = SimpleCookie()
        try:
            cookie.load(headers.get("cookie", ""))
        except Exception:  # noqa: BLE001 - a malformed cookie header is just no token
            return False
        return "token" in cookie and self._matches(cookie["token"].value)

    async def _login(self, given: str, scope, receive, send) -> None:
        if not self._matches(given):
            response = JSONResponse({"error": {"status": 401, "message": "wrong token"}}, status_code=401)
        else:
            response = Response(status_code=303, headers={"Location": "/"})
            response.set_cookie("token", given, httponly=True, samesite="strict", path="/")
        await response(scope, receive, send)


DOCS_HTML = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>wirewatch API</title>
<link rel="stylesheet" href="/static/vendor/swagger-ui.css"><link rel="icon" href="/static/favicon.svg" type="image/svg+xml"></head>
<body><div id="swagger-ui"></div>
<script src="/static/vendor/swagger-ui-bundle.js"></script>
<script src="/static/js/docs.js"></script></body></html>
"""


def create_app(db: str, token: str | None = None, cache_seconds: float = 10.0) -> FastAPI:
    """The web app over the store at ``db``; with ``token``, every request must carry it; aggregates are
    recomputed at most every ``cache_seconds``."""
    from . import pages

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        yield
        app.state.store.close()

    app = FastAPI(title="wirewatch", summary="News intelligence: who said what, did what to whom, where, when.",
                  docs_url=None, redoc_url=None, lifespan=lifespan)
    app.state.store = Store(db)
    app.state.memo = Memo(cache_seconds)
    app.add_middleware(Guard, token=token)
    add_error_handlers(app)
    app.include_router(api)
    app.include_router(pages.router)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        return HTMLResponse(DOCS_HTML)

    return app
