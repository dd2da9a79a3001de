"""Discovery: candidate URLs from feeds (RSS/Atom), sitemaps (url sets, sitemap indexes,
news sitemaps) and the links of HTML pages. Pure: bytes in, URLs out."""

from __future__ import annotations

from dataclasses import dataclass, field

import feedparser
from bs4 import BeautifulSoup
from lxml import etree

from newsflow.services.fetcher.canonical import NotAWebUrl, canonical_url


@dataclass
class SitemapLinks:
    pages: list[str] = field(default_factory=list)
    sitemaps: list[str] = field(default_factory=list)


def _canonical_all(urls: list[str], base: str | None = None) -> list[str]:
    seen: dict[str, None] = {}
    for url in urls:
        try:
            seen.setdefault(canonical_url(url, base), None)
        except NotAWebUrl:
            continue
    return list(seen)


def urls_from_feed(data: bytes, base: str | None = None) -> list[str]:
    """The entry links of an RSS or Atom feed, canonical, in feed order."""
    parsed = feedparser.parse(data)
    links: list[str] = []
    for entry in parsed.entries:
        link = entry.get("link")
        if isinstance(link, str):
            links.append(link)
    return _canonical_all(links, base)


def urls_from_sitemap(data: bytes, base: str | None = None) -> SitemapLinks:
    """Pages of a ``<urlset>`` (news sitemaps are url sets too) or child sitemaps of a
    ``<sitemapindex>``. Namespaces are ignored; malformed XML yields nothing."""
    try:
        root = etree.fromstring(data, parser=etree.XMLParser(resolve_entities=False, no_network=True,
                                                             recover=True, huge_tree=False))
    except etree.XMLSyntaxError:
        return SitemapLinks()
    if root is None:
        return SitemapLinks()
    kind = etree.QName(root).localname
    locations = [
        (element.text or "").strip()
        for element in root.iter()
        if isinstance(element.tag, str) and etree.QName(element).localname == "loc"
        and etree.QName(element.getparent()).localname in ("url", "sitemap")
    ]
    urls = _canonical_all([u for u in locations if u], base)
    if kind == "sitemapindex":
        return SitemapLinks(sitemaps=urls)
    return SitemapLinks(pages=urls)


def urls_from_html(data: bytes, base: str, charset: str | None = None) -> list[str]:
    """Every ``<a href>`` of a page, resolved against the page (or its ``<base href>``)."""
    soup = BeautifulSoup(data, "lxml", from_encoding=charset)
    base_tag = soup.find("base", href=True)
    if base_tag is not None:
        base = canonical_url(str(base_tag["href"]), base)
    hrefs = [str(a["href"]) for a in soup.find_all("a", href=True)]
    return _canonical_all(hrefs, base)
