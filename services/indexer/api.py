"""The HTTP search API (aiohttp): JSON in, JSON out, described at /openapi.json.

``GET /search?q=...`` runs a ``SearchQuery``: its query parameters are that model's fields,
parsed, validated and described in the OpenAPI document from the model, so they cannot
drift from it. ``GET /articles/{id}`` returns one article; ``GET /health`` says which
backend serves and how many articles it holds. The index is synchronous, so every call runs
on one dedicated thread (SQLite connections belong to the thread that opened them). Titles
and snippets are returned as JSON strings, never HTML.
"""
from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

from aiohttp import web
from multidict import MultiMapping
from pydantic import ValidationError

from newsflow.services.indexer.backends.base import (
    ArticleIndex,
    QueryError,
    SearchHit,
    SearchParameter,
    SearchQuery,
    invalid_query,
    search_parameters,
)

T = TypeVar("T")
log = logging.getLogger(__name__)

#: The query parameters of GET /search: the fields of SearchQuery, by their HTTP names.
PARAMETERS: dict[str, SearchParameter] = {p.http: p for p in search_parameters()}
HTTP_NAMES = {p.field: p.http for p in PARAMETERS.values()}


class BadSearchRequest(ValueError):
    """Query parameters that do not make a SearchQuery; the reason names the parameter."""


def parse_search(query: MultiMapping[str]) -> SearchQuery:
    """The ``SearchQuery`` that the query string of ``GET /search`` asks for."""
    unknown = sorted(set(query) - set(PARAMETERS))
    if unknown:
        raise BadSearchRequest(f"unknown parameters: {', '.join(unknown)} "
                               f"(known: {', '.join(PARAMETERS)})")
    repeated = sorted(name for name in set(query) if len(query.getall(name)) > 1)
    if repeated:
        raise BadSearchRequest(f"given more than once: {', '.join(repeated)}")
    try:
        return SearchQuery.model_validate({PARAMETERS[name].field: value
                                           for name, value in query.items()})
    except ValidationError as exc:
        raise BadSearchRequest(invalid_query(exc, lambda field: HTTP_NAMES.get(field, field))) from None


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
        },
        "components": {"schemas": {"SearchHit": SearchHit.model_json_schema(mode="serialization")}},
    }


class IndexThread:
    """Runs every index call on one thread, where the index was opened."""

    def __init__(self, open_index: Callable[[], ArticleIndex]) -> None:
        self.executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="index")
        self.index = self.executor.submit(open_index).result()

    async def run(self, call: Callable[[ArticleIndex], T]) -> T:
        return await asyncio.get_running_loop().run_in_executor(self.executor, call, self.index)

    def close(self) -> None:
        self.executor.submit(self.index.close).result()
        self.executor.shutdown()


def _bad_request(reason: str) -> web.Response:
    return web.json_response({"error": reason}, status=400)


def make_app(open_index: Callable[[], ArticleIndex]) -> web.Application:
    app = web.Application()
    holder: dict[str, IndexThread] = {}

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
    app.on_startup.append(startup)
    app.on_cleanup.append(cleanup)
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
        log.info("search API on http://%s:%s/search?q=...", host, port)
        await asyncio.Event().wait()
    finally:
        await runner.cleanup()
