"""Page metadata: title, canonical URL, times, authors, tags, section, images, declared language.

Read from what publishers put in the head (Open Graph, article:*, JSON-LD, <link
rel=canonical>) and from the few in-page markers every CMS uses (<time datetime>). The
publication and update times are decided in ``dates`` (the page's statements, the date
below the headline, htmldate where they are missing or disagree); they are timezone-aware.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, tzinfo
from typing import Any
from urllib.parse import urljoin, urlsplit

from newsflow.events import ArticleImage
from newsflow.language.normalize import clean_line
from newsflow.services.parser.html.dates import (
    VIETNAM_TIME,
    json_ld_items,
    page_dates,
    read_time,
    site_timezone,
)
from newsflow.services.parser.html.dom import Element, text_of

__all__ = ["VIETNAM_TIME", "PageMetadata", "canonical_url", "page_metadata", "parse_time", "site_timezone",
           "strip_site_name"]
_TITLE_SEPARATORS = re.compile(r"\s+(?:[|–—»]|-|::)\s+")


@dataclass
class PageMetadata:
    title: str | None = None
    description: str | None = None
    canonical_url: str | None = None
    published_at: datetime | None = None
    updated_at: datetime | None = None
    authors: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    section: str | None = None
    images: list[ArticleImage] = field(default_factory=list)
    declared_language: str | None = None
    site_name: str | None = None


def parse_time(value: str | None, assume_tz: tzinfo | None = None) -> datetime | None:
    """An ISO 8601 or day/month/year time, timezone-aware; None if unreadable or zoneless.

    A time written without an offset gets ``assume_tz``; without one it is dropped.
    """
    read = read_time(value)
    if read is None:
        return None
    parsed = read[0]
    if parsed.tzinfo is None:
        if assume_tz is None:
            return None
        parsed = parsed.replace(tzinfo=assume_tz)
    return parsed


def _meta(root: Element, *names: str) -> list[str]:
    values: list[str] = []
    for name in names:
        for el in root.xpath(f"//meta[@property='{name}' or @name='{name}' or @itemprop='{name}']"):
            content = clean_line(el.get("content") or "")
            if content and content not in values:
                values.append(content)
    return values


def _first(values: list[str]) -> str | None:
    return values[0] if values else None


def _ld_article(items: list[dict[str, Any]]) -> dict[str, Any]:
    for item in items:
        kind = item.get("@type")
        kinds = kind if isinstance(kind, list) else [kind]
        if any(isinstance(k, str) and ("Article" in k or k in {"BlogPosting", "Report"}) for k in kinds):
            return item
    return {}


def _ld_names(value: Any) -> list[str]:
    if isinstance(value, str):
        return [clean_line(value)] if clean_line(value) else []
    if isinstance(value, dict):
        return _ld_names(value.get("name"))
    if isinstance(value, list):
        return [name for v in value for name in _ld_names(v)]
    return []


def strip_site_name(title: str, site_name: str | None) -> str:
    """"Headline - Báo Nhân Dân" -> "Headline" (the longest part of a separated title)."""
    parts = [p for p in _TITLE_SEPARATORS.split(title) if p.strip()]
    if len(parts) < 2:
        return title
    if site_name:
        kept = [p for p in parts if p.strip().lower() != site_name.strip().lower()]
        if kept and len(kept) < len(parts):
            return " - ".join(kept)
    return max(parts, key=len)


def _absolute_http_url(href: str, base: str | None) -> str | None:
    """``href`` resolved against ``base`` if it is an http(s) URL with a host; else None."""
    try:
        absolute = urljoin(base, href.strip()) if base else href.strip()
        parts = urlsplit(absolute)
        if parts.scheme in {"http", "https"} and parts.hostname:
            return absolute
    except ValueError:  # e.g. "http://[bad" (an invalid IPv6 host)
        pass
    return None


def canonical_url(root: Element, url: str | None) -> str | None:
    candidates = [link.get("href") or "" for link in root.xpath("//link[@href]")
                  if "canonical" in (link.get("rel") or "").lower().split()]
    candidates += _meta(root, "og:url")
    for href in candidates:
        absolute = _absolute_http_url(href, url)
        if absolute:
            return absolute
    return None


def page_metadata(root: Element, url: str | None, assume_tz: tzinfo | None = None, *,
                  use_htmldate: bool = True) -> PageMetadata:
    """The page's metadata; call it before an extractor changes the tree (dates read it whole)."""
    ld_items = json_ld_items(root)
    ld = _ld_article(ld_items)
    meta = PageMetadata()
    meta.site_name = _first(_meta(root, "og:site_name"))
    heading = root.find(".//h1")
    title = _first(_meta(root, "og:title", "twitter:title")) or (
        ld.get("headline") if isinstance(ld.get("headline"), str) else None)
    if not title and heading is not None:
        title = text_of(heading)
    if not title:
        title_el = root.find(".//title")
        title = strip_site_name(clean_line(title_el.text_content()), meta.site_name) \
            if title_el is not None else None
    meta.title = clean_line(title) if title else None
    meta.description = _first(_meta(root, "og:description", "description", "twitter:description"))

    meta.canonical_url = canonical_url(root, url)

    dates = page_dates(root, url, assume_tz, ld_items, use_htmldate=use_htmldate)
    meta.published_at, meta.updated_at = dates.published_at, dates.updated_at

    authors = _ld_names(ld.get("author")) or _meta(root, "author", "article:author", "dc.creator")
    meta.authors = [a for a in authors if not a.startswith(("http://", "https://"))]
    tags = _meta(root, "article:tag")
    if not tags:
        for keywords in _meta(root, "news_keywords", "keywords"):
            tags += [clean_line(k) for k in re.split(r"[,;]", keywords) if clean_line(k)]
    meta.tags = list(dict.fromkeys(tags))
    meta.section = _first(_meta(root, "article:section")) or (
        ld.get("articleSection") if isinstance(ld.get("articleSection"), str) else None)
    for image in _meta(root, "og:image"):
        image_url = _absolute_http_url(image, url)
        if image_url:
            meta.images.append(ArticleImage(url=image_url))
    lang = root.get("lang") or root.get("xml:lang") or _first(_meta(root, "og:locale", "content-language"))
    meta.declared_language = lang.strip() if lang and lang.strip() else None
    return meta
