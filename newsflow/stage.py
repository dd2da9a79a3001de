"""The stage runtime: what every batch stage of the pipeline shares, in one place.

A stage (the parser, the indexer) is a pure ``handle(batch) -> Outcome`` and, for the
indexer, a ``sink`` (the index write). The runtime does the rest, the same way for every
stage:

1. takes a batch of messages from the stage's input topic (``take_events``);
2. calls ``handle`` with each message's topic, partition, offset, key, value and the
   correlation id it carries (the raw document's id, from the ``correlation_id`` header);
3. runs the sink, if any, in a thread of its own with a time bound, so the event loop goes
   on (ops server, lag probe, producer) while a slow index writes; a failed write is
   retried with backoff while the stage reports not ready (the index may be restarting),
   and the batch waits uncommitted, so fetching pauses and memory stays bounded;
4. delivers the outcome's records (articles, dead letters), a batch per partition, and
   waits for the broker's acknowledgement of each (``newsflow.kafka.delivery``);
5. only then lets the batch's offsets be committed. A handler that raises, a sink that
   fails or overruns its bound, a delivery that cannot finish: the process exits without
   committing, and the batch is consumed again after the restart (at-least-once; every
   consumer is idempotent);
6. counts, times and logs every message, measures the group's lag and serves
   ``/metrics``, ``/health`` and ``/ready`` (``newsflow.observability.service``).
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import deque
from collections.abc import Awaitable, Callable, Mapping, Sequence
from concurrent.futures import Executor, ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import partial
from typing import Any, Generic, NamedTuple, NoReturn, TypeVar

import faust
from aiokafka import AIOKafkaProducer

from newsflow import headers as message_headers
from newsflow.kafka.delivery import DeliveryFailed, Output, SendMany, batch_send, deliver_many
from newsflow.kafka.streams import (
    EXIT_UNDELIVERED,
    catalogue_topic,
    exit_without_commit,
    make_app,
    run_worker,
    watch_assignment,
)
from newsflow.language import warm_up
from newsflow.observability import metrics
from newsflow.observability.health import ReadinessCheck
from newsflow.observability.service import instrument
from newsflow.settings import Settings, get_settings
from newsflow.topics import TopicName

log = logging.getLogger(__name__)

W = TypeVar("W")


class Message(NamedTuple):
    """One consumed record, as a handler sees it (a named tuple: one is made per record
    consumed, in a third of a frozen dataclass's time)."""

    topic: str | None = None
    partition: int | None = None
    offset: int | None = None
    key: bytes | None = None
    value: bytes | None = None
    #: The id of the raw document this record descends from (the ``correlation_id``
    #: header, else the record's key): every output of the record carries it on.
    correlation_id: str | None = None


def message_of(record: Any) -> Message:
    """The ``Message`` for a Kafka record (a Faust or aiokafka message)."""
    key = record.key.decode("utf-8", "replace") if isinstance(record.key, bytes) else None
    return Message(record.topic, record.partition, record.offset, record.key, record.value,
                   message_headers.correlation_id(record.headers, fallback=key))


@dataclass
class Outcome(Generic[W]):
    """What a handler made of a batch: records to deliver and work for the sink."""

    outputs: list[Output] = field(default_factory=list)
    #: What the sink writes (e.g. the index's upserts and deletes); None: nothing.
    work: W | None = None


Handler = Callable[[Sequence[Message]], Outcome[W]]
#: A blocking write (e.g. to the index); the runtime runs it off the event loop.
Sink = Callable[[W], None]


@dataclass(frozen=True)
class Stage(Generic[W]):
    service: str
    consumes: TopicName
    produces: tuple[TopicName, ...]
    handle: Handler[W]
    batch_size: int
    batch_seconds: float
    sink: Sink[W] | None = None
    #: Readiness checks beside Kafka's (e.g. "the index answers").
    checks: Mapping[str, ReadinessCheck] = field(default_factory=dict)
    #: Further tasks of the worker (e.g. the indexer's search API).
    tasks: tuple[Callable[[], Awaitable[None]], ...] = ()
    web_port: int = 0
    #: What the service loads before its first message (``newsflow.language.warm_up`` with
    #: the parts it needs).
    warm_up: Callable[[], None] = field(
        default=partial(warm_up, parse=True, index=False, queries=False))


class SinkFailed(RuntimeError):
    """The sink raised, or did not finish within its bound."""


class SinkOverran(SinkFailed):
    """The sink did not finish within its bound (its thread is still busy)."""


class SinkHealth:
    """Whether the sink's last write succeeded: a readiness check of the stage."""

    def __init__(self) -> None:
        self.failing_since: float | None = None
        self.reason: str | None = None

    def failed(self, reason: str) -> None:
        if self.failing_since is None:
            self.failing_since = time.monotonic()
        self.reason = reason

    def recovered(self) -> None:
        self.failing_since, self.reason = None, None

    async def check(self) -> str | None:
        if self.failing_since is None:
            return None
        return (f"the sink has failed for {time.monotonic() - self.failing_since:.0f}s, "
                f"retrying: {self.reason}")


async def write_off_loop(sink: Sink[W], work: W, *, timeout: float,
                         executor: Executor | None = None) -> None:
    """Run ``sink(work)`` in a worker thread; SinkFailed if it raises or overruns ``timeout``.

    Each stage gives its sink one thread of its own (``executor``), so a sink may keep
    thread-bound resources (an SQLite connection) and its writes stay in order. An
    overrunning write cannot be cancelled in its thread; the caller exits the process
    without committing, and the idempotent write is simply done again after the restart.
    """
    loop = asyncio.get_running_loop()
    try:
        await asyncio.wait_for(loop.run_in_executor(executor, sink, work), timeout=timeout)
    except TimeoutError:
        raise SinkOverran(f"the sink did not finish within {timeout:g}s") from None
    except Exception as exc:
        raise SinkFailed(f"the sink failed: {exc!r}") from exc


async def write_with_retries(sink: Sink[W], work: W, settings: Settings, *,
                             executor: Executor | None = None,
                             health: SinkHealth | None = None) -> None:
    """Write ``work``, retrying a failed write with exponential backoff (the index may be
    away: a restart, an outage) for up to ``sink_retry_seconds`` (0: for as long as it
    takes). Meanwhile the batch's offsets stay uncommitted and the stream's bounded buffer
    pauses fetching, so memory stays bounded; ``health`` makes the stage not ready.

    A write that overruns its bound is not retried: its thread is still busy with it.
    """
    budget = settings.sink_retry_seconds
    deadline = time.monotonic() + budget if budget else None
    delay = 0.5
    while True:
        try:
            await write_off_loop(sink, work, timeout=settings.sink_timeout_seconds,
                                 executor=executor)
        except SinkOverran:
            raise
        except SinkFailed as exc:
            if health is not None:
                health.failed(str(exc))
            if deadline is not None and time.monotonic() >= deadline:
                raise SinkFailed(f"{exc} (for {budget:g}s, the retry budget)") from exc
            log.warning("sink write failed, retrying in %.1fs: %s", delay, exc)
            await asyncio.sleep(delay)
            delay = min(delay * 2, settings.sink_retry_max_delay_seconds)
            continue
        if health is not None and health.failing_since is not None:
            log.warning("sink recovered after %.0fs", time.monotonic() - health.failing_since)
            health.recovered()
        return


async def finish_batch(stage: Stage[W], outcome: Outcome[W], send: SendMany,
                       settings: Settings, executor: Executor | None = None,
                       health: SinkHealth | None = None) -> None:
    """Write a handled batch's sink work, deliver its records (steps 3-4 above)."""
    if stage.sink is not None and outcome.work is not None:
        await write_with_retries(stage.sink, outcome.work, settings, executor=executor,
                                 health=health)
    await deliver_many(outcome.outputs, send, retry_seconds=settings.delivery_retry_seconds,
                       settings=settings, service=stage.service)


async def run_batch(stage: Stage[W], batch: Sequence[Message], send: SendMany,
                    settings: Settings, executor: Executor | None = None,
                    health: SinkHealth | None = None) -> Outcome[W]:
    """Handle one batch, write its sink work, deliver its records (steps 2-4 above)."""
    outcome = stage.handle(batch)
    await finish_batch(stage, outcome, send, settings, executor, health)
    return outcome


def exit_on_failure(stage: Stage[Any], exc: BaseException) -> NoReturn:
    """A batch that cannot be finished: exit without committing (step 5 above)."""
    if isinstance(exc, DeliveryFailed | SinkFailed):
        exit_without_commit(str(exc))
    else:  # a handler bug: the batch must not be committed
        log.error("%s failed on a batch", stage.service, exc_info=exc)
        exit_without_commit(f"{stage.service} failed on a batch: {exc!r}")
    raise SystemExit(EXIT_UNDELIVERED)  # not reached: exit_without_commit exits


#: Batches a stage may still be finishing (their sink write, the broker's acknowledgements
#: of their records) while it handles the next one. Each is finished after the one before it
#: (the sink writes and the deliveries stay in order) and acknowledged to Faust only then.
BATCHES_IN_FLIGHT = 1


def stage_app(stage: Stage[W], settings: Settings | None = None) -> faust.App:
    """The Faust app of ``stage``: its agent, topics, watchdog, tasks and instruments."""
    settings = settings or get_settings()
    app = make_app(stage.service, web_port=stage.web_port, settings=settings)
    source = catalogue_topic(app, stage.consumes)

    async def kafka_producer() -> AIOKafkaProducer:
        # The aiokafka producer under the app's, not the topic's channel nor Faust's send:
        # Faust's per-record promise, callbacks and sensor calls cost more than the send, and
        # a batch per partition is one future where aiokafka's send makes one per record
        # (``deliver_many`` counts once per batch).
        producer = await app.maybe_start_producer()
        kafka: AIOKafkaProducer = producer._ensure_producer()
        return kafka

    send = batch_send(kafka_producer)

    sink_thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix=f"{stage.service}-sink")
    sink_health = SinkHealth()
    checks = dict(stage.checks)
    if stage.sink is not None:
        checks["sink"] = sink_health.check

    async def process(stream: Any) -> None:
        # ``take_events`` acknowledges a batch's events as soon as the loop's body returns;
        # here each batch is acknowledged (``stream_ack``: Faust's own, sensors included)
        # when its sink write and delivery are done, by the task that finishes it, so the
        # body can go on to the next batch meanwhile. Offsets are committed only up to
        # acknowledged events, as before.
        stream_ack = type(stream).ack

        async def acked_when_finished(event: Any) -> bool:
            return False

        stream.ack = acked_when_finished
        in_flight: deque[asyncio.Task[None]] = deque()

        async def finish(outcome: Outcome[W], events: Sequence[Any],
                         before: asyncio.Task[None] | None) -> None:
            try:
                if before is not None:
                    await asyncio.wait([before])  # in order; a failure there exits
                await finish_batch(stage, outcome, send, settings, sink_thread, sink_health)
            except Exception as exc:
                exit_on_failure(stage, exc)
            for event in events:
                await stream_ack(stream, event)

        async for events in stream.take_events(stage.batch_size, within=stage.batch_seconds):
            batch = [message_of(event.message) for event in events]
            try:
                outcome = stage.handle(batch)
            except Exception as exc:
                exit_on_failure(stage, exc)
            in_flight.append(asyncio.ensure_future(
                finish(outcome, events, in_flight[-1] if in_flight else None)))
            while len(in_flight) > BATCHES_IN_FLIGHT:
                await asyncio.wait([in_flight.popleft()])
            while in_flight and in_flight[0].done():
                in_flight.popleft()

    process.__qualname__ = process.__name__ = f"{stage.service}_stage"
    app.agent(source, name=f"{stage.service}_stage")(process)
    watch_assignment(app, source.get_topic_name(), interval=settings.assignment_check_seconds)

    async def count_revoked(sender: Any, /, *args: Any, signal: Any, **kwargs: Any) -> None:
        revoked = args[0] if args else kwargs.get("revoked")
        if revoked:
            metrics.PARTITIONS_REVOKED.labels(service=stage.service).inc(len(revoked))

    app.on_partitions_revoked.connect(count_revoked)

    for task in stage.tasks:
        app.task(task)
    return instrument(app, stage.service, consumes=[stage.consumes],
                      extra_checks=checks, settings=settings)


def run_stage(stage: Stage[W], settings: Settings | None = None) -> None:
    """Run ``stage`` as a worker until SIGTERM/SIGINT (what each service's ``__main__`` does)."""
    stage.warm_up()  # models loaded before the first message, not while it waits
    run_worker(stage_app(stage, settings), settings)
