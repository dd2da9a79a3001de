"""The parser service: raw documents in, articles (or dead letters) out. Wiring only."""

from __future__ import annotations

from typing import Any

from newsflow.headers import headers_of
from newsflow.kafka.streams import catalogue_topic, make_app
from newsflow.observability.logging import current_correlation_id
from newsflow.settings import get_settings
from newsflow.topics import TopicName
from services.parser.handler import MessageOrigin, handle_raw_message

settings = get_settings()
app = make_app("parser", web_port=settings.parser_web_port)
raw_documents = catalogue_topic(app, TopicName.RAW_DOCUMENTS)
articles = catalogue_topic(app, TopicName.ARTICLES)
dead_letters = catalogue_topic(app, TopicName.DEAD_LETTERS)


@app.agent(raw_documents)
async def parse(stream: Any) -> None:
    async for event in stream.events():
        message = event.message
        origin = MessageOrigin(
            topic=message.topic, partition=message.partition, offset=message.offset,
            key=message.key,
        )
        outcome = handle_raw_message(message.value, origin, max_bytes=settings.max_document_bytes)
        if outcome.article is not None:
            await articles.send(key=outcome.article.id.encode(), value=outcome.article.to_bytes(),
                                headers=headers_of(outcome.article, "parser", current_correlation_id.get()))
        else:
            assert outcome.dead_letter is not None
            await dead_letters.send(key=message.key, value=outcome.dead_letter.to_bytes(),
                                    headers=headers_of(outcome.dead_letter, "parser",
                                                       current_correlation_id.get()))
