"""Port and pid helpers: the dev runtimes (whose processes outlive the command that started
them, so they are known by pid) and the tests' free ports."""

from __future__ import annotations

import json
import os
import signal
import socket
import time
from pathlib import Path


def find_free_port() -> int:
    """A TCP port on the loopback interface that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def port_open(host: str, port: int, timeout: float = 0.5) -> bool:
    try:
        with socket.create_connection((host, port), timeout=timeout):
            return True
    except OSError:
        return False


def pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    # A zombie (exited, not yet reaped) is not alive for our purposes.
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().split(") ", 1)[1][:1] != "Z"
    except OSError:
        return True


def wait_for_exit(pid: int, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            reaped, _ = os.waitpid(pid, os.WNOHANG)
            if reaped == pid:
                return True
        except ChildProcessError:
            pass
        if not pid_alive(pid):
            return True
        time.sleep(0.1)
    return not pid_alive(pid)


def terminate(pid: int, timeout: float) -> bool:
    """SIGTERM ``pid``, then SIGKILL if it has not exited within ``timeout``. True if it ran."""
    if not pid_alive(pid):
        return False
    try:
        os.kill(pid, signal.SIGTERM)
    except ProcessLookupError:
        return False
    if not wait_for_exit(pid, timeout):
        os.kill(pid, signal.SIGKILL)
        wait_for_exit(pid, 5.0)
    return True


class PortsTaken(RuntimeError):
    """The ports a stopped runtime had are now taken by another process."""


def stable_ports(ports_file: Path, names: tuple[str, ...], *, reuse: bool = True) -> dict[str, int]:
    """Ports for a runtime that keep across restarts (clients keep its address): those in
    ``ports_file`` when ``reuse`` and it exists, else fresh free ones, written there."""
    if reuse and ports_file.exists():
        ports = {name: int(port) for name, port in json.loads(ports_file.read_text()).items()}
        if set(ports) == set(names):
            taken = [p for p in ports.values() if port_open("127.0.0.1", p)]
            if taken:
                raise PortsTaken(f"ports {'/'.join(map(str, taken))} of the stopped runtime are "
                                 f"taken by another process; remove {ports_file.parent} to start "
                                 "afresh on new ports")
            return ports
    ports = {name: find_free_port() for name in names}
    ports_file.write_text(json.dumps(ports))
    return ports
