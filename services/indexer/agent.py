"""The indexer service: articles in, batched idempotent upserts into the index. Wiring only."""

from __future__ import annotations

from typing import Any

from newsflow.headers import headers_of
from newsflow.kafka.streams import catalogue_topic, make_app
from newsflow.settings import get_settings
from newsflow.topics import TopicName
from services.indexer.backends import open_index
from services.indexer.handler import plan_batch

settings = get_settings()
app = make_app("indexer", web_port=settings.indexer_web_port)
articles = catalogue_topic(app, TopicName.ARTICLES)
dead_letters = catalogue_topic(app, TopicName.DEAD_LETTERS)
index = open_index(settings)


@app.agent(articles)
async def index_articles(stream: Any) -> None:
    batches = stream.take_events(settings.index_batch_size, within=settings.index_batch_seconds)
    async for events in batches:
        plan = plan_batch([event.message for event in events])
        if plan.upserts:
            index.upsert(plan.upserts)
        if plan.deletes:
            index.delete(plan.deletes)
        for dead_letter in plan.dead_letters:
            await dead_letters.send(key=dead_letter.key and dead_letter.key.encode(),
                                    value=dead_letter.to_bytes(),
                                    headers=headers_of(dead_letter, "indexer", dead_letter.key))
