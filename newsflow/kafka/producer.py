"""A producer factory with the settings every newsflow producer shares."""

from __future__ import annotations

import random
import struct
from collections.abc import Sequence

from aiokafka import AIOKafkaProducer

from newsflow.kafka.config import client_config
from newsflow.settings import Settings, get_settings

#: Most bytes per partition per produce batch, for every producer (Faust's included). Below
#: the broker's default message.max.bytes (1 MiB), which caps a batch too.
BATCH_BYTES = 512 * 1024


def compression_type(settings: Settings) -> str | None:
    """The producers' ``compression_type`` (aiokafka's and Faust's): None for "none"."""
    return None if settings.kafka_compression_type == "none" else settings.kafka_compression_type


def murmur2(data: bytes) -> int:
    """Kafka's murmur2 of a key (the Java client's ``Utils.murmur2``), as aiokafka's
    ``partitioner.murmur2`` computes it, in half its time: the key's 32-bit words unpacked
    at once, and only the masks the arithmetic needs."""
    length = len(data)
    m, mask = 0x5BD1E995, 0xFFFFFFFF
    h = 0x9747B28C ^ length
    for k in struct.unpack_from(f"<{length >> 2}I", data):
        k = (k * m) & mask
        k ^= k >> 24
        h = ((h * m) & mask) ^ ((k * m) & mask)
    tail = length & 3
    if tail:
        end = length & ~3
        if tail == 3:
            h ^= data[end + 2] << 16
        if tail >= 2:
            h ^= data[end + 1] << 8
        h = ((h ^ data[end]) * m) & mask
    h ^= h >> 13
    h = (h * m) & mask
    return h ^ (h >> 15)


def key_partition(key: bytes | None, all_partitions: Sequence[int],
                  available: Sequence[int]) -> int:
    """The partition of a record, as aiokafka's (and the Java client's) default partitioner
    chooses it: by the key's murmur2, else at random among the available partitions. Every
    producer uses it (aiokafka's and Faust's), so a key lands where any Kafka client puts it."""
    if key is None:
        return random.choice(available or all_partitions)
    return all_partitions[(murmur2(key) & 0x7FFFFFFF) % len(all_partitions)]


def make_producer(settings: Settings | None = None, **overrides: object) -> AIOKafkaProducer:
    """An idempotent, acks=all producer: a retried send never duplicates a record."""
    settings = settings or get_settings()
    options: dict[str, object] = {
        "acks": "all",
        "enable_idempotence": True,
        "linger_ms": 5,
        # Raw documents and articles are several KB: the default 16 KB batch holds two.
        "max_batch_size": BATCH_BYTES,
        "max_request_size": 10 * 1024 * 1024,
        "compression_type": compression_type(settings),
        "partitioner": key_partition,
    }
    options.update(overrides)
    return AIOKafkaProducer(**client_config(settings), **options)
