"""The fetcher's /ready: Kafka answers and its topic exists (it has no consumer group)."""

from __future__ import annotations

import asyncio
import json

from newsflow.kafka.admin import ensure_topics
from newsflow.observability.health import OpsServer, kafka_check
from newsflow.ops.dev.processes import find_free_port
from newsflow.settings import Settings
from newsflow.topics import TopicName, topic_name
from tests.helpers import get_json


def test_ready_follows_kafka_and_the_topic(pipeline_settings: Settings) -> None:
    raw = topic_name(TopicName.RAW_DOCUMENTS, pipeline_settings)
    unreachable = pipeline_settings.model_copy(
        update={"kafka_bootstrap_servers": f"127.0.0.1:{find_free_port()}"})

    async def scenario() -> list[tuple[int, dict[str, object]]]:
        port = find_free_port()
        server = OpsServer("fetcher", port, checks={"kafka": kafka_check([raw], pipeline_settings)})
        down = OpsServer("fetcher", find_free_port(),
                         checks={"kafka": kafka_check([raw], unreachable, timeout=3)})
        await server.start()
        await down.start()
        try:
            answers = [await asyncio.to_thread(get_json, f"http://127.0.0.1:{port}/ready")]
            await ensure_topics(settings=pipeline_settings)
            answers.append(await asyncio.to_thread(get_json, f"http://127.0.0.1:{port}/ready"))
            answers.append(await asyncio.to_thread(get_json, f"http://127.0.0.1:{down.port}/ready"))
            return answers
        finally:
            await server.stop()
            await down.stop()

    before, after, broker_down = asyncio.run(scenario())
    assert before[0] == 503 and "topics missing" in json.dumps(before[1])
    assert after == (200, {"service": "fetcher", "ready": True, "checks": {"kafka": "ok"}})
    assert broker_down[0] == 503 and "Kafka unreachable" in json.dumps(broker_down[1])
