"""The HTTP search API (aiohttp): JSON in, JSON out, described at /openapi.json; and the
web pages over it (``web/``: search, an article, the pipeline).

``GET /search?q=...`` runs a ``SearchQuery``: its query parameters are that model's fields,
parsed, validated and described in the OpenAPI document from the model, so they cannot
drift from it (``search_http``). ``GET /articles/{id}`` returns one article; ``GET /health``
says which backend serves and how many articles it holds. The index is synchronous, so
every call runs on one dedicated thread (SQLite connections belong to the thread that
opened them). Titles and snippets are returned as JSON strings, never HTML.

The app also samples the pipeline (offsets, group lag, dead letters) every few seconds for
``GET /pipeline`` while it runs (``newsflow.observability.pipeline``).
"""
from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Callable
from typing import Any

from aiohttp import web

from newsflow.observability.pipeline import PipelineMonitor
from newsflow.services.indexer.backends.base import ArticleIndex, QueryError, SearchHit
from newsflow.services.indexer.search_http import (
    HTTP_NAMES,
    PARAMETERS,
    BadSearchRequest,
    IndexThread,
    parse_search,
)
from newsflow.services.indexer.web.pages import add_pages
from newsflow.settings import Settings, get_settings

__all__ = ["HTTP_NAMES", "PARAMETERS", "BadSearchRequest", "IndexThread", "make_app",
           "openapi_document", "parse_search", "serve_until_cancelled"]

log = logging.getLogger(__name__)


def openapi_document() -> dict[str, Any]:
    error = {"type": "object", "properties": {"error": {"type": "string"}}}
    return {
        "openapi": "3.1.0",
        "info": {"title": "newsflow search", "version": "1"},
        "paths": {
            "/search": {"get": {
                "summary": "Search articles",
                "parameters": [
                    {"name": p.http, "in": "query", "required": p.required,
                     "description": p.description, "schema": p.schema}
                    for p in PARAMETERS.values()
                ],
                "responses": {
                    "200": {"description": "Ranked hits", "content": {"application/json": {
                        "schema": {"type": "object", "properties": {
                            "hits": {"type": "array", "items": {"$ref": "#/components/schemas/SearchHit"}},
                            "limit": {"type": "integer"}, "offset": {"type": "integer"},
                        }}}}},
                    "400": {"description": "Invalid query: the reason names the parameter",
                            "content": {"application/json": {"schema": error}}},
                },
            }},
            "/articles/{id}": {"get": {
                "summary": "One article as on the articles topic",
                "parameters": [{"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}],
                "responses": {"200": {"description": "The article"},
                              "404": {"description": "No such article",
                                      "content": {"application/json": {"schema": error}}}},
            }},
            "/health": {"get": {"summary": "Backend and article count",
                                "responses": {"200": {"description": "Healthy"}}}},
            "/pipeline.json": {"get": {
                "summary": "What the pipeline page shows: services, throughput and lag over the "
                           "last minutes, dead letters by reason",
                "responses": {"200": {"description": "The pipeline"}}}},
        },
        "components": {"schemas": {"SearchHit": SearchHit.model_json_schema(mode="serialization")}},
    }


def _bad_request(reason: str) -> web.Response:
    return web.json_response({"error": reason}, status=400)


def make_app(open_index: Callable[[], ArticleIndex], *, settings: Settings | None = None,
             monitor: PipelineMonitor | None = None) -> web.Application:
    """The API and the pages over the index ``open_index`` opens; ``monitor`` (default: one
    on the settings' Kafka) samples the pipeline while the app runs."""
    app = web.Application()
    holder: dict[str, IndexThread] = {}
    pipeline = monitor or PipelineMonitor(settings or get_settings())

    async def startup(app: web.Application) -> None:
        holder["index"] = await asyncio.to_thread(IndexThread, open_index)

    async def cleanup(app: web.Application) -> None:
        if "index" in holder:
            await asyncio.to_thread(holder["index"].close)

    async def search(request: web.Request) -> web.Response:
        try:
            query = parse_search(request.query)
        except BadSearchRequest as exc:
            return _bad_request(str(exc))
        try:
            hits = await holder["index"].run(lambda index: index.search(query))
        except QueryError as exc:
            return _bad_request(str(exc))
        return web.json_response({
            "hits": [h.model_dump(mode="json") for h in hits],
            "limit": query.limit, "offset": query.offset,
        })

    async def article(request: web.Request) -> web.Response:
        article_id = request.match_info["id"]
        found = await holder["index"].run(lambda index: index.get(article_id))
        if found is None:
            return web.json_response({"error": f"no article {article_id}"}, status=404)
        return web.json_response(found.model_dump(mode="json"))

    async def health(request: web.Request) -> web.Response:
        return web.json_response(await holder["index"].run(lambda index: index.health()))

    async def openapi(request: web.Request) -> web.Response:
        return web.json_response(openapi_document())

    app.router.add_get("/search", search)
    app.router.add_get("/articles/{id}", article)
    app.router.add_get("/health", health)
    app.router.add_get("/openapi.json", openapi)

    async def sampling(app: web.Application) -> AsyncIterator[None]:
        task = asyncio.get_running_loop().create_task(pipeline.run())
        yield
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task

    add_pages(app, lambda: holder["index"], pipeline)
    app.on_startup.append(startup)
    app.on_cleanup.append(cleanup)
    app.cleanup_ctx.append(sampling)
    return app


async def serve_until_cancelled(app: web.Application, host: str, port: int) -> None:
    """Serve ``app`` inside an already running event loop (the indexer worker's) until the
    task is cancelled. A port already taken is logged, not fatal: indexing goes on."""
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    try:
        try:
            await web.TCPSite(runner, host, port).start()
        except OSError as exc:
            log.error("search API not started on %s:%s: %s", host, port, exc)
            return
        log.info("search API on http://%s:%s/ (pages; JSON: /search?q=...)", host, port)
        await asyncio.Event().wait()
    finally:
        await runner.cleanup()
