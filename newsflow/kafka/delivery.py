"""Delivery: produce records and wait until the broker has acknowledged every one.

The one delivery path of the pipeline. The batch stages (parser, indexer) send through
their Faust app's producer, the fetcher (replay and live) through an aiokafka producer;
both are a ``Send`` here, and ``deliver`` retries what failed until a deadline, then
counts and logs what the broker acknowledged (``record_delivered``).
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import Counter
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from aiokafka import AIOKafkaProducer

from newsflow.headers import Headers, headers_of
from newsflow.observability import metrics, trail
from newsflow.settings import Settings, get_settings
from newsflow.topics import TopicName, topic_name

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Output:
    """One record to produce: the catalogue topic, key, value and headers."""

    topic: TopicName
    key: bytes | None
    value: bytes
    headers: Headers
    #: The id the record descends from (also in ``headers``), for the log.
    correlation_id: str | None = None

    @classmethod
    def of(cls, topic: TopicName, key: str | bytes | None, event: Any, producer: str,
           correlation: str | None) -> Output:
        """The record for a pydantic event, with the contract's headers."""
        raw_key = key.encode() if isinstance(key, str) else key
        return cls(topic, raw_key, event.to_bytes(), headers_of(event, producer, correlation),
                   correlation)


#: Starts one send; returns the future of its acknowledgement.
Send = Callable[[str, bytes | None, bytes, Headers], Awaitable[Awaitable[Any]]]


class DeliveryFailed(RuntimeError):
    """A batch's output could not be delivered within the retry budget."""


async def deliver(records: Sequence[Output], send: Send, *, retry_seconds: float,
                  settings: Settings | None = None, service: str | None = None) -> None:
    """Produce every record and wait until the broker has acknowledged each one; then, for
    ``service``, count and log them (``record_delivered``).

    Records whose delivery fails (the broker restarting, a leader moving) are sent again
    until ``retry_seconds`` have passed; then DeliveryFailed. A duplicate from a retry is
    harmless: every topic is at-least-once and every consumer is idempotent.
    """
    settings = settings or get_settings()
    names = {t: topic_name(t, settings) for t in {r.topic for r in records}}
    deadline = time.monotonic() + retry_seconds
    pending = list(records)
    delay = 0.2
    while pending:
        failed: list[Output] = []
        futures = []
        for record in pending:
            try:
                futures.append((record, await send(names[record.topic], record.key, record.value,
                                                   record.headers)))
            except Exception as exc:
                log.warning("send to %s failed, will retry: %r", names[record.topic], exc)
                failed.append(record)
        for record, future in futures:
            try:
                await future
            except Exception as exc:
                log.warning("delivery to %s failed, will retry: %r", names[record.topic], exc)
                failed.append(record)
        if failed and time.monotonic() >= deadline:
            raise DeliveryFailed(f"{len(failed)} records undelivered after {retry_seconds:.0f}s")
        if failed:
            await asyncio.sleep(delay)
            delay = min(delay * 2, 5.0)
        pending = failed
    if service is not None:
        record_delivered(service, records, names)


def record_delivered(service: str, records: Sequence[Output], names: Mapping[TopicName, str]) -> None:
    """Count and log acknowledged records: per topic once per batch, each dead letter by its
    error class (a warning), each record's line at INFO with its correlation id."""
    counts = Counter(record.topic for record in records)
    for logical, count in counts.items():
        metrics.record_produced(service, names[logical], count)
    info = trail.log.isEnabledFor(logging.INFO)
    for record in records:
        dead = record.topic is TopicName.DEAD_LETTERS
        if not (dead or info):
            continue
        fields: dict[str, Any] = {"topic": names[record.topic]}
        if record.correlation_id:
            fields["correlation_id"] = record.correlation_id
        if dead:
            fields["error_class"] = trail.error_class_of(record.value)
            metrics.record_dead_letter(service, fields["error_class"])
            trail.log.warning("dead-lettered", extra=fields)
        else:
            trail.log.info("produced", extra=fields)


def producer_send(producer: AIOKafkaProducer) -> Send:
    """A ``Send`` through a plain aiokafka producer (``deliver`` counts what it delivers)."""

    async def send(topic: str, key: bytes | None, value: bytes, headers: Headers) -> Awaitable[Any]:
        future: Awaitable[Any] = await producer.send(topic, value=value, key=key, headers=headers)
        return future

    return send
