"""``batch_send``: a stage's records go out as one closed batch per partition (a new batch
when one is full), each record in the partition the producer's partitioner gives its key,
and a failed batch is sent again whole by ``deliver_many``. The producer is an in-memory
stand-in for aiokafka's (``create_batch``, ``send_batch``, ``partitions_for``); the broker
path is the stage's integration tests'."""

from __future__ import annotations

import asyncio
from typing import Any

from newsflow.kafka.delivery import Output, batch_send, deliver_many
from newsflow.kafka.producer import key_partition
from newsflow.settings import Settings
from newsflow.topics import TopicName

SETTINGS = Settings(kafka_bootstrap_servers="localhost:9")
T = TopicName.ARTICLES


class Batch:
    def __init__(self, room: int) -> None:
        self.room = room
        self.records: list[tuple[bytes | None, bytes, Any]] = []
        self.closed = False

    def append(self, *, key: bytes | None, value: bytes, timestamp: Any, headers: Any) -> object | None:
        if self.closed or (self.records and len(self.records) >= self.room):
            return None
        self.records.append((key, value, headers))
        return object()

    def close(self) -> None:
        self.closed = True


class Producer:
    def __init__(self, room: int = 1000, fail_batches: int = 0) -> None:
        self.room = room
        self.fail_batches = fail_batches
        self.sent: list[tuple[str, int, Batch]] = []

    async def partitions_for(self, topic: str) -> set[int]:
        return {0, 1, 2, 3}

    def create_batch(self) -> Batch:
        return Batch(self.room)

    async def send_batch(self, batch: Batch, topic: str, *, partition: int) -> asyncio.Future[None]:
        assert batch.closed, "a batch is sent complete"
        self.sent.append((topic, partition, batch))
        future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        if self.fail_batches:
            self.fail_batches -= 1
            future.set_exception(TimeoutError("batch expired"))
        else:
            future.set_result(None)
        return future


def send_many(producer: Producer) -> Any:
    async def started() -> Any:
        return producer

    return batch_send(started)


def records(n: int) -> list[Output]:
    return [Output(T, f"key-{i}".encode(), f"v{i}".encode(), [("correlation_id", b"c%d" % i)])
            for i in range(n)]


def test_each_partition_gets_one_batch_of_its_keys_in_order() -> None:
    producer = Producer()
    outputs = records(40)
    asyncio.run(deliver_many(outputs, send_many(producer), retry_seconds=5, settings=SETTINGS))
    partitions = [partition for _, partition, _ in producer.sent]
    assert sorted(partitions) == sorted(set(partitions)) and len(partitions) > 1
    for topic, partition, batch in producer.sent:
        assert topic == "newsflow.articles.v1"
        expected = [(o.key, o.value, o.headers) for o in outputs
                    if key_partition(o.key, [0, 1, 2, 3], [0, 1, 2, 3]) == partition]
        assert batch.records == expected


def test_a_full_batch_is_sent_and_the_rest_goes_in_a_new_one() -> None:
    producer = Producer(room=2)
    outputs = [Output(T, b"same-key", f"v{i}".encode(), []) for i in range(5)]
    asyncio.run(deliver_many(outputs, send_many(producer), retry_seconds=5, settings=SETTINGS))
    assert [len(batch.records) for _, _, batch in producer.sent] == [2, 2, 1]
    assert len({partition for _, partition, _ in producer.sent}) == 1
    assert [v for _, _, b in producer.sent for _, v, _ in b.records] == [o.value for o in outputs]


def test_a_failed_batch_is_sent_again_whole() -> None:
    producer = Producer(room=1000, fail_batches=1)
    outputs = [Output(T, b"same-key", f"v{i}".encode(), []) for i in range(3)]
    asyncio.run(deliver_many(outputs, send_many(producer), retry_seconds=5, settings=SETTINGS))
    assert [[v for _, v, _ in b.records] for _, _, b in producer.sent] == [[b"v0", b"v1", b"v2"]] * 2


def test_partitions_take_turns_so_none_waits_behind_another_ones_second_batch() -> None:
    producer = Producer(room=2)
    outputs = records(40)
    asyncio.run(deliver_many(outputs, send_many(producer), retry_seconds=5, settings=SETTINGS))
    order = [partition for _, partition, _ in producer.sent]
    partitions = sorted(set(order))
    assert len(partitions) > 1
    first_turn = order[:len(partitions)]
    assert sorted(first_turn) == partitions, order
    assert sorted(v for _, _, b in producer.sent for _, v, _ in b.records) == sorted(o.value for o in outputs)
