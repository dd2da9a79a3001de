"""Replay mode: every seed file becomes one raw document on the raw-documents topic."""

from __future__ import annotations

import asyncio
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path

from newsflow.events import RawDocument
from newsflow.headers import headers_of
from newsflow.kafka.producer import make_producer
from newsflow.observability import trail
from newsflow.settings import Settings, get_settings
from newsflow.topics import TopicName, topic_name

SEED_SUFFIXES = {".txt"}


def seed_files(paths: Iterable[Path]) -> Iterator[Path]:
    """The seed files under ``paths`` (files or folders), in a stable order."""
    for path in paths:
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*") if p.suffix in SEED_SUFFIXES)
        elif path.is_file():
            yield path
        else:
            raise FileNotFoundError(f"no seed file or folder at {path}")


def seed_document(path: Path) -> RawDocument:
    """The raw document for a seed file. Its id depends on the file name only, and its
    fetched_at is the file's modification time, so replaying twice yields equal events."""
    text = path.read_text(encoding="utf-8", errors="replace")
    modified = datetime.fromtimestamp(path.stat().st_mtime, tz=UTC)
    return RawDocument.from_seed(path.name, text, fetched_at=modified)


#: Sends awaiting the broker's acknowledgement at most; bounds memory on large replays.
IN_FLIGHT = 1000


async def replay(paths: Iterable[Path], settings: Settings | None = None) -> int:
    """Publish every seed under ``paths``, one file read at a time; returns how many.

    Sends are pipelined (up to ``IN_FLIGHT`` unacknowledged), and every one is acknowledged
    before this returns: a send that fails raises here, after the producer is stopped.
    """
    settings = settings or get_settings()
    producer = make_producer(settings)
    await producer.start()
    count = 0
    pending: list[asyncio.Future[object]] = []
    try:
        topic = topic_name(TopicName.RAW_DOCUMENTS, settings)
        for path in seed_files(paths):
            document = seed_document(path)
            pending.append(await producer.send(
                topic, value=document.to_bytes(), key=document.document_id.encode(),
                headers=headers_of(document, "fetcher", document.document_id),
            ))
            trail.produced("fetcher", topic, document.document_id)
            count += 1
            if len(pending) >= IN_FLIGHT:
                await asyncio.gather(*pending)
                pending.clear()
        await asyncio.gather(*pending)
    finally:
        await producer.stop()
    return count
