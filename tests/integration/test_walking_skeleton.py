"""Seeds → real Kafka → parser process → indexer process → search, end to end."""

from __future__ import annotations

import json
import urllib.parse
import urllib.request

import pytest

from newsflow.ops.dev.processes import find_free_port
from newsflow.services.indexer.backends.sqlite import SqliteIndex
from newsflow.settings import Settings
from newsflow.topics import TopicName, topic_name
from tests.conftest import SEEDS
from tests.helpers import group_caught_up, newsflow, search_json, service, topic_total, wait_for

pytestmark = pytest.mark.integration


def test_seeds_become_searchable_and_replay_is_idempotent(
    pipeline_settings: Settings, pipeline_env: dict[str, str]
) -> None:
    logs = pipeline_settings.data_dir / "logs"
    articles = topic_name(TopicName.ARTICLES, pipeline_settings)
    api_port = find_free_port()
    indexer_env = dict(pipeline_env, NEWSFLOW_INDEXER_SEARCH_API="true",
                       NEWSFLOW_SEARCH_PORT=str(api_port))
    with service("parser", pipeline_env, logs), service("indexer", indexer_env, logs):
        replayed = newsflow(pipeline_env, "replay", str(SEEDS))
        assert replayed.returncode == 0, replayed.stderr
        assert "Replayed 2 documents" in replayed.stdout

        german = wait_for(lambda: search_json(pipeline_env, "Pangyo"), timeout=90,
                          message="the German seed to be searchable")
        assert german[0]["language"] == "de"
        assert str(german[0]["source_url"]).startswith("https://nhandan.vn/")
        assert {"id", "title", "language", "source_url", "score", "snippet"} <= set(german[0])
        assert "Pangyo" in str(german[0]["snippet"])

        thai = wait_for(lambda: search_json(pipeline_env, "ไฮฟอง"), timeout=60,
                        message="the Thai seed to be searchable")
        assert thai[0]["language"] == "th"
        assert str(thai[0]["source_url"]).startswith("https://sokhcn.haiphong.gov.vn/")

        # The indexer serves the HTTP search API too (NEWSFLOW_INDEXER_SEARCH_API).
        query = urllib.parse.quote("ไฮฟอง")
        with urllib.request.urlopen(f"http://127.0.0.1:{api_port}/search?q={query}",
                                    timeout=10) as response:
            api_hits = json.loads(response.read())["hits"]
        assert [hit["id"] for hit in api_hits] == [thai[0]["id"]]

        # Replay again: two more raw documents and articles, still two articles indexed.
        assert newsflow(pipeline_env, "replay", str(SEEDS)).returncode == 0
        wait_for(lambda: topic_total(pipeline_settings, articles) == 4, timeout=60,
                 message="the second replay to be parsed")
        wait_for(lambda: group_caught_up(pipeline_settings, f"{pipeline_settings.topic_prefix}"
                                         "-indexer", articles),
                 timeout=60, message="the indexer to commit the second replay")
    index = SqliteIndex(pipeline_settings.resolved_index_path, read_only=True)
    try:
        assert index.count() == 2
        assert {hit["id"] for hit in german} | {hit["id"] for hit in thai} == index.ids()
    finally:
        index.close()
