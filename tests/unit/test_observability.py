"""Pure parts of operations: lag, rates, headers, JSON log lines, readiness reports."""

from __future__ import annotations

import asyncio
import json
import logging

from newsflow import headers
from newsflow.events import RawDocument
from newsflow.observability.health import run_checks
from newsflow.observability.lag import lag_for_gauge, message_rates, partition_lags
from newsflow.observability.logging import JsonFormatter, current_correlation_id
from newsflow.observability.trail import error_class_of


def test_lag_is_end_minus_committed_and_unknown_without_a_commit() -> None:
    ends = {"t": {0: 10, 1: 4, 2: 7}}
    committed = {"t": {0: 6, 1: 4}}
    rows = partition_lags(ends, committed, ["t"])
    assert [(r.partition, r.committed, r.lag) for r in rows] == [(0, 6, 4), (1, 4, 0), (2, None, None)]
    assert lag_for_gauge(rows) == {("t", 0): 4, ("t", 1): 0, ("t", 2): 7}
    # Without a topic list only committed partitions are listed, as kafka-consumer-groups does.
    assert [r.partition for r in partition_lags(ends, committed)] == [0, 1]


def test_lag_is_never_negative_after_a_topic_is_truncated() -> None:
    assert partition_lags({"t": {0: 3}}, {"t": {0: 9}}, ["t"])[0].lag == 0


def test_message_rate_counts_growth_over_the_window() -> None:
    rates = message_rates({"a": {0: 10, 1: 5}}, {"a": {0: 20, 1: 9}, "b": {0: 3}}, 2.0)
    assert rates == {"a": 7.0, "b": 0.0}


def test_event_headers_name_the_schema_producer_and_correlation() -> None:
    document = RawDocument.from_seed("x.txt", "hello")
    pairs = headers.headers_of(document, "fetcher", document.document_id)
    decoded = headers.decode_headers(pairs)
    assert decoded == {"event_type": "RawDocument", "schema_version": "1",
                       "content-type": "application/json", "producer": "fetcher",
                       "correlation_id": document.document_id}
    assert headers.correlation_id(pairs) == document.document_id
    assert headers.correlation_id(None, fallback="k") == "k"


def test_json_log_line_carries_service_correlation_and_extra_fields() -> None:
    record = logging.makeLogRecord({"name": "n", "levelname": "INFO", "msg": "consumed %s",
                                    "args": ("x",), "topic": "t"})
    token = current_correlation_id.set("doc-1")
    try:
        line = JsonFormatter("parser").format(record)
    finally:
        current_correlation_id.reset(token)
    entry = json.loads(line)
    assert "\n" not in line
    assert entry["service"] == "parser" and entry["message"] == "consumed x"
    assert entry["correlation_id"] == "doc-1" and entry["topic"] == "t"


def test_error_class_of_a_dead_letter_value() -> None:
    assert error_class_of(b'{"error_class": "invalid_json"}') == "invalid_json"
    assert error_class_of(b"garbage") == "unknown"


def test_readiness_fails_with_the_reasons_of_failing_checks() -> None:
    async def ok() -> str | None:
        return None

    async def broken() -> str | None:
        raise ConnectionError("refused")

    report = asyncio.run(run_checks("svc", {"kafka": ok, "index": broken}))
    assert not report.ready
    assert report.as_json() == {"ready": False,
                                "checks": {"kafka": "ok", "index": "ConnectionError: refused"}}


def test_sensor_times_events_acked_without_their_state() -> None:
    """Batched agents ack through ``Stream.ack``, which passes no sensor state back."""
    from types import SimpleNamespace

    from newsflow.observability import metrics
    from newsflow.observability.service import PipelineSensor

    sensor = PipelineSensor("unit-sensor")
    histogram = metrics.PROCESSING_SECONDS.labels(service="unit-sensor", topic="raw")

    def count() -> float:
        return next(s.value for m in metrics.PROCESSING_SECONDS.collect() for s in m.samples
                    if s.name.endswith("_count") and s.labels.get("service") == "unit-sensor")

    assert histogram is not None and count() == 0
    tp = SimpleNamespace(topic="raw", partition=1)
    for offset in (5, 6):
        event = SimpleNamespace(message=SimpleNamespace(key=b"k", headers=[]))
        sensor.on_stream_event_in(tp, offset, None, event)
    sensor.on_stream_event_out(tp, 5, None, None)
    sensor.on_stream_event_out(tp, 6, None, None, None)
    sensor.on_stream_event_out(tp, 6, None, None, None)  # acked twice: counted once
    assert count() == 2


def test_readiness_is_measured_from_start_without_anyone_asking() -> None:
    from newsflow.observability import metrics
    from newsflow.observability.health import OpsServer
    from newsflow.ops.dev.processes import find_free_port

    async def index_down() -> str | None:
        return "index unreachable"

    async def run() -> float | None:
        server = OpsServer("selftest", find_free_port(), checks={"index": index_down},
                           interval=0.05)
        assert await server.start()
        try:
            await asyncio.sleep(0.3)  # no request to /ready in between
            return metrics.REGISTRY.get_sample_value(
                "newsflow_ready", {"service": "selftest", "check": "index"})
        finally:
            await server.stop()

    assert asyncio.run(run()) == 0.0
