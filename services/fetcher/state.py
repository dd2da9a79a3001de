"""Seen-URL state kept in Kafka: one FetchRecord per canonical URL on the compacted
``fetch.state`` topic, read back whole at start-up, and the re-fetch policy over it."""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from aiokafka import AIOKafkaConsumer, TopicPartition

from newsflow.events import DecodeError, FetchRecord, decode_fetch_record
from newsflow.kafka.config import client_config
from newsflow.kafka.offsets import partition_counts, stop_quietly
from newsflow.settings import Settings
from newsflow.topics import TopicName, topic_name

log = logging.getLogger("newsflow.fetcher.state")


def body_hash(body: bytes) -> str:
    return hashlib.sha256(body).hexdigest()


def conditional_headers(record: FetchRecord | None) -> dict[str, str]:
    """If-None-Match / If-Modified-Since from what the last fetch learned."""
    if record is None:
        return {}
    headers: dict[str, str] = {}
    if record.etag:
        headers["If-None-Match"] = record.etag
    if record.last_modified:
        headers["If-Modified-Since"] = record.last_modified
    return headers


@dataclass(frozen=True)
class RefetchPolicy:
    """A seen article is checked again when it is young (first seen less than ``window``
    ago) and its last fetch is at least ``interval`` old; older articles are left alone."""

    window: timedelta
    interval: timedelta

    def due(self, record: FetchRecord | None, now: datetime) -> bool:
        if record is None:
            return True
        if now - record.first_seen > self.window:
            return False
        return now - record.last_fetched >= self.interval


async def read_fetch_state(settings: Settings) -> dict[str, FetchRecord]:
    """Every record of the state topic up to its current end (the last one per URL wins)."""
    topic = topic_name(TopicName.FETCH_STATE, settings)
    counts = await partition_counts([topic], settings)
    assigned = [TopicPartition(topic, p) for p in range(counts.get(topic, 0))]
    state: dict[str, FetchRecord] = {}
    if not assigned:
        return state
    consumer = AIOKafkaConsumer(**client_config(settings), enable_auto_commit=False,
                                auto_offset_reset="earliest")
    await consumer.start()
    try:
        consumer.assign(assigned)
        await consumer.seek_to_beginning(*assigned)
        ends = await consumer.end_offsets(assigned)
        remaining = {tp for tp, end in ends.items() if end > 0}
        while remaining:
            batches = await consumer.getmany(*remaining, timeout_ms=1000)
            for messages in batches.values():
                for message in messages:
                    key = message.key.decode("utf-8", "replace") if message.key else None
                    if message.value is None:  # a tombstone forgets the URL
                        if key:
                            state.pop(key, None)
                        continue
                    try:
                        record = decode_fetch_record(message.value)
                    except DecodeError as exc:
                        log.warning("skipping a state record at offset %d: %s", message.offset,
                                    exc.reason)
                        continue
                    state[record.url] = record
            for tp in list(remaining):
                if await consumer.position(tp) >= ends[tp]:
                    remaining.discard(tp)
    finally:
        await stop_quietly(consumer)
    return state
