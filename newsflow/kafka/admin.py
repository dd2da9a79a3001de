"""Topic administration: create the catalogue's topics idempotently."""

from __future__ import annotations

import asyncio
import logging

from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.errors import KafkaConnectionError, TopicAlreadyExistsError, for_code

from newsflow.kafka.config import client_config
from newsflow.settings import Settings, get_settings
from newsflow.topics import CATALOGUE, TopicSpec

log = logging.getLogger(__name__)


def replication_configs(settings: Settings) -> dict[str, str]:
    """``min.insync.replicas`` for a replicated topic: with ``acks=all`` a write then
    survives the loss of any one replica, and a partition left with fewer in-sync replicas
    refuses writes instead of keeping a single copy."""
    if settings.topic_replication_factor < 2:
        return {}
    return {"min.insync.replicas": str(settings.resolved_min_insync_replicas)}


async def ensure_topics(
    specs: list[TopicSpec] | None = None,
    settings: Settings | None = None,
    *,
    attempts: int = 30,
) -> list[str]:
    """Create every topic of the catalogue that does not exist yet; return the ones created."""
    settings = settings or get_settings()
    specs = list(CATALOGUE.values()) if specs is None else specs
    admin = AIOKafkaAdminClient(**client_config(settings))
    for attempt in range(attempts):
        try:
            await admin.start()
            break
        except KafkaConnectionError:
            if attempt == attempts - 1:
                raise
            await asyncio.sleep(1.0)
    try:
        existing = set(await admin.list_topics())
        missing = [s for s in specs if s.name(settings.topic_prefix) not in existing]
        created: list[str] = []
        for spec in missing:
            name = spec.name(settings.topic_prefix)
            response = await admin.create_topics(
                [
                    NewTopic(
                        name=name,
                        num_partitions=spec.partitions,
                        replication_factor=settings.topic_replication_factor,
                        topic_configs={**dict(spec.config), **replication_configs(settings)},
                    )
                ]
            )
            for topic_error in response.topic_errors:
                code, message = topic_error[1], topic_error[2] if len(topic_error) > 2 else ""
                if code == TopicAlreadyExistsError.errno:
                    continue
                if code != 0:
                    error = for_code(code)
                    raise error(f"cannot create topic {name}: {message or error.__name__}")
                created.append(name)
                log.info("created topic %s (%d partitions)", name, spec.partitions)
        return created
    finally:
        await admin.close()
