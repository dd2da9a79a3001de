"""`newsflow topics` agrees with Kafka's own consumer-groups tool; `newsflow status` works."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition
from aiokafka.structs import OffsetAndMetadata

from newsflow.kafka.admin import ensure_topics
from newsflow.ops.dev.kafka import libs_dir
from newsflow.ops.dev.processes import find_free_port
from newsflow.settings import Settings
from newsflow.topics import TopicName, topic_name
from tests.conftest import ROOT
from tests.helpers import get_json, service, wait_for

pytestmark = pytest.mark.integration


def newsflow(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "newsflow.ops.cli", *args], env=env, cwd=ROOT,
                          capture_output=True, text=True, timeout=120)


async def _produce_and_commit(settings: Settings, group: str, commits: dict[int, int]) -> None:
    """Write 3, 5, 0 and 7 messages to the four raw partitions and commit ``commits``."""
    await ensure_topics(settings=settings)
    topic = topic_name(TopicName.RAW_DOCUMENTS, settings)
    producer = AIOKafkaProducer(bootstrap_servers=settings.bootstrap_servers())
    await producer.start()
    try:
        for partition, count in enumerate((3, 5, 0, 7)):
            for i in range(count):
                await producer.send_and_wait(topic, value=f"m{i}".encode(), partition=partition)
    finally:
        await producer.stop()
    consumer = AIOKafkaConsumer(bootstrap_servers=settings.bootstrap_servers(), group_id=group,
                                enable_auto_commit=False)
    await consumer.start()
    try:
        consumer.assign([TopicPartition(topic, p) for p in range(4)])
        await consumer.commit({TopicPartition(topic, p): OffsetAndMetadata(o, "")
                               for p, o in commits.items()})
    finally:
        await consumer.stop()


def kafka_tool_rows(bootstrap: str, group: str) -> dict[tuple[str, int], tuple[str, str, str]]:
    """{(topic, partition): (CURRENT-OFFSET, LOG-END-OFFSET, LAG)} from ConsumerGroupCommand."""
    cache = Path(os.environ.get("NEWSFLOW_CACHE_DIR", ROOT / ".cache"))
    result = subprocess.run(
        ["java", "-Xmx256m", "-XX:+UseSerialGC", "-Djava.awt.headless=true",
         "-cp", f"{libs_dir(cache)}/*",
         "org.apache.kafka.tools.consumer.group.ConsumerGroupCommand",
         "--bootstrap-server", bootstrap, "--describe", "--group", group],
        capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    rows = {}
    for line in result.stdout.splitlines():
        columns = line.split()
        if len(columns) >= 6 and columns[0] == group:
            rows[(columns[1], int(columns[2]))] = (columns[3], columns[4], columns[5])
    return rows


def test_topics_json_agrees_with_kafka_consumer_groups_tool(
    pipeline_settings: Settings, pipeline_env: dict[str, str]
) -> None:
    group = f"{pipeline_settings.topic_prefix}-checker"
    raw = topic_name(TopicName.RAW_DOCUMENTS, pipeline_settings)
    asyncio.run(_produce_and_commit(pipeline_settings, group, {0: 1, 1: 5, 3: 2}))

    listed = newsflow(pipeline_env, "topics", "--json", "--interval", "0.2")
    assert listed.returncode == 0, listed.stderr
    snapshot = json.loads(listed.stdout)
    topics = {t["topic"]: t for t in snapshot["topics"]}
    assert set(topics) == {topic_name(t, pipeline_settings) for t in TopicName}
    assert topics[raw]["partitions"] == 4
    assert topics[raw]["end_offsets"] == {"0": 3, "1": 5, "2": 0, "3": 7}
    assert topics[raw]["messages"] == 15
    assert topics[raw]["rate_per_second"] == 0.0

    groups = {g["group"]: g for g in snapshot["groups"]}
    ours = {(p["topic"], p["partition"]): p for p in groups[group]["partitions"]}
    theirs = kafka_tool_rows(pipeline_settings.bootstrap_servers(), group)
    assert set(theirs) == {(raw, 0), (raw, 1), (raw, 3)}
    for key, (current, log_end, lag) in theirs.items():
        assert (str(ours[key]["committed"]), str(ours[key]["end_offset"]), str(ours[key]["lag"])) == (
            current, log_end, lag)
    # Every partition of the topic the group reads, the uncommitted one as its whole backlog.
    assert set(ours) == {(raw, p) for p in range(4)}
    assert ours[(raw, 2)]["committed"] is None and ours[(raw, 2)]["lag"] == 0
    assert groups[group]["total_lag"] == 2 + 0 + 5

    text = newsflow(pipeline_env, "topics", "--interval", "0.2")
    assert text.returncode == 0, text.stderr
    assert raw in text.stdout and group in text.stdout

    # --watch --json: one object per refresh; from the second on, a rate from the previous one.
    watch = subprocess.Popen([sys.executable, "-m", "newsflow.ops.cli", "topics", "--watch", "--json",
                              "--interval", "0.5"], env=pipeline_env, cwd=ROOT,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert watch.stdout is not None
        first, second = (json.loads(watch.stdout.readline()) for _ in range(2))
    finally:
        watch.terminate()
        watch.wait(timeout=20)
    assert {t["topic"]: t["rate_per_second"] for t in first["topics"]}[raw] is None
    assert {t["topic"]: t["rate_per_second"] for t in second["topics"]}[raw] == 0.0
    assert second["taken_at"] > first["taken_at"]


def test_status_shows_services_topics_lag_and_index(
    pipeline_settings: Settings, pipeline_env: dict[str, str], tmp_path: Path
) -> None:
    port = find_free_port()
    env = dict(pipeline_env, NEWSFLOW_INDEXER_METRICS_PORT=str(port),
               NEWSFLOW_PARSER_METRICS_PORT=str(find_free_port()),
               NEWSFLOW_FETCHER_METRICS_PORT=str(find_free_port()))
    with service("indexer", env, tmp_path / "logs"):
        # Waited for in this process (a `newsflow status` per poll takes seconds to start);
        # status says "up" once /health and /ready answer 200.
        wait_for(lambda: get_json(f"http://127.0.0.1:{port}/ready")[0] == 200, timeout=60,
                 message="the indexer to answer /ready")
        shown = json.loads(newsflow(env, "status", "--json").stdout)
        assert shown["services"]["indexer"] == "up", shown["services"]
    assert shown["services"]["parser"].startswith("down")
    assert shown["services"]["fetcher"].startswith("down")
    assert shown["index_articles"] == 0
    # Which index and data dir it looked at (issue 18: another shell searched another index).
    assert shown["index_backend"] == "sqlite"
    assert shown["index_location"] == str(pipeline_settings.resolved_index_path.resolve())
    assert shown["data_dir"] == str(pipeline_settings.data_dir.resolve())
    assert {t["topic"] for t in shown["topics"]} == {topic_name(t, pipeline_settings) for t in TopicName}
    text = newsflow(env, "status")
    assert text.returncode == 0, text.stderr
    assert "indexer  down" in text.stdout  # stopped now
    assert "index    0 articles (sqlite: " in text.stdout
    assert f"data dir {pipeline_settings.data_dir.resolve()}" in text.stdout


class LiveConsumer(threading.Thread):
    """A downstream team's consumer: a member of its own group, reading, never committing."""

    def __init__(self, settings: Settings, group: str, topic: str) -> None:
        super().__init__(daemon=True)
        self.settings, self.group, self.topic = settings, group, topic
        self.assigned = threading.Event()
        self.stopping = threading.Event()

    def run(self) -> None:
        asyncio.run(self._consume())

    async def _consume(self) -> None:
        consumer = AIOKafkaConsumer(self.topic, bootstrap_servers=self.settings.bootstrap_servers(),
                                    group_id=self.group, enable_auto_commit=False,
                                    client_id="downstream-titles", auto_offset_reset="earliest")
        await consumer.start()
        try:
            while not self.stopping.is_set():
                await consumer.getmany(timeout_ms=200)
                if consumer.assignment():
                    self.assigned.set()
        finally:
            await consumer.stop()


