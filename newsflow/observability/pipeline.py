"""The pipeline as the web page shows it, measured in the process that serves the page.

* ``service_states``: each service up or down (its ``/health``) and ready or not (its
  ``/ready``), on its metrics port (the settings', else the one ``newsflow run`` gives it);
* ``PipelineHistory``: a bounded ring of offset samples, from which the per-topic throughput
  and the per-group lag over the last minutes are read;
* ``DeadLetterTally``: the dead-letter topic counted by error class, read incrementally
  with the one topic reader;
* ``PipelineMonitor``: samples all of that every few seconds until cancelled. Kafka that
  does not answer is a reason shown on the page, never an exception.

The offsets come from ``topics_report.collect`` (the numbers of ``newsflow topics``), so
the page and the CLI cannot disagree.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from newsflow.events import DecodeError, decode_dead_letter
from newsflow.kafka.reader import Record, Start, iter_topic
from newsflow.observability.health import RUN_METRICS_PORTS
from newsflow.observability.lag import Offsets, message_rates
from newsflow.observability.topics_report import TopicsSnapshot, collect
from newsflow.settings import Settings
from newsflow.topics import TopicName, topic_name

log = logging.getLogger(__name__)

#: The services, in pipeline order, as their metrics-port variables name them.
SERVICES = tuple(key.split("_")[1].lower() for key in RUN_METRICS_PORTS)
#: How often the monitor samples, and how many samples it keeps (10 minutes).
SAMPLE_SECONDS = 5.0
SAMPLES = 120
#: Longest one round of Kafka queries may take before it counts as "Kafka does not answer".
KAFKA_TIMEOUT_SECONDS = 10.0


# --- services -------------------------------------------------------------------------------


def service_port(settings: Settings, service: str) -> int:
    """A service's metrics port: the settings', else the one ``newsflow run`` gives it."""
    return settings.metrics_port(service) or int(
        RUN_METRICS_PORTS[f"NEWSFLOW_{service.upper()}_METRICS_PORT"])


@dataclass(frozen=True)
class ServiceState:
    service: str
    address: str  # host:port of its /health and /ready
    up: bool  # /health answered 200
    ready: bool  # /ready answered 200
    detail: str  # "ready", the failing checks, or why it is down

    def as_json(self) -> dict[str, object]:
        return {"service": self.service, "address": self.address, "up": self.up,
                "ready": self.ready, "detail": self.detail}


def _reasons(body: object) -> str:
    """The failing checks of a /ready answer, as one line."""
    checks = body.get("checks") if isinstance(body, dict) else None
    if not isinstance(checks, dict):
        return "not ready"
    failing = [f"{name}: {reason}" for name, reason in checks.items() if reason != "ok"]
    return "; ".join(failing) or "not ready"


async def service_states(settings: Settings, host: str = "127.0.0.1",
                         timeout: float = 2.0) -> list[ServiceState]:
    """Each service's /health and /ready, asked at the same time: at the address
    NEWSFLOW_SERVICE_ADDRESSES gives it, else on ``host`` and its metrics port."""
    import aiohttp

    async def state(session: aiohttp.ClientSession, service: str) -> ServiceState:
        address = (settings.service_address(service)
                   or f"{host}:{service_port(settings, service)}")
        try:
            async with session.get(f"http://{address}/health") as response:
                if response.status != 200:
                    return ServiceState(service, address, False, False, f"/health: HTTP {response.status}")
            async with session.get(f"http://{address}/ready") as response:
                if response.status == 200:
                    return ServiceState(service, address, True, True, "ready")
                try:
                    body: object = await response.json()
                except (aiohttp.ContentTypeError, ValueError):
                    body = None
                return ServiceState(service, address, True, False, _reasons(body))
        except (aiohttp.ClientError, TimeoutError) as exc:
            return ServiceState(service, address, False, False,
                                f"no answer on {address} ({type(exc).__name__})")

    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=timeout)) as session:
        return list(await asyncio.gather(*(state(session, s) for s in SERVICES)))


# --- throughput and lag over time -----------------------------------------------------------


@dataclass(frozen=True)
class Sample:
    taken_at: float  # seconds since the epoch
    ends: Offsets  # {topic: {partition: end offset}}
    lag: dict[str, int]  # {group: total lag}


@dataclass(frozen=True)
class Series:
    """One line of a chart: (time, value) points."""

    name: str
    points: list[tuple[float, float]]


class PipelineHistory:
    """The last ``capacity`` samples; older ones fall out."""

    def __init__(self, capacity: int = SAMPLES) -> None:
        self.samples: deque[Sample] = deque(maxlen=capacity)

    def add(self, snapshot: TopicsSnapshot) -> None:
        self.samples.append(Sample(
            taken_at=snapshot.taken_at,
            ends={t.topic: dict(t.end_offsets) for t in snapshot.topics},
            lag={g.group: g.total_lag for g in snapshot.groups},
        ))

    def throughput(self) -> list[Series]:
        """Messages per second appended to each topic, between consecutive samples (the
        point is at the later one)."""
        points: dict[str, list[tuple[float, float]]] = {}
        for before, after in zip(self.samples, list(self.samples)[1:], strict=False):
            rates = message_rates(before.ends, after.ends, after.taken_at - before.taken_at)
            for topic, rate in rates.items():
                points.setdefault(topic, []).append((after.taken_at, rate))
        return [Series(topic, points[topic]) for topic in sorted(points)]

    def lag(self) -> list[Series]:
        """Each group's total lag at every sample that saw the group."""
        points: dict[str, list[tuple[float, float]]] = {}
        for sample in self.samples:
            for group, lag in sample.lag.items():
                points.setdefault(group, []).append((sample.taken_at, float(lag)))
        return [Series(group, points[group]) for group in sorted(points)]


