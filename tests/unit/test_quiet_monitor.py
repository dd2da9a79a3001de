"""The stages' Faust monitor keeps no bookkeeping per message (nothing reads it: the metrics
are the PipelineSensor's) and still records what the consumer tells it of offsets."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

from faust.types import TP

from newsflow.kafka.streams import QuietMonitor, make_app
from newsflow.settings import Settings


def test_the_apps_monitor_is_quiet_per_message_and_keeps_offsets(tmp_path: Path) -> None:
    settings = Settings(kafka_bootstrap_servers="127.0.0.1:9", data_dir=tmp_path)
    monitor = make_app("unit-monitor", settings=settings).monitor
    assert isinstance(monitor, QuietMonitor)
    tp, message = TP("raw", 0), SimpleNamespace()
    monitor.on_message_in(tp, 5, message)
    assert monitor.on_stream_event_in(tp, 5, SimpleNamespace(), SimpleNamespace()) is None
    monitor.on_message_out(tp, 5, message)
    assert monitor.messages_received_total == 0 and not vars(message)
    monitor.on_tp_commit({tp: 6})
    monitor.track_tp_end_offset(tp, 9)
    assert monitor.tp_committed_offsets[tp] == 6 and monitor.tp_end_offsets[tp] == 9
