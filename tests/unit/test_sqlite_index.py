"""The embedded index on a real SQLite file: upserts, multilingual matching, safety."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsflow.events import RawDocument
from newsflow.services.indexer.backends.base import QueryError, SearchQuery
from newsflow.services.indexer.backends.sqlite import SqliteIndex
from newsflow.services.parser.document import parse_document
from tests.conftest import SEEDS
from tests.unit.test_seedtext import VIETNAMESE


@pytest.fixture
def index(tmp_path: Path) -> SqliteIndex:
    index = SqliteIndex(tmp_path / "index.sqlite3")
    articles = [parse_document(RawDocument.from_seed(p.name, p.read_text(encoding="utf-8")))
                for p in sorted(SEEDS.glob("*.txt"))]
    articles.append(parse_document(RawDocument.from_seed("vi.txt", VIETNAMESE)))
    index.upsert(articles)
    return index


def languages(index: SqliteIndex, text: str) -> list[str]:
    return [hit.language for hit in index.search(SearchQuery(text=text))]


def test_upserts_are_idempotent_and_updates_replace(index: SqliteIndex) -> None:
    assert index.count() == 3
    article = next(a for a in map(index.get, index.ids()) if a and a.language == "de")
    assert index.upsert([article]) == 0
    changed = article.model_copy(update={"title": "Neuer Titel Zebrafisch"})
    assert index.upsert([changed]) == 1
    assert index.count() == 3
    assert languages(index, "Zebrafisch") == ["de"]


def test_thai_word_inside_a_sentence_is_found(index: SqliteIndex) -> None:
    assert languages(index, "ไฮฟอง") == ["th"]


def test_vietnamese_without_diacritics_finds_and_exact_ranks_higher(index: SqliteIndex) -> None:
    assert languages(index, "cong nghe cao") == ["vi"]
    assert languages(index, "công nghệ cao") == ["vi"]


def test_snippets_highlight_the_match(index: SqliteIndex) -> None:
    hit = index.search(SearchQuery(text="Pangyo"))[0]
    start, end = hit.highlights[0]
    assert hit.snippet[start:end] == "Pangyo"


@pytest.mark.parametrize("text", ['"', "a OR (b", "NEAR(x y)", "*", "title:x", "\u0000x", "ย่ำ" * 200,
                                  "AND", "a NOT b", "{title}: x", "x^2", '"a" *'])
def test_fts5_syntax_in_a_query_is_text_or_a_query_error(index: SqliteIndex, text: str) -> None:
    """Only our syntax is syntax: FTS5's own never reaches it, and what is not ours is
    either searched as text or refused with a reason (never an OperationalError)."""
    try:
        index.search(SearchQuery(text=text))
    except QueryError as exc:
        assert "could not run" not in str(exc)


def test_delete(index: SqliteIndex) -> None:
    some_id = next(iter(index.ids()))
    assert index.delete([some_id]) == 1
    assert index.count() == 2