# --- dead letters ---------------------------------------------------------------------------


@dataclass
class DeadLetterReason:
    """The dead letters of one error class, and the latest of them."""

    error_class: str
    count: int = 0
    stages: set[str] = field(default_factory=set)
    last_offset: int = -1  # its offset on the dead-letter topic: `newsflow dlq show OFFSET`
    last_reason: str = ""
    last_failed_at: datetime | None = None


class DeadLetterTally:
    """The dead-letter topic counted by error class. ``add`` is pure; ``update`` reads what
    arrived since the last call (the topic has one partition: its offsets are the ones
    ``newsflow dlq show`` takes)."""

    def __init__(self, topic: str) -> None:
        self.topic = topic
        self.reasons: dict[str, DeadLetterReason] = {}
        self.next_offsets: dict[int, int] = {}

    @property
    def total(self) -> int:
        return sum(r.count for r in self.reasons.values())

    def add(self, records: Iterable[Record]) -> None:
        for record in records:
            if record.offset < self.next_offsets.get(record.partition, 0):
                continue  # counted already
            self.next_offsets[record.partition] = record.offset + 1
            try:
                letter = decode_dead_letter(record.value)
            except DecodeError as exc:
                error_class, stage, reason, failed_at = "unreadable", "?", exc.reason, None
            else:
                error_class, stage, reason = letter.error_class, letter.stage, letter.reason
                failed_at = letter.failed_at
            entry = self.reasons.setdefault(error_class, DeadLetterReason(error_class))
            entry.count += 1
            entry.stages.add(stage)
            if record.offset >= entry.last_offset:
                entry.last_offset, entry.last_reason = record.offset, reason
                entry.last_failed_at = failed_at

    async def update(self, settings: Settings) -> None:
        start: Start = min(self.next_offsets.values()) if self.next_offsets else "beginning"
        async for batch in iter_topic(self.topic, settings, start=start):
            self.add(batch)

    def by_count(self) -> list[DeadLetterReason]:
        return sorted(self.reasons.values(), key=lambda r: (-r.count, r.error_class))


# --- the monitor ----------------------------------------------------------------------------


class PipelineMonitor:
    """Samples offsets, group lag and dead letters every ``interval`` seconds (``run``);
    service states are asked when the page is (``services``)."""

    def __init__(self, settings: Settings, *, interval: float = SAMPLE_SECONDS,
                 capacity: int = SAMPLES, host: str = "127.0.0.1") -> None:
        self.settings = settings
        self.interval = interval
        self.host = host
        self.history = PipelineHistory(capacity)
        self.dead_letters = DeadLetterTally(topic_name(TopicName.DEAD_LETTERS, settings))
        self.latest: TopicsSnapshot | None = None
        #: Why the last sample failed (None when it did not).
        self.kafka_error: str | None = "not sampled yet"

    async def sample(self) -> None:
        """One sample; a failure is kept as ``kafka_error`` (logged when it changes)."""
        try:
            snapshot = await asyncio.wait_for(collect(self.settings, previous=self.latest),
                                              KAFKA_TIMEOUT_SECONDS)
            await asyncio.wait_for(self.dead_letters.update(self.settings), KAFKA_TIMEOUT_SECONDS)
        except Exception as exc:  # the broker may be down: that is what the page says
            error = (f"no answer from Kafka within {KAFKA_TIMEOUT_SECONDS:.0f}s"
                     if isinstance(exc, TimeoutError) else f"Kafka: {type(exc).__name__}: {exc}")
            if error != self.kafka_error:
                log.info("pipeline page: %s", error)  # the page says it; not a line at a person
            self.kafka_error = error
            return
        self.latest = snapshot
        self.history.add(snapshot)
        self.kafka_error = None

    async def run(self) -> None:
        """Sample every ``interval`` seconds until cancelled."""
        while True:
            started = time.monotonic()
            await self.sample()
            await asyncio.sleep(max(0.0, self.interval - (time.monotonic() - started)))

    async def services(self) -> list[ServiceState]:
        return await service_states(self.settings, self.host)

    def as_json(self, services: list[ServiceState]) -> dict[str, object]:
        """Everything the pipeline page shows, as JSON (``GET /pipeline.json``)."""
        def series(lines: list[Series]) -> list[dict[str, object]]:
            return [{"name": s.name, "points": s.points} for s in lines]

        return {
            "services": [s.as_json() for s in services],
            "kafka_error": self.kafka_error,
            "sample_seconds": self.interval,
            "throughput": series(self.history.throughput()),
            "lag": series(self.history.lag()),
            "groups": [] if self.latest is None else self.latest.as_json()["groups"],
            "dead_letters": {
                "topic": self.dead_letters.topic,
                "total": self.dead_letters.total,
                "reasons": [
                    {"error_class": r.error_class, "count": r.count, "stages": sorted(r.stages),
                     "last_offset": r.last_offset, "last_reason": r.last_reason,
                     "last_failed_at": r.last_failed_at.isoformat() if r.last_failed_at else None}
                    for r in self.dead_letters.by_count()
                ],
            },
        }

