"""Real development pages the old extraction got wrong, with the fields people checked.

The pages are under ``tests/fixtures/`` with their licence; each names the failure class it
stands for. Only pages of the tuning parts of the development sets are here.
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Any

import pytest

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
