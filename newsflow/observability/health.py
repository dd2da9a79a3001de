"""The small HTTP server every service runs: ``/metrics``, ``/health``, ``/ready``.

``/health`` says the process is alive. ``/ready`` runs the service's readiness checks
(Kafka reachable, the index usable...) and answers 503 with the failing reasons if any
fails. ``/metrics`` is the Prometheus text exposition.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from aiohttp import web

from newsflow.kafka.offsets import end_offsets
from newsflow.observability import metrics
from newsflow.settings import Settings

log = logging.getLogger(__name__)

# The ports `newsflow run` (make run) gives the services unless the environment sets them.
RUN_METRICS_PORTS = {
    "NEWSFLOW_FETCHER_METRICS_PORT": "9101",
    "NEWSFLOW_PARSER_METRICS_PORT": "9102",
    "NEWSFLOW_INDEXER_METRICS_PORT": "9103",
}

# A readiness check returns None when it passes, else the reason it fails.
ReadinessCheck = Callable[[], Awaitable[str | None]]


@dataclass
class ReadinessReport:
    checks: dict[str, str | None] = field(default_factory=dict)

    @property
    def ready(self) -> bool:
        return all(reason is None for reason in self.checks.values())

    def as_json(self) -> dict[str, object]:
        return {
            "ready": self.ready,
            "checks": {name: "ok" if reason is None else reason
                       for name, reason in self.checks.items()},
        }


async def run_checks(service: str, checks: dict[str, ReadinessCheck],
                     timeout: float = 5.0) -> ReadinessReport:
    report = ReadinessReport()
    for name, check in checks.items():
        try:
            reason = await asyncio.wait_for(check(), timeout)
        except TimeoutError:
            reason = f"no answer within {timeout:.0f}s"
        except Exception as exc:  # a failing check is a reason, never a 500
            reason = f"{type(exc).__name__}: {exc}"
        report.checks[name] = reason
        metrics.READY.labels(service=service, check=name).set(1 if reason is None else 0)
    return report


class OpsServer:
    """Serves /metrics, /health and /ready for one service on ``bind:port``."""

    def __init__(self, service: str, port: int, bind: str = "127.0.0.1",
                 checks: dict[str, ReadinessCheck] | None = None,
                 interval: float = 10.0) -> None:
        self.service = service
        self.port = port
        self.bind = bind
        self.checks = checks or {}
        #: Readiness is measured on this interval from start (``newsflow_ready`` has
        #: samples before anyone asks ``/ready``), and again at every ``/ready``.
        self.interval = interval
        self.started = time.monotonic()
        self._runner: web.AppRunner | None = None
        self._measuring: asyncio.Task[None] | None = None

    def application(self) -> web.Application:
        app = web.Application()
        app.router.add_get("/metrics", self.handle_metrics)
        app.router.add_get("/health", self.handle_health)
        app.router.add_get("/ready", self.handle_ready)
        return app

    async def handle_metrics(self, request: web.Request) -> web.Response:
        body, content_type = metrics.exposition()
        response = web.Response(body=body)
        response.headers["Content-Type"] = content_type
        return response

    async def handle_health(self, request: web.Request) -> web.Response:
        return web.json_response({
            "status": "alive", "service": self.service,
            "uptime_seconds": round(time.monotonic() - self.started, 3),
        })

    async def handle_ready(self, request: web.Request) -> web.Response:
        report = await run_checks(self.service, self.checks)
        body = {"service": self.service, **report.as_json()}
        return web.json_response(body, status=200 if report.ready else 503)

    async def start(self) -> bool:
        """Start serving; False (with a warning) when the port is taken: the service runs on."""
        runner = web.AppRunner(self.application(), access_log=None)
        await runner.setup()
        try:
            await web.TCPSite(runner, self.bind, self.port).start()
        except OSError as exc:
            await runner.cleanup()
            log.warning("metrics server not started on %s:%d: %s", self.bind, self.port, exc)
            return False
        self._runner = runner
        self._measuring = asyncio.get_running_loop().create_task(self._measure())
        log.info("serving /metrics, /health, /ready on http://%s:%d", self.bind, self.port)
        return True

    async def _measure(self) -> None:
        while True:
            await run_checks(self.service, self.checks)
            await asyncio.sleep(self.interval)

    async def stop(self) -> None:
        if self._measuring is not None:
            self._measuring.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._measuring
            self._measuring = None
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None


def missing_topics(ends: dict[str, dict[int, int]], topics: list[str]) -> str | None:
    missing = [t for t in topics if t not in ends]
    return f"topics missing: {', '.join(missing)}" if missing else None


def kafka_check(topics: list[str], settings: Settings, timeout: float = 5.0) -> ReadinessCheck:
    """For a service without a consumer group (the fetcher): Kafka answers and ``topics``
    exist, asked at every /ready."""

    async def check() -> str | None:
        try:
            ends = await asyncio.wait_for(end_offsets(topics, settings), timeout)
        except Exception as exc:  # the broker may be down: that is what /ready reports
            return f"Kafka unreachable: {type(exc).__name__}: {exc}"
        return missing_topics(ends, topics)

    return check
