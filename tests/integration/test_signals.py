"""SIGTERM and SIGINT (Ctrl-C) on the long-running commands that are not Faust workers:
each finishes what is in flight, leaves a consistent state, and exits within 10 s.

* the fetcher in replay mode and `newsflow replay`: every document it says it published
  is on the topic, acknowledged (the rest come with a rerun: ids are stable);
* `newsflow reindex`: the rebuild is discarded, the served index is the one it was;
* `newsflow serve` and a worker on Ctrl-C: a clean exit.
(SIGTERM of busy workers: test_shutdown.py; `newsflow run` on Ctrl-C: test_make_run.py.)
"""

from __future__ import annotations

import asyncio
import re
import signal
import sys
import time
from pathlib import Path

import pytest

from newsflow.kafka.producer import make_producer
from newsflow.ops.dev.processes import find_free_port, port_open
from newsflow.ops.launch import Process, ServiceProcess
from newsflow.services.indexer.backends.sqlite import SqliteIndex
from newsflow.services.parser.document import parse_document
from newsflow.settings import Settings
from newsflow.topics import TopicName, topic_name
from tests.chaos import service_env
from tests.conftest import ROOT
from tests.helpers import topic_total, wait_for
from tests.synthetic import synthetic_documents

pytestmark = [pytest.mark.integration, pytest.mark.slow]

BOUND_SECONDS = 10.0


def write_seeds(folder: Path, count: int) -> Path:
    folder.mkdir(parents=True)
    for n, document in enumerate(synthetic_documents(count)):
        (folder / f"seed-{n:05d}.txt").write_text(document.content, encoding="utf-8")
    return folder


def signal_and_wait(process: Process, sig: int) -> float:
    started = time.monotonic()
    process.send_signal(sig)
    process.wait(timeout=30)
    return time.monotonic() - started


def cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "newsflow.ops.cli", *args]


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_the_fetcher_stops_a_replay_with_every_published_document_acknowledged(
    pipeline_settings: Settings, tmp_path: Path, sig: int
) -> None:
    settings = pipeline_settings
    seeds = write_seeds(tmp_path / "seeds", 6000)
    raw_topic = topic_name(TopicName.RAW_DOCUMENTS, settings)
    log = tmp_path / "fetcher.log"
    fetcher = ServiceProcess("fetcher", [str(seeds)], log_path=log,
                             env=service_env(settings, NEWSFLOW_LOG_FORMAT="text"))
    fetcher.start()
    wait_for(lambda: topic_total(settings, raw_topic) > 0, timeout=90, interval=0.05,
             message="the replay to start")
    seconds = signal_and_wait(fetcher, sig)
    text = log.read_text(errors="replace")
    assert fetcher.returncode == 0, text[-2000:]
    assert seconds < BOUND_SECONDS
    said = re.search(r"(\d+) seed documents published and acknowledged", text)
    assert said, text[-2000:]
    published = int(said.group(1))
    assert 0 < published < 6000, "the replay was stopped mid-way"
    assert topic_total(settings, raw_topic) == published
    assert "Traceback" not in text


def test_newsflow_replay_on_ctrl_c_says_what_it_published_in_one_line(
    pipeline_settings: Settings, tmp_path: Path
) -> None:
    settings = pipeline_settings
    seeds = write_seeds(tmp_path / "seeds", 6000)
    raw_topic = topic_name(TopicName.RAW_DOCUMENTS, settings)
    err = tmp_path / "replay.err"
    replay = Process(cli("replay", str(seeds)), log_path=err, env=service_env(settings), cwd=ROOT)
    replay.start()
    wait_for(lambda: topic_total(settings, raw_topic) > 0, timeout=90, interval=0.05,
             message="the replay to start")
    seconds = signal_and_wait(replay, signal.SIGINT)
    output = err.read_text(errors="replace").strip().splitlines()
    assert replay.returncode == 130, output
    assert seconds < BOUND_SECONDS
    [line] = [line for line in output if "published" in line]
    published = int(re.search(r"(\d+) seed documents", line).group(1))  # type: ignore[union-attr]
    assert topic_total(settings, raw_topic) == published
    assert not any("Traceback" in line for line in output)


