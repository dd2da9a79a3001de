"""The web pages of the search API over a real SQLite index, in-process over HTTP: the form
is derived from SearchQuery, searches show their articles, the article page shows the story's
translations, the pipeline page its figures; and hostile articles stay text (every page is
parsed and checked for any element, attribute or URL that could run)."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote, urlsplit

import pytest
from aiohttp.test_utils import TestClient, TestServer

from newsflow.events import dead_letter_for
from newsflow.kafka.reader import Record
from newsflow.observability.lag import PartitionLag
from newsflow.observability.pipeline import DeadLetterTally, PipelineMonitor, ServiceState
from newsflow.observability.topics_report import GroupReport, TopicReport, TopicsSnapshot
from newsflow.services.indexer.api import make_app
from newsflow.services.indexer.backends.base import search_parameters
from newsflow.services.indexer.backends.sqlite import SqliteIndex
from newsflow.services.indexer.web import render
from newsflow.settings import Settings
from tests.web_corpus import HOSTILE_WORD, PWNED, hostile_articles, original_of, seed_articles, thai_seed

SAFE_SCHEMES = {"", "http", "https"}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "poster"}


class Inspector(HTMLParser):
    """Every element and attribute of a page, to find anything that could run."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def inspect(page: str) -> Inspector:
    inspector = Inspector()
    inspector.feed(page)
    inspector.close()
    return inspector


def assert_inert(page: str) -> Inspector:
    """No script but ours, no event handler, no URL that is not http(s) or this server's."""
    found = inspect(page)
    for tag, attrs in found.tags:
        assert tag not in {"iframe", "img", "object", "embed", "base", "meta"} or (
            tag == "meta" and set(attrs) <= {"charset", "name", "content"}), (tag, attrs)
        if tag == "script":
            assert attrs.get("src") == "/static/pipeline.js", attrs
        for name, value in attrs.items():
            assert not name.startswith("on"), (tag, name, value)
            if name in URL_ATTRIBUTES and value is not None:
                assert urlsplit(value.strip()).scheme.lower() in SAFE_SCHEMES, (tag, name, value)
    return found


@pytest.fixture
def index_path(tmp_path: Path) -> Path:
    path = tmp_path / "index.sqlite3"
    seeds = seed_articles()
    index = SqliteIndex(path)
    index.upsert([*seeds, original_of(thai_seed(seeds)), *hostile_articles()])
    index.close()
    return path


@pytest.fixture
def monitor(tmp_path: Path) -> PipelineMonitor:
    """A monitor on a broker that is not there (nothing listens on port 1)."""
    settings = Settings(kafka_bootstrap_servers="127.0.0.1:1", data_dir=tmp_path / "data",
                        parser_metrics_port=1, indexer_metrics_port=1, fetcher_metrics_port=1)
    return PipelineMonitor(settings, interval=3600)


@pytest.fixture
def client(index_path: Path, monitor: PipelineMonitor) -> Iterator[TestClient[object, object]]:
    loop = asyncio.new_event_loop()
    app = make_app(lambda: SqliteIndex(index_path, read_only=True), monitor=monitor)
    test_client: TestClient[object, object] = TestClient(TestServer(app), loop=loop)
    loop.run_until_complete(test_client.start_server())
    try:
        yield test_client
    finally:
        loop.run_until_complete(test_client.close())
        loop.close()


def get(client: TestClient[object, object], path: str) -> tuple[int, str, dict[str, str]]:
    async def fetch() -> tuple[int, str, dict[str, str]]:
        async with client.get(path) as response:
            return response.status, await response.text(), dict(response.headers)

    assert client._loop is not None
    return client._loop.run_until_complete(fetch())


def test_the_form_offers_every_search_parameter(client: TestClient[object, object]) -> None:
    status, page, headers = get(client, "/")
    assert status == 200 and headers["Content-Type"].startswith("text/html")
    assert "script-src 'self'" in headers["Content-Security-Policy"]
    found = assert_inert(page)
    inputs = {attrs["name"]: (tag, attrs) for tag, attrs in found.tags
              if tag in {"input", "select"} and attrs.get("name")}
    assert list(inputs) == [p.http for p in search_parameters()]
    assert inputs["q"][1]["type"] == "search" and "required" in inputs["q"][1]
    assert inputs["sort"][0] == "select"
    assert inputs["published_from"][1]["type"] == "date"
    assert inputs["limit"][1]["type"] == "number" and inputs["limit"][1]["max"] == "100"


@pytest.mark.parametrize(("query", "language"), [("Pangyo", "de"), ("ไฮฟอง", "th")])
def test_a_search_shows_its_article_highlighted(client: TestClient[object, object], query: str,
                                                language: str) -> None:
    status, page, _ = get(client, f"/?q={quote(query)}&language=&site=&published_from=")
    assert status == 200
    found = assert_inert(page)
    links = [attrs["href"] for tag, attrs in found.tags if tag == "a" and "title" in (attrs.get("class") or "")]
    [seed] = [a for a in seed_articles() if a.language == language]
    assert links[0] == f"/article/{seed.id}"
    assert f"<mark>{query}</mark>" in page
    status, filtered, _ = get(client, f"/?q={quote(query)}&language=vi")
    assert status == 200 and "No article matches." in filtered


def test_a_bad_query_is_a_400_with_the_reason_as_text(client: TestClient[object, object]) -> None:
    status, page, _ = get(client, "/?q=%22%3Cscript%3E")  # an unclosed quote
    assert status == 400
    found = assert_inert(page)
    assert [attrs for _, attrs in found.tags if attrs.get("role") == "alert"]
    assert "&lt;script&gt;" in page and "<script>" not in page.split("<main>")[1]
    status, _, _ = get(client, "/?q=x&limit=1000")
    assert status == 400


