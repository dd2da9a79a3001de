"""Scale out: two parser and two indexer workers per consumer group share the four
partitions; SIGKILL one of each and the survivor takes over its partitions; nothing lost.
Both indexers write the same SQLite file (WAL, 30 s busy timeout)."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from newsflow.services.indexer.backends.sqlite import SqliteIndex
from newsflow.settings import Settings
from newsflow.topics import TopicName, topic_name
from tests.chaos import Supervised, group_assignments, publish_raw, service_env
from tests.helpers import group_caught_up, topic_total, wait_for
from tests.synthetic import expected_article_ids, synthetic_documents

pytestmark = [pytest.mark.integration, pytest.mark.slow]

DOCUMENTS = 2000


def shared(settings: Settings, group: str, topic: str) -> bool:
    held = group_assignments(settings, group, topic)
    return len(held) == 2 and all(held) and sorted(p for ps in held for p in ps) == [0, 1, 2, 3]


def taken_over(settings: Settings, group: str, topic: str) -> bool:
    return group_assignments(settings, group, topic) == [[0, 1, 2, 3]]


def test_two_workers_share_partitions_and_one_takes_over_when_the_other_dies(
    pipeline_settings: Settings, tmp_path: Path
) -> None:
    settings = pipeline_settings.model_copy(update={
        "parser_batch_size": 50, "index_batch_size": 100, "consumer_session_timeout_seconds": 6})
    prefix = settings.topic_prefix
    raw_topic = topic_name(TopicName.RAW_DOCUMENTS, settings)
    articles_topic = topic_name(TopicName.ARTICLES, settings)
    documents = synthetic_documents(DOCUMENTS)
    half = DOCUMENTS // 2
    env = service_env(settings)
    logs = tmp_path / "logs"
    workers = [Supervised(name, env, logs / f"{name}{n}") for name in ("parser", "indexer")
               for n in (1, 2)]
    parser1, parser2, indexer1, indexer2 = workers
    try:
        asyncio.run(publish_raw(settings, []))  # create the topics before the workers join
        for worker in workers:
            worker.start()
        wait_for(lambda: shared(settings, f"{prefix}-parser", raw_topic)
                 and shared(settings, f"{prefix}-indexer", articles_topic),
                 timeout=90, interval=0.5, message="two members sharing four partitions per group")

        asyncio.run(publish_raw(settings, [(d.document_id.encode(), d.to_bytes())
                                           for d in documents[:half]]))
        wait_for(lambda: topic_total(settings, articles_topic) > 0, timeout=60, interval=0.05,
                 message="the parsers to produce")
        parser1.kill()
        indexer1.kill()
        asyncio.run(publish_raw(settings, [(d.document_id.encode(), d.to_bytes())
                                           for d in documents[half:]]))
        wait_for(lambda: taken_over(settings, f"{prefix}-parser", raw_topic)
                 and taken_over(settings, f"{prefix}-indexer", articles_topic),
                 timeout=60, interval=0.5, message="the survivors to hold all four partitions")
        wait_for(lambda: group_caught_up(settings, f"{prefix}-parser", raw_topic)
                 and group_caught_up(settings, f"{prefix}-indexer", articles_topic),
                 timeout=120, interval=0.5, message="the survivors to commit everything")
        assert parser2.running() and indexer2.running()
    except BaseException:
        print("\n".join(w.logs() for w in workers))
        raise
    finally:
        for worker in workers:
            if worker.running():
                worker.terminate()
    index = SqliteIndex(settings.resolved_index_path, read_only=True)
    try:
        assert index.ids() == expected_article_ids(documents)
        assert index.count() == DOCUMENTS
    finally:
        index.close()
