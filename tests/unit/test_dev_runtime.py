"""The shared dev-runtime logic (newsflow/ops/dev/runtime.py) on a tiny runtime: a Python
HTTP server "provisioned" into the cache dir. Kafka and OpenSearch themselves are started by
the integration and contract tests."""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from newsflow.ops.dev import kafka, opensearch
from newsflow.ops.dev.processes import find_free_port, pid_alive, port_open
from newsflow.ops.dev.runtime import DevRuntime, DevRuntimeError, Launch, RuntimeState


class TinyError(DevRuntimeError):
    pass


@dataclass(kw_only=True)
class TinyState(RuntimeState):
    url: str


class TinyServer(DevRuntime[TinyState]):
    state_type = TinyState
    error = TinyError
    version = "1.0"
    title = "Tiny 1.0"
    what = "the tiny server"
    folder, state_file, log_name = "tiny", "tiny.json", "tiny.log"
    not_started = "no tiny server has been started"
    instead = "use another"
    start_timeout, stop_timeout = 10.0, 5.0
    poll_seconds = 0.05

    def __init__(self, code: str = "") -> None:
        self.code = code  # run instead of the server, when given
        self.fetches = 0

    def installed(self, cache_dir: Path) -> Path:
        return cache_dir / "tiny-1.0"

    def fetch(self, cache_dir: Path) -> None:
        self.fetches += 1
        self.installed(cache_dir).mkdir(parents=True)

    def prepare(self, home: Path, installed: Path) -> Launch[TinyState]:
        port = find_free_port()
        command = ([sys.executable, "-c", self.code] if self.code else
                   [sys.executable, "-m", "http.server", "--bind", "127.0.0.1", str(port)])
        state = TinyState(url=f"http://127.0.0.1:{port}", port=port, pid=0,
                          log_file=str(self.log_file(home)), data_dir=str(home))
        return Launch(command, state)

    def address(self, state: TinyState) -> str:
        return state.url


def test_start_records_the_state_and_stop_ends_it(tmp_path: Path) -> None:
    runtime = TinyServer()
    data, cache = tmp_path / "data", tmp_path / "cache"
    assert runtime.describe(runtime.read_state(data)) == "no tiny server has been started"
    state = runtime.start(data, cache)
    try:
        assert port_open("127.0.0.1", state.port) and pid_alive(state.pid)
        recorded = json.loads((data / "tiny" / "tiny.json").read_text())
        assert recorded["pid"] == state.pid and recorded["url"] == state.url
        assert runtime.read_state(data) == state and runtime.is_running(state)
        assert runtime.describe(state) == (f"Tiny 1.0 running: {state.url}, pid {state.pid}, "
                                           f"log {data.resolve() / 'tiny' / 'tiny.log'}")
        assert runtime.start(data, cache) == state  # already running: the same one
    finally:
        assert runtime.stop(data)
    assert not pid_alive(state.pid)
    assert runtime.read_state(data) is None and not runtime.stop(data)
    runtime.start(data, cache)
    runtime.stop(data)
    assert runtime.fetches == 1  # provisioned once
    assert (cache / "tiny-1.0" / ".complete").read_text() == "1.0"


def test_a_runtime_that_exits_is_an_error_naming_its_log(tmp_path: Path) -> None:
    runtime = TinyServer(code="import sys; print('no config'); sys.exit(3)")
    with pytest.raises(TinyError, match=r"the tiny server exited with code 3; see .*tiny\.log"):
        runtime.start(tmp_path / "data", tmp_path / "cache")
    assert "no config" in (tmp_path / "data" / "tiny" / "tiny.log").read_text()
    assert runtime.read_state(tmp_path / "data") is None


def test_a_runtime_that_is_never_ready_is_stopped_and_an_error(tmp_path: Path) -> None:
    runtime = TinyServer(code="import time; time.sleep(60)")
    runtime.start_timeout = 0.5
    with pytest.raises(TinyError, match=r"the tiny server was not ready within \d+s"):
        runtime.start(tmp_path / "data", tmp_path / "cache")


def test_kafka_and_opensearch_are_runtimes_with_their_module_functions() -> None:
    assert isinstance(kafka.BROKER, DevRuntime) and isinstance(opensearch.NODE, DevRuntime)
    assert issubclass(kafka.KafkaRuntimeError, DevRuntimeError)
    assert issubclass(opensearch.OpenSearchRuntimeError, DevRuntimeError)
    assert kafka.describe(None) == "no dev broker has been started (newsflow dev kafka start)"
    state = opensearch.NodeState(url="http://127.0.0.1:1", port=1, transport_port=2, pid=2**22 + 1,
                                 log_file="node.log", data_dir="d")
    assert opensearch.describe(state) == (f"OpenSearch {opensearch.OPENSEARCH_VERSION} stopped: "
                                          f"http://127.0.0.1:1, pid {2**22 + 1}, log node.log")
