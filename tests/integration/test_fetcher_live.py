"""Live fetching end to end: the fixture sites (modelled on nhandan.vn and
sokhcn.haiphong.gov.vn) → `newsflow fetch` → real Kafka → parser process → indexer process
→ search. The fixture server's own request log proves what was (not) requested."""

from __future__ import annotations

import asyncio
import json
import signal
import unicodedata
from pathlib import Path

import pytest

from newsflow.events import decode_dead_letter, decode_fetch_record
from newsflow.kafka import reader
from newsflow.settings import Settings
from newsflow.topics import TopicName, topic_name
from tests.fixtures.web import pages
from tests.fixtures.web.plugin import fixture_web  # noqa: F401
from tests.fixtures.web.server import FixtureWeb, sources_toml
from tests.helpers import newsflow, search_json, service, topic_total, wait_for

pytestmark = pytest.mark.integration

SEED = """Die Delegation besuchte das Zentrum für Technologie und sprach über Zusammenarbeit.
Beide Seiten vereinbarten, die Ausbildung von Fachkräften auszubauen.
Quelle: http://nhandan.vn/bai-tu-seed-post2001.html
Kommentar (0)
"""


def read_topic(settings: Settings, topic: str) -> list[bytes]:
    records = asyncio.run(reader.read_topic(topic, settings))
    return [r.value for r in records if r.value is not None]


def test_fixture_sites_become_searchable_politely_and_a_second_run_is_conditional(
    pipeline_settings: Settings, pipeline_env: dict[str, str], fixture_web: FixtureWeb, tmp_path: Path,  # noqa: F811
) -> None:
    fixture_web.slow_seconds = 2.0
    sources = tmp_path / "sources.toml"
    sources.write_text(sources_toml(), encoding="utf-8")
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "001_translation.txt").write_text(SEED, encoding="utf-8")
    env = dict(pipeline_env,
               NEWSFLOW_FETCH_SOURCES_PATH=str(sources),
               NEWSFLOW_FETCH_HOST_OVERRIDES=fixture_web.overrides(),
               NEWSFLOW_FETCH_ALLOW_LOOPBACK="true",
               NEWSFLOW_FETCH_READ_TIMEOUT="0.5", NEWSFLOW_FETCH_TOTAL_TIMEOUT="1.0",
               NEWSFLOW_FETCH_MAX_BODY_BYTES="500000", NEWSFLOW_FETCH_BACKOFF_BASE="0.05",
               NEWSFLOW_FETCH_PER_HOST_DELAY="0")
    raw_topic = topic_name(TopicName.RAW_DOCUMENTS, pipeline_settings)
    logs = pipeline_settings.data_dir / "logs"
    with service("parser", env, logs), service("indexer", env, logs):
        first = newsflow(env, "fetch", "--once", "--follow-seeds", "--seeds", str(seeds), "--json")
        assert first.returncode == 0, first.stderr
        counters = json.loads(first.stdout)["by_host"]
        assert counters["nhandan.vn"]["published"] == 7
        assert counters["sokhcn.haiphong.gov.vn"]["published"] == 1

        # The fixture articles become searchable, in Vietnamese, with the real markup.
        for word in ["Kiwisaurus", "Quokkaplex", "Narwhalgate", "Pangolinfield", "Capybaranet",
                     "Wombatsource", "Ocelotlab"]:
            hits = wait_for(lambda w=word: search_json(env, w), timeout=90, message=f"{word} to be searchable")
            assert hits[0]["language"] == "vi", hits[0]
        cp1258 = wait_for(lambda: search_json(env, "Axolotlcode"), timeout=60, message="the windows-1258 page")
        assert unicodedata.normalize("NFC", str(cp1258[0]["title"])) == \
            "Giáo dục đại học Việt Nam hội nhập quốc tế"
        assert search_json(env, "Forbiddenword") == []

        # Never requested: robots-disallowed pages, off-allowlist links and redirect targets.
        assert pages.DISALLOWED_PATH not in fixture_web.paths()
        assert "evil.example" not in fixture_web.hosts()
        assert fixture_web.paths("nhandan.vn").count("/robots.txt") == 1
        assert fixture_web.paths().count(pages.FLAKY_PATH) == 2  # 500, then retried

        # Failures are dead letters with a reason, not crashes.
        dead = [decode_dead_letter(v) for v in
                read_topic(pipeline_settings, topic_name(TopicName.DEAD_LETTERS, pipeline_settings))]
        assert {(d.key, d.error_class) for d in dead if d.stage == "fetcher"} == {
            (f"http://nhandan.vn{pages.SLOW_PATH}", "timeout"),
            (f"http://nhandan.vn{pages.BIG_PATH}", "too_large"),
            (f"http://nhandan.vn{pages.REDIRECT_PATH}", "redirect_not_allowed"),
        }

        # The state survived in Kafka, one record per fetched article.
        state = {decode_fetch_record(v).url for v in
                 read_topic(pipeline_settings, topic_name(TopicName.FETCH_STATE, pipeline_settings))}
        assert f"http://nhandan.vn{pages.ETAG_PATH}" in state and len(state) == 8

        # A second run (a new process: the state is read back from Kafka) asks conditionally
        # and republishes nothing unchanged.
        raw_before = topic_total(pipeline_settings, raw_topic)
        assert raw_before == 8
        requests_before = len(fixture_web.requests)
        second = newsflow(env, "fetch", "--once", "--json")
        assert second.returncode == 0, second.stderr
        assert "fetch state: 8 known URLs" in second.stderr, second.stderr
        later = fixture_web.requests[requests_before:]
        assert [r.headers.get("If-None-Match") for r in later if r.path == pages.ETAG_PATH] == ['"bao-ton-v1"']
        assert [bool(r.headers.get("If-Modified-Since")) for r in later
                if r.path == pages.LAST_MODIFIED_PATH] == [True]
        assert topic_total(pipeline_settings, raw_topic) == raw_before
        second_counters = json.loads(second.stdout)["by_host"]
        assert second_counters["nhandan.vn"].get("published", 0) == 0
        assert second_counters["nhandan.vn"]["304"] == 2


