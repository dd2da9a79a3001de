"""The example consumer (examples/consume_titles.py) on a real broker: it prints each
article's title, and Ctrl-C ends it with one line on stderr, no traceback (issue 18)."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import sys

import pytest
from aiokafka import AIOKafkaProducer

from newsflow.kafka.admin import ensure_topics
from newsflow.settings import Settings
from newsflow.topics import TopicName, topic_name
from tests.conftest import ROOT

pytestmark = pytest.mark.integration


async def publish_article(settings: Settings) -> str:
    await ensure_topics(settings=settings)
    topic = topic_name(TopicName.ARTICLES, settings)
    producer = AIOKafkaProducer(bootstrap_servers=settings.bootstrap_servers())
    await producer.start()
    try:
        await producer.send_and_wait(topic, key=b"a1", value=json.dumps(
            {"language": "de", "title": "Pangyo Techno Valley"}).encode())
    finally:
        await producer.stop()
    return topic


def test_ctrl_c_ends_the_example_consumer_with_one_line(pipeline_settings: Settings) -> None:
    topic = asyncio.run(publish_article(pipeline_settings))
    env = dict(os.environ, KAFKA_BOOTSTRAP_SERVERS=pipeline_settings.bootstrap_servers(),
               ARTICLES_TOPIC=topic, GROUP_ID=f"{pipeline_settings.topic_prefix}-example")
    consumer = subprocess.Popen([sys.executable, str(ROOT / "examples" / "consume_titles.py")],
                                env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert consumer.stdout is not None
        assert consumer.stdout.readline() == "[de] Pangyo Techno Valley\n"
        consumer.send_signal(signal.SIGINT)
        _, stderr = consumer.communicate(timeout=30)
    finally:
        if consumer.poll() is None:
            consumer.kill()
    assert consumer.returncode == 130, stderr
    assert "Traceback" not in stderr and "KeyboardInterrupt" not in stderr, stderr
    lines = stderr.strip().splitlines()
    assert len(lines) == 1 and "Ctrl-C" in lines[0] and env["GROUP_ID"] in lines[0], stderr
