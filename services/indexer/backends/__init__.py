"""Search index backends behind one small interface (``base.ArticleIndex``)."""

from __future__ import annotations

from newsflow.settings import Settings, get_settings
from services.indexer.backends.base import ArticleIndex, SearchHit, SearchQuery


def open_index(settings: Settings | None = None, *, read_only: bool = False) -> ArticleIndex:
    """The index the settings select: embedded SQLite FTS5 by default."""
    settings = settings or get_settings()
    from services.indexer.backends.sqlite import SqliteIndex

    return SqliteIndex(settings.resolved_index_path, read_only=read_only)


__all__ = ["ArticleIndex", "SearchHit", "SearchQuery", "open_index"]
