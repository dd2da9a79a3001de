"""Faust (faust-streaming) apps and worker start-up, configured from the one settings object.

Every topic is declared with an explicit partition count from the catalogue and raw
(bytes) serialisers: decoding is the services' job, so a poison message becomes a dead
letter instead of crashing the agent.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import faust

from newsflow.kafka.admin import ensure_topics
from newsflow.kafka.config import faust_broker_credentials
from newsflow.observability.logging import logging_config
from newsflow.settings import Settings, get_settings
from newsflow.topics import CATALOGUE, TopicName


def make_app(service: str, *, web_port: int = 0, settings: Settings | None = None) -> faust.App:
    settings = settings or get_settings()
    datadir = settings.data_dir / "faust" / service
    datadir.mkdir(parents=True, exist_ok=True)
    broker = ";".join(f"kafka://{b.strip()}" for b in settings.bootstrap_servers().split(","))
    return faust.App(
        f"{settings.topic_prefix}-{service}",
        broker=broker,
        broker_credentials=faust_broker_credentials(settings),
        store="memory://",
        datadir=str(datadir),
        web_enabled=web_port > 0,
        web_port=web_port or 6066,
        web_bind="127.0.0.1",
        topic_disable_leader=True,
        topic_allow_declare=False,
        consumer_auto_offset_reset="earliest",
        producer_acks=-1,
        producer_max_request_size=10 * 1024 * 1024,
        consumer_max_fetch_size=20 * 1024 * 1024,
        broker_commit_interval=1.0,
        processing_guarantee="at_least_once",
    )


def catalogue_topic(app: faust.App, logical: TopicName) -> Any:
    spec = CATALOGUE[logical]
    return app.topic(
        spec.name(),
        partitions=spec.partitions,
        key_type=bytes,
        value_type=bytes,
        key_serializer="raw",
        value_serializer="raw",
    )


def run_worker(app: faust.App, settings: Settings | None = None) -> None:
    """Create the catalogue's topics, then run the Faust worker until SIGTERM/SIGINT."""
    settings = settings or get_settings()
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    loop.run_until_complete(ensure_topics(settings=settings))
    service = str(app.conf.id).removeprefix(f"{settings.topic_prefix}-")
    worker = faust.Worker(
        app, loop=loop, loglevel=settings.log_level, quiet=True, redirect_stdouts=False,
        logging_config=logging_config(service, settings.log_level, settings.log_format),
    )
    logging.getLogger("aiokafka").setLevel(logging.WARNING)
    worker.execute_from_commandline()
