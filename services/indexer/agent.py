"""The indexer service: articles in, batched idempotent upserts into the index. Wiring only.

Delivery: a batch is written to the index (one transaction per write) and its dead letters
are acknowledged by the broker before the batch's offsets are acked for commit. A failure
to write exits the process without committing, so the batch is consumed again after a
restart; the index is idempotent by article id, so a re-delivered article replaces itself.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from newsflow.headers import headers_of
from newsflow.kafka.streams import (
    DeliveryFailed,
    Outgoing,
    catalogue_topic,
    deliver,
    exit_without_commit,
    make_app,
    watch_assignment,
)
from newsflow.services.indexer.backends import open_index
from newsflow.services.indexer.handler import plan_batch
from newsflow.settings import get_settings
from newsflow.topics import TopicName

log = logging.getLogger(__name__)
settings = get_settings()
app = make_app("indexer", web_port=settings.indexer_web_port)
articles = catalogue_topic(app, TopicName.ARTICLES)
dead_letters = catalogue_topic(app, TopicName.DEAD_LETTERS)
watch_assignment(app, articles.get_topic_name(), interval=settings.assignment_check_seconds)
index = open_index(settings)


async def search_api() -> None:
    """The HTTP search API in this worker (NEWSFLOW_INDEXER_SEARCH_API), read-only."""
    from newsflow.services.indexer.api import make_app as make_search_app
    from newsflow.services.indexer.api import serve_until_cancelled

    api = make_search_app(lambda: open_index(settings, read_only=True))
    await serve_until_cancelled(api, settings.search_host, settings.search_port)


if settings.indexer_search_api:
    app.task(search_api)


@app.agent(articles)
async def index_articles(stream: Any) -> None:
    batches = stream.take_events(settings.index_batch_size, within=settings.index_batch_seconds)
    async for events in batches:
        plan = plan_batch([event.message for event in events])
        if settings.index_test_delay_seconds:
            await asyncio.sleep(settings.index_test_delay_seconds)
        try:
            if plan.upserts:
                index.upsert(plan.upserts)
            if plan.deletes:
                index.delete(plan.deletes)
        except Exception as exc:  # the batch is not in the index: it must not be committed
            log.exception("index write failed")
            exit_without_commit(f"index write failed: {exc!r}")
        outputs = [
            Outgoing(dead_letters, dead_letter.key.encode() if dead_letter.key else None,
                     dead_letter.to_bytes(), headers_of(dead_letter, "indexer", dead_letter.key))
            for dead_letter in plan.dead_letters
        ]
        try:
            await deliver(outputs, retry_seconds=settings.delivery_retry_seconds)
        except DeliveryFailed as exc:
            exit_without_commit(str(exc))
