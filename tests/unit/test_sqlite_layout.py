"""An index file of another column layout is refused with a pointer to `newsflow reindex`."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from newsflow.services.indexer.backends.sqlite import IndexLayoutError, SqliteIndex


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
    SqliteIndex(path).close()
