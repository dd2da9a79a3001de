"""Rebuild an index from the compacted articles topic, the source of truth.

The topic is read from its beginning up to the end offsets taken when the rebuild starts
(later messages are the running indexer's business), into a staging index that the backend
swaps in only when complete (``ArticleIndex.stage`` and ``promote``; SQLite builds a new
file and renames it over the old one, OpenSearch builds a new physical index and moves the
alias). A failed rebuild discards the staging index and leaves the served one as it was.

Stop the indexer worker while rebuilding a SQLite index: it holds the old file open and
would keep writing into the replaced one.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass

from newsflow.kafka.reader import iter_topic
from newsflow.services.indexer.backends import ArticleIndex, stage_index
from newsflow.services.indexer.handler import plan_batch
from newsflow.settings import Settings
from newsflow.shutdown import Interrupted, stop_on_signals
from newsflow.topics import TopicName, topic_name


@dataclass
class ReindexReport:
    backend: str
    messages: int = 0
    upserted: int = 0
    deleted: int = 0
    undecodable: int = 0
    articles: int = 0
    location: str = ""


async def rebuild(
    staging: ArticleIndex, settings: Settings, report: ReindexReport,
    progress: Callable[[int], None] | None = None,
    on_total: Callable[[int], None] | None = None,
    stop: asyncio.Event | None = None,
) -> None:
    """Apply the topic snapshot to ``staging`` (upserts and tombstone deletes); Interrupted
    at the first batch boundary after ``stop`` is set."""
    topic = topic_name(TopicName.ARTICLES, settings)
    async for batch in iter_topic(topic, settings, on_total=on_total, max_records=1000):
        if stop is not None and stop.is_set():
            raise Interrupted(f"{report.messages} messages applied, the rebuild discarded; "
                              "the served index is unchanged")
        plan = plan_batch(batch)
        report.messages += len(batch)
        report.upserted += staging.upsert(plan.upserts)
        report.deleted += staging.delete(plan.deletes)
        report.undecodable += len(plan.dead_letters)
        if progress:
            progress(len(batch))


async def reindex(
    settings: Settings, backend: str | None = None,
    progress: Callable[[int], None] | None = None,
    on_total: Callable[[int], None] | None = None,
) -> ReindexReport:
    """Rebuild the index of ``backend`` (default: the one the settings select). SIGTERM or
    SIGINT stops it at the next batch: the staging index is discarded (Interrupted)."""
    with stop_on_signals() as stop:
        staged = stage_index(settings, backend)
        report = ReindexReport(backend=staged.backend)
        try:
            await rebuild(staged, settings, report, progress, on_total, stop)
            report.articles = staged.count()
        except BaseException:
            staged.discard()
            raise
        report.location = staged.promote()
    return report
