"""What the JSON API and the web pages share: the query string of a search (its parameters
are the fields of ``SearchQuery``, by their HTTP names) and the one thread the index runs on."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

from multidict import MultiMapping
from pydantic import ValidationError

from newsflow.services.indexer.backends.base import (
    ArticleIndex,
    SearchParameter,
    SearchQuery,
    invalid_query,
    search_parameters,
)

T = TypeVar("T")

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


class IndexThread:
    """Runs every index call on one thread, where the index was opened (SQLite connections
    belong to the thread that opened them)."""

    def __init__(self, open_index: Callable[[], ArticleIndex]) -> None:
        self.executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="index")
        self.index = self.executor.submit(open_index).result()

    async def run(self, call: Callable[[ArticleIndex], T]) -> T:
        return await asyncio.get_running_loop().run_in_executor(self.executor, call, self.index)

    def close(self) -> None:
        self.executor.submit(self.index.close).result()
        self.executor.shutdown()
