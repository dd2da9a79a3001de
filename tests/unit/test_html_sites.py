"""The site extractors and the generic one on fixture pages, field by field."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from newsflow.bylines import author_names
from newsflow.events import Article, HttpFetchInfo, RawDocument, stable_id
from newsflow.services.parser.document import parse_document
from newsflow.services.parser.html import extractor_for, generic, nhandan, parts_from_html, sokhcn_haiphong
from newsflow.services.parser.html.dom import parse_tree
from newsflow.services.parser.html.metadata import page_metadata

FIXTURES = Path(__file__).parent.parent / "fixtures" / "html"
ICT = timezone(timedelta(hours=7))
NHANDAN_URL = "https://nhandan.vn/hai-phong-khanh-thanh-trung-tam-doi-moi-sang-tao-post781234.html"
SOKHCN_URL = ("https://sokhcn.haiphong.gov.vn/tin-hoat-dong-chung/"
              "bi-thu-thanh-uy-le-tien-chau-lam-viec-voi-vien-khoa-hoc-va-cong-nghe-han-quoc-kist-792942")


def html_document(data: bytes, url: str, charset: str | None = None) -> RawDocument:
    import base64

    return RawDocument(
        document_id=stable_id("http", url), origin="http", url=url,
        fetched_at=datetime(2023, 11, 21, tzinfo=UTC), media_type="text/html", charset=charset,
        content=base64.b64encode(data).decode("ascii"), content_encoding="base64",
        http=HttpFetchInfo(status=200, final_url=url),
    )


def parse_fixture(name: str, url: str) -> Article:
    return parse_document(html_document((FIXTURES / name).read_bytes(), url))


def test_dispatch_by_domain() -> None:
    assert extractor_for("https://nhandan.vn/a-post1.html") is nhandan.extract
    assert extractor_for("https://www.nhandan.vn/a") is nhandan.extract
    assert extractor_for("https://sokhcn.haiphong.gov.vn/x") is sokhcn_haiphong.extract
    assert extractor_for("https://haiphong.gov.vn/x") is generic.extract
    assert extractor_for("https://notnhandan.vn/x") is generic.extract
    assert extractor_for("https://example.org/") is generic.extract


NHANDAN_PAGE = (FIXTURES / "nhandan_article.html").read_text(encoding="utf-8")
SOKHCN_PAGE = (FIXTURES / "sokhcn_haiphong_article.html").read_text(encoding="utf-8")
PICTURE_1 = "https://image.nhandan.vn/w800/Uploaded/2023/fcivpcvo/2023_11_20/cat-bang-1234.jpg"
PICTURE_2 = "https://image.nhandan.vn/w800/Uploaded/2023/fcivpcvo/2023_11_20/phong-thi-nghiem-5678.jpg"


def parse_text(page: str, url: str) -> Article:
    return parse_document(html_document(page.encode("utf-8"), url))


def test_nhandan_fields() -> None:
    article = parse_fixture("nhandan_article.html", "https://nhandan.vn/some-redirect?utm=x")
    assert article.title == "Hải Phòng khánh thành trung tâm đổi mới sáng tạo đầu tiên của thành phố"
    assert article.lead is not None and article.lead.startswith("Sáng 20/11, thành phố Hải Phòng")
    assert article.url == NHANDAN_URL
    assert article.id == stable_id("article", NHANDAN_URL, "vi")
    assert article.site == "nhandan.vn"
    assert article.language == "vi"
    assert article.author == "Minh Anh"  # "Bài và ảnh: Minh Anh"; not the paper of the author meta
    assert article.published_at == datetime(2023, 11, 20, 8, 15, tzinfo=ICT)  # time.time, +0700
    assert article.updated_at == datetime(2023, 11, 20, 10, 42, tzinfo=ICT)
    # each caption with its credit (div.source), as the page shows them
    assert article.captions == ["Lãnh đạo thành phố cắt băng khánh thành Trung tâm. (Ảnh: Minh Anh)",
                                "Phòng thí nghiệm dùng chung của Trung tâm. (Ảnh: TTXVN)"]
    assert article.tags == ["Hải Phòng", "Đổi mới sáng tạo"]
    assert article.section == "Khoa học - Công nghệ"
    assert article.comment_count == 3
    paragraphs = article.paragraphs
    assert len(paragraphs) == 4
    assert paragraphs[0].startswith("Trung tâm đặt tại quận Lê Chân")
    assert paragraphs[-1].startswith("Thành phố cũng cam kết")
    for furniture in ("Tin liên quan", "Chia sẻ", "Bình luận", "Zalo", "Rất mong", "Từ khóa",
                      "cắt băng", "Phòng thí nghiệm dùng chung", "TTXVN", "Đọc nhiều", "Cơ quan Trung ương",
                      "Minh Anh", "Bài và ảnh", "Thứ Hai, ngày"):
        assert furniture not in article.body, furniture
    assert article.word_count > 100


def test_nhandan_lazy_images_are_their_data_src_with_their_captions() -> None:
    parts = parts_from_html(NHANDAN_PAGE.encode(), url=NHANDAN_URL, charset=None)
    assert [(image.url, image.caption) for image in parts.images if image.caption] == [
        (PICTURE_1, "Lãnh đạo thành phố cắt băng khánh thành Trung tâm. (Ảnh: Minh Anh)"),
        (PICTURE_2, "Phòng thí nghiệm dùng chung của Trung tâm. (Ảnh: TTXVN)")]
    assert not any(image.url.startswith("data:") for image in parts.images)
    # ... and the article event carries them, as consumers read it from the topic.
    article = parse_fixture("nhandan_article.html", NHANDAN_URL)
    decoded = Article.model_validate_json(article.to_bytes())
    assert [i.url for i in decoded.images if i.caption] == [PICTURE_1, PICTURE_2]
    # a relative data-src is resolved against the page; a picture without a lazy source keeps src
    relative = NHANDAN_PAGE.replace(f'data-src="{PICTURE_2}"', 'data-src="/Uploaded/2023/b.jpg"')
    relative = relative.replace(f'src="data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7" data-src="{PICTURE_1}"',
                                f'src="{PICTURE_1}"')
    urls = [i.url for i in parts_from_html(relative.encode(), url=NHANDAN_URL, charset=None).images if i.caption]
    assert urls == [PICTURE_1, "https://nhandan.vn/Uploaded/2023/b.jpg"]


@pytest.mark.parametrize(("byline", "author"), [
    ("Bài và ảnh: Hương Giang", "Hương Giang"),
    ("Bài, ảnh: Hương Giang", "Hương Giang"),
    ("Theo TTXVN", "TTXVN"),
    ("Bài: Minh Anh - Ảnh: Thành Đạt", "Minh Anh, Thành Đạt"),
    ("Hương Giang - Minh Anh", "Hương Giang, Minh Anh"),
    ("Hương Giang, Minh Anh và Quang Huy", "Hương Giang, Minh Anh, Quang Huy"),
    ("Nhóm phóng viên", None),
])
def test_nhandan_byline_prefixes_are_stripped_and_several_authors_kept(byline: str, author: str | None) -> None:
    page = NHANDAN_PAGE.replace('<p class="name">Bài và ảnh: Minh Anh</p>', f'<p class="name">{byline}</p>')
    article = parse_text(page, NHANDAN_URL)
    assert article.author == author
    assert byline not in article.body


def test_nhandan_several_name_elements_are_several_authors() -> None:
    page = NHANDAN_PAGE.replace('<p class="name">Bài và ảnh: Minh Anh</p>',
                                '<a class="name" href="/tac-gia/huong-giang">Hương Giang</a>'
                                '<a class="name" href="/tac-gia/minh-anh">Minh Anh</a>')
    assert parse_text(page, NHANDAN_URL).author == "Hương Giang, Minh Anh"


def test_nhandan_the_paper_named_as_author_is_no_author() -> None:
    without_byline = NHANDAN_PAGE.replace('<p class="name">Bài và ảnh: Minh Anh</p>', "")
    assert parse_text(without_byline, NHANDAN_URL).author is None  # not "Báo Nhân Dân điện tử"
    # a person in the author meta is taken when the page has no byline block
    person = without_byline.replace('<meta name="author" content="Báo Nhân Dân điện tử">',
                                    '<meta name="author" content="Lê Văn Hòa">').replace(
        '"author": {"@type": "Organization", "name": "Báo Nhân Dân điện tử"},', "")
    assert parse_text(person, NHANDAN_URL).author == "Lê Văn Hòa"


def test_nhandan_several_sections() -> None:
    root = parse_tree(NHANDAN_PAGE)
    assert nhandan.sections(root, page_metadata(root, NHANDAN_URL)) == ["Khoa học - Công nghệ", "Xã hội"]
    # without breadcrumbs: the first of the comma-separated article:section values, not all of them
    no_crumbs = NHANDAN_PAGE.replace('<div class="breadcrumbs">', '<div class="x">')
    assert parse_text(no_crumbs, NHANDAN_URL).section == "Khoa học - Công nghệ"
    other_order = no_crumbs.replace('content="Khoa học - Công nghệ, Xã hội"', 'content="Xã hội,Khoa học - Công nghệ"')
    assert parse_text(other_order, NHANDAN_URL).section == "Xã hội"


def test_nhandan_dates_from_the_meta_when_the_time_element_is_missing() -> None:
    page = NHANDAN_PAGE.replace('<time class="time" datetime="2023-11-20T08:15:00+0700">Thứ Hai, 20-11-2023, 08:15</time>', "")
    assert parse_text(page, NHANDAN_URL).published_at == datetime(2023, 11, 20, 8, 15, tzinfo=ICT)


def test_sokhcn_haiphong_fields() -> None:
    article = parse_fixture("sokhcn_haiphong_article.html", SOKHCN_URL)
    assert article.title == "Bí thư Thành ủy Lê Tiến Châu làm việc với Viện Khoa học và Công nghệ Hàn Quốc (KIST)"
    assert article.lead is not None and article.lead.startswith("Chiều 20/11, lãnh đạo thành phố Hải Phòng")
    assert article.url == SOKHCN_URL
    assert article.site == "sokhcn.haiphong.gov.vn"
    assert article.language == "vi"
    assert article.author == "Thanh Hải"  # the right-aligned bold line; not the department of the meta
    assert article.published_at == datetime(2023, 11, 20, 14, 30, tzinfo=ICT)  # .PostDate, not the header's date
    assert article.captions == ["Quang cảnh buổi làm việc",
                                "Lãnh đạo thành phố Hải Phòng và đoàn KIST chụp ảnh lưu niệm"]
    assert article.tags == ["KIST", "hợp tác quốc tế", "khoa học công nghệ", "Hải Phòng"]
    paragraphs = article.paragraphs
    assert len(paragraphs) == 4
    assert paragraphs[0].startswith("Tham dự buổi làm việc")
    assert paragraphs[-1] == "Hai bên thống nhất sẽ ký kết biên bản ghi nhớ hợp tác trong quý I năm 2024."
    for furniture in ("In bài viết", "Gửi email", "Lượt xem", "Chia sẻ", "Các tin khác",
                      "Hội thảo chuyển đổi số", "Thủ tục hành chính", "Bản quyền", "Thanh Hải",
                      "Quang cảnh", "chụp ảnh lưu niệm", "Thứ Năm", "Cổng thông tin"):
        assert furniture not in article.body, furniture


def test_sokhcn_haiphong_pictures_on_the_cdn_with_their_captions() -> None:
    parts = parts_from_html(SOKHCN_PAGE.encode(), url=SOKHCN_URL, charset=None)
    cdn = "https://cdn.haiphong.gov.vn/gov-hpg/upload/sokhcn/product/2023/11/"
    assert [(i.url, i.caption) for i in parts.images] == [  # og:image is the first: once, captioned
        (cdn + "kist-lam-viec.jpg", "Quang cảnh buổi làm việc"),
        ("https://sokhcn.haiphong.gov.vn/gov-hpg/upload/sokhcn/product/2023/11/chup-anh-luu-niem.jpg",
         "Lãnh đạo thành phố Hải Phòng và đoàn KIST chụp ảnh lưu niệm")]


def test_sokhcn_haiphong_banner_h1_and_header_date_are_not_the_articles() -> None:
    # the portal's banner is the page's first h1 and its header shows today's date; the
    # article's title and date are found by the template's classes, wherever they are
    page = SOKHCN_PAGE.replace('<div class="ArticleHeader">', '<h2 class="ArticleHeader">').replace(
        "(KIST)</div>\n    <div class=\"PostDate\">", "(KIST)</h2>\n    <div class=\"PostDate\">")
    for variant in (SOKHCN_PAGE, page):
        article = parse_text(variant, SOKHCN_URL)
        assert article.title.startswith("Bí thư Thành ủy"), article.title
        assert article.published_at == datetime(2023, 11, 20, 14, 30, tzinfo=ICT)
    # without .PostDate, the header's today's-date widget is still not taken for the article's date
    undated = SOKHCN_PAGE.replace('<div class="PostDate">Thứ Hai, 20/11/2023 - 14:30</div>', "")
    assert parse_text(undated, SOKHCN_URL).published_at != datetime(2023, 11, 23, tzinfo=ICT)


@pytest.mark.parametrize(("line", "author"), [
    ('<p>Tác giả: Thanh Hải</p>', "Thanh Hải"),
    ('<p style="text-align: right;"><strong>Tác giả: Minh Anh - Quang Huy</strong></p>', "Minh Anh, Quang Huy"),
    ('<p style="text-align: right;"><b>Thanh Hải và Thu Trang</b></p><p>Nguồn: Báo Hải Phòng</p>', "Thanh Hải, Thu Trang"),
    ('<p style="text-align: right;"><strong>Theo Báo Hải Phòng</strong></p>', "Báo Hải Phòng"),
])
def test_sokhcn_haiphong_author_lines(line: str, author: str) -> None:
    page = SOKHCN_PAGE.replace('<p style="text-align: right;"><strong>Thanh Hải</strong></p>', line)
    article = parse_text(page, SOKHCN_URL)
    assert article.author == author
    assert "Tác giả" not in article.body and "Nguồn" not in article.body
    assert article.paragraphs[-1].startswith("Hai bên thống nhất")


def test_generic_page_fields_and_boilerplate() -> None:
    article = parse_fixture("generic_blog_en.html", "https://harbour-review.example.org/?p=42")
    assert article.title == "How a small port city built a science park"
    assert article.url == "https://harbour-review.example.org/2023/11/science-park"
    assert article.language == "en"
    assert article.author == "Jane Doe"
    assert article.published_at == datetime(2023, 11, 21, 9, 0, tzinfo=UTC)
    assert article.updated_at == datetime(2023, 11, 22, 11, 30, tzinfo=timezone(timedelta(hours=1)))
    assert article.section == "Technology"
    assert article.captions == ["The old warehouses along the river. (Photo: J. Doe)"]
    body = article.body
    assert body.startswith("When the container terminals moved")
    assert "Shared machines, shared risk" in body
    assert body.endswith('"We lowered the price of trying."')
    for furniture in ("cookies", "Share on", "Advertisement", "Related", "Ports and the energy",
                      "Great read", "Most read", "All rights reserved", "Opinion", "Cities", "warehouses along the river."):
        assert furniture not in body, furniture


def test_a_saved_page_is_routed_by_its_canonical_url() -> None:
    data = (FIXTURES / "nhandan_article.html").read_bytes()
    parts = parts_from_html(data, url="file:///tmp/saved.html", charset=None)
    assert parts.author == "Minh Anh"  # found by the nhandan module's author block, prefix stripped
    assert parts.comment_count == 3


def test_declared_language_is_evidence_not_truth() -> None:
    data = (FIXTURES / "nhandan_article.html").read_bytes().replace(b'<html lang="vi">', b'<html lang="en">')
    assert parse_document(html_document(data, NHANDAN_URL)).language == "vi"


def test_a_legacy_encoded_vietnamese_page_parses_like_its_utf8_original() -> None:
    from tests.unit.test_html_encoding import to_windows_1258

    text = (FIXTURES / "sokhcn_haiphong_article.html").read_text(encoding="utf-8")
    legacy = to_windows_1258(text.replace("charset=utf-8", "charset=windows-1258"))
    original = parse_document(html_document((FIXTURES / "sokhcn_haiphong_article.html").read_bytes(), SOKHCN_URL))
    decoded = parse_document(html_document(legacy, SOKHCN_URL))
    assert decoded.body == original.body
    assert decoded.title == original.title and decoded.author == original.author == "Thanh Hải"
    assert decoded.content_hash == original.content_hash
    # and with the HTTP header claiming UTF-8, the meta charset still decides
    assert parse_document(html_document(legacy, SOKHCN_URL, charset="utf-8")).body == original.body


def test_generic_vietnamese_page() -> None:
    article = parse_fixture("generic_news_vi.html", "https://baohaiphong.example.vn/612345")
    assert article.title == "Cảng Lạch Huyện đón tàu container lớn nhất từ trước đến nay"
    assert article.url == "https://baohaiphong.example.vn/cang-lach-huyen-don-tau-container-lon-nhat-612345.html"
    assert article.language == "vi"
    # a .vn site writes times without an offset: they are Vietnam time
    assert article.published_at == datetime(2023, 11, 18, 9, 30, tzinfo=ICT)
    assert article.paragraphs[0].startswith("Sáng 18/11, cảng container quốc tế Lạch Huyện")
    assert article.paragraphs[-1].startswith("Trong 10 tháng năm 2023")
    assert len(article.paragraphs) == 4
    assert article.author == "Hoàng Minh"  # from the byline block: the page has no author metadata
    for furniture in ("Hoàng Minh", "Thời sự", "Zalo", "Tin liên quan", "Bình luận", "Đọc nhiều", "Cơ quan chủ quản",
                      "Hải Phòng khởi công"):
        assert furniture not in article.body, furniture


def test_sokhcn_haiphong_older_template_in_windows_1258() -> None:
    data = (FIXTURES / "sokhcn_haiphong_older_template.html").read_bytes()
    assert "Hội nghị".encode() not in data  # really a legacy encoding, tone marks combining
    article = parse_document(html_document(data, "https://sokhcn.haiphong.gov.vn/tin-hoat-dong-chung/hoi-nghi-2022"))
    assert article.title == "Hội nghị tổng kết hoạt động khoa học và công nghệ năm 2022"
    assert article.lead is not None and article.lead.startswith("Ngày 14/1, Sở Khoa học và Công nghệ Hải Phòng")
    assert article.published_at == datetime(2023, 1, 15, 8, 0, tzinfo=ICT)
    assert article.author == "Phòng Quản lý khoa học"
    assert article.language == "vi"
    assert len(article.paragraphs) == 3
    assert article.paragraphs[-1].endswith("tiêu chuẩn chất lượng.")
    for furniture in ("Nguồn:", "In trang", "Các tin đã đưa", "Tập huấn", "Giới thiệu chung", "Lạch Tray"):
        assert furniture not in article.body, furniture


@pytest.mark.parametrize(("byline", "names"), [
    ("Bài và ảnh: Hương Giang", ["Hương Giang"]),
    ("Bài: Minh Anh - Ảnh: Thành Đạt", ["Minh Anh", "Thành Đạt"]),
    ("Theo TTXVN.", ["TTXVN"]),
    ("Ảnh: TTXVN", ["TTXVN"]),
    ("Tác giả: Thanh Hải", ["Thanh Hải"]),
    ("THANH HẢI – MINH ANH", ["THANH HẢI", "MINH ANH"]),
    ("Hương Giang, Minh Anh và Quang Huy", ["Hương Giang", "Minh Anh", "Quang Huy"]),
    ("Minh Anh - Minh Anh", ["Minh Anh"]),
    ("Thu Hà (TTXVN)", ["Thu Hà (TTXVN)"]),
    ("Text and photos: Jane Doe", ["Jane Doe"]),
    ("Nhóm phóng viên", []),
    ("Hai bên thống nhất sẽ ký kết biên bản ghi nhớ hợp tác trong quý I năm 2024.", []),
])
def test_byline_names(byline: str, names: list[str]) -> None:
    assert author_names(byline) == names
