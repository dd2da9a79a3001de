"""A slow OpenSearch node: every request to it is delayed by several seconds (a real node
behind a real delaying TCP proxy). The indexer writes everything, keeps its partitions
(no rebalance storm) and never restarts."""

from __future__ import annotations

import asyncio
import contextlib
import threading
import time
import urllib.request
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest

from newsflow.kafka.admin import ensure_topics
from newsflow.kafka.producer import make_producer
from newsflow.ops.dev.processes import find_free_port
from newsflow.services.parser.document import parse_document
from newsflow.settings import Settings
from newsflow.topics import TopicName, topic_name
from tests.helpers import indexed, service, wait_for
from tests.synthetic import synthetic_documents

pytestmark = [pytest.mark.integration, pytest.mark.slow]

DELAY_SECONDS = 3.0


class DelayingProxy(threading.Thread):
    """Forwards TCP to ``target``, holding each piece the client sends for ``delay`` s."""

    def __init__(self, target: tuple[str, int], delay: float) -> None:
        super().__init__(daemon=True)
        self.target, self.delay, self.port = target, delay, find_free_port()
        self.loop = asyncio.new_event_loop()
        self.ready = threading.Event()
        self.delayed = 0

    def run(self) -> None:
        asyncio.set_event_loop(self.loop)
        server = self.loop.run_until_complete(
            asyncio.start_server(self.handle, "127.0.0.1", self.port))
        self.ready.set()
        with contextlib.suppress(RuntimeError):
            self.loop.run_forever()
        server.close()

    async def handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        upstream_reader, upstream_writer = await asyncio.open_connection(*self.target)

        async def pipe(src: asyncio.StreamReader, dst: asyncio.StreamWriter, delay: bool) -> None:
            with contextlib.suppress(ConnectionError):
                while data := await src.read(65536):
                    if delay:
                        self.delayed += 1
                        await asyncio.sleep(self.delay)
                    dst.write(data)
                    await dst.drain()
            with contextlib.suppress(ConnectionError, OSError):
                dst.close()

        await asyncio.gather(pipe(reader, upstream_writer, True),
                             pipe(upstream_reader, writer, False))

    def stop(self) -> None:
        self.loop.call_soon_threadsafe(self.loop.stop)


@pytest.fixture
def slow_opensearch(opensearch_url: str) -> Iterator[tuple[str, DelayingProxy]]:
    parts = urlsplit(opensearch_url)
    proxy = DelayingProxy((parts.hostname or "127.0.0.1", parts.port or 9200), DELAY_SECONDS)
    proxy.start()
    proxy.ready.wait(10)
    try:
        yield f"http://127.0.0.1:{proxy.port}", proxy
    finally:
        proxy.stop()


def metric(port: int, name: str) -> float:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=30) as response:
        lines = response.read().decode().splitlines()
    return sum(float(line.rsplit(" ", 1)[1]) for line in lines if line.startswith(name + "{"))


def test_a_slow_index_causes_no_rebalance_storm(
    pipeline_settings: Settings, pipeline_env: dict[str, str], opensearch_url: str,
    slow_opensearch: tuple[str, DelayingProxy],
) -> None:
    url, proxy = slow_opensearch
    # The test counts on the node itself; only the indexer goes through the slow proxy.
    settings = pipeline_settings.model_copy(update={"opensearch_url": opensearch_url,
                                                    "opensearch_alias": pipeline_settings.topic_prefix})
    articles = [parse_document(d) for d in synthetic_documents(60)]

    async def produce() -> None:
        await ensure_topics(settings=settings)
        producer = make_producer(settings)
        await producer.start()
        try:
            topic = topic_name(TopicName.ARTICLES, settings)
            await asyncio.gather(*[await producer.send(topic, a.to_bytes(), key=a.id.encode())
                                   for a in articles])
        finally:
            await producer.stop()

    asyncio.run(produce())
    port = find_free_port()
    env = {**pipeline_env, "NEWSFLOW_OPENSEARCH_URL": url,
           "NEWSFLOW_OPENSEARCH_ALIAS": pipeline_settings.topic_prefix,
           "NEWSFLOW_INDEXER_METRICS_PORT": str(port), "NEWSFLOW_INDEX_BATCH_SIZE": "30",
           "NEWSFLOW_CONSUMER_SESSION_TIMEOUT_SECONDS": "6", "NEWSFLOW_OPENSEARCH_TIMEOUT": "30"}
    started = time.monotonic()
    with service("indexer", env, settings.data_dir / "logs") as indexer:
        wait_for(lambda: indexed(settings) == len(articles), timeout=240, interval=1.0,
                 message="every article through the slow node")
        revoked = metric(port, "newsflow_partitions_revoked_total")
        assert indexer.poll() is None
    assert proxy.delayed > 0, "nothing went through the delaying proxy"
    assert revoked == 0, f"{revoked} partitions revoked while the index was slow"
    print(f"slow node: {len(articles)} articles in {time.monotonic() - started:.0f}s, "
          f"{proxy.delayed} delayed requests, {revoked:.0f} partitions revoked")
