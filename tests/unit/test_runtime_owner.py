"""The owner a dev runtime's state file records, and who may stop it, on the tiny runtime of
test_dev_runtime.py: the same base runs the Kafka broker and the OpenSearch node (the
broker with real `newsflow run`s: tests/integration/test_broker_ownership.py)."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from newsflow.ops.dev.processes import pid_alive
from newsflow.ops.dev.runtime import OwnedElsewhere
from tests.unit.test_dev_runtime import TinyServer


@pytest.fixture
def owner() -> Iterator[subprocess.Popen[bytes]]:
    """A live process standing for a `newsflow run`."""
    process = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    yield process
    process.kill()
    process.wait()


def test_a_process_owns_what_it_starts_and_nobody_else_stops_it(
    tmp_path: Path, owner: subprocess.Popen[bytes]
) -> None:
    runtime, data, cache = TinyServer(), tmp_path / "data", tmp_path / "cache"
    state = runtime.start(data, cache, owner="newsflow run", owner_pid=owner.pid)
    try:
        recorded = json.loads((data / "tiny" / "tiny.json").read_text())
        assert (recorded["owner"], recorded["owner_pid"]) == ("newsflow run", owner.pid)
        assert f"owned by `newsflow run` (pid {owner.pid}), stops with it" in runtime.describe(state)
        # Another process finds it running: it uses it, does not own it, cannot stop it.
        assert runtime.start(data, cache, owner="newsflow run", owner_pid=owner.pid + 1) == state
        assert not runtime.stop(data, owner_pid=owner.pid + 1)
        with pytest.raises(OwnedElsewhere, match=rf"`newsflow run` \(pid {owner.pid}\)"):
            runtime.stop(data)
        assert runtime.is_running(state)
        # Its owner stops it.
        assert runtime.stop(data, owner_pid=owner.pid)
        assert not pid_alive(state.pid)
    finally:
        runtime.kill(data)


def test_dev_start_takes_a_runtime_over_and_a_dead_owners_runtime_is_adopted(
    tmp_path: Path, owner: subprocess.Popen[bytes]
) -> None:
    runtime, data, cache = TinyServer(), tmp_path / "data", tmp_path / "cache"
    state = runtime.start(data, cache, owner="newsflow run", owner_pid=owner.pid)
    try:
        taken = runtime.start(data, cache, owner="newsflow dev tiny start")
        assert (taken.pid, taken.owner, taken.owner_pid) == (state.pid, "newsflow dev tiny start", 0)
        assert not runtime.stop(data, owner_pid=owner.pid)  # the run no longer owns it
        assert runtime.is_running(state)
        # A process-owned runtime whose owner died belongs to the next one who asks.
        runtime.start(data, cache, owner="newsflow run", owner_pid=owner.pid)  # dev keeps it
        assert runtime.read_state(data).owner_pid == 0  # type: ignore[union-attr]
        (data / "tiny" / "tiny.json").write_text(json.dumps(
            {**json.loads((data / "tiny" / "tiny.json").read_text()), "owner": "newsflow run",
             "owner_pid": 2**22 + 7}))  # an owner that is gone
        assert runtime.start(data, cache, owner="newsflow run", owner_pid=owner.pid).owner_pid == owner.pid
    finally:
        runtime.kill(data)
    assert not pid_alive(state.pid)
