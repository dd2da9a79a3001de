"""What downstream consumers use, on the real broker: the example consumer, `newsflow tail`
and the README's kcat recipes."""

from __future__ import annotations

import asyncio
import json
import os
import re
import shutil
import subprocess
import sys
import time
from datetime import UTC, datetime

import pytest
from aiokafka import AIOKafkaProducer

from newsflow.contracts import example_event
from newsflow.events import Article
from newsflow.headers import headers_of
from newsflow.kafka.admin import ensure_topics
from newsflow.settings import Settings
from newsflow.topics import TopicName, topic_name
from tests.conftest import ROOT

pytestmark = pytest.mark.integration

TITLES = ("Hải Phòng mở cảng mới", "Pangyo Techno Valley wächst", "ไฮฟองเปิดท่าเรือ")
OLD = int(datetime(2020, 1, 1, tzinfo=UTC).timestamp() * 1000)
NEW = int(datetime(2025, 6, 1, tzinfo=UTC).timestamp() * 1000)


def article(n: int) -> Article:
    base = example_event(TopicName.ARTICLES)
    assert isinstance(base, Article)
    return base.model_copy(update={"id": f"article-{n}", "title": TITLES[n], "document_id": f"doc-{n}"})


async def publish(settings: Settings, articles: list[Article], timestamps: list[int]) -> None:
    await ensure_topics(settings=settings)
    producer = AIOKafkaProducer(bootstrap_servers=settings.bootstrap_servers())
    await producer.start()
    try:
        for item, stamp in zip(articles, timestamps, strict=True):
            await producer.send_and_wait(
                topic_name(TopicName.ARTICLES, settings), key=item.id.encode(), value=item.to_bytes(),
                partition=0, timestamp_ms=stamp, headers=headers_of(item, "parser", item.document_id))
    finally:
        await producer.stop()


def newsflow(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "newsflow.ops.cli", *args], env=env, cwd=ROOT,
                          capture_output=True, text=True, timeout=60)


def test_example_consumer_prints_titles(pipeline_settings: Settings, pipeline_env: dict[str, str]) -> None:
    asyncio.run(publish(pipeline_settings, [article(0), article(2)], [OLD, NEW]))
    env = dict(pipeline_env, ARTICLES_TOPIC=topic_name(TopicName.ARTICLES, pipeline_settings),
               GROUP_ID=f"{pipeline_settings.topic_prefix}-example")
    process = subprocess.Popen([sys.executable, str(ROOT / "examples" / "consume_titles.py")], env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert process.stdout is not None
        lines = [process.stdout.readline().strip() for _ in range(2)]
    finally:
        process.terminate()
        process.wait(timeout=20)
    assert lines == [f"[en] {TITLES[0]}", f"[en] {TITLES[2]}"]


def test_tail_from_beginning_offset_time_and_live(pipeline_settings: Settings,
                                                 pipeline_env: dict[str, str]) -> None:
    asyncio.run(publish(pipeline_settings, [article(0), article(1)], [OLD, NEW]))

    everything = newsflow(pipeline_env, "tail", "articles", "--from", "beginning", "--json", "-n", "2")
    assert everything.returncode == 0, everything.stderr
    entries = [json.loads(line) for line in everything.stdout.splitlines()]
    assert [e["value"]["title"] for e in entries] == [TITLES[0], TITLES[1]]
    assert entries[0]["headers"]["correlation_id"] == "doc-0" and entries[0]["key"] == "article-0"

    from_offset = newsflow(pipeline_env, "tail", "articles", "--offset", "1", "--json", "--timeout", "2")
    assert [json.loads(line)["offset"] for line in from_offset.stdout.splitlines()] == [1]

    since = newsflow(pipeline_env, "tail", "articles", "--since", "2024-01-01T00:00:00", "--json",
                     "--timeout", "2")
    assert [json.loads(line)["value"]["title"] for line in since.stdout.splitlines()] == [TITLES[1]]

    pretty = newsflow(pipeline_env, "tail", "articles", "--from", "beginning", "-n", "1")
    assert f"key=article-0 {TITLES[0]}" in pretty.stdout and '"language": "en"' in pretty.stdout

    # From the end: only what arrives after tail started.
    live = subprocess.Popen([sys.executable, "-m", "newsflow.ops.cli", "tail", "articles", "--json", "-n", "1"],
                            env=pipeline_env, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        time.sleep(4)  # let it seek to the end before the new article arrives
        asyncio.run(publish(pipeline_settings, [article(2)], [NEW]))
        out, err = live.communicate(timeout=60)
    finally:
        if live.poll() is None:
            live.kill()
    assert [json.loads(line)["value"]["title"] for line in out.splitlines()] == [TITLES[2]], err

    missing = newsflow(pipeline_env, "tail", "no.such.topic", "-n", "1")
    assert missing.returncode == 1 and "no topic 'no.such.topic'" in missing.stderr


def readme_kcat_recipes() -> list[str]:
    """The kcat commands of the README that end by themselves (-L or -e)."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    commands = [line.strip() for block in re.findall(r"```sh\n(.*?)```", text, re.S)
                for line in block.splitlines() if line.strip().startswith("kcat ")]
    return [c for c in commands if " -L" in c or " -e" in c]


def test_readme_kcat_recipes_work(pipeline_settings: Settings, pipeline_env: dict[str, str]) -> None:
    kcat = shutil.which("kcat")
    if kcat is None:
        pytest.skip("kcat is not installed (apt-get install kcat; `make test` does it)")
    recipes = readme_kcat_recipes()
    assert len(recipes) >= 3, recipes
    asyncio.run(publish(pipeline_settings, [article(0), article(1)], [OLD, NEW]))
    env = dict(os.environ, KAFKA_BOOTSTRAP_SERVERS=pipeline_settings.bootstrap_servers())
    outputs = []
    for recipe in recipes:
        command = recipe.replace("newsflow.", f"{pipeline_settings.topic_prefix}.")
        result = subprocess.run(["bash", "-c", command], env=env, capture_output=True, text=True,
                                timeout=60)
        assert result.returncode == 0, (recipe, result.stderr)
        outputs.append(result.stdout)
    joined = "\n".join(outputs)
    assert TITLES[0] in joined and TITLES[1] in joined
    assert "correlation_id=doc-0" in joined
    assert f"{pipeline_settings.topic_prefix}.articles.v1" in joined  # the metadata recipe
