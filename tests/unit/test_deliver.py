"""``deliver``: every record acknowledged, failed ones re-sent, DeliveryFailed past the budget.

The topic here is an in-memory stand-in with Faust's ``send`` shape (returns an awaitable
delivery future); the real broker path is exercised by the chaos test's broker restart."""

from __future__ import annotations

import asyncio

import pytest

from newsflow.kafka.streams import DeliveryFailed, Outgoing, deliver


class FlakyTopic:
    def __init__(self, failures: dict[bytes, int], *, raise_on_send: bool = False) -> None:
        self.failures = dict(failures)
        self.raise_on_send = raise_on_send
        self.delivered: list[bytes] = []
        self.headers_seen: list[object] = []
        self.attempts = 0

    def get_topic_name(self) -> str:
        return "t"

    async def send(
        self, *, key: bytes | None, value: bytes, headers: object = None
    ) -> asyncio.Future[None]:
        self.attempts += 1
        self.headers_seen.append(headers)
        future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        if self.failures.get(value, 0) > 0:
            self.failures[value] -= 1
            if self.raise_on_send:
                raise ConnectionError("broker unavailable")
            future.set_exception(TimeoutError("batch expired"))
        else:
            self.delivered.append(value)
            future.set_result(None)
        return future


def test_failed_records_are_sent_again_until_acknowledged() -> None:
    topic = FlakyTopic({b"b": 2, b"c": 1})
    records = [Outgoing(topic, None, v) for v in (b"a", b"b", b"c")]
    asyncio.run(deliver(records, retry_seconds=30))
    assert sorted(topic.delivered) == [b"a", b"b", b"c"]
    assert topic.attempts == 6


def test_a_send_that_raises_is_retried_too() -> None:
    topic = FlakyTopic({b"a": 1}, raise_on_send=True)
    asyncio.run(deliver([Outgoing(topic, b"k", b"a")], retry_seconds=30))
    assert topic.delivered == [b"a"]


def test_delivery_fails_after_the_retry_budget() -> None:
    topic = FlakyTopic({b"a": 1000})
    with pytest.raises(DeliveryFailed, match="1 records undelivered"):
        asyncio.run(deliver([Outgoing(topic, None, b"a"), Outgoing(topic, None, b"ok")],
                            retry_seconds=0.3))
    assert topic.delivered == [b"ok"]


def test_headers_go_out_with_every_attempt() -> None:
    topic = FlakyTopic({b"a": 1})
    headers = [("correlation-id", b"abc")]
    asyncio.run(deliver([Outgoing(topic, b"k", b"a", headers=headers)], retry_seconds=30))
    assert topic.headers_seen == [headers, headers]
