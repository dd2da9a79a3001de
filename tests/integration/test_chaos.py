"""Chaos on the real broker and real processes: 2,500 documents (NEWSFLOW_TEST_CHAOS_DOCUMENTS;
5,000 in the run docs/reliability.md reports, `python -m bench.reliability`) and poison
messages while the parser and the indexer are SIGKILLed and restarted and the broker
restarts once.

At the end the index holds exactly the expected articles and the dead-letter topic exactly
the poison messages, each with its reason. The figures are printed (run with -s) and
reported in docs/reliability.md.
"""

from __future__ import annotations

import asyncio
import json
import os
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

from newsflow.events import decode_dead_letter
from newsflow.kafka.offsets import committed_offsets, end_offsets
from newsflow.kafka.reader import read_topic
from newsflow.ops.dev import kafka as dev_kafka
from newsflow.services.indexer.backends.sqlite import SqliteIndex
from newsflow.settings import Settings
from newsflow.topics import TopicName, topic_name
from tests.chaos import Supervised, publish_raw, service_env
from tests.conftest import ROOT
from tests.helpers import group_caught_up, topic_total, wait_for
from tests.synthetic import expected_article_ids, poison_messages, synthetic_documents

pytestmark = [pytest.mark.integration, pytest.mark.slow]

#: 2,500 in `make test`; `python -m bench.reliability` runs the 5,000 of docs/reliability.md.
DOCUMENTS = int(os.environ.get("NEWSFLOW_TEST_CHAOS_DOCUMENTS", "2500"))
CHUNKS = 10
FULL_SCHEDULE = os.environ.get("NEWSFLOW_TEST_CHAOS_FULL", "") == "1"
MAX_DOCUMENT_BYTES = 200_000  # the oversized poison is ~201 kB, far below max.message.bytes


@pytest.fixture
def own_broker(tmp_path: Path) -> Iterator[tuple[Path, str]]:
    """A broker of this test alone, so restarting it disturbs no other test."""
    data_dir = tmp_path / "broker"
    cache_dir = Path(os.environ.get("NEWSFLOW_CACHE_DIR", ROOT / ".cache"))
    state = dev_kafka.start(data_dir, cache_dir)
    try:
        yield data_dir, state.bootstrap_servers
    finally:
        dev_kafka.stop(data_dir)


def restart_broker(data_dir: Path) -> float:
    started = time.monotonic()
    dev_kafka.kill(data_dir)
    time.sleep(1.0)
    dev_kafka.start(data_dir, Path(os.environ.get("NEWSFLOW_CACHE_DIR", ROOT / ".cache")))
    return time.monotonic() - started


