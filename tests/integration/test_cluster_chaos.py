"""Chaos on a replicated cluster: three KRaft nodes (each broker and controller), topics
with replication factor 3 and min.insync.replicas 2, producers with acks=all and
idempotence. 2,500 documents (NEWSFLOW_TEST_CHAOS_DOCUMENTS; 5,000 in the run of
docs/reliability.md, `python -m bench.reliability`) and poison messages are published while

(a) the leader of the busiest partition of each topic is SIGKILLed and restarted,
(b) the active controller is SIGKILLed and restarted,
(c) one broker is stopped and kept down while the stream goes on, for
    NEWSFLOW_TEST_BROKER_DOWN_SECONDS: 30 s in the run docs/reliability.md reports
    (`python -m bench.reliability`); 0 in `make test`, which skips it to keep the suite
    short: each node killed in (a) and (b) stays away until the pipeline's output has grown
    again (9-14 s), so the suite still sees a broker away while the stream goes on.

At the end the index holds exactly the expected articles and the dead-letter topic exactly
the poison messages; no service had to be restarted. The figures are printed (run with -s)
and reported in docs/reliability.md.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from newsflow.events import decode_dead_letter
from newsflow.kafka.admin import ensure_topics
from newsflow.kafka.delivery import Output, deliver, producer_send
from newsflow.kafka.offsets import with_admin
from newsflow.kafka.producer import make_producer
from newsflow.kafka.reader import read_topic
from newsflow.ops.dev.cluster import KafkaCluster
from newsflow.services.indexer.backends.sqlite import SqliteIndex
from newsflow.settings import Settings
from newsflow.topics import TopicName, topic_name
from tests.chaos import Supervised, service_env
from tests.conftest import ROOT
from tests.helpers import group_caught_up, topic_total, wait_for
from tests.synthetic import expected_article_ids, poison_messages, synthetic_documents

pytestmark = [pytest.mark.integration, pytest.mark.slow]

DOCUMENTS = int(os.environ.get("NEWSFLOW_TEST_CHAOS_DOCUMENTS", "2500"))
MAX_DOCUMENT_BYTES = 200_000
DOWN_SECONDS = float(os.environ.get("NEWSFLOW_TEST_BROKER_DOWN_SECONDS", "0"))


@pytest.fixture
def cluster(tmp_path: Path) -> Iterator[KafkaCluster]:
    nodes = KafkaCluster(tmp_path / "cluster", Path(os.environ.get("NEWSFLOW_CACHE_DIR",
                                                                   ROOT / ".cache")))
    nodes.start()
    try:
        yield nodes
    finally:
        nodes.stop()


async def partition_leaders(settings: Settings, topics: list[str]) -> dict[tuple[str, int], int]:
    described = await with_admin(settings, lambda admin: admin.describe_topics(topics))
    return {(t["topic"], p["partition"]): p["leader"]
            for t in described for p in t["partitions"]}


def leaders(settings: Settings, topics: list[str]) -> dict[tuple[str, int], int]:
    """The partition leaders, asked until a live node answers (just after a kill the
    metadata may still send the question to the dead one)."""
    return wait_for(lambda: asyncio.run(partition_leaders(settings, topics)), timeout=60,
                    interval=1.0, message="the partition leaders")


async def end_offsets_of(settings: Settings, topic: str) -> dict[int, int]:
    from newsflow.kafka.offsets import end_offsets

    return (await end_offsets([topic], settings)).get(topic, {})


class Publisher(threading.Thread):
    """Publishes the documents in small chunks (one every 1.8 s, of as many documents as
    that takes) through the pipeline's delivery path (acked,
    retried within the budget), paced to last ``seconds``, so the stream lasts through the
    chaos. Once the chaos is over (``hurry``), the rest goes out unpaced. So the pace can be
    set for a slow host without costing a fast one: before, the stream lasted 90 s whatever
    the host, which a fast host waited out after its failures were done, and on a loaded one
    (node restarts of 21 s each) the stream was over before the controller's kill (a failed
    run, 145 s into the chaos)."""

    def __init__(self, settings: Settings, records: list[tuple[bytes, bytes]], seconds: float):
        super().__init__(daemon=True)
        self.settings, self.records, self.seconds = settings, records, seconds
        self.error: BaseException | None = None
        self.done = threading.Event()
        self.hurry = threading.Event()

    def run(self) -> None:
        try:
            asyncio.run(self._publish())
        except BaseException as exc:
            self.error = exc
        finally:
            self.done.set()

    async def _publish(self) -> None:
        producer = make_producer(self.settings)
        await producer.start()
        send = producer_send(producer)
        pause = 1.8
        chunk = max(1, round(len(self.records) * pause / self.seconds))
        try:
            for start in range(0, len(self.records), chunk):
                outputs = [Output(TopicName.RAW_DOCUMENTS, key, value, [])
                           for key, value in self.records[start:start + chunk]]
                await deliver(outputs, send, retry_seconds=120, settings=self.settings)
                if not self.hurry.is_set():  # the pause, cut short when the chaos is over
                    await asyncio.to_thread(self.hurry.wait, pause)
        finally:
            await producer.stop()


def test_no_loss_no_duplicates_on_a_three_broker_cluster_losing_leaders_and_controller(
    tmp_path: Path, cluster: KafkaCluster
) -> None:
    settings = Settings(
        kafka_bootstrap_servers=cluster.bootstrap_servers, data_dir=tmp_path / "data",
        topic_prefix="cluster", topic_replication_factor=3,
        index_batch_size=250, index_batch_seconds=0.2, parser_batch_size=100,
        parser_batch_seconds=0.2, max_document_bytes=MAX_DOCUMENT_BYTES,
        consumer_session_timeout_seconds=10, assignment_check_seconds=5,
    )
    logging.getLogger("aiokafka").setLevel(logging.CRITICAL)  # a down broker is the point
    asyncio.run(ensure_topics(settings=settings))
    raw_topic = topic_name(TopicName.RAW_DOCUMENTS, settings)
    articles_topic = topic_name(TopicName.ARTICLES, settings)
    dead_topic = topic_name(TopicName.DEAD_LETTERS, settings)
    watched = [raw_topic, articles_topic]

    documents = synthetic_documents(DOCUMENTS)
    expected_ids = expected_article_ids(documents)
    poisons = poison_messages(MAX_DOCUMENT_BYTES)
    records = [(d.document_id.encode(), d.to_bytes()) for d in documents]
    for i, poison in enumerate(poisons):  # spread through the stream
        records.insert((i + 1) * len(records) // (len(poisons) + 2), (poison.key, poison.value))

    env = service_env(settings, NEWSFLOW_TOPIC_REPLICATION_FACTOR="3")
    logs = tmp_path / "logs"
    parser, indexer = Supervised("parser", env, logs), Supervised("indexer", env, logs)
    parser.start()
    indexer.start()
    # The stream lasts through every failure below (three restarts take most of the time):
    # a chunk every 1.8 s would last 180 s, cut short when the failures are over.
    publisher = Publisher(settings, records, seconds=2 * (DOWN_SECONDS + 80))
    started = time.monotonic()
    before = leaders(settings, watched)
    elections = 0
    recoveries: dict[str, float] = {}

    def progress_after(label: str, since: float) -> None:
        """How long until the pipeline's output grew again after a failure."""
        produced = wait_for(lambda: topic_total(settings, articles_topic) + 1, timeout=60,
                            interval=0.5, message="the articles topic's end offsets") - 1
        assert publisher.error is None, publisher.error
        assert not publisher.done.is_set(), f"the stream was over before {label}"
        wait_for(lambda: topic_total(settings, articles_topic) > produced, timeout=120,
                 interval=0.2, message=f"the pipeline to progress after {label}")
        recoveries[label] = round(time.monotonic() - since, 1)

    def count_elections(previous: dict[tuple[str, int], int]) -> dict[tuple[str, int], int]:
        nonlocal elections
        now = leaders(settings, watched)
        elections += sum(1 for key, leader in now.items() if previous.get(key) != leader)
        return now

    try:
        publisher.start()
        wait_for(lambda: topic_total(settings, articles_topic) > 200, timeout=120,
                 message="the pipeline to start")
        if DOWN_SECONDS > 0:  # (c) one broker down for a while as the stream goes on
            down = next(n for n in cluster.nodes if n != cluster.active_controller())
            stopped_at = time.monotonic()
            cluster.stop_node(down)
            progress_after(f"broker {down} stopped", stopped_at)
            time.sleep(max(0.0, DOWN_SECONDS - (time.monotonic() - stopped_at)))
            before = count_elections(before)
            cluster.start_node(down)
        # (a) the leader of the busiest partition of each topic
        for topic in watched:
            ends = wait_for(lambda t=topic: asyncio.run(end_offsets_of(settings, t)), timeout=60,
                            interval=0.5, message="end offsets")
            busiest = max(ends, key=lambda p: ends[p])
            victim = leaders(settings, [topic])[(topic, busiest)]
            killed_at = time.monotonic()
            cluster.kill_node(victim)
            progress_after(f"leader {victim} of {topic}[{busiest}] killed", killed_at)
            before = count_elections(before)
            cluster.start_node(victim)
        # (b) the active controller
        controller = cluster.active_controller()
        killed_at = time.monotonic()
        cluster.kill_node(controller)
        progress_after(f"active controller {controller} killed", killed_at)
        before = count_elections(before)
        cluster.start_node(controller)
        publisher.hurry.set()

        assert publisher.done.wait(timeout=300), "the publisher did not finish"
        assert publisher.error is None, publisher.error
        wait_for(lambda: (group_caught_up(settings, "cluster-parser", raw_topic)
                          and group_caught_up(settings, "cluster-indexer", articles_topic)),
                 timeout=240, interval=1.0, message="both groups to commit everything")
        planned_alive = parser.running() and indexer.running()
    except BaseException:
        print(parser.logs(), indexer.logs())
        raise
    finally:
        parser.terminate()
        indexer.terminate()
    elapsed = time.monotonic() - started

    index = SqliteIndex(settings.resolved_index_path, read_only=True)
    try:
        indexed, count = index.ids(), index.count()
    finally:
        index.close()
    assert count == len(indexed) == DOCUMENTS
    assert indexed == expected_ids
    letters = [decode_dead_letter(r.value) for r in asyncio.run(read_topic(dead_topic, settings))]
    by_source = {(dl.source_topic, dl.partition, dl.offset): dl for dl in letters}
    assert len(by_source) == len(poisons)
    assert {dl.key for dl in by_source.values()} == {p.key.decode() for p in poisons}
    assert planned_alive and parser.kills == indexer.kills == 0
    assert parser.starts == indexer.starts == 1, "a service had to be restarted"
    figures = {
        "documents": DOCUMENTS, "poison_messages": len(poisons), "brokers": 3,
        "replication_factor": 3, "min_insync_replicas": settings.resolved_min_insync_replicas,
        "broker_kills": 3, "broker_down_seconds": DOWN_SECONDS,
        "leader_elections_seen": elections, "seconds_to_progress_after": recoveries,
        "service_restarts": {"parser": parser.starts - 1, "indexer": indexer.starts - 1},
        "indexed_articles": count, "dead_letter_records": len(letters),
        "seconds": round(elapsed, 1),
    }
    print("CLUSTER CHAOS FIGURES", json.dumps(figures))
    assert elections >= 3
