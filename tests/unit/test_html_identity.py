"""Identity of HTML articles: the canonical URL gives the id; a changed re-fetch is an update."""

from __future__ import annotations

from pathlib import Path

from newsflow.events import stable_id
from newsflow.services.parser.document import parse_document
from tests.unit.test_html_sites import NHANDAN_URL, html_document

PAGE = (Path(__file__).parent.parent / "fixtures" / "html" / "nhandan_article.html").read_bytes()


def test_id_comes_from_the_canonical_url_not_the_fetched_one() -> None:
    via_tracking_link = parse_document(html_document(PAGE, "https://nhandan.vn/x?utm_source=feed"))
    via_mobile = parse_document(html_document(PAGE, "https://m.nhandan.vn/post781234.html"))
    assert via_tracking_link.url == via_mobile.url == NHANDAN_URL
    assert via_tracking_link.id == via_mobile.id == stable_id("article", NHANDAN_URL, "vi")
    assert via_tracking_link.content_hash == via_mobile.content_hash


def test_a_changed_refetch_keeps_the_id_and_changes_the_hash() -> None:
    first = parse_document(html_document(PAGE, NHANDAN_URL))
    corrected = PAGE.replace("ươm tạo 30 doanh nghiệp".encode(), "ươm tạo 35 doanh nghiệp".encode())
    assert corrected != PAGE
    second = parse_document(html_document(corrected, NHANDAN_URL))
    assert second.id == first.id
    assert second.story_id == first.story_id
    assert second.content_hash != first.content_hash
    assert "35 doanh nghiệp" in second.body


def test_markup_only_changes_keep_the_hash() -> None:
    first = parse_document(html_document(PAGE, NHANDAN_URL))
    body = b'<div class="article__body zce-content-body cms-body" itemprop="articleBody">'
    assert body in PAGE  # else this test would change nothing
    reshuffled = PAGE.replace(body, body[:-1] + b' data-ad-slot="7">\n\n')
    assert b"Tin li\xc3\xaan quan" in reshuffled
    reshuffled = reshuffled.replace(b"Tin li\xc3\xaan quan", b"Xem th\xc3\xaam")
    second = parse_document(html_document(reshuffled, NHANDAN_URL))
    assert second.content_hash == first.content_hash
