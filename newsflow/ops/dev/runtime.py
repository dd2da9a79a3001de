"""What every dev runtime (the Kafka broker, the OpenSearch node) does the same way.

A runtime is provisioned once into the cache dir (with Maven), runs as a process of its
own session with its state in ``DATA_DIR/<folder>``: its log, and a state file (JSON: pid,
port, address, owner) that every later command reads; ``start`` waits until it is ready,
``stop`` sends SIGTERM and then SIGKILL. A subclass says what differs: how to provision it,
the command line and configuration (``prepare``), and when it is ready (``ready``).

Whoever starts a runtime owns it, and the state file says who: ``newsflow dev … start``
(``owner_pid`` 0: it runs until ``newsflow dev … stop``) or a process such as
``newsflow run`` (``owner_pid`` its pid: it stops the runtime when it exits, and nobody else
may stop it while it lives). A process that finds the runtime already running uses it and
leaves it running; ``dev … start`` on a runtime a process owns takes it over, so that it
outlives that process; a runtime whose owning process died belongs to whoever asks next.
"""

from __future__ import annotations

import fcntl
import json
import os
import signal
import subprocess
import time
from abc import ABC, abstractmethod
from contextlib import suppress
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Generic, TypeVar

from newsflow.ops.dev.processes import pid_alive, port_open, terminate, wait_for_exit
from newsflow.ops.launch import Process

#: The owner recorded for a runtime started by ``newsflow dev … start``.
DEV_OWNER = "newsflow dev start"


class DevRuntimeError(RuntimeError):
    """A dev runtime could not be provisioned or started; the message says what to do."""


class OwnedElsewhere(DevRuntimeError):
    """Stopping was refused: a live process (``newsflow run``) owns the runtime."""


@dataclass(kw_only=True)
class RuntimeState:
    """What the state file records of a started runtime."""

    port: int
    pid: int
    log_file: str
    data_dir: str
    #: Who started it ("newsflow dev start", "newsflow run") and so who stops it.
    owner: str = DEV_OWNER
    #: 0: it runs until ``newsflow dev … stop``; else the pid of the process that owns it
    #: (and stops it when it exits).
    owner_pid: int = 0


S = TypeVar("S", bound=RuntimeState)


@dataclass
class Launch(Generic[S]):
    """What ``prepare`` hands to ``start``: the command, its environment, and the state to
    record once it runs (``pid`` 0 until then)."""

    command: list[str]
    state: S
    env: dict[str, str] | None = None


