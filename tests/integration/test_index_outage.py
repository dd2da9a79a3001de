"""An OpenSearch outage mid-stream, on a real node: the indexer keeps its partitions,
retries with backoff, says it is not ready, takes no more than a batch while it waits,
and resumes by itself; every article ends in the index exactly once.

The outage lasts about NEWSFLOW_TEST_OUTAGE_SECONDS (20 here; docs/reliability.md reports
a run with 60), from the node's stop until it answers again, and always longer than the
consumer session timeout (the partitions are kept through more than a session timeout).
Its restart is begun before that mark, by three quarters of the time its first start took,
so that the node's boot is part of the outage rather than added to it (before, the outage
was the 20 s plus a boot of 20-30 s). What the indexer took and held during the outage is
sampled until the node is back, each sample kept only if the node was still away after it
was read."""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from newsflow.kafka.admin import ensure_topics
from newsflow.kafka.producer import make_producer
from newsflow.ops.dev import opensearch as dev_opensearch
from newsflow.ops.dev.processes import find_free_port
from newsflow.services.indexer.backends import open_index
from newsflow.services.indexer.backends.opensearch import OpenSearchIndex
from newsflow.services.parser.document import parse_document
from newsflow.settings import Settings
from newsflow.topics import TopicName, topic_name
from tests.conftest import ROOT, DevNode
from tests.helpers import indexed, service, wait_for
from tests.synthetic import synthetic_documents

pytestmark = [pytest.mark.integration, pytest.mark.slow]

OUTAGE_SECONDS = float(os.environ.get("NEWSFLOW_TEST_OUTAGE_SECONDS", "20"))
CACHE_DIR = Path(os.environ.get("NEWSFLOW_CACHE_DIR", ROOT / ".cache"))


@dataclass(frozen=True)
class StoppableNode:
    url: str
    data_dir: Path
    boot_seconds: float


@pytest.fixture
def own_node(opensearch_node: DevNode) -> Iterator[StoppableNode]:
    """A node this test may stop and start again: the session's (running again when the
    test ends, whatever happened, so that the later tests find it), or, when the tests use
    a node of NEWSFLOW_TEST_OPENSEARCH_URL, one of its own under /tmp, so that the
    unprivileged user it runs as when we are root can enter it."""
    if opensearch_node.data_dir is not None:
        try:
            yield StoppableNode(opensearch_node.url, opensearch_node.data_dir,
                                opensearch_node.boot_seconds)
        finally:
            if not dev_opensearch.is_running(dev_opensearch.read_state(opensearch_node.data_dir)):
                dev_opensearch.start(opensearch_node.data_dir, CACHE_DIR)
        return
    data_dir = Path(tempfile.mkdtemp(prefix="newsflow-outage-"))
    data_dir.chmod(0o755)
    try:
        began = time.monotonic()
        node = dev_opensearch.start(data_dir, CACHE_DIR)
        yield StoppableNode(node.url, data_dir, time.monotonic() - began)
    finally:
        dev_opensearch.stop(data_dir)
        shutil.rmtree(data_dir, ignore_errors=True)


async def produce(settings: Settings, payloads: list[tuple[bytes, bytes]]) -> None:
    await ensure_topics(settings=settings)
    producer = make_producer(settings)
    await producer.start()
    try:
        topic = topic_name(TopicName.ARTICLES, settings)
        await asyncio.gather(*[await producer.send(topic, v, key=k) for k, v in payloads])
    finally:
        await producer.stop()


def ready(port: int) -> tuple[int, dict[str, object]]:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/ready", timeout=10) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read())


def metric(port: int, name: str) -> float:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=10) as response:
        lines = response.read().decode().splitlines()
    return sum(float(line.rsplit(" ", 1)[1]) for line in lines
               if line.startswith(name + "{") or line.startswith(name + " "))


def rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def node_up(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2):
            return True
    except urllib.error.HTTPError:
        return True  # it answers
    except OSError:
        return False


class InBackground(threading.Thread):
    """``action`` in a thread of its own; ``result()`` joins it and returns what it returned."""

    def __init__(self, action: Callable[[], dev_opensearch.NodeState]) -> None:
        super().__init__(daemon=True)
        self.action = action
        self.value: dev_opensearch.NodeState | None = None
        self.error: BaseException | None = None

    def run(self) -> None:
        try:
            self.value = self.action()
        except BaseException as exc:
            self.error = exc

    def result(self, timeout: float = 180.0) -> dev_opensearch.NodeState:
        self.join(timeout)
        assert not self.is_alive(), "the node did not start in time"
        if self.error is not None:
            raise self.error
        assert self.value is not None
        return self.value


