"""A tiny supervisor for service processes in failure tests, and a dedicated broker."""

from __future__ import annotations

import asyncio
import os
from pathlib import Path

from newsflow.kafka.admin import ensure_topics
from newsflow.kafka.producer import make_producer
from newsflow.ops.launch import ServiceProcess
from newsflow.settings import Settings
from newsflow.topics import TopicName, topic_name
from tests.conftest import ROOT


def service_env(settings: Settings, **extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        KAFKA_BOOTSTRAP_SERVERS=settings.bootstrap_servers(),
        NEWSFLOW_DATA_DIR=str(settings.data_dir),
        NEWSFLOW_TOPIC_PREFIX=settings.topic_prefix,
        NEWSFLOW_INDEX_BATCH_SECONDS=str(settings.index_batch_seconds),
        NEWSFLOW_INDEX_BATCH_SIZE=str(settings.index_batch_size),
        NEWSFLOW_PARSER_BATCH_SIZE=str(settings.parser_batch_size),
        NEWSFLOW_PARSER_BATCH_SECONDS=str(settings.parser_batch_seconds),
        NEWSFLOW_MAX_DOCUMENT_BYTES=str(settings.max_document_bytes),
        NEWSFLOW_CONSUMER_SESSION_TIMEOUT_SECONDS=str(settings.consumer_session_timeout_seconds),
        NEWSFLOW_ASSIGNMENT_CHECK_SECONDS=str(settings.assignment_check_seconds),
        PYTHONPATH=str(ROOT),
    )
    env.update(extra)
    return env


class Supervised(ServiceProcess):
    """One service process that failure tests SIGKILL, SIGTERM and restart-if-dead like a
    supervisor; each start writes its own log, ``NAME-N.log``."""

    def __init__(self, name: str, env: dict[str, str], log_dir: Path) -> None:
        super().__init__(name, env=env)
        self.log_dir = log_dir
        self.kills = 0
        self.crash_restarts = 0

    def start(self) -> None:
        self.log_path = self.log_dir / f"{self.name}-{self.starts}.log"
        super().start()

    def kill(self) -> None:
        super().kill()
        self.kills += 1

    def ensure_running(self) -> None:
        """Restart the process if it exited on its own (counted: we prefer it never does)."""
        if not self.running():
            self.crash_restarts += 1
            self.start()

    def terminate(self, timeout: float = 20.0) -> float:
        """SIGTERM and wait (SIGKILL after ``timeout``); returns the seconds it took to exit."""
        return self.stop(grace=timeout)

    def logs(self) -> str:
        return "\n".join(p.read_text(errors="replace")[-3000:]
                         for p in sorted(self.log_dir.glob(f"{self.name}-*.log")))


async def publish_raw(settings: Settings, records: list[tuple[bytes | None, bytes]]) -> None:
    """Produce raw-document records and wait until the broker acknowledged them all."""
    await ensure_topics(settings=settings)
    producer = make_producer(settings)
    await producer.start()
    try:
        topic = topic_name(TopicName.RAW_DOCUMENTS, settings)
        futures = [await producer.send(topic, value=value, key=key) for key, value in records]
        await asyncio.gather(*futures)
    finally:
        await producer.stop()


def group_assignments(settings: Settings, group: str, topic: str) -> list[list[int]]:
    """The partitions of ``topic`` each live member of ``group`` holds (one list per member)."""
    from aiokafka.admin import AIOKafkaAdminClient
    from aiokafka.protocol.group import MemberAssignment

    from newsflow.kafka.config import client_config

    async def describe() -> list[list[int]]:
        admin = AIOKafkaAdminClient(**client_config(settings))
        await admin.start()
        try:
            responses = await admin.describe_consumer_groups([group])
        finally:
            await admin.close()
        members = responses[0].groups[0][5]
        held = []
        for member in members:
            assignment = MemberAssignment.decode(member[4]) if member[4] else None
            partitions = [p for t, ps in (assignment.assignment if assignment else []) if t == topic
                          for p in ps]
            held.append(sorted(partitions))
        return held

    return asyncio.run(describe())
