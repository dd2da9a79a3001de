"""The Prometheus metrics every newsflow service exposes, in one place.

Names follow the Prometheus conventions: a ``newsflow_`` prefix, the unit in the name
(``_seconds``), ``_total`` for counters. Each service is its own process with its own
registry (the default one, which also carries the process and Python collectors), so a
family a service never touches is exposed with no samples.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager

from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, Counter, Gauge, Histogram, generate_latest

LATENCY_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)
BATCH_BUCKETS = (1, 2, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000)

MESSAGES_CONSUMED = Counter(
    "newsflow_messages_consumed_total", "Messages a service consumed, per topic.",
    ["service", "topic"],
)
MESSAGES_PRODUCED = Counter(
    "newsflow_messages_produced_total", "Messages a service produced, per topic.",
    ["service", "topic"],
)
PROCESSING_SECONDS = Histogram(
    "newsflow_processing_seconds",
    "Time from a message entering a service's stream to its acknowledgement.",
    ["service", "topic"], buckets=LATENCY_BUCKETS,
)
DEAD_LETTERS = Counter(
    "newsflow_dead_letters_total", "Dead letters a service produced, by reason (error class).",
    ["service", "error_class"],
)
INDEX_BATCH_ARTICLES = Histogram(
    "newsflow_index_batch_articles", "Articles per index write batch.",
    ["backend"], buckets=BATCH_BUCKETS,
)
INDEX_WRITE_SECONDS = Histogram(
    "newsflow_index_write_seconds", "Time to write one batch to the index.",
    ["backend"], buckets=LATENCY_BUCKETS,
)
CONSUMER_LAG = Gauge(
    "newsflow_consumer_lag_messages",
    "Messages not yet committed by a consumer group: end offset minus committed offset.",
    ["group", "topic", "partition"],
)
FETCH_RESULTS = Counter(
    "newsflow_fetch_results_total",
    "HTTP fetch outcomes by host and status (a code such as 200, or an error class).",
    ["host", "status"],
)
CRAWL_DECISIONS = Counter(
    "newsflow_fetcher_urls_total",
    "What the fetcher decided for a URL, by host: published, unchanged, seen (not due), "
    "robots_disallowed, not_allowed.",
    ["host", "outcome"],
)
#: Fetcher outcomes that are decisions about a URL rather than results of an HTTP fetch.
URL_DECISIONS = frozenset({"published", "unchanged", "seen", "robots_disallowed", "not_allowed"})
PARTITIONS_REVOKED = Counter(
    "newsflow_partitions_revoked_total",
    "Partitions a worker gave up in a rebalance: a worker joined or left, or this one missed "
    "its heartbeats (a stage that stalls its event loop would).",
    ["service"],
)
READY = Gauge(
    "newsflow_ready", "1 when a readiness check of a service passes, else 0.",
    ["service", "check"],
)


def record_consumed(service: str, topic: str) -> None:
    MESSAGES_CONSUMED.labels(service=service, topic=topic).inc()


def record_produced(service: str, topic: str, count: int = 1) -> None:
    MESSAGES_PRODUCED.labels(service=service, topic=topic).inc(count)


def record_dead_letter(service: str, error_class: str) -> None:
    DEAD_LETTERS.labels(service=service, error_class=error_class).inc()


def record_fetch_result(host: str, status: int | str) -> None:
    """For the fetcher: one HTTP fetch ended with ``status`` (a code or an error class)."""
    FETCH_RESULTS.labels(host=host, status=str(status)).inc()


def record_fetcher_outcome(host: str, outcome: str) -> None:
    """For the fetcher: a URL decision (``URL_DECISIONS``) or else a fetch result."""
    if outcome in URL_DECISIONS:
        CRAWL_DECISIONS.labels(host=host, outcome=outcome).inc()
    else:
        record_fetch_result(host, outcome)


@contextmanager
def observe_index_batch(backend: str, size: int) -> Iterator[None]:
    """Time one index write batch of ``size`` articles."""
    INDEX_BATCH_ARTICLES.labels(backend=backend).observe(size)
    started = time.perf_counter()
    try:
        yield
    finally:
        INDEX_WRITE_SECONDS.labels(backend=backend).observe(time.perf_counter() - started)


def set_consumer_lag(group: str, lag: dict[tuple[str, int], int]) -> None:
    for (topic, partition), value in lag.items():
        CONSUMER_LAG.labels(group=group, topic=topic, partition=str(partition)).set(value)


def exposition() -> tuple[bytes, str]:
    """The text exposition of every metric and its content type."""
    return generate_latest(REGISTRY), CONTENT_TYPE_LATEST
