"""The index interface every backend implements, with batching done once, here; and the
search parameters (``SearchQuery``), defined once for the CLI, the HTTP API and its OpenAPI
document."""

from __future__ import annotations

import abc
import html
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Annotated, Any, ClassVar, Literal, Self

from pydantic import BaseModel, ConfigDict, Field, ValidationError, computed_field, field_validator

from newsflow.events import Article
from newsflow.observability.metrics import observe_index_batch
from newsflow.settings import Settings


@dataclass(frozen=True)
class Spelling:
    """How a search parameter is named outside Python, where not as its field: ``http`` in
    the query string of ``GET /search``, ``cli`` as the flag (or, for a required field, the
    argument) of ``newsflow search``. Default: the field name, and ``--field-name``."""

    http: str | None = None
    cli: str | None = None


class SearchQuery(BaseModel):
    """What to search for. The one definition of the search parameters: the options of
    ``newsflow search``, the query parameters of ``GET /search`` and their OpenAPI
    description are all generated from these fields (``search_parameters``), so a field
    added here is offered, described and validated everywhere."""

    model_config = ConfigDict(extra="forbid")

    text: Annotated[str, Spelling(http="q", cli="QUERY")] = Field(
        min_length=1, max_length=1000,
        description='Free text; "quoted words" are a phrase. Every word must match.')
    language: str | None = Field(
        default=None, description="Only articles in this language (ISO 639-1, e.g. de).")
    site: str | None = Field(
        default=None, description="Only articles from this site, e.g. nhandan.vn.")
    story_id: Annotated[str | None, Spelling(cli="--story")] = Field(
        default=None, description="Only articles of this story id.")
    published_from: Annotated[datetime | None, Spelling(cli="--from")] = Field(
        default=None, description="Only articles published at or after this time (ISO 8601, "
        "e.g. 2026-03-01 or 2026-03-01T08:00:00+07:00; without a zone: UTC).")
    published_to: Annotated[datetime | None, Spelling(cli="--to")] = Field(
        default=None, description="Only articles published at or before this time (ISO 8601; "
        "without a zone: UTC).")
    sort: Literal["relevance", "date"] = Field(
        default="relevance", description="relevance (best match first) or date (newest first).")
    limit: int = Field(default=10, ge=1, le=100, description="Hits per page.")
    offset: int = Field(default=0, ge=0, le=10_000, description="Hits to skip.")

    @field_validator("published_from", "published_to")
    @classmethod
    def _naive_times_are_utc(cls, value: datetime | None) -> datetime | None:
        return value.replace(tzinfo=UTC) if value is not None and value.tzinfo is None else value


@dataclass(frozen=True)
class SearchParameter:
    """One field of ``SearchQuery`` as the CLI and the HTTP API offer it."""

    field: str
    http: str
    cli: str
    description: str
    required: bool
    default: Any
    #: The JSON Schema of one value (never null: a parameter left out is None).
    schema: dict[str, Any]


def _value_schema(schema: dict[str, Any]) -> dict[str, Any]:
    """A field's JSON Schema without its title, description and null alternative."""
    schema = {k: v for k, v in schema.items() if k not in ("title", "description")}
    options = schema.pop("anyOf", None)
    if options is not None:
        [value] = [option for option in options if option != {"type": "null"}]
        schema = {**value, **schema}
    if schema.get("default", ...) is None:
        del schema["default"]
    return schema


def search_parameters() -> list[SearchParameter]:
    """The fields of ``SearchQuery``, in order, with their names outside Python."""
    properties = SearchQuery.model_json_schema()["properties"]
    parameters = []
    for name, info in SearchQuery.model_fields.items():
        spelling = next((m for m in info.metadata if isinstance(m, Spelling)), Spelling())
        parameters.append(SearchParameter(
            field=name, http=spelling.http or name,
            cli=spelling.cli or "--" + name.replace("_", "-"),
            description=info.description or "", required=info.is_required(),
            default=None if info.is_required() else info.default,
            schema=_value_schema(properties[name]),
        ))
    return parameters


def invalid_query(exc: ValidationError, name_of: Callable[[str], str]) -> str:
    """The first reason ``SearchQuery`` refused its input, naming the parameter as the
    person spelled it (``name_of`` maps a field name to that spelling)."""
    first = exc.errors()[0]
    field = str(first["loc"][0]) if first["loc"] else "text"
    reason = f"{name_of(field)}: {first['msg']}"
    if first["type"] not in ("missing", "extra_forbidden") and "input" in first:
        reason += f" (got {first['input']!r})"
    return reason


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
    def story(self, story_id: str, limit: int = 50) -> list[Article]:
        """The articles of one story (an original and its translations), by id."""

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
