"""Graceful stop on SIGTERM and SIGINT (Ctrl-C) for the long-running commands that are not
Faust workers (replay, fetch, reindex): the signal sets an event, the command finishes what
is in flight at its next safe point, delivers or discards it, and returns."""

from __future__ import annotations

import asyncio
import signal
from collections.abc import Iterator
from contextlib import contextmanager

SIGNALS = (signal.SIGTERM, signal.SIGINT)


@contextmanager
def stop_on_signals(stop: asyncio.Event | None = None) -> Iterator[asyncio.Event]:
    """While the block runs (inside a running event loop), SIGTERM and SIGINT set the event
    (``stop``, or a new one) instead of killing the process; the handlers are removed after.
    Where the loop cannot take signal handlers (not the main thread), the event is returned
    as it is and the signals keep their default action."""
    stop = stop or asyncio.Event()
    loop = asyncio.get_running_loop()
    installed = []
    for signum in SIGNALS:
        try:
            loop.add_signal_handler(signum, stop.set)
            installed.append(signum)
        except (NotImplementedError, RuntimeError, ValueError):
            pass
    try:
        yield stop
    finally:
        for signum in installed:
            loop.remove_signal_handler(signum)


class Interrupted(Exception):
    """A command stopped by a signal at a safe point; ``done`` says what it finished."""

    def __init__(self, done: str) -> None:
        super().__init__(f"stopped by a signal: {done}")
        self.done = done
