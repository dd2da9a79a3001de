"""The one process launcher: a service (``python -m newsflow.services.NAME``) or any other
command run as its own process with its output in a log file.

``newsflow run`` (the supervisor), the dev runtimes, the tests and the benchmark start and
stop their processes here: SIGTERM first, SIGKILL when the grace period is over.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import IO

SERVICES = ("fetcher", "parser", "indexer")
#: How long a process may take to exit after SIGTERM before it is SIGKILLed.
STOP_GRACE_SECONDS = 20.0


def service_argv(name: str, args: Sequence[str] = ()) -> list[str]:
    """The command line that runs service ``name`` with this interpreter."""
    if name not in SERVICES:
        raise ValueError(f"no service named {name!r} (one of {', '.join(SERVICES)})")
    return [sys.executable, "-m", f"newsflow.services.{name}", *args]


class Process:
    """A command run as its own process: start, stop (SIGTERM, then SIGKILL), kill, restart.

    Its stdout and stderr go to ``log_path`` (truncated at each start, or appended to with
    ``append``; nowhere when None). With ``new_session`` it runs in a session of its own, so
    a Ctrl-C in the terminal reaches only the parent, which then stops it in order.
    """

    def __init__(self, argv: Sequence[str], *, log_path: Path | None = None,
                 env: Mapping[str, str] | None = None, cwd: Path | None = None,
                 append: bool = False, new_session: bool = False) -> None:
        self.argv = list(argv)
        self.log_path, self.env, self.cwd = log_path, env, cwd
        self.append, self.new_session = append, new_session
        self.process: subprocess.Popen[bytes] | None = None
        self.starts = 0
        self.restarts = 0
        self.started_at = time.monotonic()

    def start(self) -> None:
        if self.log_path is None:
            self.process = self._popen(subprocess.DEVNULL)
        else:
            self.log_path.parent.mkdir(parents=True, exist_ok=True)
            with self.log_path.open("ab" if self.append else "wb") as log:
                self.process = self._popen(log)
        self.starts += 1
        self.started_at = time.monotonic()

    def _popen(self, output: int | IO[bytes]) -> subprocess.Popen[bytes]:
        return subprocess.Popen(self.argv, stdout=output, stderr=subprocess.STDOUT,
                                stdin=subprocess.DEVNULL, env=self.env, cwd=self.cwd,
                                start_new_session=self.new_session)

    @property
    def pid(self) -> int:
        if self.process is None:
            raise RuntimeError(f"{self.argv[0]} has not been started")
        return self.process.pid

    @property
    def returncode(self) -> int | None:
        """The exit code once it has exited; None while it runs or before it started."""
        return None if self.process is None else self.process.poll()

    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def send_signal(self, sig: int) -> None:
        if self.running():
            assert self.process is not None
            self.process.send_signal(sig)

    def wait(self, timeout: float | None = None) -> int | None:
        """Wait for it to exit: its exit code, or None if it still runs after ``timeout``."""
        if self.process is None:
            return None
        try:
            return self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            return None

    def kill(self) -> None:
        """SIGKILL it and wait until it is gone."""
        if self.process is not None:
            _kill(self.process)

    def stop(self, grace: float = STOP_GRACE_SECONDS) -> float:
        """SIGTERM, then SIGKILL if it has not exited within ``grace``; the seconds it took."""
        began = time.monotonic()
        stop_all([self], grace=grace)
        return time.monotonic() - began

    def restart(self, grace: float = STOP_GRACE_SECONDS) -> None:
        """Stop it if it runs, then start it again (counted in ``restarts``)."""
        if self.running():
            self.stop(grace)
        self.restarts += 1
        self.start()


class ServiceProcess(Process):
    """``python -m newsflow.services.NAME ARGS`` as its own process."""

    def __init__(self, name: str, args: Sequence[str] = (), *, log_path: Path | None = None,
                 env: Mapping[str, str] | None = None, append: bool = False,
                 new_session: bool = False) -> None:
        super().__init__(service_argv(name, args), log_path=log_path, env=env, append=append,
                         new_session=new_session)
        self.name = name


def stop_all(processes: Iterable[Process], *, grace: float = STOP_GRACE_SECONDS,
             sig: int = signal.SIGTERM) -> None:
    """Send ``sig`` to every process that runs, then wait for them all within one ``grace``
    period; any still running after it is SIGKILLed. They stop side by side, not in turn."""
    running = [p for p in processes if p.running()]
    for process in running:
        process.send_signal(sig)
    deadline = time.monotonic() + grace
    for process in running:
        if process.wait(timeout=max(0.1, deadline - time.monotonic())) is None:
            assert process.process is not None
            _kill(process.process)


def _kill(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.kill()
    process.wait()
