"""Live fetching end to end: the fixture sites (in the shape of nhandan.vn and
sokhcn.haiphong.gov.vn: section feeds, a sitemap index of monthly sitemaps, a VNPT Portal
listing and its pagination POST, article pages in the sites' markup) → `newsflow fetch`
with the default sources file aimed at them → real Kafka → parser process → indexer
process → search. The fixture server's own request log proves what was (not) requested."""

from __future__ import annotations

import asyncio
import json
import signal
import unicodedata
from pathlib import Path

import pytest

from newsflow.events import Article, decode_dead_letter, decode_fetch_record
from newsflow.kafka import reader
from newsflow.settings import Settings
from newsflow.topics import TopicName, topic_name
from tests.fixtures.web import pages
from tests.fixtures.web.plugin import fixture_web  # noqa: F401
from tests.fixtures.web.server import FixtureWeb, sources_toml
from tests.helpers import newsflow, search_hits, search_json, service, topic_total, wait_for

pytestmark = pytest.mark.integration
NHANDAN_ARTICLES = 11  # home page, home and section feeds, google-news, two monthly sitemaps, a link, the seed's line
SOKHCN_ARTICLES = 5  # the listing's page 1 and pages 2 and 3 from its POST

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
        assert counters["nhandan.vn"]["published"] == NHANDAN_ARTICLES
        assert counters["sokhcn.haiphong.gov.vn"]["published"] == SOKHCN_ARTICLES

        # The fixture articles become searchable, in Vietnamese, with the real markup: from
        # the home page, the feeds, the monthly sitemaps, the listing and its further pages.
        # (Asked in this process, as `newsflow search --json` answers: a CLI process per
        # query and poll took 2-8 s each on a loaded host; the CLI answers the last one.)
        for word in ["Kiwisaurus", "Quokkaplex", "Narwhalgate", "Pangolinfield", "Capybaranet",
                     "Wombatsource", "Tapirvote", "Quasarbyte", "Ibexport", "Okapiline",
                     "Ocelotlab", "Meerkatgrid", "Lemurcell", "Tarsierlink", "Dugongwave"]:
            hits = wait_for(lambda w=word: search_hits(pipeline_settings, w), timeout=90,
                            message=f"{word} to be searchable")
            assert hits[0]["language"] == "vi", hits[0]
        wait_for(lambda: search_hits(pipeline_settings, "Axolotlcode"), timeout=60,
                 message="the windows-1258 page")
        cp1258 = search_json(env, "Axolotlcode")
        assert unicodedata.normalize("NFC", str(cp1258[0]["title"])) == \
            "Giáo dục đại học Việt Nam hội nhập quốc tế"
        assert search_hits(pipeline_settings, "Forbiddenword") == []

        # The articles as the parser read the sites' templates: bylines without their
        # prefixes, several authors as several, lazy pictures by their data-src, the
        # portal's title and date rather than its banner and today's date.
        articles = {a.url: a for a in (Article.model_validate_json(v) for v in
                    read_topic(pipeline_settings, topic_name(TopicName.ARTICLES, pipeline_settings)))}
        law = articles["https://nhandan.vn/quoc-hoi-thao-luan-luat-khoa-hoc-cong-nghe-post1013.html"]
        assert law.author == "Minh Anh, Thành Đạt" and law.section == "Chính trị"
        assert [(i.url, i.caption) for i in law.images if i.caption] == [
            ("https://image.nhandan.vn/w800/Uploaded/2026/fixture1013.jpg", "Quang cảnh buổi làm việc. (Ảnh: TTXVN)")]
        assert articles["https://nhandan.vn/phong-thanh-cong-ve-tinh-quan-sat-trai-dat-post1014.html"].author == "TTXVN"
        portal = articles["https://sokhcn.haiphong.gov.vn/tin-tuc-su-kien-6042/ra-mat-san-giao-dich-cong-nghe-792970"]
        assert portal.title == "Ra mắt sàn giao dịch công nghệ thành phố"
        assert portal.author == "Minh Anh, Quang Huy"
        assert portal.published_at is not None and portal.published_at.isoformat() == "2026-11-15T10:15:00+07:00"

        # Never requested: robots-disallowed pages, off-allowlist links and redirect targets.
        assert pages.DISALLOWED_PATH not in fixture_web.paths()
        assert "evil.example" not in fixture_web.hosts()
        assert fixture_web.paths("nhandan.vn").count("/robots.txt") == 1
        assert fixture_web.paths().count(pages.FLAKY_PATH) == 2  # 500, then retried
        # Of the sitemap index: google-news and the two most recent months only.
        assert sorted(p for p in fixture_web.paths("nhandan.vn") if p.startswith("/sitemaps/")) == [
            "/sitemaps/google-news.xml", "/sitemaps/news-2026-11.xml", "/sitemaps/news-2026-12.xml"]
        assert pages.OLD_MONTH_PATH not in fixture_web.paths()
        # The listing's pagination: pages 2 and 3 by POST (listing_pages = 3), never page 4;
        # robots.txt was read before it, and ?pageid= navigation is never fetched.
        assert sorted(r.form["page"] for r in fixture_web.posts("sokhcn.haiphong.gov.vn")) == ["2", "3"]
        assert pages.BEYOND_PAGES_PATH not in fixture_web.paths()
        sokhcn_paths = fixture_web.paths("sokhcn.haiphong.gov.vn")
        assert sokhcn_paths[0] == "/robots.txt" and not any("pageid=" in p for p in sokhcn_paths)

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
        assert f"http://nhandan.vn{pages.ETAG_PATH}" in state and len(state) == NHANDAN_ARTICLES + SOKHCN_ARTICLES

        # A second run (a new process: the state is read back from Kafka) asks conditionally
        # and republishes nothing unchanged.
        raw_before = topic_total(pipeline_settings, raw_topic)
        assert raw_before == NHANDAN_ARTICLES + SOKHCN_ARTICLES
        requests_before = len(fixture_web.requests)
        second = newsflow(env, "fetch", "--once", "--json")
        assert second.returncode == 0, second.stderr
        assert f"fetch state: {NHANDAN_ARTICLES + SOKHCN_ARTICLES} known URLs" in second.stderr, second.stderr
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
        # 1 replayed seed + the nhandan and sokhcn articles.
        wait_for(lambda: topic_total(pipeline_settings, raw_topic) == 1 + NHANDAN_ARTICLES + SOKHCN_ARTICLES,
                 timeout=60,
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
