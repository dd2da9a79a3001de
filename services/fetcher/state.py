"""Seen-URL state kept in Kafka: one FetchRecord per canonical URL on the compacted
``fetch.state`` topic, read back whole at start-up, and the re-fetch policy over it."""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from newsflow.events import DecodeError, FetchRecord, decode_fetch_record
from newsflow.kafka.reader import iter_topic
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
    state: dict[str, FetchRecord] = {}
    async for batch in iter_topic(topic_name(TopicName.FETCH_STATE, settings), settings):
        for message in batch:
            key = message.key.decode("utf-8", "replace") if message.key else None
            if message.value is None:  # a tombstone forgets the URL
                if key:
                    state.pop(key, None)
                continue
            try:
                record = decode_fetch_record(message.value)
            except DecodeError as exc:
                log.warning("skipping a state record at offset %d: %s", message.offset, exc.reason)
                continue
            state[record.url] = record
    return state
