"""The stage runtime's pure parts: handlers keep the correlation id, the sink runs off the
event loop within its bound."""

from __future__ import annotations

import asyncio
import threading
import time

import pytest

from newsflow.events import RawDocument, decode_dead_letter
from newsflow.headers import correlation_id, decode_headers
from newsflow.services.indexer import handler as indexer
from newsflow.services.parser import handler as parser
from newsflow.settings import Settings
from newsflow.stage import (
    Message,
    SinkFailed,
    SinkHealth,
    SinkOverran,
    message_of,
    write_off_loop,
    write_with_retries,
)
from newsflow.topics import TopicName


def raw_message(offset: int, value: bytes | None, correlation: str | None) -> Message:
    return Message("p.documents.raw.v1", 0, offset, b"doc-key", value, correlation)


def test_parser_outputs_carry_the_correlation_id_of_their_input() -> None:
    good = RawDocument.from_seed("a.txt", "Titel\n\nEin Absatz mit genug Text für einen Artikel.")
    batch = [raw_message(0, good.to_bytes(), "doc-1"), raw_message(1, b"not json", "doc-2")]
    outcome = parser.handle(batch, max_bytes=100_000)
    assert [o.topic for o in outcome.outputs] == [TopicName.ARTICLES, TopicName.DEAD_LETTERS]
    assert [correlation_id(o.headers) for o in outcome.outputs] == ["doc-1", "doc-2"]
    assert decode_headers(outcome.outputs[1].headers)["producer"] == "parser"
    assert outcome.outputs[1].key == b"doc-key"


def test_indexer_dead_letters_carry_the_raw_documents_correlation_id_not_the_article_key() -> None:
    batch = [Message("p.articles.v1", 3, 7, b"article-id", b"{broken", "raw-doc-42"),
             Message("p.articles.v1", 3, 8, b"other-id", None, "raw-doc-43")]
    outcome = indexer.handle(batch)
    [letter] = outcome.outputs
    assert letter.topic is TopicName.DEAD_LETTERS
    assert correlation_id(letter.headers) == "raw-doc-42"
    assert decode_dead_letter(letter.value).offset == 7
    assert outcome.work is not None and outcome.work.deletes == ["other-id"]


def test_a_batch_with_nothing_to_write_gives_the_sink_no_work() -> None:
    outcome = indexer.handle([Message("p.articles.v1", 0, 1, b"k", b"{broken", None)])
    assert outcome.work is None and len(outcome.outputs) == 1


class Record:
    def __init__(self, headers: list[tuple[str, bytes]]) -> None:
        self.topic, self.partition, self.offset, self.value = "t", 1, 5, b"v"
        self.key = b"the-key"
        self.headers = headers


def test_message_of_reads_the_correlation_header_and_falls_back_to_the_key() -> None:
    assert message_of(Record([("correlation_id", b"from-header")])).correlation_id == "from-header"
    assert message_of(Record([])).correlation_id == "the-key"


def test_a_slow_sink_runs_in_its_thread_while_the_loop_goes_on() -> None:
    threads: list[str] = []

    def slow(work: int) -> None:
        threads.append(threading.current_thread().name)
        time.sleep(0.5)

    async def run() -> int:
        ticks = 0

        async def ticker() -> None:
            nonlocal ticks
            while True:
                await asyncio.sleep(0.01)
                ticks += 1

        task = asyncio.create_task(ticker())
        await write_off_loop(slow, 1, timeout=5)
        task.cancel()
        return ticks

    ticks = asyncio.run(run())
    assert ticks >= 10, "the event loop was blocked while the sink wrote"
    assert threads and threads[0] != threading.main_thread().name


def test_a_sink_past_its_bound_or_raising_is_a_sink_failure() -> None:
    with pytest.raises(SinkFailed, match=r"within 0\.1s"):
        asyncio.run(write_off_loop(lambda work: time.sleep(1), 1, timeout=0.1))

    def broken(work: int) -> None:
        raise OSError("disk full")

    with pytest.raises(SinkFailed, match="disk full"):
        asyncio.run(write_off_loop(broken, 1, timeout=5))


class FlakySink:
    """A sink that fails its first ``failures`` writes (an index that is down, then back)."""

    def __init__(self, failures: int) -> None:
        self.failures = failures
        self.written: list[int] = []

    def __call__(self, work: int) -> None:
        if self.failures > 0:
            self.failures -= 1
            raise ConnectionError("index unreachable")
        self.written.append(work)


def retrying(**overrides: float) -> Settings:
    return Settings(sink_retry_max_delay_seconds=0.05, **overrides)


def test_a_failed_write_is_retried_until_the_sink_is_back_and_health_says_so() -> None:
    sink, health = FlakySink(3), SinkHealth()
    seen: list[str | None] = []

    async def run() -> None:
        async def watch() -> None:
            while True:
                seen.append(await health.check())
                await asyncio.sleep(0.01)

        watcher = asyncio.create_task(watch())
        await write_with_retries(sink, 7, retrying(), health=health)
        watcher.cancel()

    asyncio.run(run())
    assert sink.written == [7]
    assert any(reason and "index unreachable" in reason for reason in seen)
    assert asyncio.run(health.check()) is None


def test_past_the_retry_budget_the_write_fails() -> None:
    with pytest.raises(SinkFailed, match="retry budget"):
        asyncio.run(write_with_retries(FlakySink(10_000), 1, retrying(sink_retry_seconds=0.3)))


def test_an_overrunning_write_is_not_retried() -> None:
    calls: list[int] = []

    def slow(work: int) -> None:
        calls.append(work)
        time.sleep(0.5)

    with pytest.raises(SinkOverran):
        asyncio.run(write_with_retries(slow, 1, retrying(sink_timeout_seconds=0.1)))
    assert calls == [1]