def test_the_indexer_rides_out_an_opensearch_outage(
    pipeline_settings: Settings, pipeline_env: dict[str, str], own_node: StoppableNode
) -> None:
    articles = [parse_document(d) for d in synthetic_documents(600)]
    first, second = articles[:200], articles[200:]
    settings = pipeline_settings.model_copy(update={"opensearch_url": own_node.url})
    asyncio.run(produce(settings, [(a.id.encode(), a.to_bytes()) for a in first]))
    port = find_free_port()
    # The retry backoff is capped at 2 s (15 s by default): the backoff is still exercised,
    # but the node's return is seen within 2 s instead of up to 15.
    env = {**pipeline_env, "NEWSFLOW_OPENSEARCH_URL": own_node.url,
           "NEWSFLOW_INDEXER_METRICS_PORT": str(port), "NEWSFLOW_LAG_INTERVAL_SECONDS": "1",
           "NEWSFLOW_INDEX_BATCH_SIZE": "50", "NEWSFLOW_STREAM_BUFFER_SIZE": "100",
           "NEWSFLOW_OPENSEARCH_TIMEOUT": "3", "NEWSFLOW_SINK_RETRY_MAX_DELAY_SECONDS": "2"}
    with service("indexer", env, settings.data_dir / "logs") as indexer:
        wait_for(lambda: indexed(settings) == len(first), timeout=120,
                 message="the first articles to be indexed")
        assert ready(port)[0] == 200
        consumed_before = metric(port, "newsflow_messages_consumed_total")
        rss_before = rss_mib(indexer.pid)

        dev_opensearch.stop(own_node.data_dir)
        outage_started = time.monotonic()
        asyncio.run(produce(settings, [(a.id.encode(), a.to_bytes()) for a in second]))
        _, body = wait_for(lambda: (r := ready(port))[0] == 503 and r, timeout=60,
                                message="the indexer to report the index unreachable")
        assert "sink" in json.dumps(body), body
        # The restart begins so that the node is back about OUTAGE_SECONDS after its stop.
        time.sleep(max(0.0, OUTAGE_SECONDS - 0.75 * own_node.boot_seconds
                       - (time.monotonic() - outage_started)))
        restarting = InBackground(lambda: dev_opensearch.start(own_node.data_dir, CACHE_DIR))
        restarting.start()
        # While the index is away the stage waits on one batch, and on the batch it handled
        # behind it (newsflow.stage.BATCHES_IN_FLIGHT): it takes no more.
        during: list[tuple[float, float]] = []
        while restarting.is_alive():
            sample = (metric(port, "newsflow_messages_consumed_total") - consumed_before,
                      rss_mib(indexer.pid))
            if not node_up(own_node.url):  # read while the node was still away
                during.append(sample)
            assert indexer.poll() is None, "the indexer exited during the outage"
            time.sleep(0.5)
        restarting.result()
        outage = time.monotonic() - outage_started
        assert during, "no sample was taken while the node was away"
        taken = max(t for t, _ in during)
        rss_during = max(r for _, r in during)
        assert taken <= 2 * 50, f"{taken} articles entered the stream while the index was down"
        assert outage > settings.consumer_session_timeout_seconds, f"an outage of {outage:.0f}s"

        wait_for(lambda: indexed(settings) == len(articles), timeout=180,
                 message="the indexer to resume and index the rest")
        wait_for(lambda: ready(port)[0] == 200, timeout=30, message="the indexer to be ready again")
        assert metric(port, "newsflow_partitions_revoked_total") == 0
        assert indexer.poll() is None
    print(f"outage {outage:.0f}s (node boot {own_node.boot_seconds:.0f}s): {taken:.0f} articles taken "
          f"meanwhile, RSS {rss_before:.0f} -> {rss_during:.0f} MiB")
    index = open_index(settings, read_only=True)
    try:
        assert index.count() == len(articles)  # every one, none twice
        assert all(index.get(a.id) is not None for a in articles[::37])
    finally:
        index.close()
        OpenSearchIndex(own_node.url, settings.resolved_opensearch_alias).drop()  # a shared node
