"""A batch of article messages in, what to write to the index out: the indexer's pure handler."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol

from newsflow.events import Article, DeadLetter, DecodeError, dead_letter_for, decode_article
from newsflow.kafka.delivery import Output
from newsflow.stage import Message as StageMessage
from newsflow.stage import Outcome
from newsflow.topics import TopicName

SERVICE = "indexer"


class Message(Protocol):
    """What ``plan_batch`` reads of a record (a stage Message, or a topic reader Record)."""

    @property
    def topic(self) -> str | None: ...
    @property
    def partition(self) -> int | None: ...
    @property
    def offset(self) -> int | None: ...
    @property
    def key(self) -> bytes | None: ...
    @property
    def value(self) -> bytes | None: ...


@dataclass
class BatchPlan:
    upserts: list[Article] = field(default_factory=list)
    deletes: list[str] = field(default_factory=list)
    dead_letters: list[DeadLetter] = field(default_factory=list)


def plan_batch(messages: Sequence[Message]) -> BatchPlan:
    """Tombstones (no value) delete by key; bad messages become dead letters.

    Within a batch the last message for an id wins, as it does on the compacted topic.
    """
    plan = BatchPlan()
    latest: dict[str, Article | None] = {}
    for message in messages:
        if message.value is None:
            if message.key:
                article_id = message.key.decode("utf-8", errors="replace")
                latest.pop(article_id, None)
                latest[article_id] = None
            continue
        try:
            article = decode_article(message.value)
            latest.pop(article.id, None)
            latest[article.id] = article
        except DecodeError as exc:
            plan.dead_letters.append(
                dead_letter_for(
                    stage=SERVICE, error_class=exc.error_class, reason=exc.reason,
                    original=message.value, source_topic=message.topic,
                    partition=message.partition, offset=message.offset, key=message.key,
                )
            )
    plan.upserts = [a for a in latest.values() if a is not None]
    plan.deletes = [i for i, a in latest.items() if a is None]
    return plan


def handle(batch: Sequence[StageMessage]) -> Outcome[BatchPlan]:
    """The batch's index writes for the sink, and its dead letters, each carrying the
    correlation id of the message it came from (the raw document's id)."""
    plan = plan_batch(batch)
    correlation = {(m.partition, m.offset): m.correlation_id for m in batch}
    outputs = [
        Output.of(TopicName.DEAD_LETTERS, letter.key, letter, SERVICE,
                  correlation.get((letter.partition, letter.offset)))
        for letter in plan.dead_letters
    ]
    return Outcome(outputs, plan if plan.upserts or plan.deletes else None)
