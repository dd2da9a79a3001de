"""Search index backends behind one small interface (``base.ArticleIndex``): the embedded
SQLite FTS5 file (``sqlite``), or OpenSearch (``opensearch``) when NEWSFLOW_OPENSEARCH_URL
is set. This module is the one place that picks a backend from the settings."""

from __future__ import annotations

from newsflow.services.indexer.backends.base import (
    ArticleIndex,
    NoIndexYet,
    SearchHit,
    SearchQuery,
)
from newsflow.settings import Settings, get_settings

#: The backends, by the name ``newsflow reindex --backend`` takes.
BACKENDS = ("sqlite", "opensearch")


def backend_name(settings: Settings) -> str:
    """The backend the settings select: OpenSearch when NEWSFLOW_OPENSEARCH_URL is set."""
    return "opensearch" if settings.opensearch_url else "sqlite"


def backend_class(name: str) -> type[ArticleIndex]:
    """The class of a backend (imported on first use: the OpenSearch client is not small)."""
    if name == "sqlite":
        from newsflow.services.indexer.backends.sqlite import SqliteIndex

        return SqliteIndex
    if name == "opensearch":
        from newsflow.services.indexer.backends.opensearch import OpenSearchIndex

        return OpenSearchIndex
    raise ValueError(f"unknown backend {name!r}: {' or '.join(BACKENDS)}")


def open_index(settings: Settings | None = None, *, read_only: bool = False) -> ArticleIndex:
    """The index the settings select (read-only: ``NoIndexYet`` when there is none)."""
    settings = settings or get_settings()
    return backend_class(backend_name(settings)).from_settings(settings, read_only=read_only)


def stage_index(settings: Settings | None = None, backend: str | None = None) -> ArticleIndex:
    """A new, empty index beside the served one of ``backend`` (default: the one the settings
    select), for a rebuild: fill it, then ``promote()`` it (or ``discard()`` it)."""
    settings = settings or get_settings()
    return backend_class(backend or backend_name(settings)).stage(settings)


def indexed_count(settings: Settings | None = None) -> int | None:
    """How many articles the index the settings select holds, opened read-only; None when
    there is no index yet."""
    try:
        index = open_index(settings, read_only=True)
    except NoIndexYet:
        return None
    try:
        return index.count()
    finally:
        index.close()


__all__ = [
    "BACKENDS", "ArticleIndex", "NoIndexYet", "SearchHit", "SearchQuery", "backend_class",
    "backend_name", "indexed_count", "open_index", "stage_index",
]
