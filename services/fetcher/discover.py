"""Discovery: candidate URLs from feeds (RSS/Atom), sitemaps (url sets, sitemap indexes,
news sitemaps) and the links of HTML pages. Pure: bytes in, URLs out.

Each URL comes out as found (resolved and checked, ready to request) with its canonical
key; the first spelling of a key wins. Links that are not http(s) (``mailto:``,
``javascript:``) are left out; malformed ones (``http://[::1``, a bad port) come out as
``BadLink`` values with the reason, for the crawler to report."""

from __future__ import annotations

from dataclasses import dataclass, field

import feedparser
from bs4 import BeautifulSoup
from lxml import etree

from newsflow.services.fetcher.canonical import FoundUrl, MalformedUrl, NotAWebUrl, found_url


@dataclass(frozen=True)
class BadLink:
    text: str  # the link as written
    reason: str


@dataclass
class Links:
    urls: list[FoundUrl] = field(default_factory=list)
    bad: list[BadLink] = field(default_factory=list)
    _keys: set[str] = field(default_factory=set, repr=False, compare=False)
    _bad_texts: set[str] = field(default_factory=set, repr=False, compare=False)

    def add(self, text: str, base: str | None) -> None:
        try:
            found = found_url(text, base)
        except MalformedUrl as exc:
            if text not in self._bad_texts:
                self._bad_texts.add(text)
                self.bad.append(BadLink(text, str(exc)))
            return
        except NotAWebUrl:
            return
        if found.key not in self._keys:
            self._keys.add(found.key)
            self.urls.append(found)

    @property
    def keys(self) -> list[str]:
        return [u.key for u in self.urls]


@dataclass
class SitemapLinks:
    pages: Links = field(default_factory=Links)
    sitemaps: Links = field(default_factory=Links)

    @property
    def bad(self) -> list[BadLink]:
        return self.pages.bad + self.sitemaps.bad


def _links(texts: list[str], base: str | None) -> Links:
    links = Links()
    for text in texts:
        links.add(text, base)
    return links


def urls_from_feed(data: bytes, base: str | None = None) -> Links:
    """The entry links of an RSS or Atom feed, in feed order. (feedparser resolves them and
    leaves out those it cannot read.)"""
    parsed = feedparser.parse(data)
    texts = [link for entry in parsed.entries if isinstance(link := entry.get("link"), str) and link]
    return _links(texts, base)


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
    links = _links([u for u in locations if u], base)
    if kind == "sitemapindex":
        return SitemapLinks(sitemaps=links)
    return SitemapLinks(pages=links)


def urls_from_html(data: bytes, base: str, charset: str | None = None) -> Links:
    """Every ``<a href>`` of a page, resolved against the page (or its ``<base href>``)."""
    soup = BeautifulSoup(data, "lxml", from_encoding=charset)
    links = Links()
    base_tag = soup.find("base", href=True)
    if base_tag is not None:
        href = str(base_tag["href"])
        try:
            base = found_url(href, base).url
        except MalformedUrl as exc:
            links.bad.append(BadLink(href, f"<base href>: {exc}"))
        except NotAWebUrl:
            pass
    for a in soup.find_all("a", href=True):
        links.add(str(a["href"]), base)
    return links
