"""Errors a person can act on are one line on stderr, with a non-zero exit and no
traceback (issue 18, point 3). Each case runs the real command as a subprocess.

A stopped broker is a port nothing listens on: what a client sees of a broker that
`newsflow dev kafka stop` stopped while KAFKA_BOOTSTRAP_SERVERS still names it. The
example consumer's Ctrl-C needs a running broker: tests/integration/test_example_consumer.py.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from newsflow.ops.dev.processes import find_free_port
from newsflow.ops.errors import BROKER_WAIT_SECONDS
from newsflow.settings import Settings
from tests.conftest import ROOT

NEWSFLOW = [sys.executable, "-m", "newsflow.ops.cli"]

#: Every command that talks to Kafka, with arguments that would otherwise run it.
KAFKA_COMMANDS = [
    ["replay"], ["topics"], ["status"], ["tail", "articles", "--timeout", "3"], ["dlq", "list"],
    ["dlq", "show", "0"], ["dlq", "replay"], ["reindex"], ["fetch", "--once"], ["run"],
    ["worker", "parser"],
]


def environment(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if k not in ("KAFKA_BOOTSTRAP_SERVERS", "NEWSFLOW_OPENSEARCH_URL")}
    env.update(NEWSFLOW_DATA_DIR=str(tmp_path / "data"), PYTHONPATH=str(ROOT), **extra)
    return env


def assert_one_line(result: subprocess.CompletedProcess[bytes], *expected: str) -> str:
    stderr = result.stderr.decode("utf-8", "replace")
    assert result.returncode != 0, stderr
    assert "Traceback" not in stderr, stderr
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, stderr
    for text in expected:
        assert text in lines[0], lines[0]
    return lines[0]


def test_every_kafka_command_says_in_one_line_that_the_broker_does_not_answer(tmp_path: Path) -> None:
    stopped = f"127.0.0.1:{find_free_port()}"
    env = environment(tmp_path, KAFKA_BOOTSTRAP_SERVERS=stopped)
    began = time.monotonic()
    running = [(args, subprocess.Popen([*NEWSFLOW, *args], env=env, cwd=tmp_path,
                                       stdout=subprocess.PIPE, stderr=subprocess.PIPE))
               for args in KAFKA_COMMANDS]
    for args, process in running:
        stdout, stderr = process.communicate(timeout=60)
        result = subprocess.CompletedProcess(args, process.returncode, stdout, stderr)
        line = assert_one_line(result, stopped, "KAFKA_BOOTSTRAP_SERVERS")
        assert "no Kafka broker answers" in line, (args, line)
    # replay used to wait 30 s (ensure_topics' attempts); every command gives up within the
    # bound it states (they ran side by side, on a shared machine: a generous margin).
    assert time.monotonic() - began < BROKER_WAIT_SECONDS + 25


def test_a_dev_broker_that_is_gone_is_named_with_what_to_do(tmp_path: Path) -> None:
    """No KAFKA_BOOTSTRAP_SERVERS, a state file left by a broker that was killed."""
    broker = tmp_path / "data" / "kafka"
    broker.mkdir(parents=True)
    port = find_free_port()
    (broker / "broker.json").write_text(json.dumps({
        "bootstrap_servers": f"127.0.0.1:{port}", "port": port, "controller_port": port,
        "pid": 999_999_999, "log_file": str(broker / "broker.log"), "data_dir": str(broker)}))
    result = subprocess.run([*NEWSFLOW, "replay"], env=environment(tmp_path), cwd=tmp_path,
                            capture_output=True, timeout=60)
    assert_one_line(result, f"127.0.0.1:{port}", "broker.json", "newsflow dev kafka start")


@pytest.fixture
def empty_index(tmp_path: Path) -> Path:
    from newsflow.services.indexer.backends.sqlite import SqliteIndex

    SqliteIndex.from_settings(Settings(data_dir=tmp_path / "data")).close()
    return tmp_path / "data"


def test_serve_on_a_busy_port_says_so_in_one_line(tmp_path: Path, empty_index: Path) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = subprocess.run([*NEWSFLOW, "serve", "--port", str(port)], env=environment(tmp_path),
                                cwd=tmp_path, capture_output=True, timeout=60)
    assert_one_line(result, f"127.0.0.1:{port}", "in use", "--port")


@pytest.mark.parametrize("option", ["--language", "--site", "--story", None])
def test_search_with_bytes_that_are_not_utf8_says_so_in_one_line(
    tmp_path: Path, empty_index: Path, option: str | None
) -> None:
    args: list[str | bytes] = ["search", "Pangyo", option, b"\xff"] if option else ["search", b"\xff"]
    result = subprocess.run([*NEWSFLOW, *args], env=environment(tmp_path), cwd=tmp_path,
                            capture_output=True, timeout=60)
    assert_one_line(result, f"{option or 'QUERY'} is not UTF-8", r"b'\xff'")


def test_the_example_consumer_says_in_one_line_that_the_broker_does_not_answer(tmp_path: Path) -> None:
    stopped = f"127.0.0.1:{find_free_port()}"
    result = subprocess.run([sys.executable, str(ROOT / "examples" / "consume_titles.py")],
                            env=environment(tmp_path, KAFKA_BOOTSTRAP_SERVERS=stopped),
                            capture_output=True, timeout=60)
    assert_one_line(result, stopped, "KAFKA_BOOTSTRAP_SERVERS")
