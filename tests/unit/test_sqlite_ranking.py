"""The SQLite backend's ranking on a real file: words as a phrase rank above words near each
other, which rank above scattered words; exact duplicates collapse into one hit; a date
sort is newest first."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from newsflow.events import Article
from newsflow.services.indexer.backends.base import SearchQuery
from newsflow.services.indexer.backends.sqlite import SqliteIndex

FILLER = " ".join(f"filler{n}" for n in range(12))


def article(id: str, body: str, day: int, content: str | None = None) -> Article:
    published = datetime(2026, 3, day, tzinfo=UTC)
    return Article(id=id, document_id=f"doc-{id}", url=f"https://news.example/{id}",
                   site="news.example", language="en", title=f"Report {id}", body=body,
                   published_at=published, fetched_at=published,
                   content_hash=content or f"hash-{id}", word_count=len(body.split()))


def test_phrase_above_near_above_scattered_and_duplicates_collapse(tmp_path: Path) -> None:
    index = SqliteIndex(tmp_path / "index.sqlite3")
    index.upsert([
        article("scattered", f"harbour {FILLER} crane", 1),
        article("near", "harbour big old crane " + FILLER, 2),
        article("phrase", f"{FILLER} harbour crane", 3),
        article("copy", f"{FILLER} harbour crane", 4, content="hash-phrase"),
    ])
    hits = index.search(SearchQuery(text="harbour crane"))
    assert [h.id for h in hits] == ["phrase", "near", "scattered"] or \
        [h.id for h in hits] == ["copy", "near", "scattered"]
    assert hits[0].duplicates == 1 and hits[1].duplicates == 0
    assert hits[0].score > hits[1].score > hits[2].score
    by_date = index.search(SearchQuery(text="harbour crane", sort="date"))
    assert [h.published_at.day for h in by_date if h.published_at] == sorted(
        (h.published_at.day for h in by_date if h.published_at), reverse=True)
    assert len(by_date) == 3
    index.close()
