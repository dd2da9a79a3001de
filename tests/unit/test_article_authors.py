"""Several authors kept as several: ``Article.authors`` (schema_version 3, additive).

Filled from the seed format's author line and from an HTML page's byline; ``author`` stays
as it was (the names joined by ", ") for consumers of version 2. A consumer of version 2
reads a version 3 article, and version 3 reads a version 2 article.
"""

from __future__ import annotations

import base64
import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from newsflow.bylines import author_names, join_authors, split_authors
from newsflow.contracts import breaking_changes, json_schema
from newsflow.events import ARTICLE_SCHEMA_VERSION, HttpFetchInfo, RawDocument, decode_article, stable_id
from newsflow.services.parser.document import parse_document
from newsflow.topics import TopicName

#: The articles schema as released with schema_version 2 (before ``authors``), frozen here.
VERSION_2_SCHEMA = Path(__file__).parents[1] / "fixtures" / "contracts" / "article.schema_version2.json"

SEED_BODY = ("Sáng 12/8, đoàn đại biểu cấp cao đã thăm và làm việc tại Thung lũng công nghệ cao Pangyo.\n"
             "Hai bên đã trao đổi về tiềm năng hợp tác trong các lĩnh vực chuyển đổi số.\n")


@pytest.mark.parametrize(("author_line", "authors"), [
    ("Bài và ảnh: Hương Giang", ["Hương Giang"]),
    ("Text and photos: Jane Doe", ["Jane Doe"]),
    ("Theo TTXVN", ["TTXVN"]),
    ("By John Smith", ["John Smith"]),
    ("Minh Anh - Thu Hà", ["Minh Anh", "Thu Hà"]),
    ("Minh Anh, Thu Hà và Khánh Lan", ["Minh Anh", "Thu Hà", "Khánh Lan"]),
    ("Bài: Minh Anh - Ảnh: Thành Đạt", ["Minh Anh", "Thành Đạt"]),
])
def test_a_seeds_authors_are_kept_as_several(author_line: str, authors: list[str]) -> None:
    text = f"{SEED_BODY}{author_line}\nNguồn: https://nhandan.vn/vi-example-post14.html\nBình luận (0)\n"
    article = parse_document(RawDocument.from_seed("x.txt", text))
    assert article.authors == authors
    assert article.author == ", ".join(authors)  # as version 2 consumers read it


def html_article(html: str, url: str = "https://news.example.org/2024/03/12/port") -> RawDocument:
    return RawDocument(document_id=stable_id("http", url), origin="http", url=url,
                       fetched_at=datetime(2026, 1, 1, tzinfo=UTC), media_type="text/html",
                       content=base64.b64encode(html.encode()).decode(), content_encoding="base64",
                       http=HttpFetchInfo(status=200, final_url=url))


def test_an_html_pages_byline_authors_are_kept_as_several() -> None:
    paragraphs = "".join(f"<p>The city opened its new container port on Monday, sentence {n} of the "
                         "report on what the port will change for the region's exporters.</p>" for n in range(8))
    html = (f"<html lang='en'><head><title>Port opens</title></head><body><article><h1>Port opens</h1>"
            f"<p class='byline'>By Jane Doe and John Roe</p>{paragraphs}</article></body></html>")
    article = parse_document(html_article(html))
    assert article.authors == ["Jane Doe", "John Roe"]
    assert article.author == "Jane Doe, John Roe"


def test_an_article_without_a_byline_has_no_authors() -> None:
    text = f"{SEED_BODY}Nguồn: https://nhandan.vn/vi-example-post15.html\n"
    article = parse_document(RawDocument.from_seed("y.txt", text))
    assert article.author is None and article.authors == []


@pytest.mark.parametrize("byline", ["Minh Anh - Thu Hà", "By Jane Doe, John Roe and Ann Poe", "Anna von Holst",
                                    "Posted by Nathan Parker, Varun Khaneja and Eric Mill", "Grant Tinsley, PhD"])
def test_split_authors_undoes_join_authors(byline: str) -> None:
    names = author_names(byline)
    assert names and split_authors(join_authors(names)) == names
    assert split_authors(None) == [] and split_authors("") == []


def version_2_schema() -> dict[str, Any]:
    schema: dict[str, Any] = json.loads(VERSION_2_SCHEMA.read_text(encoding="utf-8"))
    return schema


def test_a_version_2_consumer_reads_a_version_3_article() -> None:
    text = f"{SEED_BODY}Minh Anh - Thu Hà\nNguồn: https://nhandan.vn/vi-example-post14.html\n"
    value = json.loads(parse_document(RawDocument.from_seed("x.txt", text)).to_bytes())
    assert value["schema_version"] == ARTICLE_SCHEMA_VERSION == 3
    # validated as version 2 described it: the new field is one it does not know, and ignores
    jsonschema.validate(value, version_2_schema(), cls=jsonschema.Draft202012Validator)
    assert value["author"] == "Minh Anh, Thu Hà"
    assert breaking_changes(version_2_schema(), json_schema(TopicName.ARTICLES)) == []


def test_a_version_2_article_reads_with_no_authors() -> None:
    text = f"{SEED_BODY}Minh Anh - Thu Hà\nNguồn: https://nhandan.vn/vi-example-post14.html\n"
    value = json.loads(parse_document(RawDocument.from_seed("x.txt", text)).to_bytes())
    del value["authors"]
    value["schema_version"] = 2
    article = decode_article(json.dumps(value).encode())
    assert article.authors == [] and article.author == "Minh Anh, Thu Hà"
    jsonschema.validate(value, version_2_schema(), cls=jsonschema.Draft202012Validator)
