"""The sources file: which sites to follow, where their feeds and sitemaps are, which URLs
are articles. Loaded from TOML into pydantic models; pure apart from reading the file."""

from __future__ import annotations

import re
import tomllib
from functools import cached_property
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from newsflow.services.fetcher.canonical import NotAWebUrl, request_url
from newsflow.settings import Settings
from newsflow.urls import host_of

DEFAULT_SOURCES_PATH = Path(__file__).with_name("sources.toml")


class SourcesError(ValueError):
    """The sources file is missing or invalid; the message says where and why."""


class Source(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(min_length=1)
    hosts: list[str] = Field(min_length=1, description="The allowlist: exact host names.")
    start_urls: list[str] = Field(default_factory=list)
    feeds: list[str] = Field(default_factory=list)
    sitemaps: list[str] = Field(default_factory=list)
    article_patterns: list[str] = Field(min_length=1)
    sitemap_children: list[str] = Field(
        default_factory=list,
        description="Regular expressions: a sitemap index's children followed (all when empty).")
    sitemap_months: int | None = Field(
        default=None, ge=1,
        description="Of an index's monthly children, the most recent this many months (all when unset).")
    listing_pages: int = Field(
        default=1, ge=1,
        description="Pages read per poll of a listing page with a 'more articles' call (VNPT Portal).")
    poll_interval_seconds: float | None = Field(default=None, ge=0)
    max_depth: int | None = Field(default=None, ge=0)
    delay_seconds: float | None = Field(default=None, ge=0)

    @model_validator(mode="after")
    def _check(self) -> Source:
        object.__setattr__(self, "hosts", [h.lower().rstrip(".") for h in self.hosts])
        for kind, patterns in (("article", self.article_patterns), ("sitemap", self.sitemap_children)):
            for pattern in patterns:
                try:
                    re.compile(pattern)
                except re.error as exc:
                    raise ValueError(f"{kind} pattern {pattern!r} is not a regular expression: "
                                     f"{exc}") from None
        for url in [*self.start_urls, *self.feeds, *self.sitemaps]:
            try:
                request_url(url)
            except NotAWebUrl as exc:
                raise ValueError(f"{url!r} cannot be fetched: {exc}") from None
            if host_of(url) not in self.hosts:
                raise ValueError(f"{url} is not on one of the source's hosts {self.hosts}")
        return self

    @cached_property
    def compiled_patterns(self) -> list[re.Pattern[str]]:
        return [re.compile(p) for p in self.article_patterns]

    @cached_property
    def compiled_sitemap_children(self) -> list[re.Pattern[str]]:
        return [re.compile(p) for p in self.sitemap_children]

    def is_article(self, url: str) -> bool:
        return any(p.search(url) for p in self.compiled_patterns)


class SourcesFile(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    poll_interval_seconds: float = Field(default=900.0, ge=0)
    max_depth: int = Field(default=1, ge=0)
    source: list[Source] = Field(default_factory=list)

    def poll_interval(self, source: Source) -> float:
        value = source.poll_interval_seconds
        return self.poll_interval_seconds if value is None else value

    def depth_limit(self, source: Source) -> int:
        return self.max_depth if source.max_depth is None else source.max_depth

    def source_for(self, url: str) -> Source | None:
        """The source whose allowlist holds the URL's host, if any."""
        host = host_of(url)
        for source in self.source:
            if host in source.hosts:
                return source
        return None

    @property
    def allowed_hosts(self) -> set[str]:
        return {h for s in self.source for h in s.hosts}


def parse_sources(text: str, origin: str = "<text>") -> SourcesFile:
    try:
        return SourcesFile.model_validate(tomllib.loads(text))
    except tomllib.TOMLDecodeError as exc:
        raise SourcesError(f"{origin}: not valid TOML: {exc}") from None
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in err['loc'])}: {err['msg']}" for err in exc.errors()[:5]
        )
        raise SourcesError(f"{origin}: {problems}") from None


def load_sources(settings: Settings) -> SourcesFile:
    path = settings.fetch_sources_path or DEFAULT_SOURCES_PATH
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise SourcesError(f"cannot read the sources file {path}: {exc.strerror}") from None
    return parse_sources(text, str(path))
