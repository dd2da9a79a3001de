"""The SQLite index's rank function (``_fts5rank.c``'s ``newsflow_bm25``): FTS5's bm25()
from phrase counts the index keeps between queries. Its scores must be bm25()'s, on a real
FTS5 index, for every kind of query the analysis writes (words, folded and stemmed forms,
phrases, prefixes with a column filter, excluded words, CJK and Thai)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from newsflow.services.indexer.backends import sqlite
from newsflow.services.indexer.backends.base import QueryError, SearchQuery
from newsflow.services.indexer.backends.sqlite import SqliteIndex, rank_function
from tests.relevance.corpus import ARTICLES, QUERIES, article

needs_rank = pytest.mark.skipif(not rank_function(), reason="newsflow_bm25 is not on this Python's SQLite")
#: Queries of every form, beside the relevance set's.
OWN_QUERIES = ['"công nghệ cao"', "Hải Phòng -container", "kraft*", "Innov*", "haeuser",
               '"Hightech Unternehmen" Berlin', "東京 スタートアップ", "부산", "กรุงเทพ รถไฟฟ้า",
               "tech* OR energie", "Đà -Lạt"]


def hits(index: SqliteIndex, text: str, language: str | None) -> list[tuple[str, float]]:
    try:
        found = index.search(SearchQuery(text=text, language=language, limit=20))
    except QueryError:
        return []
    return [(h.id, h.score) for h in found]


@needs_rank
def test_scores_are_those_of_bm25(tmp_path: Path) -> None:
    index = SqliteIndex(tmp_path / "a.sqlite3")
    index.upsert(ARTICLES)
    queries = [(text, filtered) for _, text, _, filtered in QUERIES] + [(q, None) for q in OWN_QUERIES]
    compared = 0
    for text, language in queries:
        index.counted_rank = True
        counted = hits(index, text, language)
        index.counted_rank = False
        plain = hits(index, text, language)
        assert [i for i, _ in counted] == [i for i, _ in plain], text
        assert [s for _, s in counted] == pytest.approx([s for _, s in plain], rel=1e-12), text
        compared += len(counted)
    assert compared > 150  # the queries find articles: the comparison is not empty
    index.close()


@needs_rank
def test_kept_counts_are_read_again_when_old(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Counts older than PHRASE_COUNT_SECONDS are read again: after new articles, the
    scores are bm25()'s of the grown index; before they expire, those of the counts kept."""
    index = SqliteIndex(tmp_path / "b.sqlite3")
    index.upsert(ARTICLES[:20])
    before = hits(index, "Hải Phòng", None)
    more = [article(f"more{n}", "vi", f"Tin Hải Phòng số {n}", "Hải Phòng hôm nay.") for n in range(30)]
    index.upsert(more)
    index.counted_rank = False
    grown = hits(index, "Hải Phòng", None)
    index.counted_rank = True
    stale = hits(index, "Hải Phòng", None)
    assert [s for i, s in stale if i in dict(before)] != [s for i, s in grown if i in dict(before)]
    monkeypatch.setattr(sqlite, "PHRASE_COUNT_SECONDS", 0.0)
    fresh = hits(index, "Hải Phòng", None)
    assert [i for i, _ in fresh] == [i for i, _ in grown]
    assert [s for _, s in fresh] == pytest.approx([s for _, s in grown], rel=1e-12)
    index.close()


@needs_rank
def test_counts_that_do_not_fit_the_phrases_are_a_query_error(tmp_path: Path) -> None:
    index = SqliteIndex(tmp_path / "c.sqlite3")
    index.upsert(ARTICLES[:5])
    index.phrase_counts = lambda expression: "1"  # type: ignore[method-assign,assignment]
    with pytest.raises(QueryError, match="newsflow_bm25: 1 counts given for"):
        index.search(SearchQuery(text="Hải Phòng"))
    index.close()


@pytest.mark.skipif(os.environ.get("NEWSFLOW_NATIVE", "1").strip() == "0", reason="NEWSFLOW_NATIVE=0")
def test_the_rank_function_is_built_and_on_the_connections() -> None:
    """`make venv` builds it (setup.py) against the SQLite library Python's sqlite3 uses here."""
    assert rank_function()
