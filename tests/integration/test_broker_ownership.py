"""Whoever starts a dev broker owns it (issue 18, point 2), with real processes on a real
broker: `newsflow run` stops only the broker it started itself; one started by
`newsflow dev kafka start` runs until `newsflow dev kafka stop`; a second `newsflow run` on
the same data dir refuses in one line and stops nothing of the first one's.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from newsflow.ops.dev import kafka as dev_kafka
from newsflow.ops.dev.processes import find_free_port, pid_alive, port_open
from tests.conftest import ROOT
from tests.helpers import wait_for

pytestmark = pytest.mark.integration

NEWSFLOW = [sys.executable, "-m", "newsflow.ops.cli"]


def environment(data_dir: Path) -> dict[str, str]:
    """No KAFKA_BOOTSTRAP_SERVERS (the dev broker of ``data_dir``), ports of our own."""
    env = {k: v for k, v in os.environ.items() if k != "KAFKA_BOOTSTRAP_SERVERS"}
    env.update(NEWSFLOW_DATA_DIR=str(data_dir), NEWSFLOW_CACHE_DIR=str(ROOT / ".cache"),
               PYTHONPATH=str(ROOT), NEWSFLOW_SEARCH_PORT=str(find_free_port()),
               **{f"NEWSFLOW_{name}_METRICS_PORT": str(find_free_port())
                  for name in ("FETCHER", "PARSER", "INDEXER")})
    return env


def newsflow(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*NEWSFLOW, *args], env=env, cwd=ROOT, capture_output=True, text=True,
                          timeout=180)


class Run:
    """`newsflow run` in the background, its output in a file."""

    def __init__(self, env: dict[str, str], output: Path) -> None:
        self.output = output
        with output.open("wb") as out:
            self.process = subprocess.Popen([*NEWSFLOW, "run", "--seeds", str(ROOT / "seeds")],
                                            cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)

    def text(self) -> str:
        return self.output.read_text(errors="replace")

    def wait_started(self) -> None:
        wait_for(lambda: "Services started" in self.text() or self.process.poll() is not None,
                 timeout=150, message="newsflow run to start its services")
        assert self.process.poll() is None, self.text()

    def ctrl_c(self) -> int:
        self.process.send_signal(signal.SIGINT)
        return self.process.wait(timeout=60)

    def kill(self) -> None:
        """After a failure: Ctrl-C first, so that it stops its services (in sessions of their
        own, a SIGKILLed run would leave them running), then SIGKILL."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def broker_alive(state: dev_kafka.BrokerState) -> bool:
    return pid_alive(state.pid) and port_open("127.0.0.1", state.port)


def test_run_leaves_running_the_broker_that_dev_kafka_start_started(tmp_path: Path) -> None:
    data = tmp_path / "data"
    env = environment(data)
    started = newsflow(env, "dev", "kafka", "start")
    assert started.returncode == 0, started.stderr
    broker = dev_kafka.read_state(data)
    assert broker is not None and broker.owner_pid == 0 and broker.owner == "newsflow dev kafka start"
    run = Run(env, tmp_path / "run.out")
    try:
        run.wait_started()
        assert "it stays running after this run" in run.text()
        assert run.ctrl_c() == 0, run.text()
        assert "Stopping Kafka" not in run.text()
        assert broker_alive(broker), "newsflow run stopped a broker it did not start"
        assert dev_kafka.read_state(data) == broker

        stopped = newsflow(env, "dev", "kafka", "stop")
        assert stopped.returncode == 0 and "Kafka stopped." in stopped.stdout, stopped.stderr
        wait_for(lambda: not pid_alive(broker.pid), timeout=10, message="the broker to exit")
    finally:
        run.kill()
        dev_kafka.stop(data)


def test_a_second_run_refuses_in_one_line_and_stops_nothing_of_the_first(tmp_path: Path) -> None:
    data = tmp_path / "data"
    env = environment(data)
    first = Run(env, tmp_path / "first.out")
    try:
        first.wait_started()
        broker = dev_kafka.read_state(data)
        assert broker is not None and broker_alive(broker)
        assert (broker.owner, broker.owner_pid) == ("newsflow run", first.process.pid)

        second = newsflow(environment(data), "run")
        assert second.returncode != 0
        assert "Traceback" not in second.stderr
        lines = second.stderr.strip().splitlines()
        assert len(lines) == 1 and "already runs" in lines[0] and str(first.process.pid) in lines[0], \
            second.stderr
        assert first.process.poll() is None and broker_alive(broker)

        # The first run's broker is its own: `dev kafka stop` refuses while the run lives.
        refused = newsflow(env, "dev", "kafka", "stop")
        assert refused.returncode != 0 and "Traceback" not in refused.stderr
        assert len(refused.stderr.strip().splitlines()) == 1 and "newsflow run" in refused.stderr
        assert broker_alive(broker)

        # `dev kafka start` takes it over: now it outlives the run.
        adopted = newsflow(env, "dev", "kafka", "start")
        assert adopted.returncode == 0, adopted.stderr
        state = dev_kafka.read_state(data)
        assert state is not None and state.pid == broker.pid and state.owner_pid == 0

        assert first.ctrl_c() == 0, first.text()
        assert broker_alive(broker), "the run stopped a broker that dev kafka start had taken over"
    finally:
        first.kill()
        dev_kafka.stop(data)


def test_run_stops_the_broker_it_started(tmp_path: Path) -> None:
    data = tmp_path / "data"
    run = Run(environment(data), tmp_path / "run.out")
    try:
        run.wait_started()
        broker = dev_kafka.read_state(data)
        assert broker is not None and broker.owner_pid == run.process.pid
        assert run.ctrl_c() == 0, run.text()
        wait_for(lambda: not pid_alive(broker.pid), timeout=10, message="the run's broker to exit")
        assert dev_kafka.read_state(data) is None
    finally:
        run.kill()
        dev_kafka.stop(data)
