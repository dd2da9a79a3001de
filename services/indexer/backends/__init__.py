"""Search index backends behind one small interface (``base.ArticleIndex``)."""

from __future__ import annotations

from newsflow.services.indexer.backends.base import ArticleIndex, SearchHit, SearchQuery
from newsflow.settings import Settings, get_settings


def open_index(settings: Settings | None = None, *, read_only: bool = False) -> ArticleIndex:
    """The index the settings select: OpenSearch when NEWSFLOW_OPENSEARCH_URL is set,
    else the embedded SQLite FTS5 file."""
    settings = settings or get_settings()
    if settings.opensearch_url:
        from newsflow.services.indexer.backends.opensearch import OpenSearchIndex

        return OpenSearchIndex(settings.opensearch_url, settings.resolved_opensearch_alias,
                               timeout=settings.opensearch_timeout,
                               batch_size=settings.index_batch_size, read_only=read_only)
    from newsflow.services.indexer.backends.sqlite import SqliteIndex

    return SqliteIndex(settings.resolved_index_path, read_only=read_only)


__all__ = ["ArticleIndex", "SearchHit", "SearchQuery", "open_index"]
