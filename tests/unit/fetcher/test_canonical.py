from __future__ import annotations

import pytest

from services.fetcher.canonical import NotAWebUrl, canonical_url


@pytest.mark.parametrize(("raw", "expected"), [
    ("HTTPS://NhanDan.VN/a-post1.html", "https://nhandan.vn/a-post1.html"),
    ("https://nhandan.vn:443/a", "https://nhandan.vn/a"),
    ("http://nhandan.vn:80/a", "http://nhandan.vn/a"),
    ("http://nhandan.vn:8080/a", "http://nhandan.vn:8080/a"),
    ("https://nhandan.vn", "https://nhandan.vn/"),
    ("https://nhandan.vn/a#comments", "https://nhandan.vn/a"),
    ("https://nhandan.vn/a?utm_source=fb&utm_medium=x&id=3&fbclid=Q&gclid=Z", "https://nhandan.vn/a?id=3"),
    ("https://nhandan.vn/a?b=2&a=1", "https://nhandan.vn/a?a=1&b=2"),
    ("https://nhandan.vn/a%20b", "https://nhandan.vn/a%20b"),
    ("https://nhandan.vn/a b", "https://nhandan.vn/a%20b"),
    ("https://nhandan.vn./x", "https://nhandan.vn/x"),
    ("https://bộ.vn/x", "https://xn--b-8xm.vn/x"),
])
def test_canonical_forms(raw: str, expected: str) -> None:
    assert canonical_url(raw) == expected


def test_canonical_is_idempotent() -> None:
    once = canonical_url("HTTP://Example.COM:80/p%41th/?utm_campaign=x&z=1&a=%C3%A9#top")
    assert canonical_url(once) == once


def test_relative_urls_resolve_against_base() -> None:
    assert canonical_url("../b-post2.html?utm_x=1", base="https://nhandan.vn/x/y/a.html") == \
        "https://nhandan.vn/x/b-post2.html"


@pytest.mark.parametrize("raw", ["mailto:a@b.c", "javascript:void(0)", "ftp://x/y", "https:///nohost"])
def test_non_web_urls_are_refused(raw: str) -> None:
    with pytest.raises(NotAWebUrl):
        canonical_url(raw)