def test_topics_shows_a_downstream_group_with_its_members_and_every_partitions_lag(
    pipeline_settings: Settings, pipeline_env: dict[str, str]
) -> None:
    raw = topic_name(TopicName.RAW_DOCUMENTS, pipeline_settings)
    asyncio.run(_produce_and_commit(pipeline_settings, f"{pipeline_settings.topic_prefix}-x", {0: 0}))
    downstream = f"downstream-{pipeline_settings.topic_prefix}"  # not named with our prefix
    consumer = LiveConsumer(pipeline_settings, downstream, raw)
    consumer.start()
    try:
        assert consumer.assigned.wait(60), "the downstream consumer got no partitions"
        listed = newsflow(pipeline_env, "topics", "--json", "--interval", "0.2")
        assert listed.returncode == 0, listed.stderr
        snapshot = json.loads(listed.stdout)
        theirs = kafka_tool_rows(pipeline_settings.bootstrap_servers(), downstream)
        text = newsflow(pipeline_env, "topics", "--interval", "0.2").stdout
    finally:
        consumer.stopping.set()
        consumer.join(30)
    group = {g["group"]: g for g in snapshot["groups"]}[downstream]
    assert group["state"] == "Stable"
    [member] = group["members"]
    assert member["client_id"] == "downstream-titles"
    assert sorted(member["assigned"]) == [f"{raw}:{p}" for p in range(4)]
    rows = {(p["topic"], p["partition"]): p for p in group["partitions"]}
    assert set(rows) == set(theirs) == {(raw, p) for p in range(4)}
    for key, (current, log_end, lag) in theirs.items():  # Kafka prints "-" without a commit
        assert (current, lag) == ("-", "-") and str(rows[key]["end_offset"]) == log_end
        assert rows[key]["committed"] is None and rows[key]["lag"] == int(log_end)
    assert group["total_lag"] == 15
    assert downstream in text and "downstream-titles" in text
