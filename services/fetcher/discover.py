"""Discovery: candidate URLs from feeds (RSS/Atom), sitemaps (url sets, sitemap indexes,
news sitemaps), the links of HTML pages, and the "more articles" call of a VNPT Portal
listing page. Pure: bytes in, URLs (or the request to make) out.

Each URL comes out as found (resolved and checked, ready to request) with its canonical
key; the first spelling of a key wins. Links that are not http(s) (``mailto:``,
``javascript:``) are left out; malformed ones (``http://[::1``, a bad port) come out as
``BadLink`` values with the reason, for the crawler to report."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

import feedparser
from bs4 import BeautifulSoup
from lxml import etree

from newsflow.encodings import VIETNAMESE_ENCODINGS, decode_vietnamese, web_codec
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


#: A year and a month in a sitemap's file name: news-2026-9.xml, sitemap-2026-09.xml.
_MONTH_IN_NAME = re.compile(r"(?<!\d)(\d{4})-(\d{1,2})(?!\d)")


def sitemap_month(url: str) -> tuple[int, int] | None:
    """(year, month) of a monthly sitemap, from its file name; None for any other."""
    name = urlsplit(url).path.rsplit("/", 1)[-1]
    match = _MONTH_IN_NAME.search(name)
    if match is None:
        return None
    year, month = int(match.group(1)), int(match.group(2))
    return (year, month) if 1 <= month <= 12 else None


def recent_children(children: Iterable[FoundUrl], patterns: Iterable[re.Pattern[str]] = (),
                    months: int | None = None) -> list[FoundUrl]:
    """The child sitemaps of an index worth following: those matching one of ``patterns``
    (all when there are none) and, of the monthly ones (``news-2026-11.xml``), only those
    of the ``months`` most recent months the index names (all when None). A site's index
    names every month back to its first; the old ones do not change."""
    compiled = list(patterns)
    kept = [c for c in children if not compiled or any(p.search(c.key) for p in compiled)]
    if months is None:
        return kept
    named = sorted({m for c in kept if (m := sitemap_month(c.key)) is not None}, reverse=True)
    recent = set(named[:months])
    return [c for c in kept if (m := sitemap_month(c.key)) is None or m in recent]


def page_text(data: bytes, charset: str | None) -> str:
    """A page's text for finding its links: the declared charset when it names a text
    encoding of the web (``newsflow.encodings``: WHATWG labels, the legacy Vietnamese ones),
    else UTF-8; undecodable bytes replaced, never an error (``charset=unicode_escape`` or an
    unknown label is not believed)."""
    codec = web_codec(charset)
    if codec in VIETNAMESE_ENCODINGS:
        return decode_vietnamese(data, codec)
    try:
        return data.decode(codec or "utf-8", "replace")
    except LookupError:
        return data.decode("utf-8", "replace")


def urls_from_html(data: bytes, base: str, charset: str | None = None) -> Links:
    """Every ``<a href>`` of a page, resolved against the page (or its ``<base href>``)."""
    soup = BeautifulSoup(page_text(data, charset), "lxml")
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


# --- VNPT Portal listing pages ------------------------------------------------------------

#: Where a VNPT Portal listing page asks for its further pages (an ASP.NET page method).
VNPT_PAGINATION_PATH = "/DesktopModule/UIArticleInMenu/ArticleInMenuPagination.aspx/LoadArticle"
_VNPT_VALUES = {
    "article_category_id": re.compile(r"\barticle_category_id[\"']?\s*:\s*[\"']?(\d+)"),
    "site_id": re.compile(r"\bsite_id[\"']?\s*:\s*[\"']?(\d+)"),
    "page_size": re.compile(r"\bpage_size[\"']?\s*:\s*[\"']?(\d+)"),
}
_VNPT_CATEGORY_IDS = re.compile(r"\bcategoryIds[\"']?\s*:\s*[\"']([\d,\s]+)[\"']")
_VNPT_MAX_PAGE = re.compile(r"\bmaxPage\s*=\s*(?:parseInt\(\s*)?[\"']?(\d+)")
_VNPT_LANGUAGE = re.compile(r"\barticlelang[\"']?\s*:\s*[\"']([A-Za-z-]{2,10})[\"']")


@dataclass(frozen=True)
class ListingPagination:
    """A VNPT Portal listing page's "more articles" call: page 1 is the page itself; page
    ``n`` is a form POST to ``endpoint`` with the category and site ids of the page (what
    its own script sends), answered with an HTML fragment of article links."""

    endpoint: str
    article_category_id: int
    site_id: int
    page_size: int
    max_page: int
    category_ids: str | None = None
    language: str = "vi-VN"

    def form(self, page: int) -> dict[str, str]:
        fields = {
            "article_category_id": str(self.article_category_id),
            "site_id": str(self.site_id),
            "page": str(page),
            "page_size": str(self.page_size),
            "keyword": "", "date_begin": "", "date_end": "",
            "show_no": "False", "show_post_date": "True", "num_of_text": "0",
            "show_view_count": "False", "filter_order_in_list": "False", "is_default": "False",
            "new": "False", "number_of_day": "3", "no": str(-self.page_size),
            "articlelang": self.language,
        }
        if self.category_ids:
            fields["categoryIds"] = self.category_ids
        return fields

    def pages(self, limit: int) -> list[int]:
        """The further pages to ask for: 2 up to the page's last, at most ``limit`` pages in
        all (the first included)."""
        return list(range(2, min(self.max_page, limit) + 1))


def vnpt_pagination(data: bytes, page_url: str, charset: str | None = None) -> ListingPagination | None:
    """The "more articles" call of a VNPT Portal listing page, read from the page's script
    (``article_category_id: 6041, site_id: 38, page_size: 10 ... maxPage = parseInt(5)``);
    None on a page without one (an article, a page of another platform)."""
    text = page_text(data, charset)
    if "ArticleInMenuPagination" not in text:
        return None
    values: dict[str, int] = {}
    for name, pattern in _VNPT_VALUES.items():
        match = pattern.search(text)
        if match is None:
            return None
        values[name] = int(match.group(1))
    max_page = _VNPT_MAX_PAGE.search(text)
    category_ids = _VNPT_CATEGORY_IDS.search(text)
    language = _VNPT_LANGUAGE.search(text)
    return ListingPagination(
        endpoint=urljoin(page_url, VNPT_PAGINATION_PATH),
        article_category_id=values["article_category_id"], site_id=values["site_id"],
        page_size=max(values["page_size"], 1),
        max_page=int(max_page.group(1)) if max_page else 1,
        category_ids="".join(category_ids.group(1).split()) if category_ids else None,
        language=language.group(1) if language else "vi-VN",
    )


def listing_fragment(data: bytes, charset: str | None = None) -> tuple[bytes, str | None]:
    """The HTML (and its charset) of a pagination answer: the fragment itself, or the
    ``{"d": "<html>"}`` envelope an ASP.NET page method answers with when asked for JSON."""
    stripped = data.lstrip()
    if stripped.startswith(b"{"):
        try:
            envelope = json.loads(stripped)
        except ValueError:
            return data, charset
        if isinstance(envelope, dict) and isinstance(envelope.get("d"), str):
            return envelope["d"].encode("utf-8"), "utf-8"
    return data, charset
