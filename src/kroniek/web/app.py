"""The kroniek web application: HTML pages and their JSON twins under ``/api/``.

``create_app(db_url, token=None)`` returns a FastAPI (ASGI) app. Every page calls one function
of :mod:`kroniek.web.queries`; the ``/api/...`` route returns that function's dict as JSON and
the page renders it with a Jinja2 template (autoescaping on). Errors have one JSON shape::

    {"error": {"code": "not_found", "message": "...", "status": 404}}

With a token, every request (pages, API, static files) must carry it: ``Authorization: Bearer T``,
``?token=T`` (which also sets a same-site cookie so links keep working) or that cookie.
"""

from __future__ import annotations

import hmac
import json
import os
import threading
from pathlib import Path
from typing import Annotated, Any, Callable
from urllib.parse import urlencode

import jinja2
from fastapi import FastAPI, Path as PathParam, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from .. import __version__
from ..errors import InputError, NotFound, StoreError
from ..store import open_store
from ..store.base import Store
from . import queries
from .highlight import article_spans, entity_url, render

HERE = Path(__file__).resolve().parent
COOKIE = "kroniek_token"
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
                               "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}

Limit = Annotated[int, Query(ge=1, le=queries.MAX_LIMIT, description="Items per page (1-200).")]
Offset = Annotated[int, Query(ge=0, description="Items to skip.")]
Since = Annotated[str | None, Query(description="Earliest date: YYYY, YYYY-MM or YYYY-MM-DD.")]
Until = Annotated[str | None, Query(description="Latest date: YYYY, YYYY-MM or YYYY-MM-DD.")]


class ApiJSON(JSONResponse):
    """JSON for the API: the query dicts as they are; any value JSON lacks (a date, a decimal from
    PostgreSQL) is written as text."""

    def render(self, content: Any) -> bytes:
        return json.dumps(content, ensure_ascii=False, separators=(",", ":"), default=str).encode("utf-8")


class StorePool:
    """One read-only store connection per server thread (SQLite connections are not shared)."""

    def __init__(self, db_url: str):
        self.db_url = db_url
        self.local = threading.local()
        self.is_file = not db_url.startswith(("postgres://", "postgresql://"))
        if self.is_file:
            path = db_url[len("sqlite:///"):] if db_url.startswith("sqlite:///") else db_url
            if not os.path.exists(path):
                raise StoreError(f"no store at {path}; run `kroniek add` first")
            self.path = path
        # apply pending migrations (read-side indexes) once, then read only
        try:
            open_store(db_url).close()
        except StoreError:
            if not self.is_file:
                raise

    def get(self) -> Store:
        store = getattr(self.local, "store", None)
        if store is None:
            store = open_store(self.path, readonly=True) if self.is_file else open_store(self.db_url)
            self.local.store = store
        return store


def _env() -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(HERE / "templates")), autoescape=True,
                             trim_blocks=True, lstrip_blocks=True)
    env.globals["entity_url"] = entity_url
    env.globals["version"] = __version__
    return env


def _error_body(status: int, code: str, message: str, details: Any = None) -> dict:
    err: dict[str, Any] = {"code": code, "message": message, "status": status}
    if details is not None:
        err["details"] = details
    return {"error": err}


def _wants_json(request: Request) -> bool:
    p = request.url.path
    return p.startswith("/api/") or p == "/api" or p.endswith(".json")


