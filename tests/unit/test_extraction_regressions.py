"""Real development pages the old extraction got wrong, with the fields people checked.

The pages are under ``tests/fixtures/`` with their licence; each names the failure class it
stands for. Only pages of the tuning parts of the development sets are here.
"""

from __future__ import annotations

import base64
import gzip
import json
import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from newsflow.events import HttpFetchInfo, RawDocument, stable_id
from newsflow.services.parser.document import parse_document
from newsflow.services.parser.html.dates import page_dates
from newsflow.services.parser.html.dom import parse_tree
from newsflow.services.parser.html.encoding import decode_html
from newsflow.services.parser.html.metadata import page_metadata

DATES = Path(__file__).resolve().parents[1] / "fixtures" / "dates"
DATE_CASES: list[dict[str, Any]] = json.loads((DATES / "expected.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", DATE_CASES, ids=[c["file"] for c in DATE_CASES])
def test_publication_day(case: dict[str, Any]) -> None:
    root = parse_tree(decode_html(gzip.decompress((DATES / case["file"]).read_bytes())).text)
    published = page_metadata(root, case["url"]).published_at
    assert published is not None, case["class"]
    assert published.date().isoformat() == case["published"], case["class"]
    assert published.tzinfo is not None


def test_the_statements_settle_most_pages_without_htmldate() -> None:
    asked = 0
    for case in DATE_CASES:
        root = parse_tree(decode_html(gzip.decompress((DATES / case["file"]).read_bytes())).text)
        asked += page_dates(root, case["url"]).asked_htmldate
    assert asked < len(DATE_CASES)


EXTRACTION = Path(__file__).resolve().parents[1] / "fixtures" / "extraction"
EXTRACTION_CASES: list[dict[str, Any]] = json.loads((EXTRACTION / "expected.json").read_text(encoding="utf-8"))
_WORD = re.compile(r"\w+")


def _words(text: str | list[str] | None) -> set[str]:
    if isinstance(text, list):
        text = " ".join(text)
    return {w for w in _WORD.findall((text or "").casefold()) if w not in {"und", "and"}}


@pytest.mark.parametrize("case", EXTRACTION_CASES, ids=[c["file"] for c in EXTRACTION_CASES])
def test_article_body_title_and_author(case: dict[str, Any]) -> None:
    data = gzip.decompress((EXTRACTION / case["file"]).read_bytes())
    article = parse_document(RawDocument(
        document_id=stable_id("http", case["url"]), origin="http", url=case["url"],
        fetched_at=datetime(2026, 1, 1, tzinfo=UTC), media_type="text/html",
        content=base64.b64encode(data).decode("ascii"), content_encoding="base64",
        http=HttpFetchInfo(status=200, final_url=case["url"])))
    body = " ".join(" ".join(filter(None, [article.lead, article.body])).split())
    for sentence in case["with"]:
        assert " ".join(sentence.split()) in body, (case["class"], sentence)
    for sentence in case["without"]:
        assert " ".join(sentence.split()) not in body, (case["class"], sentence)
    if "title" in case:
        assert _WORD.findall(article.title.casefold()) == _WORD.findall(case["title"].casefold()), case["class"]
    if "author" in case:
        assert _words(article.author) == _words(case["author"]), case["class"]
