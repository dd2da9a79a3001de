"""``deliver``: every record acknowledged, failed ones re-sent, DeliveryFailed past the budget.

The ``Send`` here is an in-memory stand-in that fails on command (returns an awaitable
delivery future, as Faust's and aiokafka's sends do); the real broker path is exercised by
the chaos test's broker restart."""

from __future__ import annotations

import asyncio

import pytest

from newsflow.kafka.delivery import DeliveryFailed, Output, deliver
from newsflow.settings import Settings
from newsflow.topics import TopicName

SETTINGS = Settings(kafka_bootstrap_servers="localhost:9")
T = TopicName.ARTICLES


class FlakyTopic:
    def __init__(self, failures: dict[bytes, int], *, raise_on_send: bool = False) -> None:
        self.failures = dict(failures)
        self.raise_on_send = raise_on_send
        self.delivered: list[bytes] = []
        self.headers_seen: list[object] = []
        self.attempts = 0

    async def __call__(
        self, topic: str, key: bytes | None, value: bytes, headers: list[tuple[str, bytes]]
    ) -> asyncio.Future[None]:
        assert topic == "newsflow.articles.v1"
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
    records = [Output(T, None, v, []) for v in (b"a", b"b", b"c")]
    asyncio.run(deliver(records, topic, retry_seconds=30, settings=SETTINGS))
    assert sorted(topic.delivered) == [b"a", b"b", b"c"]
    assert topic.attempts == 6


def test_a_send_that_raises_is_retried_too() -> None:
    topic = FlakyTopic({b"a": 1}, raise_on_send=True)
    asyncio.run(deliver([Output(T, b"k", b"a", [])], topic, retry_seconds=30, settings=SETTINGS))
    assert topic.delivered == [b"a"]


def test_delivery_fails_after_the_retry_budget() -> None:
    topic = FlakyTopic({b"a": 1000})
    with pytest.raises(DeliveryFailed, match="1 records undelivered"):
        asyncio.run(deliver([Output(T, None, b"a", []), Output(T, None, b"ok", [])], topic,
                            retry_seconds=0.3, settings=SETTINGS))
    assert topic.delivered == [b"ok"]


def test_headers_go_out_with_every_attempt() -> None:
    topic = FlakyTopic({b"a": 1})
    headers = [("correlation-id", b"abc")]
    asyncio.run(deliver([Output(T, b"k", b"a", headers)], topic, retry_seconds=30, settings=SETTINGS))
    assert topic.headers_seen == [headers, headers]