def create_app(db_url: str, token: str | None = None) -> FastAPI:
    """The web application over the store at ``db_url`` (a SQLite path or a postgresql:// URL)."""
    pool = StorePool(db_url)
    env = _env()
    app = FastAPI(title="kroniek", version=__version__, docs_url=None, redoc_url=None,
                  openapi_url="/openapi.json",
                  description="Who said what, who met whom, where and when: the kroniek store as JSON. "
                              "Every HTML page has a twin under /api/ built from the same query.")
    app.state.pool = pool
    app.state.token = token

    def page(request: Request, template: str, data: dict, status: int = 200, **extra: Any) -> HTMLResponse:
        html = env.get_template(template).render(request=request, data=data, nav=template.split(".")[0],
                                                 qs=lambda **kw: _qs(request, **kw), **extra)
        return HTMLResponse(html, status_code=status)

    def error_response(request: Request, status: int, code: str, message: str, details: Any = None) -> Response:
        if _wants_json(request):
            return JSONResponse(_error_body(status, code, message, details), status_code=status)
        return page(request, "error.html", {"status": status, "code": code, "message": message}, status=status)

    # ---- errors ---------------------------------------------------------------------------------
    @app.exception_handler(NotFound)
    async def not_found(request: Request, exc: NotFound):
        return error_response(request, 404, "not_found", str(exc))

    @app.exception_handler(InputError)
    async def bad_input(request: Request, exc: InputError):
        return error_response(request, 422, "invalid_parameter", exc.message)

    @app.exception_handler(StoreError)
    async def store_error(request: Request, exc: StoreError):
        return error_response(request, 500, "store_error", str(exc))

    @app.exception_handler(RequestValidationError)
    async def validation(request: Request, exc: RequestValidationError):
        details = [{"where": ".".join(str(p) for p in e.get("loc", ())), "message": e.get("msg")}
                   for e in exc.errors()]
        msg = "; ".join(f"{d['where']}: {d['message']}" for d in details) or "invalid request"
        return error_response(request, 422, "invalid_parameter", msg, details)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException):
        code = {404: "not_found", 405: "method_not_allowed", 401: "unauthorized"}.get(exc.status_code, "http_error")
        message = "no such page" if exc.status_code == 404 else str(exc.detail)
        return error_response(request, exc.status_code, code, message)

    # ---- token guard and security headers -------------------------------------------------------
    def refuse(request: Request) -> Response:
        resp = error_response(request, 401, "unauthorized",
                              "this server needs a token: header 'Authorization: Bearer TOKEN' or ?token=TOKEN")
        resp.headers["WWW-Authenticate"] = 'Bearer realm="kroniek"'
        return resp

    app.add_middleware(Guard, token=token, refuse=refuse)

    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")

    # ---- routes: each page and its JSON twin ----------------------------------------------------
    def store() -> Store:
        return pool.get()

    @app.get("/", include_in_schema=False)
    def home():
        return RedirectResponse("/search", status_code=307)

    @app.get("/search", response_class=HTMLResponse, include_in_schema=False)
    def search_html(request: Request, q: str | None = None, since: Since = None, until: Until = None,
                    lang: str | None = None, source: str | None = None, entity: str | None = None,
                    limit: Limit = 20, offset: Offset = 0):
        data = queries.search_page(store(), q=q, since=since, until=until, lang=lang, source=source, entity=entity,
                                   limit=limit, offset=offset)
        return page(request, "search.html", data)

    @app.get("/api/search", tags=["search"], summary="Full-text search over articles")
    def search_api(q: Annotated[str | None, Query(description="Words (all required); empty lists the newest.")] = None,
                   since: Since = None, until: Until = None, lang: str | None = None, source: str | None = None,
                   entity: Annotated[str | None, Query(description="Only articles mentioning this entity.")] = None,
                   limit: Limit = 20, offset: Offset = 0):
        return ApiJSON(queries.search_page(store(), q=q, since=since, until=until, lang=lang, source=source,
                                                entity=entity, limit=limit, offset=offset))

    @app.get("/articles/{article_id:path}", response_class=HTMLResponse, include_in_schema=False)
    def article_html(request: Request, article_id: str):
        data = queries.article_page(store(), article_id)
        return page(request, "article.html", data, body=render(data["text"], article_spans(data)))

    @app.get("/api/articles/{article_id:path}", tags=["articles"], summary="One article with its annotations")
    def article_api(article_id: Annotated[str, PathParam(description="The article id.")]):
        return ApiJSON(queries.article_page(store(), article_id))

    @app.get("/entities", response_class=HTMLResponse, include_in_schema=False)
    def entities_html(request: Request, q: str | None = None, label: str | None = None, limit: Limit = 50,
                      offset: Offset = 0):
        return page(request, "entities.html",
                    queries.entities_page(store(), q=q, label=label, limit=limit, offset=offset))

    @app.get("/api/entities", tags=["entities"], summary="Entities by mentions")
    def entities_api(q: str | None = None, label: str | None = None, limit: Limit = 50, offset: Offset = 0):
        return ApiJSON(queries.entities_page(store(), q=q, label=label, limit=limit, offset=offset))

    @app.get("/entities/{name:path}", response_class=HTMLResponse, include_in_schema=False)
    def entity_html(request: Request, name: str):
        return page(request, "entity.html", queries.entity_page(store(), name))

    @app.get("/api/entities/{name:path}", tags=["entities"], summary="One entity: names, activity, quotes, events")
    def entity_api(name: Annotated[str, PathParam(description="Any name or spelling of the entity.")]):
        return ApiJSON(queries.entity_page(store(), name))

    @app.get("/timeline", response_class=HTMLResponse, include_in_schema=False)
    def timeline_html(request: Request, entity: str | None = None, since: Since = None, until: Until = None,
                      limit: Limit = 200, offset: Offset = 0):
        data = queries.timeline_page(store(), entity=entity, since=since, until=until, limit=limit, offset=offset)
        return page(request, "timeline.html", data)

    @app.get("/api/timeline", tags=["timeline"], summary="Events and dated statements in date order")
    def timeline_api(entity: Annotated[str | None, Query(description="Only items involving this entity.")] = None,
                     since: Since = None, until: Until = None, limit: Limit = 200, offset: Offset = 0):
        return ApiJSON(queries.timeline_page(store(), entity=entity, since=since, until=until, limit=limit,
                                                  offset=offset))

    @app.get("/quotes", response_class=HTMLResponse, include_in_schema=False)
    def quotes_html(request: Request, speaker: str | None = None, q: str | None = None, since: Since = None,
                    until: Until = None, limit: Limit = 50, offset: Offset = 0):
        data = queries.quotes_page(store(), speaker=speaker, q=q, since=since, until=until, limit=limit,
                                   offset=offset)
        return page(request, "quotes.html", data)

    @app.get("/api/quotes", tags=["quotes"], summary="Quotes by speaker, words and date")
    def quotes_api(speaker: Annotated[str | None, Query(description="Any name or spelling of the speaker.")] = None,
                   q: Annotated[str | None, Query(description="Words in the quote.")] = None,
                   since: Since = None, until: Until = None, limit: Limit = 50, offset: Offset = 0):
        return ApiJSON(queries.quotes_page(store(), speaker=speaker, q=q, since=since, until=until,
                                                limit=limit, offset=offset))

    @app.get("/api/stats", tags=["store"], summary="Counts of stored records")
    def stats_api():
        return ApiJSON(store().stats())

    return app