def test_no_loss_no_duplicates_under_kills_and_a_broker_restart(
    tmp_path: Path, own_broker: tuple[Path, str]
) -> None:
    broker_dir, bootstrap = own_broker
    settings = Settings(
        kafka_bootstrap_servers=bootstrap, data_dir=tmp_path / "data", topic_prefix="chaos",
        index_batch_size=250, index_batch_seconds=0.2, parser_batch_size=100,
        parser_batch_seconds=0.2, max_document_bytes=MAX_DOCUMENT_BYTES,
        consumer_session_timeout_seconds=6, assignment_check_seconds=2,
    )
    env = service_env(settings)
    logs = tmp_path / "logs"
    parser, indexer = Supervised("parser", env, logs), Supervised("indexer", env, logs)
    raw_topic = topic_name(TopicName.RAW_DOCUMENTS, settings)
    articles_topic = topic_name(TopicName.ARTICLES, settings)
    dead_topic = topic_name(TopicName.DEAD_LETTERS, settings)

    documents = synthetic_documents(DOCUMENTS)
    expected_ids = expected_article_ids(documents)
    assert len(expected_ids) == DOCUMENTS
    poisons = poison_messages(MAX_DOCUMENT_BYTES)
    size = DOCUMENTS // CHUNKS
    chunks: list[list[tuple[bytes | None, bytes]]] = [
        [(d.document_id.encode(), d.to_bytes()) for d in documents[i * size:(i + 1) * size]]
        for i in range(CHUNKS)
    ]
    for i, poison in enumerate(poisons):  # spread the poison through the stream
        chunks[2 * i].insert(len(chunks[2 * i]) // 2, (poison.key, poison.value))

    # What happens after each chunk is published, while the services work on it. The run of
    # docs/reliability.md (`python -m bench.reliability`) kills each service alone again after
    # the broker's restart; `make test` kills both once then (each kill costs a rebalance
    # that waits out the dead member's session, 6 s).
    chaos: dict[int, list[str]] = {
        1: ["kill parser"], 2: ["kill indexer"], 3: ["kill parser", "kill indexer"],
        4: ["restart broker"], 8: ["kill parser", "kill indexer"],
    }
    if FULL_SCHEDULE:
        chaos.update({6: ["kill indexer"], 7: ["kill parser"]})
    started = time.monotonic()
    broker_restart_seconds = 0.0
    lag_at_kill: dict[str, list[int]] = {"parser": [], "indexer": []}

    def lag(group: str, topic: str) -> int:
        async def measure() -> int:
            ends = (await end_offsets([topic], settings)).get(topic, {})
            done = (await committed_offsets(group, settings)).get(topic, {})
            return sum(end - done.get(p, 0) for p, end in ends.items())
        return asyncio.run(measure())

    def kill_mid_flight(service: Supervised, group: str, topic: str, produced_before: int) -> None:
        """SIGKILL as soon as the service's output has grown and it has uncommitted input."""
        def mid_flight() -> bool:
            parser.ensure_running()  # a worker may have exited to rejoin (watch_assignment)
            indexer.ensure_running()
            return topic_total(settings, articles_topic) > produced_before and lag(group, topic) > 0

        wait_for(mid_flight, timeout=60, interval=0.05,
                 message=f"{service.name} to be mid-flight")
        lag_at_kill[service.name].append(lag(group, topic))
        service.kill()
        service.start()
    parser.start()
    indexer.start()
    try:
        for number, chunk in enumerate(chunks):
            produced_before = topic_total(settings, articles_topic) if number else 0
            asyncio.run(publish_raw(settings, chunk))
            for action in chaos.get(number, []):
                if action == "kill parser":
                    kill_mid_flight(parser, "chaos-parser", raw_topic, produced_before)
                elif action == "kill indexer":
                    kill_mid_flight(indexer, "chaos-indexer", articles_topic, produced_before)
                else:
                    time.sleep(0.5)
                    broker_restart_seconds = restart_broker(broker_dir)
            parser.ensure_running()
            indexer.ensure_running()

        def drained() -> bool:
            parser.ensure_running()
            indexer.ensure_running()
            return (group_caught_up(settings, "chaos-parser", raw_topic)
                    and group_caught_up(settings, "chaos-indexer", articles_topic))

        wait_for(drained, timeout=240, interval=1.0, message="both groups to commit everything")
    except BaseException:
        print(parser.logs(), indexer.logs())
        raise
    finally:
        parser.terminate()
        indexer.terminate()
    elapsed = time.monotonic() - started

    index = SqliteIndex(settings.resolved_index_path, read_only=True)
    try:
        indexed = index.ids()
        count = index.count()
    finally:
        index.close()
    assert count == len(indexed) == DOCUMENTS
    assert indexed == expected_ids, (len(indexed - expected_ids), len(expected_ids - indexed))

    records = asyncio.run(read_topic(dead_topic, settings))
    letters = [decode_dead_letter(r.value) for r in records]
    by_source = {(dl.source_topic, dl.partition, dl.offset): dl for dl in letters}
    assert {dl.key for dl in by_source.values()} == {p.key.decode() for p in poisons}
    assert len(by_source) == len(poisons)  # exactly the poison messages (each maybe retried)
    expected_class = {p.key.decode(): p.error_class for p in poisons}
    for dl in letters:
        assert dl.stage == "parser" and dl.source_topic == raw_topic and dl.reason
        assert dl.error_class == expected_class[dl.key or ""]
        assert dl.original_bytes() == next(p.value for p in poisons if p.key.decode() == dl.key)

    article_records = asyncio.run(read_topic(articles_topic, settings))
    figures = {
        "documents": DOCUMENTS, "poison_messages": len(poisons),
        "parser_sigkills": parser.kills, "indexer_sigkills": indexer.kills,
        "broker_restarts": 1, "broker_restart_seconds": round(broker_restart_seconds, 1),
        "unplanned_restarts": {"parser": parser.crash_restarts, "indexer": indexer.crash_restarts},
        "uncommitted_input_at_each_kill": lag_at_kill,
        "indexed_articles": count,
        "article_records_produced": len(article_records),
        "article_redeliveries": len(article_records) - DOCUMENTS,
        "dead_letter_records": len(letters),
        "dead_letters_by_class": dict(Counter(dl.error_class for dl in letters)),
        "seconds": round(elapsed, 1),
    }
    print("CHAOS FIGURES", json.dumps(figures))
    # The kills hit work in flight (else this test would prove nothing about re-delivery).
    assert sum(lag_at_kill["parser"]) > 0 and sum(lag_at_kill["indexer"]) > 0
