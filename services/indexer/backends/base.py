"""The index interface every backend implements, with batching done once, here."""

from __future__ import annotations

import abc
import html
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field, computed_field

from newsflow.events import Article
from newsflow.observability.metrics import observe_index_batch


class SearchQuery(BaseModel):
    text: str = Field(min_length=1, max_length=1000)
    language: str | None = None
    site: str | None = None
    story_id: str | None = None
    published_from: datetime | None = None
    published_to: datetime | None = None
    sort: Literal["relevance", "date"] = "relevance"
    limit: int = Field(default=10, ge=1, le=100)
    offset: int = Field(default=0, ge=0, le=10_000)


class SearchHit(BaseModel):
    id: str
    title: str
    language: str
    site: str | None
    url: str
    source_url: str | None
    published_at: datetime | None
    story_id: str | None
    score: float
    snippet: str
    highlights: list[tuple[int, int]] = Field(
        default_factory=list, description="[start, end) character ranges of matches in snippet."
    )
    duplicates: int = Field(
        default=0, ge=0,
        description="Other matching articles with the same content (same content_hash, e.g. one "
        "report under two URLs), collapsed into this hit.",
    )

    @computed_field(  # type: ignore[prop-decorator]
        description="The snippet as HTML: its text escaped, the highlights in <mark>. Titles "
        "and snippets are plain text everywhere else; escape them before putting them in HTML."
    )
    @property
    def snippet_html(self) -> str:
        return highlighted_html(self.snippet, self.highlights)


def highlighted_html(text: str, highlights: Sequence[tuple[int, int]]) -> str:
    """``text`` escaped for HTML, each [start, end) range wrapped in <mark>."""
    out: list[str] = []
    position = 0
    for start, end in sorted(highlights):
        if start < position or end <= start:
            continue  # overlapping or empty ranges are skipped, never mis-nested
        out += [html.escape(text[position:start]), "<mark>", html.escape(text[start:end]), "</mark>"]
        position = end
    out.append(html.escape(text[position:]))
    return "".join(out)


class QueryError(ValueError):
    """A query the index cannot run, with a reason for the person who typed it."""


class ArticleIndex(abc.ABC):
    """Upsert, delete, search, count, health. Subclasses implement the ``_write_batch``
    primitive; ``upsert`` splits any number of articles into batches of ``batch_size``."""

    batch_size: int = 500

    def upsert(self, articles: Iterable[Article]) -> int:
        """Insert or replace articles by id; returns how many were written or changed."""
        # The last version of an id in the input wins, as on the compacted topic.
        latest: dict[str, Article] = {}
        for article in articles:
            latest.pop(article.id, None)
            latest[article.id] = article
        pending = list(latest.values())
        written = 0
        for start in range(0, len(pending), self.batch_size):
            batch = pending[start : start + self.batch_size]
            with observe_index_batch(type(self).__name__, len(batch)):
                written += self._write_batch(batch)
        return written

    @abc.abstractmethod
    def _write_batch(self, articles: Sequence[Article]) -> int: ...

    @abc.abstractmethod
    def delete(self, article_ids: Iterable[str]) -> int: ...

    @abc.abstractmethod
    def search(self, query: SearchQuery) -> list[SearchHit]: ...

    @abc.abstractmethod
    def get(self, article_id: str) -> Article | None: ...

    @abc.abstractmethod
    def count(self) -> int: ...

    @abc.abstractmethod
    def health(self) -> dict[str, object]: ...

    def close(self) -> None:  # noqa: B027 - optional for backends without resources
        pass
