"""Observability of a Faust service: one call, ``instrument(app, ...)``, adds

* a Faust sensor that counts messages consumed per topic, times each event from entering
  the stream to its acknowledgement, carries the correlation id into the log context, and
  logs each message in (what a stage produces and dead-letters it counts itself, once per
  batch: ``newsflow.kafka.delivery.record_delivered``);
* a task that serves ``/metrics``, ``/health`` and ``/ready`` and measures the group's
  consumer lag per partition every ``lag_interval_seconds`` (the same query tells whether
  Kafka is reachable, which ``/ready`` reports).
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from typing import Any

import faust
from faust.sensors import Sensor

from newsflow import headers as message_headers
from newsflow.kafka.offsets import committed_offsets, end_offsets
from newsflow.observability import metrics
from newsflow.observability.health import OpsServer, ReadinessCheck, missing_topics
from newsflow.observability.lag import lag_for_gauge, partition_lags
from newsflow.observability.logging import current_correlation_id
from newsflow.settings import Settings, get_settings
from newsflow.topics import TopicName, topic_name

log = logging.getLogger("newsflow.pipeline")

_MAX_IN_FLIGHT = 100_000


class PipelineSensor(Sensor):
    """Counts, times and logs every message a Faust service consumes. What it produces the
    stage counts once per batch, when the broker has acknowledged it
    (``newsflow.kafka.delivery.record_delivered``)."""

    def __init__(self, service: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.service = service
        # Start times by (topic, partition, offset). Batched agents (``take_events``) ack
        # through ``Stream.ack``, which does not hand the sensor state back, so the sensor
        # keeps it. Bounded: entries of events never acked (a rebalance) are dropped.
        self._start_times: dict[tuple[str, int, int], float] = {}
        # Each topic's counter and histogram, looked up once instead of per message.
        self._consumed: dict[str, Any] = {}
        self._processing: dict[str, Any] = {}

    def on_stream_event_in(self, tp: Any, offset: int, stream: Any, event: Any) -> dict[str, Any]:
        consumed = self._consumed.get(tp.topic)
        if consumed is None:
            consumed = self._consumed[tp.topic] = metrics.MESSAGES_CONSUMED.labels(
                service=self.service, topic=tp.topic)
        consumed.inc()
        if log.isEnabledFor(logging.INFO):
            # The key and the correlation id are decoded only for the line that shows them
            # (the stage reads the correlation id for its handler itself, ``message_of``).
            # The context variable is this task's: in a stage (``take_events``) the stream's
            # drainer, not the agent's task that handles the batch, so this line is the one
            # that reads it.
            message = event.message
            key = message.key.decode("utf-8", "replace") if isinstance(message.key, bytes) else None
            current_correlation_id.set(message_headers.correlation_id(message.headers,
                                                                      fallback=key))
            log.info("consumed", extra={"topic": tp.topic, "partition": tp.partition,
                                        "offset": offset, "key": key})
        if len(self._start_times) >= _MAX_IN_FLIGHT:
            self._start_times.clear()
        started = time.perf_counter()
        self._start_times[(tp.topic, tp.partition, offset)] = started
        return {"started": started}

    def on_stream_event_out(self, tp: Any, offset: int, stream: Any, event: Any,
                            state: dict[str, Any] | None = None) -> None:
        started = self._start_times.pop((tp.topic, tp.partition, offset), None)
        if started is None and state:
            started = state.get("started")
        if started is not None:
            processing = self._processing.get(tp.topic)
            if processing is None:
                processing = self._processing[tp.topic] = metrics.PROCESSING_SECONDS.labels(
                    service=self.service, topic=tp.topic)
            processing.observe(time.perf_counter() - started)


class KafkaProbe:
    """Measures a group's lag; its last success or failure answers "is Kafka reachable"."""

    def __init__(self, group: str, topics: list[str], settings: Settings) -> None:
        self.group = group
        self.topics = topics
        self.settings = settings
        self.last_error: str | None = "not probed yet"

    async def probe(self) -> None:
        try:
            ends = await end_offsets(self.topics, self.settings)
            committed = await committed_offsets(self.group, self.settings)
        except Exception as exc:  # the broker may be down: that is what /ready reports
            self.last_error = f"Kafka unreachable: {type(exc).__name__}: {exc}"
            return
        self.last_error = missing_topics(ends, self.topics)
        rows = partition_lags(ends, committed, self.topics)
        metrics.set_consumer_lag(self.group, lag_for_gauge(rows))

    async def check(self) -> str | None:
        return self.last_error


async def serve_and_probe(service: str, probe: KafkaProbe | None, port: int, bind: str,
                          checks: dict[str, ReadinessCheck], interval: float) -> None:
    """Run the ops server (if a port is set) and the lag probe until cancelled."""
    server = OpsServer(service, port, bind, checks, interval=interval) if port else None
    if server is not None:
        await server.start()
    try:
        while True:
            if probe is not None:
                await probe.probe()
            await asyncio.sleep(interval)
    finally:
        if server is not None:
            await server.stop()


def instrument(app: faust.App, service: str, *, consumes: list[TopicName],
               extra_checks: dict[str, ReadinessCheck] | None = None,
               settings: Settings | None = None) -> faust.App:
    """Add the sensor and the ops task to ``app``; returns it."""
    settings = settings or get_settings()
    app.sensors.add(PipelineSensor(service))
    topics = [topic_name(t, settings) for t in consumes]
    probe = KafkaProbe(str(app.conf.id), topics, settings)
    checks: dict[str, ReadinessCheck] = {"kafka": probe.check, **(extra_checks or {})}

    async def observability() -> None:
        await serve_and_probe(service, probe, settings.metrics_port(service),
                              settings.metrics_bind, checks, settings.lag_interval_seconds)

    app.task(observability)
    return app


def index_check(count: Callable[[], int]) -> ReadinessCheck:
    """A readiness check that passes when the index answers a count. The count is blocking
    I/O (a slow OpenSearch can take seconds): it runs in a thread, off the event loop."""

    async def check() -> str | None:
        try:
            await asyncio.to_thread(count)
        except Exception as exc:
            return f"index unusable: {type(exc).__name__}: {exc}"
        return None

    return check
