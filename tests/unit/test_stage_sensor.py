"""The stage's sensor: every message counted and timed; its "consumed" line (at INFO)
carries the message's correlation id (the header, else the key), and below INFO nothing of
the message is decoded for a line that is not written."""

from __future__ import annotations

import json
import logging
from types import SimpleNamespace

import pytest

from newsflow.headers import event_headers
from newsflow.observability import metrics
from newsflow.observability.logging import JsonFormatter
from newsflow.observability.service import PipelineSensor

TP = SimpleNamespace(topic="p.documents.raw.v1", partition=2)


def consumed(service: str) -> float:
    return metrics.MESSAGES_CONSUMED.labels(service=service, topic=TP.topic)._value.get()


def timed(service: str) -> float:
    return next(s.value for m in metrics.PROCESSING_SECONDS.collect() for s in m.samples
                if s.name.endswith("_count") and s.labels.get("service") == service)


class Unreadable:
    """A message whose key and headers may not be read."""

    @property
    def key(self) -> bytes:
        raise AssertionError("the key was decoded for a line that is not written")

    @property
    def headers(self) -> list[tuple[str, bytes]]:
        raise AssertionError("the headers were decoded for a line that is not written")


def test_the_consumed_line_carries_the_correlation_id_of_the_header_or_the_key(
        caplog: pytest.LogCaptureFixture) -> None:
    sensor = PipelineSensor("unit-sensor-info")
    with_header = SimpleNamespace(message=SimpleNamespace(
        key=b"article-1", headers=event_headers("Article", 1, "parser", "raw-doc-7")))
    keyed_only = SimpleNamespace(message=SimpleNamespace(key=b"raw-doc-8", headers=[]))
    with caplog.at_level(logging.INFO, logger="newsflow.pipeline"):
        sensor.on_stream_event_in(TP, 10, None, with_header)
        line_1 = json.loads(JsonFormatter("parser").format(caplog.records[-1]))
        sensor.on_stream_event_in(TP, 11, None, keyed_only)
        line_2 = json.loads(JsonFormatter("parser").format(caplog.records[-1]))
    assert (line_1["message"], line_1["correlation_id"], line_1["key"]) == (
        "consumed", "raw-doc-7", "article-1")
    assert (line_2["correlation_id"], line_2["offset"]) == ("raw-doc-8", 11)
    assert consumed("unit-sensor-info") == 2


def test_below_info_a_message_is_counted_and_timed_without_being_decoded(
        caplog: pytest.LogCaptureFixture) -> None:
    sensor = PipelineSensor("unit-sensor-quiet")
    with caplog.at_level(logging.WARNING, logger="newsflow.pipeline"):
        for offset in (1, 2, 3):
            sensor.on_stream_event_in(TP, offset, None, SimpleNamespace(message=Unreadable()))
        for offset in (1, 2, 3):
            sensor.on_stream_event_out(TP, offset, None, None, None)
    assert not [r for r in caplog.records if r.name == "newsflow.pipeline"]
    assert consumed("unit-sensor-quiet") == 3
    assert timed("unit-sensor-quiet") == 3
