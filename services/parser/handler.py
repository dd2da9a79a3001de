"""Raw-document messages in, articles or dead letters out: the parser's pure handler."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from newsflow.events import (
    Article,
    DeadLetter,
    DecodeError,
    RawDocument,
    dead_letter_for,
    decode_raw_document,
)
from newsflow.kafka.delivery import Output
from newsflow.services.parser.document import content_of, parse_document
from newsflow.services.parser.parts import ParseError
from newsflow.stage import Message, Outcome
from newsflow.topics import TopicName

SERVICE = "parser"


@dataclass(frozen=True)
class Parsed:
    article: Article | None = None
    dead_letter: DeadLetter | None = None


def check_content(raw: RawDocument) -> tuple[bytes, str | None]:
    """The content's bytes and, when known without decoding them, their text
    (``content_of``); DecodeError if it cannot be turned into bytes (bad base64, unknown
    charset)."""
    try:
        return content_of(raw)
    except (LookupError, ValueError) as exc:
        raise DecodeError(
            "undecodable_content",
            f"the {raw.content_encoding} content cannot be decoded (charset {raw.charset!r}): {exc}",
        ) from None


def handle_raw_message(value: bytes | None, origin: Message, *, max_bytes: int) -> Parsed:
    """Never raises for bad input: every failure is a dead letter with the original bytes."""
    document_id = None
    try:
        raw = decode_raw_document(value)
        document_id = raw.document_id
        content, text = check_content(raw)  # decoded once: a page's base64 is most of its bytes
        return Parsed(article=parse_document(raw, max_bytes=max_bytes, content=content, text=text))
    except (DecodeError, ParseError) as exc:
        error_class, reason = exc.error_class, exc.reason
    except Exception as exc:  # a parser bug must not stop the stream; it is kept for replay
        error_class, reason = "parser_error", f"{type(exc).__name__}: {exc}"
    return Parsed(
        dead_letter=dead_letter_for(
            stage=SERVICE, error_class=error_class, reason=reason, original=value,
            source_topic=origin.topic, partition=origin.partition, offset=origin.offset,
            key=origin.key, document_id=document_id,
        )
    )


def handle(batch: Sequence[Message], *, max_bytes: int) -> Outcome[None]:
    """Each message's article (keyed by article id) or dead letter (keyed as it came), both
    carrying the correlation id the message carried."""
    outputs = []
    for message in batch:
        parsed = handle_raw_message(message.value, message, max_bytes=max_bytes)
        if parsed.article is not None:
            outputs.append(Output.of(TopicName.ARTICLES, parsed.article.id, parsed.article,
                                     SERVICE, message.correlation_id))
        else:
            outputs.append(Output.of(TopicName.DEAD_LETTERS, message.key, parsed.dead_letter,
                                     SERVICE, message.correlation_id))
    return Outcome(outputs)
