"""The parser service: raw documents in, articles (or dead letters) out. Wiring only.

Delivery: a batch of raw documents is handled, every output (article or dead letter) is
produced and acknowledged by the broker, and only then are the batch's offsets acked, so
Faust commits them. A crash anywhere before that re-delivers the batch (at-least-once).
"""

from __future__ import annotations

from typing import Any

from newsflow.headers import correlation_id, headers_of
from newsflow.kafka.streams import (
    DeliveryFailed,
    Outgoing,
    catalogue_topic,
    deliver,
    exit_without_commit,
    make_app,
    watch_assignment,
)
from newsflow.services.parser.handler import MessageOrigin, handle_raw_message
from newsflow.settings import get_settings
from newsflow.topics import TopicName

settings = get_settings()
app = make_app("parser", web_port=settings.parser_web_port)
raw_documents = catalogue_topic(app, TopicName.RAW_DOCUMENTS)
articles = catalogue_topic(app, TopicName.ARTICLES)
dead_letters = catalogue_topic(app, TopicName.DEAD_LETTERS)
watch_assignment(app, raw_documents.get_topic_name(), interval=settings.assignment_check_seconds)


def output_for(message: Any) -> Outgoing:
    origin = MessageOrigin(
        topic=message.topic, partition=message.partition, offset=message.offset, key=message.key,
    )
    outcome = handle_raw_message(message.value, origin, max_bytes=settings.max_document_bytes)
    key = message.key.decode("utf-8", "replace") if isinstance(message.key, bytes) else None
    correlation = correlation_id(message.headers, fallback=key)
    if outcome.article is not None:
        return Outgoing(articles, outcome.article.id.encode(), outcome.article.to_bytes(),
                        headers_of(outcome.article, "parser", correlation))
    assert outcome.dead_letter is not None
    return Outgoing(dead_letters, message.key, outcome.dead_letter.to_bytes(),
                    headers_of(outcome.dead_letter, "parser", correlation))


@app.agent(raw_documents)
async def parse(stream: Any) -> None:
    batches = stream.take_events(settings.parser_batch_size, within=settings.parser_batch_seconds)
    async for events in batches:
        outputs = [output_for(event.message) for event in events]
        try:
            await deliver(outputs, retry_seconds=settings.delivery_retry_seconds)
        except DeliveryFailed as exc:
            exit_without_commit(str(exc))
