"""Read-only offset queries: topic end offsets and consumer-group commits."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import TypeVar

from aiokafka import AIOKafkaConsumer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient
from aiokafka.errors import KafkaConnectionError, NodeNotReadyError, RequestTimedOutError

from newsflow.kafka.config import client_config
from newsflow.settings import Settings, get_settings


async def stop_quietly(consumer: AIOKafkaConsumer) -> None:
    """Stop a consumer; aiokafka can leak a CancelledError of its own internal task from
    ``stop()`` when it stops right after starting, which must not cancel the caller."""
    try:
        await consumer.stop()
    except asyncio.CancelledError:
        task = asyncio.current_task()
        if task is not None and task.cancelling():
            raise


T = TypeVar("T")

#: Errors of a node that is down or restarting: another node of a cluster can answer.
NODE_ERRORS = (NodeNotReadyError, KafkaConnectionError, RequestTimedOutError)


async def with_admin(settings: Settings, call: Callable[[AIOKafkaAdminClient], Awaitable[T]],
                     *, attempts: int = 6) -> T:
    """``call`` with a fresh admin client, tried again (another node answers) when the node
    the client asked is down, as in a cluster that is losing a broker: the metadata names a
    dead broker until the controller fences it (``broker.session.timeout.ms``, 9 s), so the
    attempts span some 7 s."""
    for attempt in range(attempts):
        admin = AIOKafkaAdminClient(**client_config(settings))
        try:
            await admin.start()
            return await call(admin)
        except NODE_ERRORS:
            if attempt == attempts - 1:
                raise
            await asyncio.sleep(0.5 * (attempt + 1))
        finally:
            await admin.close()
    raise AssertionError("unreachable")


async def partition_counts(topics: list[str], settings: Settings | None = None) -> dict[str, int]:
    """{topic: number of partitions} for the topics that exist."""
    settings = settings or get_settings()
    described = await with_admin(settings, lambda admin: admin.describe_topics(topics))
    return {
        t["topic"]: len(t["partitions"])
        for t in described
        if t.get("error_code", 0) == 0 and t["partitions"]
    }


async def _log_offsets(topics: list[str], settings: Settings | None,
                       *, start: bool) -> dict[str, dict[int, int]]:
    settings = settings or get_settings()
    counts = await partition_counts(topics, settings)
    partitions = [TopicPartition(t, p) for t, n in counts.items() for p in range(n)]
    if not partitions:
        return {}
    consumer = AIOKafkaConsumer(**client_config(settings), enable_auto_commit=False)
    await consumer.start()
    try:
        if start:
            offsets = await consumer.beginning_offsets(partitions)
        else:
            offsets = await consumer.end_offsets(partitions)
    finally:
        await stop_quietly(consumer)
    result: dict[str, dict[int, int]] = {}
    for tp, offset in offsets.items():
        result.setdefault(tp.topic, {})[tp.partition] = offset
    return result


async def end_offsets(
    topics: list[str], settings: Settings | None = None
) -> dict[str, dict[int, int]]:
    """{topic: {partition: end offset}} for the topics that exist."""
    return await _log_offsets(topics, settings, start=False)


async def beginning_offsets(
    topics: list[str], settings: Settings | None = None
) -> dict[str, dict[int, int]]:
    """{topic: {partition: log start offset}} (the first offset retention kept)."""
    return await _log_offsets(topics, settings, start=True)


async def committed_offsets(group: str, settings: Settings | None = None) -> dict[str, dict[int, int]]:
    """{topic: {partition: committed offset}} of a consumer group (empty if it has none)."""
    settings = settings or get_settings()
    offsets = await with_admin(settings, lambda admin: admin.list_consumer_group_offsets(group))
    result: dict[str, dict[int, int]] = {}
    for tp, meta in offsets.items():
        if meta.offset >= 0:
            result.setdefault(tp.topic, {})[tp.partition] = meta.offset
    return result
