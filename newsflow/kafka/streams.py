"""Faust (faust-streaming) apps and worker start-up, configured from the one settings object.

Every topic is declared with an explicit partition count from the catalogue and raw
(bytes) serialisers: decoding is the services' job, so a poison message becomes a dead
letter instead of crashing the agent.
"""

from __future__ import annotations

import asyncio
import gc
import logging
import os
from typing import Any

import faust
from faust.sensors.monitor import Monitor

from newsflow.kafka.admin import ensure_topics
from newsflow.kafka.compat import fetch_wait_bounded, records_delivered_inline, resumed_on_buffer_drop
from newsflow.kafka.config import faust_broker_credentials
from newsflow.kafka.producer import BATCH_BYTES, compression_type, key_partition
from newsflow.observability.logging import logging_config
from newsflow.settings import Settings, get_settings
from newsflow.topics import CATALOGUE, TopicName


class QuietMonitor(Monitor):
    """Faust's monitor without its bookkeeping per message: the counts and latencies it
    keeps are for Faust's own web views (``/stats``), and the services' metrics are the
    ``PipelineSensor``'s. What the consumer tells it otherwise (offsets committed, end
    offsets, rebalances) it still records."""

    def on_message_in(self, tp: Any, offset: int, message: Any) -> None:
        return None

    def on_stream_event_in(self, tp: Any, offset: int, stream: Any, event: Any) -> None:
        return None

    def on_stream_event_out(self, tp: Any, offset: int, stream: Any, event: Any,
                            state: Any = None) -> None:
        return None

    def on_message_out(self, tp: Any, offset: int, message: Any) -> None:
        return None


def make_app(service: str, *, web_port: int = 0, settings: Settings | None = None) -> faust.App:
    settings = settings or get_settings()
    records_delivered_inline()
    resumed_on_buffer_drop()
    fetch_wait_bounded()
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
        producer_max_batch_size=BATCH_BYTES,
        producer_linger=0.005,
        producer_compression_type=compression_type(settings),
        producer_partitioner=key_partition,
        consumer_max_fetch_size=settings.consumer_fetch_bytes,
        # Records taken out of a fetch per call, at most: a fetch is bounded in the broker's
        # (compressed) bytes, and 4 MiB of zstd batches held some 20,000 benchmark articles,
        # all made records at once (the parser peaked at 490 MiB at N = 100,000). As many as
        # one partition's stream buffer; the rest waits in the fetched batches, compressed.
        broker_max_poll_records=settings.stream_buffer_size,
        broker_commit_interval=1.0,
        processing_guarantee="at_least_once",
        # Reliability: a crashed worker's partitions move on within the session timeout;
        # a bounded per-partition buffer pauses fetching when a stage is slow.
        broker_session_timeout=settings.consumer_session_timeout_seconds,
        broker_heartbeat_interval=min(3.0, settings.consumer_session_timeout_seconds / 3),
        broker_rebalance_timeout=max(30.0, settings.consumer_session_timeout_seconds * 3),
        stream_buffer_maxsize=settings.stream_buffer_size,
        stream_wait_empty=True,
        Monitor=QuietMonitor,
    )


class RawSchema(faust.Schema[bytes, bytes]):
    """A record's key and value as it carries them (bytes, or None): what Faust's "raw"
    codecs make of bytes, without the serializer registry's calls for each (about ten a
    record, in every event a stage consumes; the stages decode the values themselves)."""

    def loads_key(self, app: Any, message: Any, *, loads: Any = None,
                  serializer: Any = None) -> Any:
        return message.key

    def loads_value(self, app: Any, message: Any, *, loads: Any = None,
                    serializer: Any = None) -> Any:
        return message.value


def catalogue_topic(app: faust.App, logical: TopicName) -> Any:
    spec = CATALOGUE[logical]
    return app.topic(
        spec.name(),
        partitions=spec.partitions,
        schema=RawSchema(key_type=bytes, value_type=bytes, key_serializer="raw",
                         value_serializer="raw"),
    )


log = logging.getLogger(__name__)

#: The exit status of a worker that stops without committing because it could not deliver.
EXIT_UNDELIVERED = 75


def exit_without_commit(reason: str) -> None:
    """Stop the process at once, so the current batch's offsets are never committed.

    Faust acks a ``take_events`` batch even when its body raises; exiting here instead of
    raising keeps at-least-once: after a restart the batch is consumed again.
    """
    log.critical("exiting without committing: %s", reason)
    logging.shutdown()
    os._exit(EXIT_UNDELIVERED)


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
    # Faust's terminal spinner, kept at WARNING and above, would set the root logger to
    # DEBUG (every library's debug call would build a record for it) and write terminal
    # escapes into the log. A service's output is a log, not a terminal.
    worker.spinner = None
    logging.getLogger("aiokafka").setLevel(logging.WARNING)
    # What is loaded by now (modules, the language models, the Thai dictionary: some half a
    # million objects) lives as long as the process. Frozen, it is no longer walked by every
    # full garbage collection, each of which took about 0.2 s.
    gc.collect()
    gc.freeze()
    worker.execute_from_commandline()


#: A worker left with no partitions while its group lags, for this many checks in a row,
#: exits to rejoin (see ``watch_assignment``).
IDLE_CHECKS_BEFORE_EXIT = 3


def watch_assignment(app: faust.App, topic: str, *, interval: float = 10.0) -> None:
    """Exit (code 75, like ``exit_without_commit``) when this worker has had no partitions
    for several checks while its group has lag on ``topic`` that does not shrink.

    Seen after a broker restart: the group rebalances while the broker's metadata is still
    loading, Faust's assignor logs "Ignoring missing topic" and every worker is left idle
    for good. Nothing is lost (offsets stay committed), and a restarted worker rejoins with
    full metadata; ``newsflow run``, compose and the tests' supervisors restart it. A worker
    that is idle because the group has more workers than partitions sees no lag and stays.
    """
    from newsflow.kafka.offsets import committed_offsets, end_offsets

    settings = get_settings()
    history: list[int] = []

    @app.timer(interval)
    async def assignment_watchdog() -> None:
        if app.consumer.assignment():
            history.clear()
            return
        try:
            ends = (await end_offsets([topic], settings)).get(topic, {})
            done = (await committed_offsets(app.conf.id, settings)).get(topic, {})
        except Exception as exc:  # the broker is unreachable: nothing to decide now
            log.info("assignment check skipped: %r", exc)
            return
        lag = sum(end - done.get(p, 0) for p, end in ends.items())
        history.append(lag)
        recent = history[-IDLE_CHECKS_BEFORE_EXIT:]
        if len(recent) == IDLE_CHECKS_BEFORE_EXIT and recent[-1] > 0 and recent[-1] >= recent[0]:
            exit_without_commit(
                f"no partitions assigned for {len(recent) * interval:.0f}s while the group "
                f"lags {lag} messages on {topic}: exiting to rejoin"
            )
