"""Backpressure: with a deliberately slow index (NEWSFLOW_INDEX_TEST_DELAY_SECONDS), the
indexer's memory stays bounded while a backlog many times larger waits on the topic.

Faust buffers at most NEWSFLOW_STREAM_BUFFER_SIZE messages per partition and pauses
fetching beyond that; the memory bound asserted here is generous on purpose. The RSS
samples are printed (run with -s) and reported in docs/reliability.md.
"""

from __future__ import annotations

import asyncio
import json
import time
from pathlib import Path

import pytest

from newsflow.kafka.admin import ensure_topics
from newsflow.kafka.producer import make_producer
from newsflow.services.parser.document import parse_document
from newsflow.settings import Settings
from newsflow.topics import TopicName, topic_name
from tests.chaos import Supervised, group_assignments, service_env
from tests.helpers import indexed, wait_for
from tests.synthetic import synthetic_documents

pytestmark = [pytest.mark.integration, pytest.mark.slow]

ARTICLES = 1500
PADDING = 200_000  # characters of extra body per article: a ~300 MB backlog in total
SAMPLE_SECONDS = 12.0
#: How much a slow indexer may grow over its idle size while a 300 MB backlog waits.
#: (An absolute bound would measure the base footprint instead: the search analysis's word
#: lists took it from about 240 to 350 MiB; docs/benchmarks.md tracks that figure.)
RSS_GROWTH_BOUND_MB = 150


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise AssertionError("no VmRSS")


async def publish_articles(settings: Settings) -> int:
    await ensure_topics(settings=settings)
    base = [parse_document(d) for d in synthetic_documents(ARTICLES)]
    producer = make_producer(settings, linger_ms=20)
    await producer.start()
    total = 0
    try:
        topic = topic_name(TopicName.ARTICLES, settings)
        futures = []
        for article in base:
            padded = article.model_copy(update={"body": article.body + "\n\n" + "y" * PADDING})
            value = padded.to_bytes()
            total += len(value)
            futures.append(await producer.send(topic, value=value, key=article.id.encode()))
        await asyncio.gather(*futures)
    finally:
        await producer.stop()
    return total


def test_a_slow_index_keeps_the_indexer_memory_bounded(
    pipeline_settings: Settings, tmp_path: Path
) -> None:
    settings = pipeline_settings.model_copy(update={"index_batch_size": 20})
    asyncio.run(ensure_topics(settings=settings))
    indexer = Supervised("indexer", service_env(settings, NEWSFLOW_INDEX_TEST_DELAY_SECONDS="0.5",
                                                NEWSFLOW_STREAM_BUFFER_SIZE="20",
                                                NEWSFLOW_CONSUMER_FETCH_BYTES="1048576"),
                         tmp_path / "logs")
    indexer.start()
    samples: list[tuple[float, float, int]] = []
    try:
        articles_topic = topic_name(TopicName.ARTICLES, settings)
        wait_for(lambda: group_assignments(settings, f"{settings.topic_prefix}-indexer",
                                           articles_topic) == [[0, 1, 2, 3]],
                 timeout=60, message="the indexer to join")
        time.sleep(2.0)
        idle_rss = rss_mb(indexer.pid)
        backlog_bytes = asyncio.run(publish_articles(settings))
        wait_for(lambda: indexed(settings) > 0, timeout=60, message="the first batch")
        started = time.monotonic()
        while time.monotonic() - started < SAMPLE_SECONDS:
            samples.append((round(time.monotonic() - started, 1), round(rss_mb(indexer.pid), 1),
                            indexed(settings)))
            time.sleep(1.0)
        assert indexer.running(), indexer.logs()
    finally:
        indexer.terminate()
    peak = max(rss for _, rss, _ in samples)
    done = samples[-1][2]
    print("BACKPRESSURE FIGURES", json.dumps({
        "backlog_mb": round(backlog_bytes / 1e6, 1), "articles": ARTICLES,
        "idle_rss_mb": round(idle_rss, 1),
        "indexed_after_sampling": done, "peak_rss_mb": peak,
        "rss_first_mb": samples[0][1], "rss_last_mb": samples[-1][1], "samples": samples}))
    assert done < ARTICLES * 0.8, "the index was not slow enough to build a backlog"
    assert peak - idle_rss < RSS_GROWTH_BOUND_MB
    # Far less than the backlog is held in memory: the rest waits on the topic. (Holding it
    # would take more than its size; the growth includes the libraries loaded on first use.)
    assert peak - idle_rss < backlog_bytes / 1e6
