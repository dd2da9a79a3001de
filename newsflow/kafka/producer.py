"""A producer factory with the settings every newsflow producer shares."""

from __future__ import annotations

from aiokafka import AIOKafkaProducer

from newsflow.kafka.config import client_config
from newsflow.settings import Settings, get_settings


def make_producer(settings: Settings | None = None, **overrides: object) -> AIOKafkaProducer:
    """An idempotent, acks=all producer: a retried send never duplicates a record."""
    settings = settings or get_settings()
    options: dict[str, object] = {
        "acks": "all",
        "enable_idempotence": True,
        "linger_ms": 5,
        "max_request_size": 10 * 1024 * 1024,
        "compression_type": None,
    }
    options.update(overrides)
    return AIOKafkaProducer(**client_config(settings), **options)
