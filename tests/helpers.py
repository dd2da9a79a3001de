"""Helpers for integration tests: service processes and waiting for conditions."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

from newsflow.kafka.offsets import committed_offsets, end_offsets
from newsflow.ops.launch import ServiceProcess
from newsflow.settings import Settings

T = TypeVar("T")


def wait_for(condition: Callable[[], T], *, timeout: float = 60.0, interval: float = 0.25,
             message: str = "condition") -> T:
    deadline = time.monotonic() + timeout
    last_error: Exception | None = None
    while time.monotonic() < deadline:
        try:
            result = condition()
            if result:
                return result
        except Exception as exc:  # not ready yet (e.g. index file not created)
            last_error = exc
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout}s waiting for {message}; last error: "
                         f"{last_error!r}")


@contextmanager
def service(name: str, env: dict[str, str], log_dir: Path, *args: str) -> Iterator[subprocess.Popen[bytes]]:
    """Run ``python -m newsflow.services.NAME ARGS`` as its own process; stop it on exit."""
    launched = ServiceProcess(name, args, env=env,
                              log_path=log_dir / f"{name}-{time.monotonic_ns()}.log")
    launched.start()
    assert launched.process is not None
    try:
        yield launched.process
    finally:
        launched.stop(grace=20)


def group_caught_up(settings: Settings, group: str, topic: str) -> bool:
    """True when ``group`` has committed every offset of ``topic`` (no lag)."""

    async def check() -> bool:
        ends = (await end_offsets([topic], settings)).get(topic, {})
        committed = (await committed_offsets(group, settings)).get(topic, {})
        return all(committed.get(p, 0) >= end for p, end in ends.items())

    return asyncio.run(check())


def topic_total(settings: Settings, topic: str) -> int:
    return sum(asyncio.run(end_offsets([topic], settings)).get(topic, {}).values())


def get_json(url: str) -> tuple[int, Any]:
    """GET ``url``: its status and JSON body, error statuses included."""
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read())


def indexed(settings: Settings) -> int:
    """How many articles the index of ``settings`` holds (read-only; 0 before it exists)."""
    from newsflow.services.indexer.backends import indexed_count

    return indexed_count(settings) or 0


def newsflow(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    """Run the ``newsflow`` CLI of this checkout with ``env``."""
    from tests.conftest import ROOT

    return subprocess.run([sys.executable, "-m", "newsflow.ops.cli", *args], env=env, cwd=ROOT,
                          capture_output=True, text=True, timeout=120)


def search_json(env: dict[str, str], query: str) -> list[dict[str, object]]:
    """``newsflow search QUERY --json``: the hits."""
    result = newsflow(env, "search", query, "--json")
    assert result.returncode == 0, result.stderr
    hits: list[dict[str, object]] = json.loads(result.stdout)
    return hits


def search_hits(settings: Settings, query: str) -> list[dict[str, object]]:
    """The hits ``newsflow search QUERY --json`` prints, read in this process: the same
    index, query model and JSON. A test that polls many queries uses this rather than a
    ``newsflow`` process per query, each of which takes 2-8 s to import on a loaded host
    (the CLI itself is tested once a test, by ``search_json``)."""
    from newsflow.services.indexer.backends import open_index
    from newsflow.services.indexer.backends.base import SearchQuery

    index = open_index(settings, read_only=True)
    try:
        hits = index.search(SearchQuery(text=query))
    finally:
        index.close()
    return [hit.model_dump(mode="json") for hit in hits]