async def produce_articles(settings: Settings, count: int) -> None:
    from newsflow.kafka.admin import ensure_topics

    await ensure_topics(settings=settings)
    producer = make_producer(settings)
    await producer.start()
    try:
        topic = topic_name(TopicName.ARTICLES, settings)
        articles = [parse_document(d) for d in synthetic_documents(count)]
        await asyncio.gather(*[await producer.send(topic, a.to_bytes(), key=a.id.encode())
                               for a in articles])
    finally:
        await producer.stop()


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_reindex_stopped_midway_discards_the_rebuild_and_keeps_the_served_index(
    pipeline_settings: Settings, tmp_path: Path, sig: int
) -> None:
    settings = pipeline_settings
    served = settings.resolved_index_path
    served.parent.mkdir(parents=True)
    index = SqliteIndex(served)
    index.upsert([parse_document(synthetic_documents(1)[0])])
    index.close()
    asyncio.run(produce_articles(settings, 12000))
    err = tmp_path / "reindex.err"
    rebuild = Process(cli("reindex"), log_path=err, env=service_env(settings), cwd=ROOT)
    rebuild.start()
    wait_for(lambda: any(p != served and p.name.startswith(served.name)
                         for p in served.parent.iterdir()),
             timeout=60, interval=0.01, message="the rebuild to start")
    seconds = signal_and_wait(rebuild, sig)
    output = err.read_text(errors="replace")
    assert rebuild.returncode == 130, output[-2000:]
    assert seconds < BOUND_SECONDS
    assert "the served index is unchanged" in output and "Traceback" not in output
    staging = [p for p in served.parent.iterdir() if p.name != served.name
               and not p.name.endswith(("-wal", "-shm"))]
    assert staging == []
    index = SqliteIndex(served, read_only=True)
    try:
        assert index.count() == 1
    finally:
        index.close()


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_serve_exits_cleanly_on_a_signal(pipeline_settings: Settings, tmp_path: Path,
                                         sig: int) -> None:
    pipeline_settings.resolved_index_path.parent.mkdir(parents=True)
    SqliteIndex(pipeline_settings.resolved_index_path).close()
    port = find_free_port()
    server = Process(cli("serve", "--port", str(port)), log_path=tmp_path / "serve.log",
                     env=service_env(pipeline_settings), cwd=ROOT)
    server.start()
    wait_for(lambda: port_open("127.0.0.1", port), timeout=60, message="the API to listen")
    seconds = signal_and_wait(server, sig)
    assert server.returncode == 0, (tmp_path / "serve.log").read_text()
    assert seconds < BOUND_SECONDS


@pytest.mark.parametrize("name", ["parser", "indexer"])
def test_a_worker_stops_cleanly_on_ctrl_c(pipeline_settings: Settings, tmp_path: Path,
                                          name: str) -> None:
    log = tmp_path / f"{name}.log"
    parser = ServiceProcess(name, log_path=log, env=service_env(pipeline_settings))
    parser.start()
    wait_for(lambda: "Ready" in log.read_text(errors="replace") or
             '"ready"' in log.read_text(errors="replace").lower(), timeout=90,
             message="the worker to start")
    seconds = signal_and_wait(parser, signal.SIGINT)
    assert parser.returncode == 0, log.read_text()[-2000:]
    assert seconds < BOUND_SECONDS


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_the_fetcher_following_unreachable_sources_stops_on_a_signal(
    pipeline_settings: Settings, tmp_path: Path, sig: int
) -> None:
    """Offline, the default sources fail at every round; a signal still ends it at once."""
    empty = tmp_path / "no-seeds"
    empty.mkdir()
    log = tmp_path / "fetcher.log"
    fetcher = ServiceProcess("fetcher", [str(empty), "--follow"], log_path=log,
                             env=service_env(pipeline_settings, NEWSFLOW_LOG_FORMAT="text"))
    fetcher.start()
    wait_for(lambda: "round 1" in log.read_text(errors="replace"), timeout=120,
             message="a first round over the sources")
    seconds = signal_and_wait(fetcher, sig)
    assert fetcher.returncode == 0, log.read_text(errors="replace")[-2000:]
    assert seconds < BOUND_SECONDS


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_newsflow_run_stops_what_it_started_on_a_signal(
    pipeline_settings: Settings, tmp_path: Path, sig: int
) -> None:
    """On a broker it did not start (KAFKA_BOOTSTRAP_SERVERS): it stops its services only."""
    seeds = write_seeds(tmp_path / "seeds", 3)
    out = tmp_path / "run.log"
    env = service_env(pipeline_settings, NEWSFLOW_FETCH_FOLLOW_SOURCES="false",
                      NEWSFLOW_FETCHER_METRICS_PORT="0", NEWSFLOW_PARSER_METRICS_PORT="0",
                      NEWSFLOW_INDEXER_METRICS_PORT="0", NEWSFLOW_INDEXER_SEARCH_API="false")
    runner = Process(cli("run", "--seeds", str(seeds)), log_path=out, env=env, cwd=ROOT)
    runner.start()
    wait_for(lambda: "indexed 3" in out.read_text(errors="replace"), timeout=120,
             message="the pipeline to index the seeds")
    seconds = signal_and_wait(runner, sig)
    assert runner.returncode == 0, out.read_text(errors="replace")[-2000:]
    assert seconds < BOUND_SECONDS
    assert "Stopped." in out.read_text(errors="replace")
    assert port_open(*pipeline_settings.bootstrap_servers().rsplit(":", 1)[0:1],
                     int(pipeline_settings.bootstrap_servers().rsplit(":", 1)[1])), \
        "run stopped a broker it did not start"
