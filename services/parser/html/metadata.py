"""Page metadata: title, canonical URL, times, authors, tags, section, images, declared language.

Read from what publishers put in the head (Open Graph, article:*, JSON-LD, <link
rel=canonical>) and from the few in-page markers every CMS uses (<time datetime>). Times
are timezone-aware: a time written without an offset gets the site's zone when the site
says which (Vietnamese sites publish in +07:00), and is dropped otherwise rather than guessed.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone, tzinfo
from typing import Any
from urllib.parse import urljoin, urlsplit

from newsflow.events import ArticleImage
from newsflow.language.normalize import clean_line
from newsflow.services.parser.html.dom import Element, text_of
from newsflow.urls import host_of

VIETNAM_TIME = timezone(timedelta(hours=7), "ICT")
#: "20/11/2023 08:15", "08:15 20/11/2023", "20-11-2023", "Thứ Hai, 20/11/2023 - 08:15".
_DMY = re.compile(r"(?<!\d)(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?!\d)")
_HM = re.compile(r"(?<!\d)(\d{1,2})[:h](\d{2})(?::(\d{2}))?(?!\d)")
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


def site_timezone(url: str | None) -> tzinfo | None:
    """The zone a site writes naive times in, when the site's country says it."""
    return VIETNAM_TIME if host_of(url).endswith(".vn") else None


def parse_time(value: str | None, assume_tz: tzinfo | None = None) -> datetime | None:
    """An ISO 8601 or day/month/year time, timezone-aware; None if unreadable or zoneless."""
    if not value:
        return None
    value = value.strip()
    parsed: datetime | None = None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00").replace(" ", "T", 1))
    except ValueError:
        parsed = None
    if parsed is None:
        day = _DMY.search(value)
        if not day:
            return None
        hm = _HM.search(value)
        try:
            parsed = datetime(int(day.group(3)), int(day.group(2)), int(day.group(1)),
                              int(hm.group(1)) if hm else 0, int(hm.group(2)) if hm else 0,
                              int(hm.group(3) or 0) if hm else 0)
        except ValueError:
            return None
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


def _json_ld(root: Element) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    for script in root.xpath("//script[@type='application/ld+json']"):
        try:
            data = json.loads(script.text or "")
        except (ValueError, RecursionError):
            continue
        stack = [data]
        while stack:
            item = stack.pop()
            if isinstance(item, list):
                stack.extend(item)
            elif isinstance(item, dict):
                found.append(item)
                graph = item.get("@graph")
                if isinstance(graph, list):
                    stack.extend(graph)
    return found


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


def page_metadata(root: Element, url: str | None, assume_tz: tzinfo | None = None) -> PageMetadata:
    assume_tz = assume_tz or site_timezone(url)
    ld = _ld_article(_json_ld(root))
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

    published = _meta(root, "article:published_time", "datePublished", "pubdate", "publishdate",
                      "dc.date.issued", "date")
    if isinstance(ld.get("datePublished"), str):
        published.append(ld["datePublished"])
    published += [t.get("datetime") or "" for t in root.xpath("//time[@datetime]")]
    meta.published_at = next(
        (t for t in (parse_time(v, assume_tz) for v in published) if t is not None), None)
    updated = _meta(root, "article:modified_time", "dateModified", "og:updated_time")
    if isinstance(ld.get("dateModified"), str):
        updated.append(ld["dateModified"])
    meta.updated_at = next(
        (t for t in (parse_time(v, assume_tz) for v in updated) if t is not None), None)

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
