"""SIGTERM: each service finishes its in-flight batch, commits, and exits within 10 s.

"Finished and committed" is checked exactly: after the exit, the parser's committed input
equals the records it produced, and the indexer's committed input equals the articles in
the index. A batch processed but not committed, or committed but not written, breaks the
equality.
"""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

import pytest

from newsflow.kafka.offsets import committed_offsets
from newsflow.settings import Settings
from newsflow.topics import TopicName, topic_name
from tests.chaos import Supervised, publish_raw, service_env
from tests.helpers import indexed, topic_total, wait_for
from tests.synthetic import synthetic_documents

pytestmark = [pytest.mark.integration, pytest.mark.slow]

SHUTDOWN_BOUND_SECONDS = 10.0


def committed_total(settings: Settings, group: str, topic: str) -> int:
    return sum(asyncio.run(committed_offsets(group, settings)).get(topic, {}).values())


def test_sigterm_finishes_the_batch_commits_and_exits_quickly(
    pipeline_settings: Settings, tmp_path: Path
) -> None:
    settings = pipeline_settings.model_copy(update={"parser_batch_size": 100,
                                                    "index_batch_size": 100})
    prefix = settings.topic_prefix
    raw_topic = topic_name(TopicName.RAW_DOCUMENTS, settings)
    articles_topic = topic_name(TopicName.ARTICLES, settings)
    documents = synthetic_documents(3000)
    asyncio.run(publish_raw(settings, [(d.document_id.encode(), d.to_bytes()) for d in documents]))

    # At WARNING, Faust's terminal spinner would take over the root logger (and write
    # terminal escapes into the log); run_worker turns it off.
    parser = Supervised("parser", service_env(settings, NEWSFLOW_LOG_LEVEL="WARNING"),
                        tmp_path / "logs")
    parser.start()
    wait_for(lambda: topic_total(settings, articles_topic) >= 1000, timeout=90, interval=0.05,
             message="the parser to produce")
    parser_seconds = parser.terminate()
    assert parser.process is not None and parser.process.returncode == 0, parser.logs()
    produced = topic_total(settings, articles_topic)
    assert "\x1b[" not in parser.logs(), "terminal escapes in the parser's log"
    assert committed_total(settings, f"{prefix}-parser", raw_topic) == produced
    assert topic_total(settings, topic_name(TopicName.DEAD_LETTERS, settings)) == 0

    # A slow index (1 s per batch) makes sure a batch is in flight when SIGTERM arrives.
    indexer = Supervised("indexer", service_env(settings, NEWSFLOW_INDEX_TEST_DELAY_SECONDS="1.0"),
                         tmp_path / "logs")
    indexer.start()
    wait_for(lambda: indexed(settings) > 0, timeout=60, interval=0.05,
             message="the indexer to write its first batch")
    time.sleep(0.3)  # into the next batch's delay
    indexer_seconds = indexer.terminate()
    assert indexer.process is not None and indexer.process.returncode == 0, indexer.logs()
    count = indexed(settings)
    assert committed_total(settings, f"{prefix}-indexer", articles_topic) == count
    assert count < produced, "the indexer was stopped mid-stream"
    print(f"SHUTDOWN FIGURES parser {parser_seconds:.1f}s ({produced} of {len(documents)} parsed), "
          f"indexer {indexer_seconds:.1f}s ({count} indexed)")
    assert parser_seconds < SHUTDOWN_BOUND_SECONDS
    assert indexer_seconds < SHUTDOWN_BOUND_SECONDS
