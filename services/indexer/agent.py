"""The indexer service as a stage: articles in, batched idempotent upserts into the index.

Wiring only: the handler is ``handler.handle`` (pure), the sink is ``IndexWriter`` (the
index write, run by the stage runtime in a thread of its own, off the event loop). A
failed or overrunning write exits without committing, so the batch is consumed again after
a restart; the index is idempotent by article id, so a re-delivered article replaces itself.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from functools import partial

from newsflow.language import warm_up
from newsflow.observability.service import index_check
from newsflow.services.indexer.analysis import warm_up_search
from newsflow.services.indexer.backends import ArticleIndex, indexed_count, open_index
from newsflow.services.indexer.handler import SERVICE, BatchPlan, handle
from newsflow.settings import Settings, get_settings
from newsflow.stage import Stage
from newsflow.topics import TopicName


class IndexWriter:
    """The indexer's sink. The index is opened in the sink's own thread, on first use, and
    used only there (an SQLite connection belongs to the thread that opened it)."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.index: ArticleIndex | None = None

    def __call__(self, plan: BatchPlan) -> None:
        if self.index is None:
            self.index = open_index(self.settings)
        if self.settings.index_test_delay_seconds:
            time.sleep(self.settings.index_test_delay_seconds)  # the test knob: a slow index
        if plan.upserts:
            self.index.upsert(plan.upserts)
        if plan.deletes:
            self.index.delete(plan.deletes)


def index_answers(settings: Settings) -> int:
    """Readiness: the index opens read-only and answers a count."""
    count = indexed_count(settings)
    if count is None:
        raise FileNotFoundError("there is no index yet")
    return count


def search_api_task(settings: Settings) -> Callable[[], Awaitable[None]]:
    async def search_api() -> None:
        """The HTTP search API in this worker (NEWSFLOW_INDEXER_SEARCH_API), read-only."""
        from newsflow.services.indexer.api import make_app as make_search_app
        from newsflow.services.indexer.api import serve_until_cancelled

        api = make_search_app(lambda: open_index(settings, read_only=True))
        await serve_until_cancelled(api, settings.search_host, settings.search_port)

    return search_api


def indexer_stage(settings: Settings | None = None) -> Stage[BatchPlan]:
    settings = settings or get_settings()
    open_index(settings).close()  # create the index (and its schema) before serving reads
    return Stage(
        service=SERVICE,
        consumes=TopicName.ARTICLES,
        produces=(TopicName.DEAD_LETTERS,),
        handle=handle,
        sink=IndexWriter(settings),
        batch_size=settings.index_batch_size,
        batch_seconds=settings.index_batch_seconds,
        checks={"index": index_check(lambda: index_answers(settings))},
        tasks=(search_api_task(settings),) if settings.indexer_search_api else (),
        # search tokens always; the query-language word lists only when it answers queries
        warm_up=warm_up_search if settings.indexer_search_api else partial(warm_up, queries=False),
        web_port=settings.indexer_web_port,
    )
