"""The index interface every backend implements, with batching done once, here."""

from __future__ import annotations

import abc
import html
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import ClassVar, Literal, Self

from pydantic import BaseModel, Field, computed_field

from newsflow.events import Article
from newsflow.observability.metrics import observe_index_batch
from newsflow.settings import Settings


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


class NoIndexYet(FileNotFoundError):
    """A read-only open found no index where the settings point: nothing was indexed yet.
    A FileNotFoundError, as a missing SQLite file always was: what handles that (the CLI)
    handles a missing OpenSearch alias too."""


class ArticleIndex(abc.ABC):
    """Upsert, delete, search, count, health, and rebuilds. Subclasses implement the
    ``_write_batch`` primitive; ``upsert`` splits any number of articles into batches of
    ``batch_size``.

    A rebuild fills a new index beside the served one and then swaps it in, so readers see
    the old index or the new one, never a half-built one: ``stage(settings)`` gives the new,
    empty index; ``promote()`` serves it in place of the old one (deleted) in one step;
    ``discard()`` drops it instead (a failed rebuild). Each backend does that its own way."""

    #: The backend's name, as ``newsflow reindex --backend`` spells it.
    backend: ClassVar[str]
    batch_size: int = 500

    @classmethod
    @abc.abstractmethod
    def from_settings(cls, settings: Settings, *, read_only: bool = False) -> Self:
        """The served index the settings point at. Read-only: raises ``NoIndexYet`` when
        there is none; else it is created if need be."""

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

    # --- rebuilds -------------------------------------------------------------------------

    @classmethod
    @abc.abstractmethod
    def stage(cls, settings: Settings) -> Self:
        """A new, empty index beside the one the settings point at, not served until
        ``promote``."""

    @abc.abstractmethod
    def promote(self) -> str:
        """Serve this staged index in place of the served one, in one step, and delete the
        old one; this handle is closed. Returns where the index now is."""

    @abc.abstractmethod
    def discard(self) -> None:
        """Delete this staged index without serving it; the served index stays as it was."""
