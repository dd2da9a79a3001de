"""An index file of another column layout is refused with a pointer to `newsflow reindex`."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest

from newsflow.services.indexer.backends.sqlite import (
    FTS_HASH_BYTES,
    PAGE_SIZE,
    IndexLayoutError,
    SqliteIndex,
)


def test_an_index_of_an_older_layout_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    db = sqlite3.connect(path)
    db.execute("CREATE VIRTUAL TABLE articles_fts USING fts5(title, text)")
    db.commit()
    db.close()
    for read_only in (False, True):
        with pytest.raises(IndexLayoutError, match="newsflow reindex"):
            SqliteIndex(path, read_only=read_only)


def test_a_new_index_records_its_layout_and_reopens(tmp_path: Path) -> None:
    path = tmp_path / "new.sqlite3"
    SqliteIndex(path).close()
    SqliteIndex(path, read_only=True).close()
    index = SqliteIndex(path)
    # Set before the switch to WAL, where the page size can no longer change.
    assert index.db.execute("PRAGMA page_size").fetchone()[0] == PAGE_SIZE
    index.close()


def test_a_writer_sets_the_fts_hash_size_on_new_and_existing_files(tmp_path: Path) -> None:
    path = tmp_path / "new.sqlite3"
    SqliteIndex(path).close()
    db = sqlite3.connect(path)
    # As a file written before the setting: FTS5's default of 1 MiB.
    db.execute("DELETE FROM articles_fts_config WHERE k = 'hashsize'")
    db.commit()
    db.close()
    index = SqliteIndex(path)
    assert index.db.execute(
        "SELECT v FROM articles_fts_config WHERE k = 'hashsize'").fetchone() == (FTS_HASH_BYTES,)
    index.close()


def test_writers_opening_a_new_file_at_once_all_succeed(tmp_path: Path) -> None:
    """Two indexers starting together on a new file (the scale-out test's start): the lock
    upgrade can deadlock, and SQLite then answers "database is locked" at once; without the
    retry about three rounds in four failed here."""
    for round_ in range(8):
        path = tmp_path / f"race{round_}" / "articles.sqlite3"
        barrier = threading.Barrier(4)
        errors: list[BaseException] = []

        def open_one(path: Path = path, barrier: threading.Barrier = barrier,
                     errors: list[BaseException] = errors) -> None:
            barrier.wait()
            try:
                SqliteIndex(path).close()
            except Exception as exc:  # collected and asserted below
                errors.append(exc)

        threads = [threading.Thread(target=open_one) for _ in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert errors == []
        SqliteIndex(path, read_only=True).close()