def test_the_article_page_shows_the_article_and_its_translation(client: TestClient[object, object]) -> None:
    seeds = seed_articles()
    thai = thai_seed(seeds)
    original = original_of(thai)
    status, page, _ = get(client, f"/article/{thai.id}")
    assert status == 200
    found = assert_inert(page)
    text = " ".join(found.text)
    assert thai.title in text and thai.paragraphs[0] in text
    assert all(caption in text for caption in thai.captions)
    assert thai.author and thai.author in text
    hrefs = [attrs.get("href") for tag, attrs in found.tags if tag == "a"]
    assert f"/article/{original.id}" in hrefs and thai.source_url in hrefs
    status, page, _ = get(client, f"/article/{original.id}")
    assert f'href="/article/{thai.id}"' in page  # and back
    status, page, _ = get(client, "/article/nope%3Cb%3E")
    assert status == 404 and "nope&lt;b&gt;" in page


def test_hostile_articles_stay_text_on_every_page(client: TestClient[object, object]) -> None:
    status, page, _ = get(client, f"/?q={HOSTILE_WORD}")
    assert status == 200
    found = assert_inert(page)
    articles = [attrs["href"] for tag, attrs in found.tags if tag == "a" and attrs["href"].startswith("/article/")]
    assert len(articles) == 2
    for hostile, href in zip(hostile_articles(), sorted(articles, key=len), strict=True):
        status, article_page, _ = get(client, href)
        assert status == 200, href
        shown = assert_inert(article_page)
        assert hostile.title in " ".join(shown.text)  # shown, as text
        assert PWNED in article_page and "<script>window" not in article_page


def test_the_pipeline_page_says_kafka_is_not_there(client: TestClient[object, object]) -> None:
    status, page, _ = get(client, "/pipeline")
    assert status == 200
    found = assert_inert(page)
    rows = {attrs["data-service"]: attrs["class"] for tag, attrs in found.tags if tag == "tr"
            and "data-service" in attrs}
    assert rows == {"fetcher": "service down", "parser": "service down", "indexer": "service down"}
    assert any(attrs.get("role") == "alert" for _, attrs in found.tags)  # the Kafka error
    status, body, _ = get(client, "/pipeline.json")
    figures = json.loads(body)
    assert figures["kafka_error"] and [s["up"] for s in figures["services"]] == [False] * 3
    status, live, _ = get(client, "/pipeline?part=live")
    assert live.startswith('<div id="live"')
    for name in ("style.css", "pipeline.js"):
        status, _, headers = get(client, f"/static/{name}")
        assert status == 200 and headers["X-Content-Type-Options"] == "nosniff"
    assert get(client, "/static/..%2Fpages.py")[0] == 404


def snapshot(at: float, articles_end: int, lag: int, group: str) -> TopicsSnapshot:
    return TopicsSnapshot(at, [TopicReport("p.articles.v1", 1, {0: articles_end}, None)],
                          [GroupReport(group, [PartitionLag("p.articles.v1", 0, articles_end,
                                                            articles_end - lag, lag)])])


def test_the_charts_draw_throughput_and_lag_and_escape_names(monitor: PipelineMonitor) -> None:
    hostile_group = f'<script>{PWNED}</script>"'
    now = time.time()
    for i, (end, lag) in enumerate([(0, 0), (50, 40), (150, 20)]):
        monitor.history.add(snapshot(now - 10 + 5 * i, end, lag, hostile_group))
    monitor.kafka_error = None
    [rate] = monitor.history.throughput()
    assert [round(v) for _, v in rate.points] == [10, 20]
    [lag_line] = monitor.history.lag()
    assert [v for _, v in lag_line.points] == [0, 40, 20]
    states = [ServiceState("parser", "127.0.0.1:9102", True, True, "ready"),
              ServiceState("indexer", "127.0.0.1:9103", True, False, "index: <b>gone</b>")]
    page = render.pipeline_page(monitor, states, now)
    found = assert_inert(page)
    assert sum(1 for tag, _ in found.tags if tag == "polyline") == 2
    assert hostile_group in " ".join(found.text)
    assert "index: &lt;b&gt;gone&lt;/b&gt;" in page


def test_dead_letters_are_counted_by_reason_once() -> None:
    tally = DeadLetterTally("p.deadletter.v1")
    letters = [dead_letter_for(stage="parser", error_class=cls, reason=f"reason {i}", original=b"x") for i, cls in
               enumerate(["no_title", "empty_document", "no_title"])]
    records = [Record("p.deadletter.v1", 0, i, None, letter.to_bytes(), 0) for i, letter in enumerate(letters)]
    records.append(Record("p.deadletter.v1", 0, 3, None, b"not json", 0))
    tally.add(records)
    tally.add(records[:2])  # read again: not counted twice
    assert [(r.error_class, r.count, r.last_offset) for r in tally.by_count()] == [
        ("no_title", 2, 2), ("empty_document", 1, 1), ("unreadable", 1, 3)]
    assert tally.total == 4
    page = render.dead_letters_table(tally.topic, tally.by_count())
    assert "newsflow dlq show 2" in page


def test_links_are_links_only_for_http() -> None:
    assert render.safe_href("https://nhandan.vn/a") == "https://nhandan.vn/a"
    for url in ("javascript:alert(1)", " JavaScript:alert(1)", "data:text/html,x", "seed://x.txt",
                "vbscript:x", "//evil.example/x", "http:/nohost", None, ""):
        assert render.safe_href(url) is None, url