OFFLINE_SOURCE = """
[[source]]
name = "offline"
hosts = ["offline.example"]
start_urls = ["http://offline.example/"]
feeds = ["http://offline.example/rss"]
article_patterns = ['-post\\d+\\.html$']
"""


def test_fetcher_service_replays_seeds_follows_sources_and_stops_cleanly_on_sigterm(
    pipeline_settings: Settings, pipeline_env: dict[str, str], fixture_web: FixtureWeb, tmp_path: Path,  # noqa: F811
) -> None:
    fixture_web.slow_seconds = 2.0
    sources = tmp_path / "sources.toml"
    sources.write_text(sources_toml(poll_interval=600, extra="") + OFFLINE_SOURCE, encoding="utf-8")
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "001_translation.txt").write_text(SEED, encoding="utf-8")
    # offline.example "has no network": it resolves to a loopback port nobody listens on.
    env = dict(pipeline_env,
               NEWSFLOW_FETCH_SOURCES_PATH=str(sources),
               NEWSFLOW_FETCH_HOST_OVERRIDES=fixture_web.overrides() + ",offline.example=127.0.0.1:9",
               NEWSFLOW_FETCH_ALLOW_LOOPBACK="true", NEWSFLOW_FETCH_FOLLOW_SOURCES="true",
               NEWSFLOW_FETCH_READ_TIMEOUT="0.5", NEWSFLOW_FETCH_TOTAL_TIMEOUT="1.0",
               NEWSFLOW_FETCH_MAX_BODY_BYTES="500000", NEWSFLOW_FETCH_BACKOFF_BASE="0.05",
               NEWSFLOW_FETCH_PER_HOST_DELAY="0")
    raw_topic = topic_name(TopicName.RAW_DOCUMENTS, pipeline_settings)
    logs = pipeline_settings.data_dir / "logs"
    with service("fetcher", env, logs, str(seeds)) as fetcher:
        # 1 replayed seed + 7 nhandan articles + 1 sokhcn article.
        wait_for(lambda: topic_total(pipeline_settings, raw_topic) == 9, timeout=60,
                 message="the seed replay and the first round")
        log_file = next(logs.glob("fetcher-*.log"))
        wait_for(lambda: "round 1:" in log_file.read_text(), timeout=30, message="round 1 to end")
        assert fetcher.poll() is None  # still polling
        fetcher.send_signal(signal.SIGTERM)
        assert fetcher.wait(timeout=20) == 0
    text = log_file.read_text()
    assert "replayed 1 seed documents" in text
    assert text.count("offline.example is unreachable") == 1, text
    assert "Traceback" not in text
    assert "stopped after 1 rounds" in text
