"""The HTTP search API over real HTTP, and `newsflow reindex` from a real broker's topic
into both backends."""

from __future__ import annotations

import asyncio
import json
import os
import sqlite3
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from newsflow.kafka.admin import ensure_topics
from newsflow.kafka.producer import make_producer
from newsflow.ops.dev.processes import find_free_port
from newsflow.services.indexer.backends.base import SearchQuery
from newsflow.services.indexer.backends.opensearch import OpenSearchIndex
from newsflow.services.indexer.backends.sqlite import SCHEMA_VERSION, SqliteIndex
from newsflow.settings import Settings
from newsflow.topics import CATALOGUE, TopicName
from tests.contract.corpus import CORPUS
from tests.helpers import get_json, wait_for

pytestmark = pytest.mark.integration
ROOT = Path(__file__).resolve().parents[2]



def test_search_api_answers_json_over_http(tmp_path: Path) -> None:
    index_path = tmp_path / "index.sqlite3"
    index = SqliteIndex(index_path)
    index.upsert(CORPUS)
    index.close()
    port = find_free_port()
    env = {**os.environ, "NEWSFLOW_INDEX_PATH": str(index_path),
           "NEWSFLOW_DATA_DIR": str(tmp_path), "PYTHONPATH": str(ROOT)}
    env.pop("NEWSFLOW_OPENSEARCH_URL", None)
    log = (tmp_path / "serve.log").open("wb")
    process = subprocess.Popen([sys.executable, "-m", "newsflow.ops.cli", "serve", "--port", str(port)],
                               env=env, stdout=log, stderr=subprocess.STDOUT, cwd=ROOT)
    base = f"http://127.0.0.1:{port}"
    try:
        # Serving begins after the search analysis is warmed up: 3-40 s, by the host's load
        # (a bound of 30 s failed now and then). Waited on until it answers or exits.
        wait_for(lambda: process.poll() is not None or get_json(f"{base}/health")[0] == 200,
                 timeout=180, interval=0.2, message="serve")
        assert process.poll() is None, (tmp_path / "serve.log").read_text(errors="replace")
        status, health = get_json(f"{base}/health")
        assert health["backend"] == "sqlite-fts5" and health["articles"] == len(CORPUS)

        query = urllib.parse.urlencode({"q": "Delegationen", "language": "de"})
        status, body = get_json(f"{base}/search?{query}")
        assert status == 200
        [hit] = body["hits"]
        assert hit["id"] == "de1" and hit["title"] == "Delegation aus Berlin besucht Vietnam"
        start, end = hit["highlights"][0]
        assert hit["snippet"][start:end] == "Delegation"

        query = urllib.parse.urlencode({"q": "hai phong", "limit": 1, "offset": 1, "sort": "date"})
        status, body = get_json(f"{base}/search?{query}")
        assert status == 200 and [h["id"] for h in body["hits"]] == ["vi1"]

        query = urllib.parse.urlencode({"q": "Hanoi", "published_from": "2026-03-05T00:00:00Z"})
        assert [h["id"] for h in get_json(f"{base}/search?{query}")[1]["hits"]] == ["en2"]

        for bad in ({"q": ""}, {"q": "x", "limit": "1000"}, {"q": "x", "sort": "random"},
                    {"q": "x", "colour": "red"}, {"q": "\"\""}):
            status, body = get_json(f"{base}/search?{urllib.parse.urlencode(bad)}")
            assert status == 400 and body["error"], bad

        status, article = get_json(f"{base}/articles/th2")
        assert status == 200 and article["language"] == "th"
        assert get_json(f"{base}/articles/nope")[0] == 404

        status, spec = get_json(f"{base}/openapi.json")
        assert spec["openapi"].startswith("3.") and "/search" in spec["paths"]
        documented = spec["components"]["schemas"]["SearchHit"]["properties"]
        assert set(hit) == set(documented)  # every field of a hit, snippet_html included
        assert {"snippet_html", "duplicates"} <= set(documented)
    finally:
        process.terminate()
        process.wait(timeout=15)
        log.close()


