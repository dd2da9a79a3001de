from __future__ import annotations

import re

from newsflow.services.fetcher.canonical import found_url
from newsflow.services.fetcher.discover import (
    listing_fragment,
    recent_children,
    sitemap_month,
    urls_from_feed,
    urls_from_html,
    urls_from_sitemap,
    vnpt_pagination,
)
from tests.fixtures.web import pages, server

BASE = "http://nhandan.vn"


def test_rss_entry_links() -> None:
    feed = server._rss(BASE, ["/a-post1.html", "/b-post2.html?utm_source=rss"]).encode()
    links = urls_from_feed(feed)
    assert links.keys == [f"{BASE}/a-post1.html", f"{BASE}/b-post2.html"]
    # ... and each is requested as the feed spells it.
    assert [u.url for u in links.urls] == [f"{BASE}/a-post1.html", f"{BASE}/b-post2.html?utm_source=rss"]


def test_atom_entry_links() -> None:
    atom = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>x</title>
<entry><title>a</title><link href="https://NhanDan.vn/a-post1.html#x"/><id>1</id></entry>
<entry><title>b</title><link rel="alternate" href="/b-post2.html"/><id>2</id></entry>
</feed>"""
    assert urls_from_feed(atom, base="https://nhandan.vn/rss").keys == [
        "https://nhandan.vn/a-post1.html", "https://nhandan.vn/b-post2.html"]


def test_sitemap_index_names_child_sitemaps() -> None:
    found = urls_from_sitemap(server._sitemap_index([f"{BASE}/s1.xml", f"{BASE}/s2.xml"]).encode())
    assert found.sitemaps.keys == [f"{BASE}/s1.xml", f"{BASE}/s2.xml"] and found.pages.keys == []


def test_news_sitemap_pages() -> None:
    found = urls_from_sitemap(server._news_sitemap(BASE, ["/a-post1.html", "/b-post2.html"]).encode())
    assert found.pages.keys == [f"{BASE}/a-post1.html", f"{BASE}/b-post2.html"] and found.sitemaps.keys == []


def test_broken_or_hostile_xml_yields_nothing() -> None:
    assert urls_from_sitemap(b"not xml at all").pages.keys == []
    billion = b"""<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]>
<urlset><url><loc>http://nhandan.vn/&b;</loc></url></urlset>"""
    assert all("aaaa" not in u for u in urls_from_sitemap(billion).pages.keys)


def test_html_links_resolved_and_canonical() -> None:
    html = b"""<html><body><a href="/a-post1.html?fbclid=1#c">a</a><a href="b-post2.html">b</a>
    <a href="mailto:x@y.z">m</a><a href="javascript:void(0)">j</a><a href="/a-post1.html">again</a></body></html>"""
    links = urls_from_html(html, "http://nhandan.vn/section/")
    assert links.keys == ["http://nhandan.vn/a-post1.html", "http://nhandan.vn/section/b-post2.html"]
    assert links.urls[0].url == "http://nhandan.vn/a-post1.html?fbclid=1"  # the first spelling wins
    assert links.bad == []


BAD_LINKS = ["http://[::1", "http://[evil.example]/x-post1.html", "http://nhandan.vn:99999/x-post1.html",
             "http://nhandan.vn:abc/x-post1.html", "http://exa mple.vn/x-post1.html"]


def test_malformed_links_are_reported_not_raised() -> None:
    hrefs = [*BAD_LINKS, "/good-post1.html", BAD_LINKS[0]]
    html = "".join(f'<a href="{h}">x</a>' for h in hrefs).encode()
    links = urls_from_html(html, "http://nhandan.vn/")
    assert links.keys == ["http://nhandan.vn/good-post1.html"]
    assert [b.text for b in links.bad] == BAD_LINKS  # each once
    assert all(b.reason for b in links.bad)


def test_a_malformed_base_href_is_reported_and_the_page_url_used() -> None:
    html = b'<html><head><base href="http://[::1"></head><body><a href="a-post1.html">a</a></body></html>'
    links = urls_from_html(html, "http://nhandan.vn/muc/")
    assert links.keys == ["http://nhandan.vn/muc/a-post1.html"]
    assert [b.text for b in links.bad] == ["http://[::1"]


def test_malformed_sitemap_locations_are_reported() -> None:
    found = urls_from_sitemap(server._sitemap_index(["http://[::1", f"{BASE}/s1.xml"]).encode())
    assert found.sitemaps.keys == [f"{BASE}/s1.xml"]
    assert [b.text for b in found.bad] == ["http://[::1"]


def test_monthly_sitemaps_are_known_by_their_name() -> None:
    assert sitemap_month("https://nhandan.vn/sitemaps/news-2026-9.xml") == (2026, 9)
    assert sitemap_month("https://example.vn/sitemap-2025-12.xml.gz") == (2025, 12)
    assert sitemap_month("https://nhandan.vn/sitemaps/google-news.xml") is None
    assert sitemap_month("https://nhandan.vn/sitemaps/news-2026-13.xml") is None
    assert sitemap_month("https://nhandan.vn/2026-11/sitemap.xml") is None  # the file's name, not its folder


