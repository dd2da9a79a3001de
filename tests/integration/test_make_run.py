"""`newsflow run` (what `make run` calls): its own broker, three service processes, the seed
replay, a status line; SIGINT (Ctrl-C) stops every process it started within 30 s."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from newsflow.ops.dev import kafka as dev_kafka
from newsflow.ops.dev.processes import find_free_port, pid_alive
from newsflow.settings import Settings
from tests.conftest import ROOT
from tests.helpers import search_hits, wait_for

pytestmark = pytest.mark.integration


def children_of(pid: int) -> set[int]:
    """Every process whose parent chain leads to ``pid`` (read from /proc)."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
                parents[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
    found, frontier = set(), {pid}
    while frontier:
        frontier = {child for child, parent in parents.items() if parent in frontier} - found
        found |= frontier
    return found


def test_run_serves_the_seeds_and_ctrl_c_stops_everything(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "KAFKA_BOOTSTRAP_SERVERS"}
    api_port = find_free_port()
    env.update(NEWSFLOW_DATA_DIR=str(tmp_path / "data"),
               NEWSFLOW_CACHE_DIR=str(ROOT / ".cache"), PYTHONPATH=str(ROOT),
               NEWSFLOW_SEARCH_PORT=str(api_port))
    output = tmp_path / "run.out"
    with output.open("wb") as out:
        runner = subprocess.Popen([sys.executable, "-m", "newsflow.ops.cli", "run"], cwd=ROOT,
                                  env=env, stdout=out, stderr=subprocess.STDOUT)
    try:
        def search(query: str) -> list[dict[str, object]]:
            result = subprocess.run([sys.executable, "-m", "newsflow.ops.cli", "search", query,
                                     "--json"], cwd=ROOT, env=env, capture_output=True,
                                    text=True, timeout=60)
            return json.loads(result.stdout) if result.returncode == 0 else []

        # Waited for in this process (a `newsflow search` per poll takes seconds to start),
        # then asked through the CLI.
        settings = Settings(data_dir=tmp_path / "data")
        wait_for(lambda: search_hits(settings, "Pangyo"), timeout=150, message="German seed")
        assert search("Pangyo")
        wait_for(lambda: search_hits(settings, "ไฮฟอง"), timeout=60, message="Thai seed")
        assert search("ไฮฟอง")
        # newsflow run has the indexer serve the HTTP search API as well.
        with urllib.request.urlopen(f"http://127.0.0.1:{api_port}/search?q=Pangyo",
                                    timeout=10) as response:
            assert json.loads(response.read())["hits"][0]["language"] == "de"
        assert f"http://127.0.0.1:{api_port}/search?q=QUERY" in output.read_text(errors="replace")
        wait_for(lambda: "indexed 2" in output.read_text(errors="replace"), timeout=30,
                 message="the status line to count two indexed articles")
        started = children_of(runner.pid)
        broker = dev_kafka.read_state(tmp_path / "data")
        assert broker is not None and broker.pid in started | {broker.pid}
        assert len(started) >= 3  # the broker, the parser and the indexer at least

        stop_began = time.monotonic()
        runner.send_signal(signal.SIGINT)
        runner.wait(timeout=30)
        wait_for(lambda: not any(pid_alive(p) for p in started | {broker.pid}), timeout=5,
                 message="every started process to be gone")
        assert time.monotonic() - stop_began < 30
        assert runner.returncode == 0
        assert "Stopped." in output.read_text(errors="replace")
    finally:
        if runner.poll() is None:
            runner.kill()
        dev_kafka.stop(tmp_path / "data")
