"""Delivery: produce records and wait until the broker has acknowledged every one.

The one delivery path of the pipeline. The batch stages (parser, indexer) send through
their Faust app's producer, the fetcher (replay and live) through an aiokafka producer;
both are a ``Send`` here, and ``deliver`` retries what failed until a deadline.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Any

from aiokafka import AIOKafkaProducer

from newsflow.headers import Headers, correlation_id, headers_of
from newsflow.observability import trail
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
                  settings: Settings | None = None) -> None:
    """Produce every record and wait until the broker has acknowledged each one.

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


def producer_send(producer: AIOKafkaProducer, service: str) -> Send:
    """A ``Send`` through a plain aiokafka producer, counted and logged as the Faust
    services' sensor counts theirs (``newsflow_messages_produced_total``, a log line)."""

    async def send(topic: str, key: bytes | None, value: bytes, headers: Headers) -> Awaitable[Any]:
        future: Awaitable[Any] = await producer.send(topic, value=value, key=key, headers=headers)
        trail.produced(service, topic, correlation_id(headers))
        return future

    return send
