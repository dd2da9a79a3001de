"""Read a whole topic, from its first retained offset to its end, without a consumer group."""

from __future__ import annotations

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


async def read_topic(topic: str, settings: Settings | None = None) -> list[Record]:
    """Every record of ``topic`` up to the end offsets at the time of the call."""
    settings = settings or get_settings()
    count = (await partition_counts([topic], settings)).get(topic, 0)
    if not count:
        return []
    partitions = [TopicPartition(topic, p) for p in range(count)]
    consumer = AIOKafkaConsumer(**client_config(settings), enable_auto_commit=False,
                                max_partition_fetch_bytes=32 * 1024 * 1024)
    await consumer.start()
    try:
        consumer.assign(partitions)
        ends = await consumer.end_offsets(partitions)
        for tp, first in (await consumer.beginning_offsets(partitions)).items():
            consumer.seek(tp, first)
        records: list[Record] = []
        remaining = {tp for tp in partitions if await consumer.position(tp) < ends[tp]}
        while remaining:
            batches = await consumer.getmany(*remaining, timeout_ms=1000)
            for tp, messages in batches.items():
                for m in messages:
                    if m.offset < ends[tp]:
                        records.append(Record(m.topic, m.partition, m.offset, m.key, m.value,
                                              m.timestamp))
            remaining = {tp for tp in remaining if await consumer.position(tp) < ends[tp]}
        return sorted(records, key=lambda r: (r.partition, r.offset))
    finally:
        await stop_quietly(consumer)
