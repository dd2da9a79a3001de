"""A producer factory with the settings every newsflow producer shares."""

from __future__ import annotations

from aiokafka import AIOKafkaProducer

from newsflow.kafka.config import client_config
from newsflow.settings import Settings, get_settings

#: Most bytes per partition per produce batch, for every producer (Faust's included). Below
#: the broker's default message.max.bytes (1 MiB), which caps a batch too.
BATCH_BYTES = 512 * 1024


def compression_type(settings: Settings) -> str | None:
    """The producers' ``compression_type`` (aiokafka's and Faust's): None for "none"."""
    return None if settings.kafka_compression_type == "none" else settings.kafka_compression_type


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
    }
    options.update(overrides)
    return AIOKafkaProducer(**client_config(settings), **options)
