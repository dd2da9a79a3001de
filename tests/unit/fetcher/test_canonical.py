from __future__ import annotations

import pytest

from newsflow.services.fetcher.canonical import MalformedUrl, NotAWebUrl, canonical_url, request_url


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
    # Escapes of reserved characters are kept ("/a%2Fb" is not "/a/b"), unreserved ones decoded.
    ("https://nhandan.vn/a%2Fb", "https://nhandan.vn/a%2Fb"),
    ("https://nhandan.vn/%7Ea%2db", "https://nhandan.vn/~a-b"),
    ("https://nhandan.vn/a%2fb", "https://nhandan.vn/a%2Fb"),
    ("https://nhandan.vn/s?q=m%E1%BB%99t%20hai+ba", "https://nhandan.vn/s?q=m%E1%BB%99t%20hai+ba"),
    ("https://nhandan.vn/s?q=a%26b&p=1", "https://nhandan.vn/s?p=1&q=a%26b"),
    ("http://user:secret@nhandan.vn/a", "http://nhandan.vn/a"),
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


@pytest.mark.parametrize("raw", ["http://[::1", "http://[evil.example]/", "http://nhandan.vn:99999/",
                                 "http://nhandan.vn:abc/", "http://nhandan.vn:0/", "http://exa mple.vn/",
                                 "https:///nohost", "http://a..b/"])
def test_malformed_urls_raise_one_error_with_a_reason(raw: str) -> None:
    for spelling in (canonical_url, request_url):
        with pytest.raises(MalformedUrl) as error:
            spelling(raw)
        assert raw in str(error.value) or repr(raw) in str(error.value)
    with pytest.raises(MalformedUrl):
        canonical_url(raw.removeprefix("http:"), base="http://nhandan.vn/")


@pytest.mark.parametrize(("found", "requested"), [
    # As found: path and query untouched (tracking parameters too); what is dropped is never
    # sent (user name and password, fragment); what a URL cannot hold is encoded.
    ("http://nhandan.vn/ma%2Fhoa%7E-post1.html?q=m%E1%BB%99t%20hai+ba&utm_source=x#top",
     "http://nhandan.vn/ma%2Fhoa%7E-post1.html?q=m%E1%BB%99t%20hai+ba&utm_source=x"),
    ("http://user:secret@NhanDan.vn:80/a", "http://nhandan.vn/a"),
    ("https://nhandan.vn/tin tức?b=2&a=1", "https://nhandan.vn/tin%20t%E1%BB%A9c?b=2&a=1"),
    ("https://nhandan.vn/100%", "https://nhandan.vn/100%25"),
    ("http://[::1]:8080/x", "http://[::1]:8080/x"),
])
def test_the_request_url_is_the_url_as_found(found: str, requested: str) -> None:
    assert request_url(found) == requested
    assert request_url(requested) == requested


from hypothesis import given  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_segment = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=12)


@given(
    scheme=st.sampled_from(["http", "HTTP", "https", "HttpS"]),
    host=st.sampled_from(["nhandan.vn", "NHANDAN.vn", "sokhcn.haiphong.gov.vn", "bộ.vn"]),
    port=st.sampled_from(["", ":80", ":443", ":8080"]),
    path=st.lists(_segment, max_size=4),
    query=st.lists(st.tuples(st.sampled_from(["id", "utm_source", "fbclid", "page", "q"]), _segment),
                   max_size=4),
    fragment=_segment,
)
def test_canonicalisation_is_idempotent_and_strips_tracking(
    scheme: str, host: str, port: str, path: list[str], query: list[tuple[str, str]], fragment: str,
) -> None:
    from urllib.parse import quote, urlsplit

    url = (f"{scheme}://{host}{port}/" + "/".join(quote(p, safe="") for p in path)
           + ("?" + "&".join(f"{k}={quote(v, safe='')}" for k, v in query) if query else "")
           + ("#" + quote(fragment) if fragment else ""))
    once = canonical_url(url)
    assert canonical_url(once) == once
    parts = urlsplit(once)
    assert parts.fragment == "" and "utm_source" not in parts.query and "fbclid" not in parts.query
    assert parts.scheme == scheme.lower() and parts.hostname == parts.hostname.lower()
    default = ":443" if scheme.lower() == "https" else ":80"
    assert parts.port == (None if port in ("", default) else int(port[1:]))
