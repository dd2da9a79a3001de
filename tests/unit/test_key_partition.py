"""The producers' partitioner puts every key where aiokafka's default partitioner (and the
Java client's) puts it: a compacted topic's key must stay on one partition whoever wrote it."""

from __future__ import annotations

import pytest
from aiokafka.partitioner import DefaultPartitioner
from aiokafka.partitioner import murmur2 as aiokafka_murmur2
from hypothesis import given
from hypothesis import strategies as st

from newsflow.kafka.producer import key_partition, make_producer, murmur2
from newsflow.kafka.streams import make_app
from newsflow.settings import Settings


@given(st.binary(max_size=200))
def test_murmur2_is_aiokafkas(key: bytes) -> None:
    assert murmur2(key) == aiokafka_murmur2(key)


@given(st.binary(min_size=1, max_size=64), st.integers(min_value=1, max_value=64))
def test_a_key_goes_to_the_partition_the_default_partitioner_chooses(key: bytes, count: int) -> None:
    partitions = list(range(count))
    assert key_partition(key, partitions, partitions[::2]) == DefaultPartitioner()(
        key, partitions, partitions[::2])


@pytest.mark.parametrize("key", [b"", b"a", b"ab", b"abc", b"abcd", b"21f4c1d3a0b9e8f7a6b5c4d3e2f1a0b9"])
def test_keys_of_every_tail_length(key: bytes) -> None:
    assert murmur2(key) == aiokafka_murmur2(key)


def test_a_record_without_a_key_goes_to_an_available_partition() -> None:
    assert {key_partition(None, [0, 1, 2, 3], [1, 3]) for _ in range(50)} <= {1, 3}
    assert key_partition(None, [0, 1], []) in {0, 1}


def test_both_producers_use_it(monkeypatch: pytest.MonkeyPatch, tmp_path: object) -> None:
    import asyncio

    monkeypatch.setenv("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9")
    monkeypatch.setenv("NEWSFLOW_DATA_DIR", str(tmp_path))
    settings = Settings()

    async def partitioner() -> object:
        return make_producer(settings)._partitioner

    assert asyncio.run(partitioner()) is key_partition
    assert make_app("parser", settings=settings).conf.producer_partitioner is key_partition
