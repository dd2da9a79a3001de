"""An OpenSearch outage mid-stream, on a real node: the indexer keeps its partitions,
retries with backoff, says it is not ready, takes no more than a batch while it waits,
and resumes by itself; every article ends in the index exactly once.

The outage lasts NEWSFLOW_TEST_OUTAGE_SECONDS (20 here; docs/reliability.md reports a run
with 60)."""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from newsflow.kafka.admin import ensure_topics
from newsflow.kafka.producer import make_producer
from newsflow.ops.dev import opensearch as dev_opensearch
from newsflow.ops.dev.processes import find_free_port
from newsflow.services.indexer.backends import open_index
from newsflow.services.parser.document import parse_document
from newsflow.settings import Settings
from newsflow.topics import TopicName, topic_name
from tests.conftest import ROOT
from tests.helpers import indexed, service, wait_for
from tests.synthetic import synthetic_documents

pytestmark = [pytest.mark.integration, pytest.mark.slow]

OUTAGE_SECONDS = float(os.environ.get("NEWSFLOW_TEST_OUTAGE_SECONDS", "20"))


@pytest.fixture
def own_node() -> Iterator[Path]:
    """A node of this test's own (it is stopped and started again), under /tmp so that
    the unprivileged user it runs as when we are root can enter it."""
    data_dir = Path(tempfile.mkdtemp(prefix="newsflow-outage-"))
    data_dir.chmod(0o755)
    try:
        yield data_dir
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


def test_the_indexer_rides_out_an_opensearch_outage(
    pipeline_settings: Settings, pipeline_env: dict[str, str], own_node: Path
) -> None:
    node = dev_opensearch.start(own_node, Path(os.environ.get("NEWSFLOW_CACHE_DIR", ROOT / ".cache")))
    settings = pipeline_settings.model_copy(update={"opensearch_url": node.url})
    articles = [parse_document(d) for d in synthetic_documents(600)]
    first, second = articles[:200], articles[200:]
    port = find_free_port()
    env = {**pipeline_env, "NEWSFLOW_OPENSEARCH_URL": node.url,
           "NEWSFLOW_INDEXER_METRICS_PORT": str(port), "NEWSFLOW_LAG_INTERVAL_SECONDS": "1",
           "NEWSFLOW_INDEX_BATCH_SIZE": "50", "NEWSFLOW_STREAM_BUFFER_SIZE": "100",
           "NEWSFLOW_OPENSEARCH_TIMEOUT": "3"}
    asyncio.run(produce(settings, [(a.id.encode(), a.to_bytes()) for a in first]))
    with service("indexer", env, settings.data_dir / "logs") as indexer:
        wait_for(lambda: indexed(settings) == len(first), timeout=120,
                 message="the first articles to be indexed")
        assert ready(port)[0] == 200
        consumed_before = metric(port, "newsflow_messages_consumed_total")
        rss_before = rss_mib(indexer.pid)

        dev_opensearch.stop(own_node)
        outage_started = time.monotonic()
        asyncio.run(produce(settings, [(a.id.encode(), a.to_bytes()) for a in second]))
        _, body = wait_for(lambda: (r := ready(port))[0] == 503 and r, timeout=60,
                                message="the indexer to report the index unreachable")
        assert "sink" in json.dumps(body), body
        time.sleep(max(0.0, OUTAGE_SECONDS - (time.monotonic() - outage_started)))
        # While the index is away the stage waits on one batch: it takes no more.
        taken = metric(port, "newsflow_messages_consumed_total") - consumed_before
        rss_during = rss_mib(indexer.pid)
        assert taken <= 50, f"{taken} articles entered the stream while the index was down"
        assert indexer.poll() is None, "the indexer exited during the outage"

        dev_opensearch.start(own_node, Path(os.environ.get("NEWSFLOW_CACHE_DIR", ROOT / ".cache")))
        wait_for(lambda: indexed(settings) == len(articles), timeout=180,
                 message="the indexer to resume and index the rest")
        wait_for(lambda: ready(port)[0] == 200, timeout=30, message="the indexer to be ready again")
        assert metric(port, "newsflow_partitions_revoked_total") == 0
        assert indexer.poll() is None
    print(f"outage {OUTAGE_SECONDS:.0f}s: {taken:.0f} articles taken meanwhile, RSS "
          f"{rss_before:.0f} -> {rss_during:.0f} MiB")
    index = open_index(settings, read_only=True)
    try:
        assert index.count() == len(articles)  # every one, none twice
        assert all(index.get(a.id) is not None for a in articles[::37])
    finally:
        index.close()