def test_of_an_index_only_the_recent_months_and_the_wanted_children() -> None:
    index = server._sitemap_index([f"{BASE}/sitemaps/categories.xml", f"{BASE}/sitemaps/google-news.xml",
                                   *(f"{BASE}/sitemaps/news-{y}-{m}.xml" for (y, m) in pages.MONTHLY_SITEMAPS)])
    children = urls_from_sitemap(index.encode()).sitemaps.urls
    assert len(children) == 2 + len(pages.MONTHLY_SITEMAPS)
    wanted = [re.compile(r"/sitemaps/news-\d{4}-\d{1,2}\.xml$"), re.compile(r"/sitemaps/google-news\.xml$")]
    assert [c.key for c in recent_children(children, wanted, 2)] == [
        f"{BASE}/sitemaps/google-news.xml", f"{BASE}/sitemaps/news-2026-12.xml", f"{BASE}/sitemaps/news-2026-11.xml"]
    # the most recent months the index names, whatever its order
    shuffled = [found_url(f"{BASE}/sitemaps/news-{m}.xml") for m in ("2025-12", "2026-2", "2026-1", "2025-11")]
    assert [c.key for c in recent_children(shuffled, (), 2)] == [
        f"{BASE}/sitemaps/news-2026-2.xml", f"{BASE}/sitemaps/news-2026-1.xml"]
    assert len(recent_children(children)) == len(children)  # no rules: every child


def test_the_pagination_call_of_a_vnpt_listing_page() -> None:
    listing = f"http://sokhcn.haiphong.gov.vn{pages.SOKHCN_LISTING_PATH}"
    pagination = vnpt_pagination(pages.sokhcn_listing_html().encode(), listing)
    assert pagination is not None
    assert pagination.endpoint == "http://sokhcn.haiphong.gov.vn" + pages.SOKHCN_PAGINATION_PATH
    assert (pagination.article_category_id, pagination.site_id, pagination.page_size, pagination.max_page) == (
        pages.SOKHCN_CATEGORY_ID, pages.SOKHCN_SITE_ID, pages.SOKHCN_PAGE_SIZE, len(pages.SOKHCN_LISTING_PAGES))
    form = pagination.form(3)
    assert {k: form[k] for k in ("article_category_id", "categoryIds", "site_id", "page", "page_size",
                                 "articlelang")} == {
        "article_category_id": "6041", "categoryIds": "6041", "site_id": "38", "page": "3", "page_size": "2",
        "articlelang": "vi-VN"}
    assert pagination.pages(3) == [2, 3] and pagination.pages(1) == [] and pagination.pages(99) == [2, 3, 4]


def test_pages_without_a_pagination_call() -> None:
    article = pages.sokhcn_html(pages.SOKHCN_ARTICLES[pages.SOKHCN_ARTICLE_PATH]).encode()
    assert vnpt_pagination(article, "http://sokhcn.haiphong.gov.vn/") is None
    # the call named, but its ids missing: nothing to ask for
    assert vnpt_pagination(b"<script>url: 'ArticleInMenuPagination.aspx/LoadArticle'</script>",
                           "http://sokhcn.haiphong.gov.vn/") is None
    # a script written another way (quoted values, no parseInt) is read too
    quoted = b"""<script>var maxPage = 7; $.ajax({url: "/DesktopModule/UIArticleInMenu/ArticleInMenuPagination.aspx/LoadArticle",
      data: {"article_category_id": "12", site_id: '4', page_size: "15"}});</script>"""
    found = vnpt_pagination(quoted, "https://portal.example.vn/tin-tuc")
    assert found is not None and (found.article_category_id, found.site_id, found.page_size, found.max_page) == (
        12, 4, 15, 7)
    assert found.category_ids is None and "categoryIds" not in found.form(2)


def test_a_pagination_answer_as_a_fragment_or_an_aspnet_envelope() -> None:
    fragment = b'<div class="article-item"><a href="/tin/a-1">a</a></div>'
    assert listing_fragment(fragment, "utf-8") == (fragment, "utf-8")
    envelope = '{"d": "<div><a href=\\"/tin/b-2\\">Bài hai</a></div>"}'.encode()
    html, charset = listing_fragment(envelope, None)
    assert charset == "utf-8" and "Bài hai".encode() in html
    assert urls_from_html(html, "http://sokhcn.haiphong.gov.vn/tin").keys == ["http://sokhcn.haiphong.gov.vn/tin/b-2"]
    assert listing_fragment(b"{not json", None) == (b"{not json", None)


def test_links_are_found_whatever_charset_a_page_declares() -> None:
    from newsflow.encodings import encode_vietnamese
    from newsflow.services.fetcher.discover import page_text, urls_from_html

    html = '<a href="/thoi-su/bai-viet-1">Bài viết</a>'
    for charset in ("unicode_escape", "x-no-such-charset", "rot13", "base64", None, "UTF-8"):
        links = urls_from_html(html.encode(), "https://nhandan.vn/", charset)
        assert [u.url for u in links.urls] == ["https://nhandan.vn/thoi-su/bai-viet-1"], charset
    legacy = encode_vietnamese("Tin mới: Hải Phòng", "tcvn3")
    assert page_text(legacy, "TCVN3") == "Tin mới: Hải Phòng"


def test_a_listing_with_an_unknown_charset_label_is_read_not_a_crash() -> None:
    from newsflow.services.fetcher.discover import vnpt_pagination

    # data.decode("x-no-such-charset") raised LookupError out of the crawl round
    assert vnpt_pagination(b"<html><body>no pagination</body></html>",
                           "http://sokhcn.haiphong.gov.vn/", "x-no-such-charset") is None