class DevRuntime(ABC, Generic[S]):
    state_type: type[S]
    error: type[DevRuntimeError] = DevRuntimeError
    version: str
    #: "Kafka 3.9.1 (KRaft)": how ``describe`` names it.
    title: str
    #: "the broker": how error messages name it.
    what: str
    #: Its state lives in DATA_DIR/<folder>, the state file there.
    folder: str
    state_file: str
    log_name: str
    #: What ``describe`` says when it has never been started.
    not_started: str
    #: The alternative to running it here, for error messages ("set ... to a ... you run yourself").
    instead: str
    start_timeout: float
    stop_timeout: float
    poll_seconds: float = 0.25

    # --- what a runtime defines ---------------------------------------------------------

    @abstractmethod
    def installed(self, cache_dir: Path) -> Path:
        """The folder that ``provision`` fills and returns."""

    def marker(self, cache_dir: Path) -> Path:
        """The file whose presence says provisioning is complete."""
        return self.installed(cache_dir) / ".complete"

    @abstractmethod
    def fetch(self, cache_dir: Path) -> None:
        """Download and unpack what ``installed`` names."""

    @abstractmethod
    def prepare(self, home: Path, installed: Path) -> Launch[S]:
        """Write the configuration under ``home`` and say what to run."""

    def ready(self, state: S, log_offset: int) -> bool:
        """Whether the started runtime, its port already open, is usable; ``log_offset`` is
        where its log stood before this start."""
        return True

    @abstractmethod
    def address(self, state: S) -> str:
        """Where clients reach it, as ``describe`` says it."""

    # --- the same for every runtime ------------------------------------------------------

    def home(self, data_dir: Path) -> Path:
        return data_dir / self.folder

    def log_file(self, home: Path) -> Path:
        return home / self.log_name

    def provision(self, cache_dir: Path) -> Path:
        """Fetch the runtime into the cache dir, once; return the folder holding it."""
        installed = self.installed(cache_dir)
        marker = self.marker(cache_dir)
        if not marker.exists():
            self.fetch(cache_dir)
            marker.write_text(self.version)
        return installed

    def mvn(self, args: list[str], *, resolving: str, cwd: Path | None = None) -> None:
        """Run Maven (quiet, batch mode); a missing ``mvn`` or a failure is this runtime's error."""
        try:
            result = subprocess.run(["mvn", "-q", "-B", *args], capture_output=True, text=True,
                                    timeout=900, cwd=cwd)
        except FileNotFoundError:
            raise self.error(f"`mvn` is not installed: install Maven (apt-get install maven) or "
                             f"{self.instead}") from None
        if result.returncode != 0:
            raise self.error(f"mvn could not resolve {resolving}:\n{result.stdout}\n{result.stderr}")

    def read_state(self, data_dir: Path) -> S | None:
        path = self.home(data_dir) / self.state_file
        if not path.exists():
            return None
        return self.state_type(**json.loads(path.read_text()))

    def is_running(self, state: S | None) -> bool:
        return state is not None and pid_alive(state.pid) and port_open("127.0.0.1", state.port)

    def start(self, data_dir: Path, cache_dir: Path, *, timeout: float | None = None,
              owner: str = DEV_OWNER, owner_pid: int = 0) -> S:
        """Start it (provisioning it first if needed) and wait until it is ready; the state
        file records ``owner`` (see the module). Starts for one data dir take turns.

        One already running for this data dir is returned as it is, with its owner: with
        ``owner_pid`` 0 (``dev … start``) it becomes ours, else it stays with its owner
        unless that process is gone.
        """
        home = self.home(data_dir).resolve()
        home.mkdir(parents=True, exist_ok=True)
        with (home / ".start.lock").open("w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            state = self.read_state(data_dir)
            if state is not None and self.is_running(state):
                if owner_pid == 0 or not self.owner_alive(state):
                    state = replace(state, owner=owner, owner_pid=owner_pid)
                    self._write_state(home, state)
                return state
            return self._launch(home, cache_dir, timeout, owner, owner_pid)

    def _launch(self, home: Path, cache_dir: Path, timeout: float | None, owner: str,
                owner_pid: int) -> S:
        launch = self.prepare(home, self.provision(cache_dir))
        log_file = Path(launch.state.log_file)
        log_offset = log_file.stat().st_size if log_file.exists() else 0
        process = Process(launch.command, log_path=log_file, env=launch.env, cwd=home,
                          append=True, new_session=True)
        process.start()
        state = replace(launch.state, pid=process.pid, owner=owner, owner_pid=owner_pid)
        self._wait_ready(state, process, log_offset, self.start_timeout if timeout is None else timeout)
        self._write_state(home, state)
        return state

    def _write_state(self, home: Path, state: S) -> None:
        path = home / self.state_file
        partial = path.with_name(path.name + ".partial")
        partial.write_text(json.dumps(asdict(state), indent=2))
        partial.replace(path)

    def owner_alive(self, state: S) -> bool:
        """Whether its owner is still there: ``dev … start`` always is (until ``… stop``),
        a process while it runs."""
        return state.owner_pid == 0 or pid_alive(state.owner_pid)

    def owned_by_process(self, state: S) -> bool:
        """Whether a process that still runs owns it (and stops it when it exits)."""
        return state.owner_pid != 0 and pid_alive(state.owner_pid)

    def owned_by(self, state: S | None, owner_pid: int) -> bool:
        return state is not None and state.owner_pid == owner_pid

    def _wait_ready(self, state: S, process: Process, log_offset: int, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if not process.running():
                raise self.error(f"{self.what} exited with code {process.returncode}; "
                                 f"see {state.log_file}")
            if port_open("127.0.0.1", state.port) and self.ready(state, log_offset):
                return
            time.sleep(self.poll_seconds)
        with suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        raise self.error(f"{self.what} was not ready within {timeout:.0f}s; see {state.log_file}")

    def stop(self, data_dir: Path, *, timeout: float | None = None,
             owner_pid: int | None = None) -> bool:
        """Stop it cleanly (SIGTERM, then SIGKILL after ``timeout``). True if it ran.

        With ``owner_pid`` (a process stopping what it started), only if that process still
        owns it; without (``dev … stop``), ``OwnedElsewhere`` while a live process owns it.
        """
        state = self.read_state(data_dir)
        if state is None:
            return False
        if owner_pid is not None and state.owner_pid != owner_pid:
            return False
        if owner_pid is None and self.owned_by_process(state) and self.is_running(state):
            raise OwnedElsewhere(
                f"{self.what} belongs to `{state.owner}` (pid {state.owner_pid}), which stops "
                f"it when it exits: stop that (Ctrl-C in its terminal) instead"
            )
        ran = terminate(state.pid, self.stop_timeout if timeout is None else timeout)
        (self.home(data_dir) / self.state_file).unlink(missing_ok=True)
        return ran

    def kill(self, data_dir: Path) -> None:
        """SIGKILL it (for failure tests): its state stays for a restart."""
        state = self.read_state(data_dir)
        if state is not None and pid_alive(state.pid):
            os.kill(state.pid, signal.SIGKILL)
            wait_for_exit(state.pid, 10.0)

    def describe(self, state: S | None) -> str:
        if state is None:
            return self.not_started
        running = self.is_running(state)
        described = (f"{self.title} {'running' if running else 'stopped'}: {self.address(state)}, "
                     f"pid {state.pid}, log {state.log_file}")
        if not running or state.owner_pid == 0:  # 0: it runs until `newsflow dev … stop`
            return described
        if self.owned_by_process(state):
            return f"{described}; owned by `{state.owner}` (pid {state.owner_pid}), stops with it"
        return f"{described}; its owner `{state.owner}` (pid {state.owner_pid}) is gone"
