"""Metrics, /health, /ready, JSON logs and message headers of the real services on a real broker."""

from __future__ import annotations

import asyncio
import json
import shutil
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer

from newsflow.events import ARTICLE_SCHEMA_VERSION
from newsflow.ops.dev.processes import find_free_port
from newsflow.settings import Settings
from newsflow.topics import TopicName, topic_name
from tests.conftest import ROOT, SEEDS
from tests.helpers import group_caught_up, service, wait_for

pytestmark = pytest.mark.integration


def get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode()


def sample(text: str, name: str, **labels: str) -> float:
    """The value of one sample in a Prometheus text exposition (0 if absent)."""
    for line in text.splitlines():
        if not line.startswith(name + "{") and not line.startswith(name + " "):
            continue
        if all(f'{k}="{v}"' in line for k, v in labels.items()):
            return float(line.rsplit(" ", 1)[1])
    return 0.0


async def _read_all(settings: Settings, topic: str, count: int) -> list[tuple[bytes | None, dict[str, str]]]:
    consumer = AIOKafkaConsumer(topic, bootstrap_servers=settings.bootstrap_servers(),
                                auto_offset_reset="earliest", enable_auto_commit=False)
    await consumer.start()
    out: list[tuple[bytes | None, dict[str, str]]] = []
    try:
        while len(out) < count:
            batch = await consumer.getmany(timeout_ms=10_000)
            if not batch:
                break
            for records in batch.values():
                out += [(r.key, {k: v.decode() for k, v in r.headers}) for r in records]
    finally:
        await consumer.stop()
    return out


async def _send_garbage(settings: Settings, topic: str) -> None:
    producer = AIOKafkaProducer(bootstrap_servers=settings.bootstrap_servers())
    await producer.start()
    try:
        await producer.send_and_wait(topic, key=b"garbage-1", value=b"{not json")
    finally:
        await producer.stop()


def test_services_expose_metrics_health_ready_and_follow_one_article(
    pipeline_settings: Settings, pipeline_env: dict[str, str], tmp_path: Path
) -> None:
    ports = {"parser": find_free_port(), "indexer": find_free_port(), "fetcher": find_free_port()}
    env = dict(pipeline_env, NEWSFLOW_LAG_INTERVAL_SECONDS="1", NEWSFLOW_LOG_FORMAT="json",
               **{f"NEWSFLOW_{name.upper()}_METRICS_PORT": str(p) for name, p in ports.items()})
    logs = tmp_path / "logs"
    raw = topic_name(TopicName.RAW_DOCUMENTS, pipeline_settings)
    articles = topic_name(TopicName.ARTICLES, pipeline_settings)
    prefix = pipeline_settings.topic_prefix
    with service("parser", env, logs), service("indexer", env, logs):
        parser_url, indexer_url = (f"http://127.0.0.1:{ports[n]}" for n in ("parser", "indexer"))
        wait_for(lambda: get(f"{parser_url}/health")[0] == 200, timeout=60, message="parser /health")
        wait_for(lambda: get(f"{indexer_url}/ready")[0] == 200, timeout=60, message="indexer /ready")
        ready = json.loads(get(f"{indexer_url}/ready")[1])
        assert ready == {"service": "indexer", "ready": True, "checks": {"kafka": "ok", "index": "ok", "sink": "ok"}}
        health = json.loads(get(f"{parser_url}/health")[1])
        assert health["status"] == "alive" and health["service"] == "parser"

        fetcher = subprocess.run([sys.executable, "-m", "newsflow.services.fetcher", str(SEEDS)], env=env,
                                 cwd=ROOT, capture_output=True, text=True, timeout=120)
        assert fetcher.returncode == 0, fetcher.stderr
        asyncio.run(_send_garbage(pipeline_settings, raw))
        wait_for(lambda: group_caught_up(pipeline_settings, f"{prefix}-indexer", articles)
                 and sample(get(f"{indexer_url}/metrics")[1], "newsflow_messages_consumed_total") >= 2,
                 timeout=90, message="the indexer to index both seeds")

        parser_metrics = get(f"{parser_url}/metrics")[1]
        assert sample(parser_metrics, "newsflow_messages_consumed_total", topic=raw) == 3
        assert sample(parser_metrics, "newsflow_messages_produced_total", topic=articles) == 2
        assert sample(parser_metrics, "newsflow_dead_letters_total", error_class="invalid_json") == 1
        assert sample(parser_metrics, "newsflow_processing_seconds_count", topic=raw) == 3
        # Lag is measured every second; once the parser has committed everything it is 0.
        wait_for(lambda: group_caught_up(pipeline_settings, f"{prefix}-parser", raw), timeout=30)
        wait_for(lambda: sum(sample(get(f"{parser_url}/metrics")[1], "newsflow_consumer_lag_messages",
                                    topic=raw, partition=str(p)) for p in range(4)) == 0
                 and 'newsflow_consumer_lag_messages{group="' in get(f"{parser_url}/metrics")[1],
                 timeout=30, message="the parser's lag gauge to reach 0")
        indexer_metrics = get(f"{indexer_url}/metrics")[1]
        assert sample(indexer_metrics, "newsflow_index_batch_articles_sum", backend="SqliteIndex") == 2
        assert sample(indexer_metrics, "newsflow_index_write_seconds_count", backend="SqliteIndex") >= 1

        promtool = shutil.which("promtool")
        if promtool is None:
            pytest.skip("promtool is not installed (make test installs Debian's prometheus package)")
        for text in (parser_metrics, indexer_metrics):
            checked = subprocess.run([promtool, "check", "metrics"], input=text, capture_output=True,
                                     text=True, timeout=30)
            assert checked.returncode == 0, checked.stdout + checked.stderr

    # Every article carries the contract headers, with the raw document's id as correlation id.
    records = asyncio.run(_read_all(pipeline_settings, articles, 2))
    assert len(records) == 2
    document_ids: set[str] = set()
    for _, headers in records:
        assert headers["content-type"] == "application/json"
        assert headers["producer"] == "parser" and headers["event_type"] == "Article"
        assert headers["schema_version"] == str(ARTICLE_SCHEMA_VERSION)
        document_ids.add(headers["correlation_id"])
    # ... and each one can be followed through the JSON logs of the fetcher, parser and indexer.
    fetcher_lines = [json.loads(line) for line in fetcher.stdout.splitlines() if line.startswith("{")]
    assert fetcher_lines and all(entry["service"] == "fetcher" for entry in fetcher_lines)
    service_lines = [json.loads(line) for path in logs.glob("*.log")
                     for line in path.read_text().splitlines() if line.startswith("{")]
    for document_id in document_ids:
        trail = {(e["service"], e["message"]) for e in service_lines if e.get("correlation_id") == document_id}
        fetched = {e["message"] for e in fetcher_lines if e.get("correlation_id") == document_id}
        assert fetched == {"produced"}
        assert {("parser", "consumed"), ("parser", "produced"), ("indexer", "consumed")} <= trail, trail
