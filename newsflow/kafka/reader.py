"""Read a topic without a consumer group: from its first retained offset (or a chosen start)
to its end offsets at the time of the call, or on and on (``follow``). The one topic reader:
the fetcher's state, reindex, ``newsflow tail`` and the tests all read through it.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass

from aiokafka import AIOKafkaConsumer, TopicPartition

from newsflow.kafka.config import client_config
from newsflow.kafka.offsets import partition_counts, stop_quietly
from newsflow.settings import Settings, get_settings


@dataclass(frozen=True)
class Record:
    topic: str
    partition: int
    offset: int
    key: bytes | None
    value: bytes | None
    timestamp_ms: int
    headers: tuple[tuple[str, bytes], ...] = ()


class NoSuchTopic(LookupError):
    """The topic does not exist on the cluster."""


#: Where reading starts: "beginning", "end", an offset (every partition), or a timestamp in
#: milliseconds (the first record at or after it, per partition).
Start = str | int


@dataclass(frozen=True)
class FromTime:
    """Start at the first record at or after ``timestamp_ms`` on each partition."""

    timestamp_ms: int


async def _seek(consumer: AIOKafkaConsumer, partitions: list[TopicPartition],
                start: Start | FromTime) -> None:
    if isinstance(start, FromTime):
        found = await consumer.offsets_for_times({tp: start.timestamp_ms for tp in partitions})
        ends = await consumer.end_offsets(partitions)
        for tp in partitions:
            stamp = found.get(tp)
            consumer.seek(tp, stamp.offset if stamp is not None else ends[tp])
    elif isinstance(start, int):
        for tp in partitions:
            consumer.seek(tp, start)
    elif start == "end":
        await consumer.seek_to_end(*partitions)
    else:
        await consumer.seek_to_beginning(*partitions)


async def iter_topic(
    topic: str, settings: Settings | None = None, *, start: Start | FromTime = "beginning",
    follow: bool = False, idle_seconds: float | None = None, max_records: int = 1000,
    on_total: Callable[[int], None] | None = None, missing_ok: bool = True,
) -> AsyncIterator[list[Record]]:
    """Batches of ``topic``'s records, in partition order within a batch.

    Without ``follow``: up to the end offsets as they were when reading began, then stops
    (``on_total`` is told how many records that is). With ``follow``: on until the caller
    stops iterating, or until no record arrived for ``idle_seconds``. A topic that does not
    exist yields nothing (or raises NoSuchTopic when ``missing_ok`` is false).
    """
    settings = settings or get_settings()
    counts = await partition_counts([topic], settings)
    if topic not in counts and not missing_ok:
        raise NoSuchTopic(f"no topic {topic!r} on {settings.bootstrap_servers()}")
    partitions = [TopicPartition(topic, p) for p in range(counts.get(topic, 0))]
    if not partitions:
        if on_total:
            on_total(0)
        return
    consumer = AIOKafkaConsumer(**client_config(settings), enable_auto_commit=False,
                                max_partition_fetch_bytes=32 * 1024 * 1024)
    await consumer.start()
    try:
        consumer.assign(partitions)
        await _seek(consumer, partitions, start)
        ends = await consumer.end_offsets(partitions)
        remaining = {tp for tp in partitions if await consumer.position(tp) < ends[tp]}
        if on_total:
            positions = [await consumer.position(tp) for tp in remaining]
            on_total(sum(ends[tp] - at for tp, at in zip(remaining, positions, strict=True)))
        loop = asyncio.get_running_loop()
        idle_since = loop.time()
        while follow or remaining:
            fetched = await consumer.getmany(*(partitions if follow else remaining),
                                             timeout_ms=500 if follow else 1000,
                                             max_records=max_records)
            batch = [
                Record(m.topic, m.partition, m.offset, m.key, m.value, m.timestamp,
                       tuple(m.headers or ()))
                for tp, messages in sorted(fetched.items(), key=lambda item: item[0].partition)
                for m in messages if follow or m.offset < ends[tp]
            ]
            if not follow:
                remaining = {tp for tp in remaining if await consumer.position(tp) < ends[tp]}
            now = loop.time()
            if batch:
                idle_since = now
                yield batch
            elif follow and idle_seconds is not None and now - idle_since >= idle_seconds:
                return
    finally:
        await stop_quietly(consumer)


async def read_topic(topic: str, settings: Settings | None = None) -> list[Record]:
    """Every record of ``topic`` up to the end offsets at the time of the call."""
    records: list[Record] = []
    async for batch in iter_topic(topic, settings):
        records.extend(batch)
    return sorted(records, key=lambda r: (r.partition, r.offset))
