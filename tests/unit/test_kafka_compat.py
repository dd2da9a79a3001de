"""The client-library workarounds in newsflow/kafka/compat.py: a v3 DescribeGroups answer
(what Kafka 3.9 sends) decodes, with every group field in place; Faust's consumer delivers
a record inline when that does not block, and waits as before when it does; a consumer
whose every partition was set aside by a full buffer resumes when one drains, not a second
later."""

from __future__ import annotations

import asyncio
import warnings

import pytest
from aiokafka.protocol import admin as protocol
from mode import Service

from newsflow.kafka.compat import (
    describe_groups_response_fixed,
    inline_first,
    records_delivered_inline,
    resumed_on_buffer_drop,
    resumed_wait,
)

V3_ANSWER = protocol.DescribeGroupsResponse_v3(
    throttle_time_ms=0,
    groups=[(0, "downstream-titles", "Stable", "consumer", "range",
             [("member-1", "client-1", "/127.0.0.1", b"", b"")], -2147483648),
            (0, "newsflow-parser", "Empty", "consumer", "", [], -2147483648)],
).encode()


def test_a_v3_describe_groups_answer_decodes_with_the_fix() -> None:
    describe_groups_response_fixed()
    decoded = protocol.DescribeGroupsRequest_v3.RESPONSE_TYPE.decode(V3_ANSWER).to_object()
    assert [g["group"] for g in decoded["groups"]] == ["downstream-titles", "newsflow-parser"]
    assert decoded["groups"][0]["members"][0]["client_id"] == "client-1"
    assert decoded["groups"][1]["state"] == "Empty"


def test_the_response_type_the_library_names_cannot_decode_it() -> None:
    """If this fails, aiokafka fixed the defect and compat.py can go."""
    try:
        decoded = protocol.DescribeGroupsResponse_v2.decode(V3_ANSWER).to_object()
    except ValueError:
        return
    assert [g["group"] for g in decoded["groups"]] != ["downstream-titles", "newsflow-parser"]


class _Drain(Service):
    """A service with a flow to suspend, as Faust's consumer has, and the inline wait."""

    def __init__(self) -> None:
        super().__init__()
        self.suspend_flow = asyncio.Event()


_Drain.wait_first = inline_first(Service.wait_first)  # type: ignore[method-assign]


def test_a_delivery_that_does_not_block_runs_inline_and_one_that_blocks_is_waited_for() -> None:
    async def run() -> None:
        drain = _Drain()
        here = asyncio.current_task()
        ran_in: list[object] = []

        async def deliver(value: int) -> int:
            ran_in.append(asyncio.current_task())
            return value * 2

        with warnings.catch_warnings():
            warnings.simplefilter("error")  # the unawaited suspend_flow.wait() is closed
            result = await drain.wait_first(deliver(21), drain.suspend_flow.wait())
        assert result.results == [42] and not result.stopped and ran_in == [here]

        gate = asyncio.get_running_loop().create_future()

        async def blocked() -> str:
            steps = [await gate]
            await asyncio.sleep(0)
            return f"{steps[0]} after two suspensions"

        waiting = asyncio.ensure_future(drain.wait_first(blocked(), drain.suspend_flow.wait()))
        await asyncio.sleep(0.01)
        assert not waiting.done()
        gate.set_result("delivered")
        assert (await waiting).results == ["delivered after two suspensions"]

    asyncio.run(run())


def test_a_blocked_delivery_is_abandoned_when_the_flow_is_suspended_and_errors_propagate() -> None:
    async def run() -> None:
        drain = _Drain()
        cancelled: list[bool] = []

        async def stuck() -> None:
            try:
                await asyncio.get_running_loop().create_future()
            except asyncio.CancelledError:
                cancelled.append(True)
                raise

        waiting = asyncio.ensure_future(drain.wait_first(stuck(), drain.suspend_flow.wait()))
        await asyncio.sleep(0.01)
        drain.suspend_flow.set()
        result = await waiting
        await asyncio.sleep(0.01)
        assert result.results == [True] and not result.stopped  # the suspension won
        assert cancelled == [True]

        async def broken() -> None:
            raise ValueError("undecodable")

        drain.suspend_flow.clear()
        with pytest.raises(ValueError, match="undecodable"):
            await drain.wait_first(broken(), drain.suspend_flow.wait())

    asyncio.run(run())


