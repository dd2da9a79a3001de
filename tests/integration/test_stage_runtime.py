"""The stage runtime on a real broker: one article followed from its raw document to the
indexer's dead letter by one correlation id, and a sink slower than the consumer session
timeout that does not cost the worker its partitions."""

from __future__ import annotations

import asyncio
import json
import re
import time
import urllib.request
from pathlib import Path

import pytest

from newsflow.events import decode_dead_letter
from newsflow.headers import correlation_id, decode_headers
from newsflow.kafka.admin import ensure_topics
from newsflow.kafka.producer import make_producer
from newsflow.kafka.reader import read_topic
from newsflow.ops.dev.processes import find_free_port
from newsflow.services.fetcher.replay import replay
from newsflow.services.parser.document import parse_document
from newsflow.settings import Settings
from newsflow.topics import TopicName, topic_name
from tests.helpers import group_caught_up, indexed, service, topic_total, wait_for
from tests.synthetic import synthetic_documents

pytestmark = pytest.mark.integration


async def produce(settings: Settings, topic: str,
                  records: list[tuple[bytes, bytes, list[tuple[str, bytes]]]]) -> None:
    await ensure_topics(settings=settings)
    producer = make_producer(settings)
    await producer.start()
    try:
        for key, value, headers in records:
            await producer.send_and_wait(topic, value, key=key, headers=headers)
    finally:
        await producer.stop()


def test_an_indexer_dead_letter_carries_the_raw_documents_correlation_id(
    pipeline_settings: Settings, pipeline_env: dict[str, str], tmp_path: Path
) -> None:
    settings = pipeline_settings
    logs = settings.data_dir / "logs"
    articles_topic = topic_name(TopicName.ARTICLES, settings)
    dead_topic = topic_name(TopicName.DEAD_LETTERS, settings)
    seed = tmp_path / "seeds" / "correlation.txt"
    seed.parent.mkdir()
    seed.write_text("Ein Titel für die Korrelation\n\nEin Absatz, der lang genug für einen "
                    "Artikel ist, mit einem Satz über Hai Phong und Berlin.\n", encoding="utf-8")
    asyncio.run(ensure_topics(settings=settings))
    assert asyncio.run(replay([seed.parent], settings)) == 1

    with service("parser", pipeline_env, logs), service("indexer", pipeline_env, logs):
        wait_for(lambda: indexed(settings) == 1, timeout=90, message="the article to be indexed")
        [article] = asyncio.run(read_topic(articles_topic, settings))
        headers = list(article.headers)
        raw_id = correlation_id(headers)
        assert raw_id and raw_id != (article.key or b"").decode()
        # A newer parser (a rolling upgrade) writes the same article in a schema version
        # this indexer does not know: the indexer dead-letters it.
        newer = {**json.loads(article.value or b"{}"), "schema_version": 99}
        asyncio.run(produce(settings, articles_topic,
                            [(article.key or b"", json.dumps(newer).encode(), headers)]))
        wait_for(lambda: topic_total(settings, dead_topic) == 1, timeout=60,
                 message="the indexer's dead letter")

    [letter] = asyncio.run(read_topic(dead_topic, settings))
    assert decode_headers(letter.headers)["producer"] == "indexer"
    assert correlation_id(list(letter.headers)) == raw_id
    assert decode_dead_letter(letter.value).error_class == "unknown_schema_version"
    # One grep by that id finds the document in every service's log.
    found = {path.name.split("-")[0] for path in logs.glob("*.log")
             if f'"correlation_id": "{raw_id}"' in path.read_text(errors="replace")}
    assert found == {"parser", "indexer"}


def metric(port: int, name: str) -> float:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=10) as response:
        text = response.read().decode()
    values = [float(m.group(1)) for m in
              re.finditer(rf"^{name}\{{[^}}]*\}} ([0-9.e+]+)$", text, re.MULTILINE)]
    return sum(values)


