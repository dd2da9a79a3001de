"""What an extractor returns (``ArticleParts``) and how it refuses (``ParseError``).

Its own module, below both the orchestrator (``document.py``) and the extractors
(``html/``), so that neither imports the other.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from newsflow.events import ArticleImage, InputRejected


class ParseError(InputRejected):
    """A document that does not yield an article, with a reason a person can act on."""


@dataclass
class ArticleParts:
    """What an extractor found, before identity, language and hashing are added."""

    title: str
    title_source: str
    paragraphs: list[str]
    lead: str | None = None
    captions: list[str] = field(default_factory=list)
    author: str | None = None
    canonical_url: str | None = None
    source_url: str | None = None
    published_at: datetime | None = None
    updated_at: datetime | None = None
    declared_language: str | None = None
    comment_count: int | None = None
    tags: list[str] = field(default_factory=list)
    section: str | None = None
    #: The article's images; their captions are also in ``captions``.
    images: list[ArticleImage] = field(default_factory=list)
    #: The text fields have been through ``clean_line`` already (seed text is cleaned as a
    #: whole before it is split): ``build_article`` need not clean them again.
    cleaned: bool = False
