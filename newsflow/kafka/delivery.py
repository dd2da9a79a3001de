"""Delivery: produce records and wait until the broker has acknowledged every one.

The one delivery path of the pipeline. The batch stages (parser, indexer) send through
their Faust app's aiokafka producer and the fetcher's replay through its own a batch per
partition (``batch_send``: one future per partition batch, not one per record), the live
fetcher record by record (a ``Send``, made a ``SendMany`` by ``one_by_one``);
``deliver_many`` retries what failed until a deadline, then counts and logs what the
broker acknowledged (``record_delivered``).
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
from newsflow.kafka.producer import key_partition
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

#: Starts the sends of records to one topic (its full name); returns each group of them
#: with the future of the group's acknowledgement (a failed future: the group failed).
SendMany = Callable[[str, Sequence[Output]],
                    Awaitable[list[tuple[Sequence[Output], Awaitable[Any]]]]]


class DeliveryFailed(RuntimeError):
    """A batch's output could not be delivered within the retry budget."""


def _failed(exc: BaseException) -> Awaitable[Any]:
    future: asyncio.Future[Any] = asyncio.get_running_loop().create_future()
    future.set_exception(exc)
    return future


def one_by_one(send: Send) -> SendMany:
    """A ``SendMany`` sending each record with ``send``: a group and a future per record (a
    send that raises is that record's failed future)."""

    async def send_many(topic: str, records: Sequence[Output]
                        ) -> list[tuple[Sequence[Output], Awaitable[Any]]]:
        started: list[tuple[Sequence[Output], Awaitable[Any]]] = []
        for record in records:
            try:
                future = await send(topic, record.key, record.value, record.headers)
            except Exception as exc:
                future = _failed(exc)
            started.append(((record,), future))
        return started

    return send_many


async def deliver(records: Sequence[Output], send: Send, *, retry_seconds: float,
                  settings: Settings | None = None, service: str | None = None) -> None:
    """``deliver_many`` with each record sent by ``send`` (``one_by_one``)."""
    await deliver_many(records, one_by_one(send), retry_seconds=retry_seconds,
                       settings=settings, service=service)


async def deliver_many(records: Sequence[Output], send: SendMany, *, retry_seconds: float,
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
        by_topic: dict[TopicName, list[Output]] = {}
        for record in pending:
            by_topic.setdefault(record.topic, []).append(record)
        started: list[tuple[Sequence[Output], Awaitable[Any]]] = []
        for logical, group in by_topic.items():
            try:
                started.extend(await send(names[logical], group))
            except Exception as exc:
                log.warning("send to %s failed, will retry: %r", names[logical], exc)
                failed.extend(group)
        for sent, future in started:
            try:
                await future
            except Exception as exc:
                log.warning("delivery to %s failed, will retry: %r", names[sent[0].topic], exc)
                failed.extend(sent)
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


def batch_send(producer: AIOKafkaProducer | Callable[[], Awaitable[AIOKafkaProducer]]
               ) -> SendMany:
    """A ``SendMany`` through an aiokafka producer (started; or ``producer()`` returns it):
    the records of each partition appended to a batch of their own (``create_batch``, a
    new one when it is full) and each batch sent whole and closed (``send_batch``; the
    sender takes it without waiting out the linger), so the broker's acknowledgement is
    one future per batch, not one per record. Each record's partition is
    the producer's partitioner's (``key_partition``: by the key, else at random)."""

    async def send_many(topic: str, records: Sequence[Output]
                        ) -> list[tuple[Sequence[Output], Awaitable[Any]]]:
        kafka = producer if isinstance(producer, AIOKafkaProducer) else await producer()
        partitions = sorted(await kafka.partitions_for(topic))
        by_partition: dict[int, list[Output]] = {}
        for record in records:
            by_partition.setdefault(key_partition(record.key, partitions, partitions),
                                    []).append(record)
        # Every partition's batches first, then submitted in turns (each partition's first,
        # then each one's second...): a partition's next batch waits for the sender to take
        # its last, and the other partitions' need not wait behind it.
        batches: list[list[tuple[Any, list[Output]]]] = []
        for group in by_partition.values():
            batch, members = kafka.create_batch(), list[Output]()
            filled = [(batch, members)]
            for record in group:
                if batch.append(key=record.key, value=record.value, timestamp=None,
                                headers=record.headers) is None:
                    # full (a first record always fits, however large)
                    batch, members = kafka.create_batch(), list[Output]()
                    filled.append((batch, members))
                    batch.append(key=record.key, value=record.value, timestamp=None,
                                 headers=record.headers)
                members.append(record)
            batches.append(filled)
        partitions_of = list(by_partition)
        started: list[tuple[Sequence[Output], Awaitable[Any]]] = []
        for turn in range(max(map(len, batches), default=0)):
            for partition, filled in zip(partitions_of, batches, strict=True):
                if turn >= len(filled):
                    continue
                batch, members = filled[turn]
                batch.close()  # complete: the sender takes it at once, without lingering
                try:
                    future = await kafka.send_batch(batch, topic, partition=partition)
                except Exception as exc:
                    future = _failed(exc)
                started.append((members, future))
        return started

    return send_many


def producer_send(producer: AIOKafkaProducer) -> Send:
    """A ``Send`` through a plain aiokafka producer (``deliver`` counts what it delivers)."""

    async def send(topic: str, key: bytes | None, value: bytes, headers: Headers) -> Awaitable[Any]:
        future: Awaitable[Any] = await producer.send(topic, value=value, key=key, headers=headers)
        return future

    return send