def test_a_sink_slower_than_the_session_timeout_keeps_the_workers_partitions(
    pipeline_settings: Settings, pipeline_env: dict[str, str]
) -> None:
    settings = pipeline_settings
    logs = settings.data_dir / "logs"
    documents = synthetic_documents(40)
    articles = [parse_document(d) for d in documents]
    asyncio.run(produce(settings, topic_name(TopicName.ARTICLES, settings),
                        [(a.id.encode(), a.to_bytes(), []) for a in articles]))
    port = find_free_port()
    env = {**pipeline_env,
           "NEWSFLOW_CONSUMER_SESSION_TIMEOUT_SECONDS": "6",
           # each write takes longer than the session timeout: on the event loop, the
           # worker would miss its heartbeats and the group would take its partitions
           "NEWSFLOW_INDEX_TEST_DELAY_SECONDS": "9",
           "NEWSFLOW_INDEX_BATCH_SIZE": "10",
           "NEWSFLOW_INDEXER_METRICS_PORT": str(port)}
    slowest = 0.0
    with service("indexer", env, logs):
        # While the sink writes, the worker's event loop goes on: /health answers at once.
        # (Faust's consumer heart-beats from a thread of its own, so a blocked loop would
        # keep the partitions, but it would stall every other task: the ops server, the
        # lag probe, the producer.)
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            started = time.monotonic()
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=30):
                    slowest = max(slowest, time.monotonic() - started)
            except OSError:
                pass  # not listening yet
            if indexed(settings) >= 20:
                break
            time.sleep(0.3)
        assert indexed(settings) >= 20, "two slow batches were not written within 120 s"
        revoked = metric(port, "newsflow_partitions_revoked_total")
        consumed = metric(port, "newsflow_messages_consumed_total")
    assert revoked == 0, f"the worker lost {revoked} partitions while its sink wrote"
    assert consumed >= 20
    assert slowest < 3.0, f"/health took {slowest:.1f}s while the sink wrote: the loop was blocked"


def test_batches_in_flight_are_committed_only_once_finished_and_in_order(
    pipeline_settings: Settings, pipeline_env: dict[str, str]
) -> None:
    """The stages handle a batch while the one before it is still being written and
    delivered: in small batches, every offset the groups commit has its outputs on the
    broker (and in the index) by then."""
    settings = pipeline_settings
    logs = settings.data_dir / "logs"
    raw_topic = topic_name(TopicName.RAW_DOCUMENTS, settings)
    articles_topic = topic_name(TopicName.ARTICLES, settings)
    documents = synthetic_documents(300)
    asyncio.run(produce(settings, raw_topic,
                        [(d.document_id.encode(), d.to_bytes(), []) for d in documents]))
    env = {**pipeline_env, "NEWSFLOW_PARSER_BATCH_SIZE": "7", "NEWSFLOW_INDEX_BATCH_SIZE": "11"}
    outputs: list[int] = []
    indexed_then: list[int] = []
    with service("parser", env, logs), service("indexer", env, logs):
        def parser_done() -> bool:
            if not group_caught_up(settings, f"{settings.topic_prefix}-parser", raw_topic):
                return False
            outputs.append(topic_total(settings, articles_topic)
                           + topic_total(settings, topic_name(TopicName.DEAD_LETTERS, settings)))
            return True

        wait_for(parser_done, timeout=120, message="the parser's group to commit every offset")

        def indexer_done() -> bool:
            if not group_caught_up(settings, f"{settings.topic_prefix}-indexer", articles_topic):
                return False
            indexed_then.append(indexed(settings))
            return True

        wait_for(indexer_done, timeout=120, message="the indexer's group to commit every offset")
    # committed: delivered (every document makes an article or a dead letter) and written
    assert outputs[-1] >= len(documents)
    assert indexed_then[-1] == topic_total(settings, articles_topic) == len(documents)
