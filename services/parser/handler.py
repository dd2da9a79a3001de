"""One Kafka message in, one outcome out: an Article or a DeadLetter with its reason."""

from __future__ import annotations

from dataclasses import dataclass

from newsflow.events import (
    Article,
    DeadLetter,
    DecodeError,
    RawDocument,
    dead_letter_for,
    decode_raw_document,
)
from newsflow.services.parser.document import parse_document
from newsflow.services.parser.parts import ParseError


@dataclass(frozen=True)
class MessageOrigin:
    topic: str | None = None
    partition: int | None = None
    offset: int | None = None
    key: bytes | None = None


@dataclass(frozen=True)
class Outcome:
    article: Article | None = None
    dead_letter: DeadLetter | None = None


def check_content(raw: RawDocument) -> None:
    """DecodeError if the content cannot be turned into bytes (bad base64, unknown charset)."""
    try:
        raw.content_bytes()
    except (LookupError, ValueError) as exc:
        raise DecodeError(
            "undecodable_content",
            f"the {raw.content_encoding} content cannot be decoded (charset {raw.charset!r}): {exc}",
        ) from None


def handle_raw_message(value: bytes | None, origin: MessageOrigin, *, max_bytes: int) -> Outcome:
    """Never raises for bad input: every failure is a dead letter with the original bytes."""
    document_id = None
    try:
        raw = decode_raw_document(value)
        document_id = raw.document_id
        check_content(raw)
        return Outcome(article=parse_document(raw, max_bytes=max_bytes))
    except (DecodeError, ParseError) as exc:
        error_class, reason = exc.error_class, exc.reason
    except Exception as exc:  # a parser bug must not stop the stream; it is kept for replay
        error_class, reason = "parser_error", f"{type(exc).__name__}: {exc}"
    return Outcome(
        dead_letter=dead_letter_for(
            stage="parser", error_class=error_class, reason=reason, original=value,
            source_topic=origin.topic, partition=origin.partition, offset=origin.offset,
            key=origin.key, document_id=document_id,
        )
    )
