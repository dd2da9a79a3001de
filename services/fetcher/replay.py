"""Replay mode: every seed file becomes one raw document on the raw-documents topic."""

from __future__ import annotations

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


async def replay(paths: Iterable[Path], settings: Settings | None = None) -> list[RawDocument]:
    """Publish every seed under ``paths``; returns the documents published."""
    settings = settings or get_settings()
    documents = [seed_document(p) for p in seed_files(paths)]
    producer = make_producer(settings)
    await producer.start()
    try:
        topic = topic_name(TopicName.RAW_DOCUMENTS, settings)
        for document in documents:
            await producer.send_and_wait(
                topic, value=document.to_bytes(), key=document.document_id.encode(),
                headers=headers_of(document, "fetcher", document.document_id),
            )
            trail.produced("fetcher", topic, document.document_id)
    finally:
        await producer.stop()
    return documents
