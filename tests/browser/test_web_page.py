"""The web pages in a real headless browser (Debian's chromium, driven by Playwright), served
by the indexer worker of a running pipeline on a real broker: the fetcher replays the seeds
and follows the fixture sites, the parser and the indexer run as processes, and a downstream
group lags behind on the articles topic.

Checked: the pages load without a console error; a Thai and a German search show their
seed; the article page shows title, body and the story's other language; hostile articles
(markup, attribute breakers, ``javascript:`` URLs in every field) stay text and run nothing;
the pipeline page shows the services, throughput and the lag of the running pipeline, the
dead letters by reason, and refreshes itself.

``NEWSFLOW_WRITE_SCREENSHOTS=1`` also writes docs/web-search.png and docs/web-pipeline.png
(the README's pictures); otherwise they go to the test's tmp dir only.
"""

from __future__ import annotations

import asyncio
import json
import os
import re
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from aiokafka import AIOKafkaConsumer, TopicPartition

from newsflow.events import RawDocument
from newsflow.kafka.admin import ensure_topics
from newsflow.kafka.config import client_config
from newsflow.kafka.offsets import partition_counts
from newsflow.kafka.producer import make_producer
from newsflow.ops.dev.processes import find_free_port
from newsflow.settings import Settings
from newsflow.topics import TopicName, topic_name
from tests.conftest import ROOT, SEEDS
from tests.fixtures.web.plugin import fixture_web  # noqa: F401
from tests.fixtures.web.server import FixtureWeb, sources_toml
from tests.helpers import get_json, newsflow, service, wait_for
from tests.web_corpus import (
    HOSTILE_WORD,
    hostile_articles,
    original_document,
    original_of,
    poison_document,
    seed_articles,
    thai_seed,
)

pytestmark = pytest.mark.integration

CHROMIUM = Path("/usr/bin/chromium")
#: Headless, and nothing the browser would fetch or start by itself.
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
DOCS = ROOT / "docs"


def playwright_or_skip() -> Any:
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium; `make test` does it)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("the playwright package is not installed (pip install -e '.[dev]')")
    return sync_playwright


async def publish(settings: Settings, raw: list[RawDocument], articles: list[bytes]) -> None:
    await ensure_topics(settings=settings)
    producer = make_producer(settings)
    await producer.start()
    try:
        for document in raw:
            await producer.send_and_wait(topic_name(TopicName.RAW_DOCUMENTS, settings),
                                         document.to_bytes(), key=document.document_id.encode())
        for value in articles:
            await producer.send_and_wait(topic_name(TopicName.ARTICLES, settings), value,
                                         key=json.loads(value)["id"].encode())
    finally:
        await producer.stop()


async def commit_at_start(settings: Settings, group: str, topic: str) -> None:
    """A downstream group that committed offset 0 on every partition: it lags by the
    whole topic, as a consumer that stopped early would."""
    counts = await partition_counts([topic], settings)
    partitions = [TopicPartition(topic, p) for p in range(counts[topic])]
    consumer = AIOKafkaConsumer(**client_config(settings), group_id=group, enable_auto_commit=False)
    await consumer.start()
    try:
        consumer.assign(partitions)
        await consumer.commit({tp: 0 for tp in partitions})
    finally:
        await consumer.stop()


