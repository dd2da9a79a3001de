from __future__ import annotations

from newsflow.services.fetcher.discover import urls_from_feed, urls_from_html, urls_from_sitemap
from tests.fixtures.web import server

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