async def publish(settings: Settings, messages: list[tuple[str, bytes | None]]) -> None:
    await ensure_topics([CATALOGUE[TopicName.ARTICLES]], settings)
    producer = make_producer(settings)
    await producer.start()
    try:
        topic = CATALOGUE[TopicName.ARTICLES].name(settings.topic_prefix)
        for key, value in messages:
            await producer.send_and_wait(topic, value, key=key.encode())
    finally:
        await producer.stop()


def run_reindex(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    result = subprocess.run([sys.executable, "-m", "newsflow.ops.cli", "reindex", *args], env=env,
                            capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    return result


def test_reindex_rebuilds_both_backends_from_the_topic(
    pipeline_settings: Settings, pipeline_env: dict[str, str], opensearch_url: str
) -> None:
    renamed = CORPUS[1].model_copy(update={"title": "Neue Klimaziele beschlossen Zebrafisch"})
    messages: list[tuple[str, bytes | None]] = [(a.id, a.to_bytes()) for a in CORPUS]
    messages += [(renamed.id, renamed.to_bytes()), ("en3", None), ("junk", b"not json")]
    asyncio.run(publish(pipeline_settings, messages))
    expected = len(CORPUS) - 1  # en3 was deleted by its tombstone

    # SQLite: an old index of an earlier layout (5: untagged stems, a lang column), with a
    # stale article, is replaced as a whole by one of the current layout.
    target = pipeline_settings.resolved_index_path
    target.parent.mkdir(parents=True, exist_ok=True)
    stale = sqlite3.connect(target)
    stale.executescript(
        "CREATE TABLE articles (rowid INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, "
        "content_hash TEXT NOT NULL, language TEXT NOT NULL, site TEXT, story_id TEXT, "
        "published_at TEXT, fetched_at TEXT NOT NULL, doc TEXT NOT NULL);"
        "CREATE VIRTUAL TABLE articles_fts USING fts5(title, text, title_folded, text_folded, "
        "title_stemmed, text_stemmed, lang);"
        "INSERT INTO articles (id, content_hash, language, fetched_at, doc) "
        "VALUES ('stale', 'x', 'de', '2026-01-01', '{}'); PRAGMA user_version = 5;")
    stale.close()
    result = run_reindex(pipeline_env, "--backend", "sqlite")
    assert f"{expected} articles from {len(messages)} messages" in result.stdout
    assert "Reindexing" in result.stderr
    rebuilt = SqliteIndex(target, read_only=True)
    try:
        assert int(rebuilt.db.execute("PRAGMA user_version").fetchone()[0]) == SCHEMA_VERSION
        assert rebuilt.ids() == {a.id for a in CORPUS} - {"en3"}
        article = rebuilt.get("de2")
        assert article is not None and article.title.endswith("Zebrafisch")
        assert [h.id for h in rebuilt.search(SearchQuery(text="Klimaziel", language="de"))] == ["de2"]
    finally:
        rebuilt.close()
    assert not Path(str(target) + ".rebuild").exists()

    # OpenSearch: a new index behind the alias; the old one is gone.
    env = {**pipeline_env, "NEWSFLOW_OPENSEARCH_URL": opensearch_url}
    live = OpenSearchIndex(opensearch_url, pipeline_settings.resolved_opensearch_alias)
    [old_target] = live.served_indices()
    live.upsert([CORPUS[0].model_copy(update={"id": "stale"})])
    try:
        result = run_reindex(env)  # the settings select OpenSearch
        assert f"{expected} articles" in result.stdout
        behind = live.served_indices()
        assert len(behind) == 1 and behind[0] != old_target
        assert live.count() == expected and live.get("stale") is None
        assert [h.id for h in live.search(SearchQuery(text="Zebrafisch"))] == ["de2"]
        # `newsflow search` reads the backend the settings select.
        found = subprocess.run([sys.executable, "-m", "newsflow.ops.cli", "search", "Klimaziel", "--json"],
                               env=env, capture_output=True, text=True, timeout=60, cwd=ROOT)
        assert found.returncode == 0, found.stderr
        assert [h["id"] for h in json.loads(found.stdout)] == ["de2"]
    finally:
        live.drop()
