"""`newsflow run`: the whole pipeline on one machine, in the foreground, like compose up.

Starts (or reuses) the dev Kafka broker, runs each service as its own process with its log
under DATA_DIR/logs/, replays the seeds, shows a live status line, and on Ctrl-C stops
every process it started, and only those: a broker that was already running (started by
`newsflow dev kafka start`, say) is used and left running; one this run started is recorded
as its own in the broker's state file (see ``newsflow.ops.dev.runtime``) and stopped.

One run per data dir (that is, per checkout): a second one refuses to start, with a line
that names the first (``RUN_LOCK``). It could not share anyway: the services' metrics ports
and the search API port are the first one's.
"""

from __future__ import annotations

import asyncio
import contextlib
import fcntl
import os
import signal
import time
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from newsflow.kafka.admin import ensure_topics
from newsflow.kafka.offsets import end_offsets
from newsflow.observability.health import RUN_METRICS_PORTS
from newsflow.ops.dev import kafka as dev_kafka
from newsflow.ops.errors import OperatorError, require_kafka
from newsflow.ops.launch import ServiceProcess, stop_all
from newsflow.settings import Settings
from newsflow.topics import TopicName, topic_name

SERVICES = ("parser", "indexer")
STOP_GRACE_SECONDS = 10.0
#: Held (flock) by the one `newsflow run` of a data dir while it runs; holds its pid.
RUN_LOCK = "run.lock"
OWNER = "newsflow run"


class AlreadyRunning(OperatorError):
    """Another `newsflow run` runs on this data dir."""


@contextlib.contextmanager
def run_lock(data_dir: Path) -> Iterator[IO[str]]:
    """Hold DATA_DIR/run.lock for the run; ``AlreadyRunning`` when another run holds it. The
    lock goes with the process (even SIGKILLed), so a stale file never blocks a new run."""
    data_dir.mkdir(parents=True, exist_ok=True)
    path = data_dir / RUN_LOCK
    with path.open("a+") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            lock.seek(0)
            pid = lock.read().strip() or "?"
            raise AlreadyRunning(
                f"`newsflow run` already runs for {data_dir.resolve()} (pid {pid}): use that one "
                "(newsflow search, status), or stop it with Ctrl-C in its terminal first"
            ) from None
        lock.seek(0)
        lock.truncate()
        lock.write(f"{os.getpid()}\n")
        lock.flush()
        try:
            yield lock
        finally:
            lock.seek(0)
            lock.truncate()


async def _counts(settings: Settings) -> tuple[int, int, int, int]:
    names = [topic_name(t, settings) for t in
             (TopicName.RAW_DOCUMENTS, TopicName.ARTICLES, TopicName.DEAD_LETTERS)]
    offsets = await end_offsets(names, settings)
    raw, articles, dead = (sum(offsets.get(n, {}).values()) for n in names)
    from newsflow.services.indexer.backends import indexed_count

    return raw, articles, dead, indexed_count(settings) or 0


def run_pipeline(settings: Settings, seeds: list[Path], *, echo: bool = True) -> int:
    """Run until SIGINT/SIGTERM; returns the exit code. ``AlreadyRunning`` when another
    run has this data dir, ``KafkaUnreachable`` when the configured broker does not answer."""
    with run_lock(settings.data_dir):
        return _run(settings, seeds, echo=echo)


def _run(settings: Settings, seeds: list[Path], *, echo: bool) -> int:
    stop_requested = False

    def request_stop(signum: int, frame: object) -> None:
        nonlocal stop_requested
        stop_requested = True

    signal.signal(signal.SIGINT, request_stop)
    signal.signal(signal.SIGTERM, request_stop)

    def say(message: str, end: str = "\n") -> None:
        if not echo:
            return
        # The terminal or pipe may be gone (e.g. `| tee` died on Ctrl-C): stop anyway.
        with contextlib.suppress(OSError):
            print(message, end=end, flush=True)

    me = os.getpid()
    env = dict(os.environ)
    env["NEWSFLOW_DATA_DIR"] = str(settings.data_dir.resolve())
    if settings.kafka_bootstrap_servers:
        require_kafka(settings)
    else:
        running = dev_kafka.read_state(settings.data_dir)
        if not dev_kafka.is_running(running):
            say("Starting Apache Kafka (KRaft) — the first run downloads it with Maven…")
        state = dev_kafka.start(settings.data_dir, settings.cache_dir, owner=OWNER, owner_pid=me)
        if dev_kafka.BROKER.owned_by(state, me):
            say(f"Kafka ready at {state.bootstrap_servers}; its log: {state.log_file}")
        else:
            say(f"Using the running Kafka at {state.bootstrap_servers} (started by "
                f"`{state.owner}`); it stays running after this run.")
    env["KAFKA_BOOTSTRAP_SERVERS"] = settings.bootstrap_servers()
    env.update({k: v for k, v in RUN_METRICS_PORTS.items() if k not in os.environ})
    env.setdefault("NEWSFLOW_INDEXER_SEARCH_API", "true")
    logs = settings.data_dir / "logs"

    def launch(name: str, *args: str) -> ServiceProcess:
        # In a session of its own: Ctrl-C reaches only us, and we stop the services in order.
        return ServiceProcess(name, args, log_path=logs / f"{name}.log", env=env, append=True,
                              new_session=True)

    services = [launch(name) for name in SERVICES]
    fetcher = launch("fetcher", *(str(p) for p in seeds))
    try:
        asyncio.run(ensure_topics(settings=settings, attempts=10))
        for service in services:
            service.start()
        fetcher.start()
        say(f"Services started; logs in {logs}/. Ctrl-C stops everything.")
        if env["NEWSFLOW_INDEXER_SEARCH_API"].lower() in {"1", "true", "yes", "on"}:
            say(f"Search: .venv/bin/newsflow search QUERY, or http://{settings.search_host}:"
                f"{settings.search_port}/search?q=QUERY")
        last_line = ""
        while not stop_requested:
            for service in services:
                if not service.running() and not stop_requested:
                    say(f"\n{service.name} exited (code {service.returncode}); restarting "
                        f"(see {service.log_path})")
                    service.restart()
            try:
                raw, articles, dead, indexed = asyncio.run(_counts(settings))
                line = (f"replayed {raw} · parsed {articles} · dead letters {dead} · "
                        f"indexed {indexed}")
            except Exception as exc:  # the broker may be restarting; say so and go on
                line = f"status unavailable: {type(exc).__name__}: {exc}"
            if line != last_line:
                say("\r" + line.ljust(len(last_line)), end="")
                last_line = line
            for _ in range(10):
                if stop_requested:
                    break
                time.sleep(0.1)
    finally:
        say("\nStopping services…")
        stop_all([fetcher, *services], grace=STOP_GRACE_SECONDS)
        # Only a broker this run started and still owns (`newsflow dev kafka start` may have
        # taken it over meanwhile).
        if dev_kafka.BROKER.owned_by(dev_kafka.read_state(settings.data_dir), me):
            say("Stopping Kafka…")
            dev_kafka.stop(settings.data_dir, timeout=15, owner_pid=me)
        say("Stopped.")
    return 0