class Guard:
    """ASGI middleware: checks the token (when one is set) and adds the security headers.

    The token may come as ``Authorization: Bearer T``, as ``?token=T`` (answered with a same-site
    cookie so that links keep working) or as that cookie."""

    def __init__(self, app, token: str | None, refuse: Callable[[Request], Response]):
        self.app = app
        self.token = token
        self.refuse = refuse
        cookie = Response()
        if token:
            cookie.set_cookie(COOKIE, token, httponly=True, samesite="strict", path="/")
        self.cookie_header = cookie.raw_headers[-1] if token else None
        self.headers = [(k.lower().encode(), v.encode()) for k, v in SECURITY_HEADERS.items()]

    def given(self, request: Request) -> tuple[str | None, bool]:
        auth = request.headers.get("authorization", "")
        if auth.lower().startswith("bearer "):
            return auth[7:].strip(), False
        if request.query_params.get("token"):
            return request.query_params["token"], True
        return request.cookies.get(COOKIE), False

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        set_cookie = False
        if self.token:
            request = Request(scope)
            given, set_cookie = self.given(request)
            if not given or not hmac.compare_digest(given.encode(), self.token.encode()):
                response = self.refuse(request)
                response.raw_headers.extend(self.headers)
                await response(scope, receive, send)
                return

        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                message["headers"] = list(message.get("headers", [])) + self.headers + (
                    [self.cookie_header] if set_cookie else [])
            await send(message)

        await self.app(scope, receive, send_with_headers)


def _qs(request: Request, **changes: Any) -> str:
    """The current query string with ``changes`` applied (None removes a key); token never repeated."""
    params = {k: v for k, v in request.query_params.items() if k != "token"}
    for k, v in changes.items():
        if v is None:
            params.pop(k, None)
        else:
            params[k] = str(v)
    params = {k: v for k, v in params.items() if v != ""}
    return "?" + urlencode(params) if params else ""
