"""The process launcher (newsflow/ops/launch.py) on real, tiny processes."""

from __future__ import annotations

import signal
import sys
import time
from pathlib import Path

import pytest

from newsflow.ops.launch import Process, ServiceProcess, service_argv, stop_all

# Prints a line, then sleeps; with "stubborn" it ignores SIGTERM.
SLEEPER = """
import signal, sys, time
if "stubborn" in sys.argv:
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
print("up", flush=True)
time.sleep(60)
"""


def sleeper(tmp_path: Path, *args: str, **options: bool) -> Process:
    process = Process([sys.executable, "-c", SLEEPER, *args], log_path=tmp_path / "p.log",
                      **options)
    process.start()
    deadline = time.monotonic() + 10
    while "up" not in (tmp_path / "p.log").read_text() and time.monotonic() < deadline:
        time.sleep(0.02)
    return process


def test_a_service_runs_as_its_installed_module() -> None:
    assert service_argv("parser", ["--x"]) == [sys.executable, "-m", "newsflow.services.parser", "--x"]
    assert ServiceProcess("fetcher", ["seeds"]).argv[-2:] == ["newsflow.services.fetcher", "seeds"]
    with pytest.raises(ValueError, match="no service named"):
        service_argv("services.parser")


def test_stop_sends_sigterm_and_reports_the_exit(tmp_path: Path) -> None:
    process = sleeper(tmp_path)
    assert process.running() and process.returncode is None
    seconds = process.stop(grace=10)
    assert not process.running()
    assert process.returncode == -signal.SIGTERM
    assert seconds < 5


def test_stop_kills_a_process_that_ignores_sigterm_after_the_grace_period(tmp_path: Path) -> None:
    process = sleeper(tmp_path, "stubborn")
    seconds = process.stop(grace=0.5)
    assert process.returncode == -signal.SIGKILL
    assert 0.4 < seconds < 5


def test_restart_starts_it_again_and_counts(tmp_path: Path) -> None:
    process = sleeper(tmp_path, append=True)
    first = process.pid
    process.restart(grace=5)
    try:
        assert process.running() and process.pid != first
        assert (process.starts, process.restarts) == (2, 1)
    finally:
        process.kill()
    assert process.returncode == -signal.SIGKILL


def test_stop_all_stops_them_side_by_side_within_one_grace_period(tmp_path: Path) -> None:
    processes = [sleeper(tmp_path / str(i), "stubborn") for i in range(3)]
    began = time.monotonic()
    stop_all(processes, grace=1.0)
    assert time.monotonic() - began < 3  # one grace period, not three
    assert [p.returncode for p in processes] == [-signal.SIGKILL] * 3


def test_an_unstarted_process_stops_at_once() -> None:
    process = Process([sys.executable, "-c", "pass"])
    assert process.stop() < 1 and process.returncode is None and process.wait(0.1) is None
