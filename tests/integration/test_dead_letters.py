"""`newsflow dlq list|show|replay` on the real broker with a real parser process."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys

import pytest

from newsflow.events import decode_article
from newsflow.kafka.admin import ensure_topics
from newsflow.kafka.producer import make_producer
from newsflow.kafka.reader import read_topic
from newsflow.settings import Settings
from newsflow.topics import TopicName, topic_name
from tests.conftest import ROOT
from tests.helpers import group_caught_up, service, topic_total, wait_for
from tests.synthetic import poison_messages, synthetic_documents

pytestmark = pytest.mark.integration

MAX_BYTES = 20_000


def newsflow(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "newsflow.ops.cli", *args], env=env, cwd=ROOT,
                          capture_output=True, text=True, timeout=120)


async def publish(settings: Settings, records: list[tuple[bytes, bytes]]) -> None:
    await ensure_topics(settings=settings)
    producer = make_producer(settings)
    await producer.start()
    try:
        for key, value in records:
            await producer.send_and_wait(topic_name(TopicName.RAW_DOCUMENTS, settings), value,
                                         key=key)
    finally:
        await producer.stop()


def test_dead_letters_are_listed_shown_and_replayed_after_a_fix(
    pipeline_settings: Settings, pipeline_env: dict[str, str]
) -> None:
    settings = pipeline_settings
    logs = settings.data_dir / "logs"
    raw_topic = topic_name(TopicName.RAW_DOCUMENTS, settings)
    articles_topic = topic_name(TopicName.ARTICLES, settings)
    dead_topic = topic_name(TopicName.DEAD_LETTERS, settings)
    poisons = poison_messages(MAX_BYTES)
    good = synthetic_documents(1)[0]
    asyncio.run(publish(settings, [(p.key, p.value) for p in poisons]
                        + [(good.document_id.encode(), good.to_bytes())]))

    strict_env = {**pipeline_env, "NEWSFLOW_MAX_DOCUMENT_BYTES": str(MAX_BYTES)}
    with service("parser", strict_env, logs):
        wait_for(lambda: topic_total(settings, dead_topic) >= len(poisons), timeout=90,
                 message="the poison messages to be dead-lettered")
        wait_for(lambda: group_caught_up(settings, f"{settings.topic_prefix}-parser", raw_topic),
                 timeout=60, message="the parser to commit")

    listed = newsflow(pipeline_env, "dlq", "list", "--json")
    assert listed.returncode == 0, listed.stderr
    rows = [json.loads(line) for line in listed.stdout.splitlines()]
    assert {r["key"]: r["error_class"] for r in rows} == {
        p.key.decode(): p.error_class for p in poisons}
    assert all(r["stage"] == "parser" and r["source_topic"] == raw_topic and r["reason"]
               for r in rows)
    assert len({(r["partition"], r["offset"]) for r in rows}) == len(poisons)

    table = newsflow(pipeline_env, "dlq", "list", "--error-class", "invalid_json")
    assert table.returncode == 0, table.stderr
    assert "invalid_json" in table.stdout and "1 dead letters." in table.stdout
    assert "document_too_large" not in table.stdout

    invalid = next(r for r in rows if r["error_class"] == "invalid_json")
    shown = newsflow(pipeline_env, "dlq", "show", str(invalid["dlq_offset"]))
    assert shown.returncode == 0, shown.stderr
    assert "{not json at all" in shown.stdout and "not valid JSON" in shown.stdout
    newer = next(r for r in rows if r["error_class"] == "unknown_schema_version")
    shown = newsflow(pipeline_env, "dlq", "show", str(newer["dlq_offset"]))
    assert '"schema_version": 99' in shown.stdout  # the original, decoded and pretty-printed
    assert newsflow(pipeline_env, "dlq", "show", "999").returncode != 0

    # The fix: a parser that accepts larger documents. Replay only that class.
    dry = newsflow(pipeline_env, "dlq", "replay", "--error-class", "document_too_large", "--dry-run")
    assert "1 dead letters would be replayed." in dry.stdout and raw_topic in dry.stdout
    assert topic_total(settings, raw_topic) == len(poisons) + 1  # dry run sent nothing
    replayed = newsflow(pipeline_env, "dlq", "replay", "--error-class", "document_too_large")
    assert replayed.returncode == 0, replayed.stderr
    assert "Replayed 1 dead letters." in replayed.stdout
    assert topic_total(settings, raw_topic) == len(poisons) + 2

    with service("parser", pipeline_env, logs):
        wait_for(lambda: topic_total(settings, articles_topic) == 2, timeout=90,
                 message="the replayed document to become an article")
    articles = [decode_article(r.value) for r in asyncio.run(read_topic(articles_topic, settings))]
    oversized = next(p for p in poisons if p.error_class == "document_too_large")
    assert {a.document_id for a in articles} == {good.document_id,
                                                  json.loads(oversized.value)["document_id"]}
    assert topic_total(settings, dead_topic) == len(poisons)  # nothing new failed
