"""Workarounds for known defects and costs of the Kafka client libraries, each with its evidence.

aiokafka 0.14: ``DescribeGroupsRequest_v3.RESPONSE_TYPE`` is ``DescribeGroupsResponse_v2``,
whose schema lacks the ``authorized_operations`` field that a v3 response carries; Kafka
3.9 answers v3, so ``AIOKafkaAdminClient.describe_consumer_groups`` fails with "Buffer
underrun decoding string" on every call. The v3 response class the library defines is
right; the request just names the wrong one. ``tests/unit/test_kafka_compat.py`` checks the
fix is still needed and what it changes.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Coroutine, Generator, Iterable
from typing import Any

from aiokafka.protocol import admin as protocol
from mode.services import WaitResults


def describe_groups_response_fixed() -> bool:
    """Make the v3 DescribeGroups request decode its answer as a v3 response; True when
    the library needed it (idempotent)."""
    request = protocol.DescribeGroupsRequest_v3
    if request.RESPONSE_TYPE is protocol.DescribeGroupsResponse_v3:
        return False
    request.RESPONSE_TYPE = protocol.DescribeGroupsResponse_v3
    return True


# faust-streaming: ``Consumer._drain_messages`` hands every fetched record to the streams
# with ``await self.wait_first(callback(record), self.suspend_flow.wait())``, so that a
# delivery which blocks (a full stream buffer, flow control) is abandoned when a rebalance
# suspends the flow or the consumer stops. ``wait_first`` makes four tasks and an
# ``asyncio.wait`` for it: 27 us of CPU per record, some 5% of the parser's CPU per article
# (py-spy, the 100,000-article throughput run), though nearly every delivery finishes at once.
# ``inline_first`` runs the delivery's first step inline and goes through ``wait_first`` only
# when it blocks, with its remaining steps; ``tests/unit/test_kafka_compat.py`` checks both.


class _Resumed:
    """The rest of a coroutine that has run up to its first suspension (``pending``, what it
    yielded to the event loop): awaiting this drives it on to its end."""

    def __init__(self, coro: Coroutine[Any, Any, Any], pending: Any) -> None:
        self.coro, self.pending = coro, pending

    def __await__(self) -> Generator[Any, Any, Any]:
        coro, value = self.coro, self.pending
        while True:
            try:
                sent = yield value
            except BaseException as exc:  # a cancellation, thrown into the waiting task
                try:
                    value = coro.throw(exc)
                except StopIteration as done:
                    return done.value
            else:
                try:
                    value = coro.send(sent)
                except StopIteration as done:
                    return done.value


WaitFirst = Callable[..., Awaitable[WaitResults]]


def inline_first(wait_first: WaitFirst) -> WaitFirst:
    """``wait_first(work, *others)`` of a service with a ``suspend_flow`` event, with
    ``work`` (a coroutine) run inline up to its first suspension: when it finishes there,
    its result is returned as ``wait_first`` would return it, without a task; else
    ``wait_first`` waits for the rest of it as before. With the flow suspended, the service
    stopping, or a timeout, ``wait_first`` itself."""

    async def wait_first_inline(self: Any, *coros: Any, timeout: Any = None) -> WaitResults:
        work = coros[0] if coros else None
        if (timeout is not None or not asyncio.iscoroutine(work) or self.suspend_flow.is_set()
                or self.should_stop):
            return await wait_first(self, *coros, timeout=timeout)
        try:
            pending = work.send(None)
        except StopIteration as done:
            _close(coros[1:])
            return WaitResults([work], [done.value], False)
        except BaseException:
            _close(coros[1:])
            raise
        return await wait_first(self, _Resumed(work, pending), *coros[1:])

    return wait_first_inline


def _close(waits: Iterable[Any]) -> None:
    for wait in waits:
        if asyncio.iscoroutine(wait):
            wait.close()  # never awaited: said so, without a warning


def records_delivered_inline() -> bool:
    """Faust's consumers deliver each fetched record inline first (``inline_first``); True
    when this call patched them (idempotent)."""
    from faust.transport.consumer import Consumer

    if getattr(Consumer.wait_first, "__wrapped_inline__", False):
        return False
    patched = inline_first(Consumer.wait_first)
    patched.__wrapped_inline__ = True  # type: ignore[attr-defined]
    Consumer.wait_first = patched  # type: ignore[method-assign,assignment]
    return True


# faust-streaming: a stream whose buffer is nearly full takes its partition out of the
# consumer's active partitions (``Consumer.on_buffer_full``) until the buffer has drained
# to half (``on_buffer_drop``). When every partition of the worker is out,
# ``Consumer._wait_next_records`` does ``await self.sleep(1)`` "to release to the event
# loop" and returns nothing: the drain loop sleeps the whole second however soon a buffer
# drains, and the stage, having consumed its buffers meanwhile, waits with nothing to do.
# The parser's trace of the throughput run (n = 8,000) had four such waits, 600-860 ms each
# between two batches, a second fetch call of 1,000 ms returning nothing every time.
# ``resumed_on_buffer_drop`` makes that wait end as soon as a partition is active again
# (``on_buffer_drop`` sets an event), still at most the same ``timeout``;
# ``tests/unit/test_kafka_compat.py`` checks that Faust still sleeps there and that the
# patched wait ends when a buffer drops.


def _resumed_event(consumer: Any) -> asyncio.Event:
    event: asyncio.Event | None = consumer.__dict__.get("_newsflow_resumed")
    if event is None:
        event = consumer.__dict__["_newsflow_resumed"] = asyncio.Event()
    return event


WaitNextRecords = Callable[[Any, float], Awaitable[tuple[Any, Any]]]


def resumed_wait(original: WaitNextRecords) -> WaitNextRecords:
    """``_wait_next_records`` that, with no partition active (every buffer full), waits
    until ``on_buffer_drop`` makes one active again (or the consumer stops, or ``timeout``
    passes) instead of sleeping out the timeout; else the original."""

    async def wait_next_records(self: Any, timeout: float) -> tuple[Any, Any]:
        if self.app.client_only or not self.flow_active or self._get_active_partitions():
            return await original(self, timeout)
        resumed = _resumed_event(self)
        resumed.clear()
        if not self._get_active_partitions():
            await self.wait_for_stopped(resumed, timeout=timeout)
        active = self._get_active_partitions()
        if not active:
            return {}, active
        return await original(self, timeout)

    return wait_next_records


def resumed_on_buffer_drop() -> bool:
    """Faust's consumers resume fetching as soon as a full buffer drains
    (``resumed_wait``); True when this call patched them (idempotent)."""
    from faust.transport.consumer import Consumer

    if getattr(Consumer._wait_next_records, "__resumed_on_drop__", False):
        return False
    original_drop = Consumer.on_buffer_drop

    def on_buffer_drop(self: Any, tp: Any) -> None:
        original_drop(self, tp)
        _resumed_event(self).set()

    patched = resumed_wait(Consumer._wait_next_records)
    patched.__resumed_on_drop__ = True  # type: ignore[attr-defined]
    Consumer._wait_next_records = patched  # type: ignore[method-assign,assignment]
    Consumer.on_buffer_drop = on_buffer_drop  # type: ignore[method-assign]
    return True


# faust-streaming: the aiokafka consumer of a Faust worker is made with
# ``fetch_max_wait_ms=1500`` (``faust/transport/drivers/aiokafka.py``,
# ``_create_worker_consumer``; no setting reaches it). aiokafka keeps one fetch request in
# flight per broker, and a request names only the partitions with nothing buffered: when all
# of those are at their end, the broker holds it for up to 1.5 s, and a partition whose
# buffered records were consumed meanwhile waits behind it though its records are on the
# broker (after ``resumed_on_buffer_drop``, the parser's trace still had fetch calls of
# 290-530 ms with its input on the broker). ``fetch_wait_bounded`` makes Faust's worker
# consumers wait at most ``FETCH_MAX_WAIT_MS``; ``tests/unit/test_kafka_compat.py`` checks
# that Faust still hard-codes its value and that the patch replaces it.

#: How long the broker may hold a stage consumer's fetch with no records for it.
FETCH_MAX_WAIT_MS = 100


def fetch_wait_bounded(max_wait_ms: int = FETCH_MAX_WAIT_MS) -> bool:
    """Faust's worker consumers fetch with ``fetch_max_wait_ms=max_wait_ms`` instead of
    Faust's 1500; True when this call patched them (idempotent)."""
    from faust.transport.drivers.aiokafka import AIOKafkaConsumerThread

    create = AIOKafkaConsumerThread._create_worker_consumer
    if getattr(create, "__fetch_wait_ms__", None) == max_wait_ms:
        return False
    original = getattr(create, "__wrapped_create__", create)

    def create_worker_consumer(self: Any, transport: Any) -> Any:
        consumer = original(self, transport)
        consumer._fetch_max_wait_ms = max_wait_ms  # read by start(), which makes the fetcher
        return consumer

    create_worker_consumer.__fetch_wait_ms__ = max_wait_ms  # type: ignore[attr-defined]
    create_worker_consumer.__wrapped_create__ = original  # type: ignore[attr-defined]
    AIOKafkaConsumerThread._create_worker_consumer = create_worker_consumer  # type: ignore[method-assign]
    return True
