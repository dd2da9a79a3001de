"""Saved HTML pages replay as raw HTML documents, with the URL a browser noted on saving."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Sequence
from pathlib import Path
from typing import Any

import pytest

from bench.corpus import nhandan_html, sokhcn_html
from newsflow.services.fetcher.replay import saved_from_url, seed_document, seed_files
from newsflow.services.parser.handler import handle_raw_message
from newsflow.settings import get_settings
from newsflow.stage import Message

SOKHCN = "https://sokhcn.haiphong.gov.vn/tin-hoat-dong-chung/bench-2.html"


def _parse(path: Path) -> tuple[str, str]:
    raw = seed_document(path)
    article = handle_raw_message(raw.to_bytes(), Message(), max_bytes=5_000_000).article
    assert article is not None
    return article.url, article.site


def test_pages_replay_with_their_saved_from_url_or_their_canonical(tmp_path: Path) -> None:
    (tmp_path / "a.html").write_bytes(nhandan_html(1))  # has a canonical link
    (tmp_path / "b.html").write_bytes(f"<!-- saved from url=({len(SOKHCN):04d}){SOKHCN} -->\n".encode()
                                      + sokhcn_html(2))  # has none
    (tmp_path / "notes.md").write_text("not a seed")
    assert [p.name for p in seed_files([tmp_path])] == ["a.html", "b.html"]
    raw = seed_document(tmp_path / "b.html")
    assert (raw.origin, raw.url, raw.media_type, raw.content_encoding) == (
        "seed", SOKHCN, "text/html", "base64")
    assert raw.content_bytes() == (tmp_path / "b.html").read_bytes()
    assert seed_document(tmp_path / "a.html").url == "seed://a.html"
    assert _parse(tmp_path / "a.html") == ("https://nhandan.vn/bench-1-post200001.html", "nhandan.vn")
    assert _parse(tmp_path / "b.html") == (SOKHCN, "sokhcn.haiphong.gov.vn")


def test_saved_from_url() -> None:
    assert saved_from_url(b"<!-- saved from url=(0019)https://example.org/ -->\n<html>") == (
        "https://example.org/")
    assert saved_from_url(b"<html><!-- saved from nowhere --></html>") is None


def test_a_replay_of_large_pages_holds_a_bounded_number_of_bytes_in_flight(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Chunks close at IN_FLIGHT_BYTES as well as at IN_FLIGHT records: saved pages are
    large, and a thousand of them in flight held hundreds of MiB. Every page is still sent,
    once and in order."""
    from newsflow.kafka.delivery import Output
    from newsflow.services.fetcher import replay

    page = b"<html><body>" + b"<p>" + b"x" * 300_000 + b"</p></body></html>"
    for i in range(10):
        (tmp_path / f"page-{i:02d}.html").write_bytes(page)
    monkeypatch.setattr(replay, "IN_FLIGHT_BYTES", 1_000_000)
    chunks: list[list[str]] = []

    async def send_many(topic: str, records: Sequence[Output]) -> list[tuple[Sequence[Output], Awaitable[Any]]]:
        chunks.append([r.correlation_id or "" for r in records])
        done: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        done.set_result(None)
        return [(records, done)]

    count = asyncio.run(replay._publish([tmp_path], get_settings(), send_many, asyncio.Event()))
    assert count == 10
    sent = [doc for chunk in chunks for doc in chunk]
    assert sent == [seed_document(tmp_path / f"page-{i:02d}.html").document_id for i in range(10)]
    # 400 KB of base64 a page: a chunk closes on the record that takes it past 1 MB
    assert [len(chunk) for chunk in chunks] == [3, 3, 3, 1]
