"""Replay mode: every seed file becomes one raw document on the raw-documents topic."""

from __future__ import annotations

import asyncio
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path

from newsflow.events import RawDocument
from newsflow.kafka.delivery import Output, Send, deliver, producer_send
from newsflow.kafka.producer import make_producer
from newsflow.settings import Settings, get_settings
from newsflow.shutdown import Interrupted, stop_on_signals
from newsflow.topics import TopicName

SERVICE = "fetcher"

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


#: Records sent before waiting for their acknowledgements; bounds memory on large replays.
IN_FLIGHT = 1000


async def replay(paths: Iterable[Path], settings: Settings | None = None,
                 stop: asyncio.Event | None = None) -> int:
    """Publish every seed under ``paths``, one file read at a time; returns how many.

    Sent in pipelined chunks of ``IN_FLIGHT`` through the pipeline's one delivery path
    (``newsflow.kafka.delivery``), every record acknowledged before this returns; one that
    cannot be delivered within the retry budget raises DeliveryFailed. SIGTERM or SIGINT
    (or ``stop``) ends the replay after the chunk in flight is acknowledged: Interrupted
    says how many were published, and a rerun republishes everything idempotently.
    """
    settings = settings or get_settings()
    producer = make_producer(settings)
    await producer.start()
    with stop_on_signals(stop) as stopping:
        try:
            count = await _publish(paths, settings, producer_send(producer, SERVICE), stopping)
        finally:
            await producer.stop()
    if stopping.is_set():
        raise Interrupted(f"{count} seed documents published and acknowledged")
    return count


async def _publish(paths: Iterable[Path], settings: Settings, send: Send,
                   stopping: asyncio.Event) -> int:
    count = 0
    chunk: list[Output] = []
    for path in seed_files(paths):
        if stopping.is_set():
            break
        document = seed_document(path)
        chunk.append(Output.of(TopicName.RAW_DOCUMENTS, document.document_id, document,
                               SERVICE, document.document_id))
        count += 1
        if len(chunk) >= IN_FLIGHT:
            await deliver(chunk, send, retry_seconds=settings.delivery_retry_seconds,
                          settings=settings)
            chunk = []
    await deliver(chunk, send, retry_seconds=settings.delivery_retry_seconds, settings=settings)
    return count