def test_faust_consumers_deliver_inline_once_patched() -> None:
    from faust.transport.consumer import Consumer

    records_delivered_inline()
    assert records_delivered_inline() is False
    assert getattr(Consumer.wait_first, "__wrapped_inline__", False)


class _Fetching(Service):
    """What ``resumed_wait`` reads of Faust's consumer: the app's mode, the flow, the active
    partitions (emptied by full buffers); ``on_buffer_drop`` as the patch makes it."""

    def __init__(self) -> None:
        super().__init__()
        self.app = type("App", (), {"client_only": False})()
        self.flow_active = True
        self.active: set[int] = set()
        self.calls: list[set[int]] = []

    def _get_active_partitions(self) -> set[int]:
        return self.active

    def on_buffer_drop(self, tp: int) -> None:
        from newsflow.kafka.compat import _resumed_event

        self.active.add(tp)
        _resumed_event(self).set()


async def _fetch(self: _Fetching, timeout: float) -> tuple[dict[int, list[str]], set[int]]:
    self.calls.append(set(self.active))
    return {tp: ["record"] for tp in self.active}, self.active


def test_faust_sleeps_out_a_second_when_every_partition_is_set_aside() -> None:
    """If this fails, Faust no longer sleeps there and ``resumed_on_buffer_drop`` can go."""
    import inspect

    from faust.transport import consumer

    source = inspect.getsource(consumer)
    body = source[source.index("async def _wait_next_records"):]
    body = body[:body.index("\n    def ", 1)]
    assert "await self.sleep(1)" in body


def test_a_consumer_with_every_partition_set_aside_fetches_once_a_buffer_drains() -> None:
    async def run() -> None:
        fetching = _Fetching()
        wait = resumed_wait(_fetch)  # type: ignore[arg-type]
        waiting = asyncio.ensure_future(wait(fetching, 3600.0))
        await asyncio.sleep(0.01)
        assert not waiting.done() and fetching.calls == []  # nothing to fetch: it waits
        fetching.on_buffer_drop(2)
        records, active = await asyncio.wait_for(waiting, 60)  # well before its hour
        assert records == {2: ["record"]} and active == {2} and fetching.calls == [{2}]

        # with a partition active, or the flow suspended, it is the original call at once
        fetching.flow_active = False
        assert (await wait(fetching, 3600.0))[0] == {2: ["record"]}

    asyncio.run(run())


def test_a_wait_with_every_partition_set_aside_still_ends_at_its_timeout() -> None:
    async def run() -> None:
        fetching = _Fetching()
        records, active = await resumed_wait(_fetch)(fetching, 0.05)  # type: ignore[arg-type]
        assert records == {} and active == set() and fetching.calls == []

    asyncio.run(run())


def test_faust_consumers_resume_on_buffer_drop_once_patched() -> None:
    from faust.transport.consumer import Consumer

    resumed_on_buffer_drop()
    assert resumed_on_buffer_drop() is False
    assert getattr(Consumer._wait_next_records, "__resumed_on_drop__", False)


def test_faust_makes_its_worker_consumers_hold_a_fetch_for_a_second_and_a_half() -> None:
    """If this fails, Faust no longer hard-codes the wait and ``fetch_wait_bounded`` can go."""
    import inspect

    from faust.transport.drivers.aiokafka import AIOKafkaConsumerThread

    original = getattr(AIOKafkaConsumerThread._create_worker_consumer, "__wrapped_create__",
                       AIOKafkaConsumerThread._create_worker_consumer)
    assert "fetch_max_wait_ms=1500" in inspect.getsource(original)


def test_a_stage_worker_consumer_fetches_with_the_bounded_wait() -> None:
    import faust

    from newsflow.kafka.compat import FETCH_MAX_WAIT_MS, fetch_wait_bounded

    fetch_wait_bounded()
    assert fetch_wait_bounded() is False

    async def run() -> int:
        # made, not started: nothing connects
        app = faust.App("newsflow-compat-test", broker="kafka://127.0.0.1:9",
                        store="memory://", web_enabled=False)
        thread = app.consumer._thread
        consumer = thread._create_worker_consumer(app.transport)
        try:
            wait: int = consumer._fetch_max_wait_ms
            return wait
        finally:
            consumer._closed = True  # never started: nothing to close
            thread.thread_loop.close()  # the consumer thread's own loop, never run

    assert asyncio.run(run()) == FETCH_MAX_WAIT_MS == 100
