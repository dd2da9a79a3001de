"""Rebuild an index from the compacted articles topic, the source of truth.

The topic is read from its beginning up to the end offsets taken when the rebuild starts
(later messages are the running indexer's business), into a staging index that is swapped
in only when complete: SQLite builds a new file and ``os.replace``s it over the old one;
OpenSearch builds a new physical index and moves the alias in one atomic call. A failed
rebuild leaves the serving index as it was.

Stop the indexer worker while rebuilding a SQLite index: it holds the old file open and
would keep writing into the replaced one.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from pathlib import Path

from aiokafka import AIOKafkaConsumer, ConsumerRecord, TopicPartition

from newsflow.kafka.config import client_config
from newsflow.kafka.offsets import end_offsets, stop_quietly
from newsflow.services.indexer.backends.base import ArticleIndex
from newsflow.services.indexer.handler import plan_batch
from newsflow.settings import Settings
from newsflow.topics import CATALOGUE, TopicName


@dataclass
class ReindexReport:
    backend: str
    messages: int = 0
    upserted: int = 0
    deleted: int = 0
    undecodable: int = 0
    articles: int = 0
    location: str = ""


async def read_snapshot(
    settings: Settings, on_total: Callable[[int], None] | None = None
) -> AsyncIterator[list[ConsumerRecord[bytes, bytes]]]:
    """Batches of the articles topic from its beginning to today's end offsets."""
    topic = CATALOGUE[TopicName.ARTICLES].name(settings.topic_prefix)
    ends = (await end_offsets([topic], settings)).get(topic, {})
    consumer = AIOKafkaConsumer(**client_config(settings), enable_auto_commit=False,
                                group_id=None, auto_offset_reset="earliest")
    await consumer.start()
    try:
        partitions = [TopicPartition(topic, p) for p, end in ends.items() if end > 0]
        if not partitions:
            if on_total:
                on_total(0)
            return
        consumer.assign(partitions)
        begins = await consumer.beginning_offsets(partitions)
        if on_total:
            on_total(sum(ends[tp.partition] - begins[tp] for tp in partitions))
        await consumer.seek_to_beginning(*partitions)
        remaining = {tp for tp in partitions if begins[tp] < ends[tp.partition]}
        while remaining:
            fetched = await consumer.getmany(*remaining, timeout_ms=1000, max_records=1000)
            batch = []
            for tp, records in fetched.items():
                batch += [r for r in records if r.offset < ends[tp.partition]]
            for tp in list(remaining):
                if await consumer.position(tp) >= ends[tp.partition]:
                    remaining.discard(tp)
            if batch:
                yield batch
    finally:
        await stop_quietly(consumer)


async def rebuild(
    staging: ArticleIndex, settings: Settings, report: ReindexReport,
    progress: Callable[[int], None] | None = None,
    on_total: Callable[[int], None] | None = None,
) -> None:
    """Apply the topic snapshot to ``staging`` (upserts and tombstone deletes)."""
    async for batch in read_snapshot(settings, on_total):
        plan = plan_batch(batch)
        report.messages += len(batch)
        report.upserted += staging.upsert(plan.upserts)
        report.deleted += staging.delete(plan.deletes)
        report.undecodable += len(plan.dead_letters)
        if progress:
            progress(len(batch))


def staging_path(target: Path) -> Path:
    return target.with_name(target.name + ".rebuild")


def _remove_sqlite_files(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(str(path) + suffix).unlink(missing_ok=True)


async def reindex(
    settings: Settings, backend: str,
    progress: Callable[[int], None] | None = None,
    on_total: Callable[[int], None] | None = None,
) -> ReindexReport:
    report = ReindexReport(backend=backend)
    if backend == "sqlite":
        from newsflow.services.indexer.backends.sqlite import SqliteIndex

        target = settings.resolved_index_path
        staged_path = staging_path(target)
        _remove_sqlite_files(staged_path)
        staged = SqliteIndex(staged_path, batch_size=settings.index_batch_size)
        try:
            await rebuild(staged, settings, report, progress, on_total)
            report.articles = staged.count()
            # One self-contained file (no WAL beside it) to move into place.
            staged.db.execute("PRAGMA journal_mode=DELETE")
        finally:
            staged.close()
        target.parent.mkdir(parents=True, exist_ok=True)
        Path(str(target) + "-wal").unlink(missing_ok=True)
        Path(str(target) + "-shm").unlink(missing_ok=True)
        os.replace(staged_path, target)
        report.location = str(target)
        return report
    if backend == "opensearch":
        from newsflow.services.indexer.backends.opensearch import OpenSearchIndex

        if not settings.opensearch_url:
            raise ValueError("set NEWSFLOW_OPENSEARCH_URL to reindex into OpenSearch")
        live = OpenSearchIndex(settings.opensearch_url, settings.resolved_opensearch_alias,
                               timeout=settings.opensearch_timeout,
                               batch_size=settings.index_batch_size)
        staged_index = live.staging()
        try:
            await rebuild(staged_index, settings, report, progress, on_total)
        except BaseException:
            staged_index._request("DELETE", f"/{staged_index.target}")
            raise
        report.articles = staged_index.count()
        live.swap_in(staged_index)
        report.location = f"{live.url}/{live.alias} -> {staged_index.target}"
        return report
    raise ValueError(f"unknown backend {backend!r}: sqlite or opensearch")
