"""The web pages of the search API: routes and what each one asks the index or the monitor.

``GET /`` search (the form's inputs are the fields of ``SearchQuery``, as in ``GET /search``),
``GET /article/{id}`` one article and the others of its story, ``GET /pipeline`` the
services, throughput, lag and dead letters (``?part=live``: only the part its script
refreshes; ``/pipeline.json``: the same as JSON), ``/static/{name}`` the stylesheet and the
script. Markup is made in ``render``.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from importlib import resources

from aiohttp import web
from multidict import MultiDict

from newsflow.events import Article
from newsflow.observability.pipeline import PipelineMonitor
from newsflow.services.indexer.backends.base import ArticleIndex, QueryError
from newsflow.services.indexer.search_http import PARAMETERS, BadSearchRequest, IndexThread, parse_search
from newsflow.services.indexer.web import render

STATIC = {"style.css": "text/css", "pipeline.js": "text/javascript", "favicon.svg": "image/svg+xml"}


def story_articles(index: ArticleIndex, article: Article) -> list[Article]:
    """The other indexed articles of ``article``'s story (its original, its translations)."""
    if not article.story_id:
        return []
    return [other for other in index.story(article.story_id) if other.id != article.id]


def html_response(body: str, status: int = 200) -> web.Response:
    response = web.Response(text=body, status=status, content_type="text/html", charset="utf-8")
    response.headers["Content-Security-Policy"] = render.CONTENT_SECURITY_POLICY
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


def form_values(query: MultiDict[str]) -> MultiDict[str]:
    """The query string of the search form without its empty inputs (a filter left blank
    is no filter)."""
    return MultiDict((name, value) for name, value in query.items() if value.strip())


def add_pages(app: web.Application, index: Callable[[], IndexThread], monitor: PipelineMonitor) -> None:
    """Add the pages to ``app``; ``index`` gives the index thread once the app has started."""
    parameters = list(PARAMETERS.values())

    async def search_page(request: web.Request) -> web.Response:
        values = form_values(MultiDict(request.query))
        shown = {name: value for name, value in values.items()}
        if "q" not in values:
            return html_response(render.search_page(parameters, shown, None, limit=0, offset=0))
        try:
            query = parse_search(values)
            hits = await index().run(lambda i: i.search(query))
        except (BadSearchRequest, QueryError) as exc:
            return html_response(render.search_page(parameters, shown, None, limit=0, offset=0,
                                                    error=str(exc)), status=400)
        return html_response(render.search_page(parameters, shown, hits, limit=query.limit,
                                                offset=query.offset))

    async def article_page(request: web.Request) -> web.Response:
        article_id = request.match_info["id"]

        def lookup(i: ArticleIndex) -> tuple[Article | None, list[Article]]:
            found = i.get(article_id)
            return found, [] if found is None else story_articles(i, found)

        article, translations = await index().run(lookup)
        if article is None:
            return html_response(render.not_found_page(article_id), status=404)
        return html_response(render.article_page(article, translations))

    async def pipeline_page(request: web.Request) -> web.Response:
        states = await monitor.services()
        if request.query.get("part") == "live":
            return html_response(render.pipeline_live(monitor, states, time.time()))
        return html_response(render.pipeline_page(monitor, states, time.time()))

    async def pipeline_json(request: web.Request) -> web.Response:
        return web.json_response(monitor.as_json(await monitor.services()))

    async def static(request: web.Request) -> web.Response:
        name = request.match_info["name"]
        if name not in STATIC:
            raise web.HTTPNotFound()
        body = resources.files("newsflow.services.indexer.web").joinpath("static", name).read_bytes()
        response = web.Response(body=body, content_type=STATIC[name], charset="utf-8")
        response.headers["Cache-Control"] = "no-cache"
        response.headers["X-Content-Type-Options"] = "nosniff"
        return response

    async def favicon(request: web.Request) -> web.Response:
        raise web.HTTPFound("/static/favicon.svg")

    app.router.add_get("/", search_page)
    app.router.add_get("/article/{id}", article_page)
    app.router.add_get("/pipeline", pipeline_page)
    app.router.add_get("/pipeline.json", pipeline_json)
    app.router.add_get("/static/{name}", static)
    app.router.add_get("/favicon.ico", favicon)
