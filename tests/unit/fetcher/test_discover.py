from __future__ import annotations

from newsflow.services.fetcher.discover import urls_from_feed, urls_from_html, urls_from_sitemap
from tests.fixtures.web import server

BASE = "http://nhandan.vn"


def test_rss_entry_links() -> None:
    feed = server._rss(BASE, ["/a-post1.html", "/b-post2.html?utm_source=rss"]).encode()
    assert urls_from_feed(feed) == [f"{BASE}/a-post1.html", f"{BASE}/b-post2.html"]


def test_atom_entry_links() -> None:
    atom = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>x</title>
<entry><title>a</title><link href="https://NhanDan.vn/a-post1.html#x"/><id>1</id></entry>
<entry><title>b</title><link rel="alternate" href="/b-post2.html"/><id>2</id></entry>
</feed>"""
    assert urls_from_feed(atom, base="https://nhandan.vn/rss") == [
        "https://nhandan.vn/a-post1.html", "https://nhandan.vn/b-post2.html"]


def test_sitemap_index_names_child_sitemaps() -> None:
    found = urls_from_sitemap(server._sitemap_index([f"{BASE}/s1.xml", f"{BASE}/s2.xml"]).encode())
    assert found.sitemaps == [f"{BASE}/s1.xml", f"{BASE}/s2.xml"] and found.pages == []


def test_news_sitemap_pages() -> None:
    found = urls_from_sitemap(server._news_sitemap(BASE, ["/a-post1.html", "/b-post2.html"]).encode())
    assert found.pages == [f"{BASE}/a-post1.html", f"{BASE}/b-post2.html"] and found.sitemaps == []


def test_broken_or_hostile_xml_yields_nothing() -> None:
    assert urls_from_sitemap(b"not xml at all").pages == []
    billion = b"""<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]>
<urlset><url><loc>http://nhandan.vn/&b;</loc></url></urlset>"""
    assert all("aaaa" not in u for u in urls_from_sitemap(billion).pages)


def test_html_links_resolved_and_canonical() -> None:
    html = b"""<html><body><a href="/a-post1.html?fbclid=1#c">a</a><a href="b-post2.html">b</a>
    <a href="mailto:x@y.z">m</a><a href="javascript:void(0)">j</a><a href="/a-post1.html">again</a></body></html>"""
    assert urls_from_html(html, "http://nhandan.vn/section/") == [
        "http://nhandan.vn/a-post1.html", "http://nhandan.vn/section/b-post2.html"]
