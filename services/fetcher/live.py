"""The thin shell around the crawler: Kafka in and out, the HTTP session, signals, polling."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from aiokafka import AIOKafkaProducer

from newsflow.events import DeadLetter, FetchRecord, RawDocument
from newsflow.kafka.admin import ensure_topics
from newsflow.kafka.delivery import Output, deliver, producer_send
from newsflow.kafka.producer import make_producer
from newsflow.seedformat import parse_seed_text
from newsflow.services.fetcher.admit import Politeness, allowlist_refusal
from newsflow.services.fetcher.crawl import Crawler, RoundSummary
from newsflow.services.fetcher.fetch import FetchLimits, HttpFetcher, make_session
from newsflow.services.fetcher.guard import AddressPolicy, GuardedResolver, parse_host_overrides
from newsflow.services.fetcher.replay import SERVICE, seed_files
from newsflow.services.fetcher.sources import Source, SourcesFile, load_sources
from newsflow.services.fetcher.state import read_fetch_state
from newsflow.settings import Settings
from newsflow.shutdown import stop_on_signals
from newsflow.topics import TopicName

log = logging.getLogger("newsflow.fetcher")
#: Even with a poll interval of 0, continuous polling pauses this long between rounds.
MIN_ROUND_GAP_SECONDS = 1.0


class KafkaPublisher:
    """The crawler's outputs onto Kafka, each through the one delivery path (acknowledged,
    retried within the budget) with the document's id as its correlation id."""

    def __init__(self, producer: AIOKafkaProducer, settings: Settings) -> None:
        self.send = producer_send(producer)
        self.settings = settings

    async def _deliver(self, output: Output) -> None:
        await deliver([output], self.send, retry_seconds=self.settings.delivery_retry_seconds,
                      settings=self.settings, service=SERVICE)

    async def document(self, document: RawDocument) -> None:
        await self._deliver(Output.of(TopicName.RAW_DOCUMENTS, document.document_id, document,
                                      SERVICE, document.document_id))

    async def state(self, record: FetchRecord) -> None:
        await self._deliver(Output.of(TopicName.FETCH_STATE, record.url, record, SERVICE, None))

    async def failure(self, dead_letter: DeadLetter) -> None:
        await self._deliver(Output.of(TopicName.DEAD_LETTERS, dead_letter.key or "", dead_letter,
                                      SERVICE, dead_letter.document_id))


def seed_source_urls(paths: Iterable[Path]) -> list[str]:
    """The originals named by the seeds' source lines ("Quelle: URL", "ที่มา: URL", ...)."""
    urls: list[str] = []
    for path in seed_files(paths):
        url = parse_seed_text(path.read_text(encoding="utf-8", errors="replace")).source_url
        if url:
            urls.append(url)
    return urls


@dataclass
class FetchRun:
    rounds: int
    last: RoundSummary
    crawler: Crawler


async def run_fetcher(settings: Settings, *, once: bool, start_urls: list[str] | None = None,
                      sources: SourcesFile | None = None,
                      stop: asyncio.Event | None = None) -> FetchRun:
    """Poll the sources (and ``start_urls``) until ``stop`` is set, SIGTERM/SIGINT arrives, or
    after one round with ``once``. The producer is flushed and closed on the way out."""
    sources = sources or load_sources(settings)
    with stop_on_signals(stop) as stopping:
        return await _follow(settings, once=once, start_urls=start_urls, sources=sources,
                             stop=stopping)


async def _follow(settings: Settings, *, once: bool, start_urls: list[str] | None,
                  sources: SourcesFile, stop: asyncio.Event) -> FetchRun:
    await ensure_topics(settings=settings)
    state = await read_fetch_state(settings)
    log.info("fetch state: %d known URLs; following %d sources", len(state), len(sources.source))
    resolver = GuardedResolver(AddressPolicy.from_settings(settings),
                               parse_host_overrides(settings.fetch_host_overrides))
    producer = make_producer(settings)
    await producer.start()
    session = make_session(resolver, settings)
    try:
        fetcher = HttpFetcher(session, resolver, FetchLimits.from_settings(settings),
                              user_agent=settings.fetch_user_agent,
                              check_hop=allowlist_refusal(sources))
        politeness = Politeness(settings.fetch_global_concurrency, settings.fetch_per_host_concurrency,
                                settings.fetch_per_host_delay)
        crawler = Crawler(sources, fetcher, KafkaPublisher(producer, settings), politeness, state,
                          user_agent=settings.fetch_user_agent,
                          refetch_window=timedelta(days=settings.fetch_refetch_days),
                          max_pages_per_round=settings.fetch_max_pages_per_round)
        crawler.stop = stop
        next_poll: dict[str, float] = {}
        extra = list(start_urls or [])
        rounds, summary = 0, RoundSummary()
        while not stop.is_set():
            now = time.monotonic()
            due: list[Source] = [s for s in sources.source if next_poll.get(s.name, 0.0) <= now]
            if due or extra:
                summary = await crawler.run_round(due, extra)
                rounds += 1
                extra = []
                for source in due:
                    next_poll[source.name] = now + sources.poll_interval(source)
                log.info("round %d: fetched %d, published %d, unchanged %d, failed %d, skipped %d",
                         rounds, summary.fetched, summary.published, summary.unchanged,
                         summary.failed, summary.skipped)
            if once:
                break
            wait = max(MIN_ROUND_GAP_SECONDS,
                       min(next_poll.values(), default=now + 60.0) - time.monotonic())
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), timeout=wait)
        return FetchRun(rounds, summary, crawler)
    finally:
        await session.close()
        await producer.stop()  # flushes what is still buffered