def test_the_pages_in_a_real_browser_on_a_running_pipeline(
    pipeline_settings: Settings, pipeline_env: dict[str, str], fixture_web: FixtureWeb,  # noqa: F811
    tmp_path: Path,
) -> None:
    sync_playwright = playwright_or_skip()
    fixture_web.slow_seconds = 0.5
    sources = tmp_path / "sources.toml"
    sources.write_text(sources_toml(poll_interval=600), encoding="utf-8")
    ports = {name: find_free_port() for name in ("fetcher", "parser", "indexer", "search")}
    env = dict(pipeline_env,
               NEWSFLOW_INDEXER_SEARCH_API="true", NEWSFLOW_SEARCH_PORT=str(ports["search"]),
               NEWSFLOW_LAG_INTERVAL_SECONDS="1",
               NEWSFLOW_FETCH_SOURCES_PATH=str(sources), NEWSFLOW_FETCH_FOLLOW_SOURCES="true",
               NEWSFLOW_FETCH_HOST_OVERRIDES=fixture_web.overrides(),
               NEWSFLOW_FETCH_ALLOW_LOOPBACK="true", NEWSFLOW_FETCH_PER_HOST_DELAY="0",
               NEWSFLOW_FETCH_TOTAL_TIMEOUT="2", NEWSFLOW_FETCH_BACKOFF_BASE="0.05",
               **{f"NEWSFLOW_{name.upper()}_METRICS_PORT": str(ports[name])
                  for name in ("fetcher", "parser", "indexer")})
    env.pop("NEWSFLOW_OPENSEARCH_URL", None)
    base = f"http://127.0.0.1:{ports['search']}"
    seeds = seed_articles()
    thai = thai_seed(seeds)
    [german] = [a for a in seeds if a.language == "de"]
    original = original_of(thai)
    hostile = hostile_articles()
    downstream = f"{pipeline_settings.topic_prefix}-downstream"
    articles_topic = topic_name(TopicName.ARTICLES, pipeline_settings)
    logs = tmp_path / "logs"
    shots = DOCS if os.environ.get("NEWSFLOW_WRITE_SCREENSHOTS") == "1" else tmp_path

    no_seeds = tmp_path / "no-seeds"  # the fetcher follows the fixture sites; the seeds are
    no_seeds.mkdir()                   # replayed by the operator command, once sampling runs
    with service("parser", env, logs), service("indexer", env, logs), \
            service("fetcher", env, logs, str(no_seeds)):
        wait_for(lambda: get_json(f"{base}/health")[0] == 200, timeout=90, message="the indexer's API")
        wait_for(lambda: get_json(f"{base}/pipeline.json")[1]["kafka_error"] is None, timeout=60,
                 message="the first sample of the pipeline page")
        replayed = newsflow(env, "replay", str(SEEDS))
        assert replayed.returncode == 0, replayed.stderr
        # The original of the Thai seed arrives as a raw document; the hostile articles as a
        # careless producer would write them on the articles topic.
        # A poison document for the dead letters.
        asyncio.run(publish(pipeline_settings, [original_document(thai), poison_document()],
                            [a.to_bytes() for a in hostile]))
        for article in (*seeds, original, *hostile):
            wait_for(lambda a=article: get_json(f"{base}/articles/{quote(a.id, safe='')}")[0] == 200,
                     timeout=120, message=f"{article.title[:30]!r} indexed")
        asyncio.run(commit_at_start(pipeline_settings, downstream, articles_topic))
        # The pipeline page's samples: every service ready, the downstream group's lag seen,
        # throughput measured between samples, and the fixture sites' dead letters counted.
        seen: dict[str, Any] = {}

        def sampled() -> bool:
            seen.update(get_json(f"{base}/pipeline.json")[1])
            return (all(s["ready"] for s in seen["services"])
                    and any(g["group"] == downstream and g["total_lag"] > 0 for g in seen["groups"])
                    and any(len(s["points"]) >= 2 for s in seen["throughput"]))

        try:
            wait_for(sampled, timeout=90, interval=1, message="the pipeline page's samples")
        except AssertionError as exc:
            raise AssertionError(f"{exc}: {json.dumps(seen)[:3000]}") from None
        figures = seen
        [lag] = [g["total_lag"] for g in figures["groups"] if g["group"] == downstream]

        errors: list[str] = []
        dialogs: list[str] = []
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            try:
                page = browser.new_page(viewport={"width": 1100, "height": 760})
                page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
                page.on("pageerror", lambda exc: errors.append(str(exc)))
                page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))

                # Search: the box and the filters, a German and a Thai query.
                page.goto(base + "/")
                assert page.title() == "Search · newsflow"
                names = page.eval_on_selector_all("form.search [name]", "els => els.map(e => e.name)")
                assert names[0] == "q" and {"language", "site", "published_from", "sort"} <= set(names)
                page.fill("input[name=q]", "Pangyo")
                page.select_option("select[name=sort]", "relevance")
                page.click("button[type=submit]")
                page.wait_for_selector("li.hit")
                assert page.inner_text("li.hit a.title") == german.title
                assert page.inner_text("li.hit mark") == "Pangyo"
                assert "q=Pangyo" in page.url

                page.fill("input[name=q]", "ไฮฟอง")
                page.fill("input[name=language]", "th")
                page.press("input[name=q]", "Enter")
                page.wait_for_selector("li.hit")
                assert page.inner_text("li.hit a.title") == thai.title
                page.screenshot(path=str(shots / "web-search.png"))

                # The article, and its story's other language.
                page.click("li.hit a.title")
                page.wait_for_selector("article h1")
                assert page.inner_text("article h1") == thai.title
                assert thai.paragraphs[1] in page.inner_text("article .body")
                assert page.get_attribute("article", "lang") == "th"
                translation = page.locator(".translations li[lang=vi] a")
                assert translation.inner_text() == original.title
                translation.click()
                page.wait_for_selector("article[lang=vi] h1")
                assert page.inner_text("article h1") == original.title

                # Hostile articles: shown as text, nothing runs, no link leads to a script.
                page.goto(f"{base}/?q={HOSTILE_WORD}")
                assert page.locator("li.hit").count() == 2
                for href in page.eval_on_selector_all("li.hit a.title", "els => els.map(e => e.href)"):
                    page.goto(href)
                    page.wait_for_selector("article h1")
                    assert page.inner_text("article h1") in {a.title for a in hostile}
                    assert page.locator("article script, article img, article iframe").count() == 0
                    hrefs = page.eval_on_selector_all("a", "els => els.map(e => e.getAttribute('href'))")
                    assert not [h for h in hrefs if re.match(r"\s*(javascript|data|vbscript):", h or "", re.I)]
                    assert page.evaluate("typeof window.__pwned") == "undefined"

                # The pipeline: services, charts, the downstream lag, dead letters; refreshed.
                page.goto(base + "/pipeline")
                for name in ("fetcher", "parser", "indexer"):
                    assert page.get_attribute(f"tr[data-service={name}]", "class") == "service ready"
                row = page.locator(f"#live table.groups tr[data-group='{downstream}']").first
                assert int(row.locator("td.lag").inner_text()) >= 0
                assert str(lag) in page.inner_text("#live .chart-box:nth-of-type(2) ul.legend")
                assert page.locator("#live svg.chart polyline").count() >= 2
                assert page.locator("#live table.dead-letters tr[data-error-class]").count() >= 1
                assert "newsflow dlq show" in page.inner_text("#live table.dead-letters")
                stamp = page.inner_text("#live p.updated")
                page.wait_for_function(
                    "stamp => document.querySelector('#live p.updated').textContent !== stamp",
                    arg=stamp, timeout=20_000)  # the script swapped in a fresh part
                page.screenshot(path=str(shots / "web-pipeline.png"), full_page=True)
                assert page.evaluate("typeof window.__pwned") == "undefined"
            finally:
                browser.close()
        assert errors == [], errors
        assert dialogs == [], dialogs
