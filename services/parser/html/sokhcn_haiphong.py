"""sokhcn.haiphong.gov.vn (Sở Khoa học và Công nghệ Hải Phòng): a Vietnamese government portal.

Such portals (city and department sites on the shared e-government platform) serve one
news template: ``div.news-detail`` holding ``h1.news-title``, a date line in Vietnamese
("Ngày đăng: 20/11/2023 08:15", no offset: +07:00), ``div.news-sapo`` (the lead, often
bold), ``div.news-content`` and, at the end of the content, the author as a right-aligned
bold line, sometimes followed by "Nguồn: ...". Around it: a tool bar (print, e-mail,
share, view counter) and "Tin liên quan" / "Tin khác" lists. Captions are ``p.image-caption``
or a table cell under the picture, usually in italics.
"""

from __future__ import annotations

import re

from newsflow.events import ArticleImage
from newsflow.services.parser.html import generic
from newsflow.services.parser.html.boilerplate import comment_count, remove_boilerplate
from newsflow.services.parser.html.dom import Element, block_texts, drop, first_by_class, tag_of, text_of
from newsflow.services.parser.html.metadata import VIETNAM_TIME, page_metadata, parse_time
from newsflow.services.parser.parts import ArticleParts

DOMAINS = ("sokhcn.haiphong.gov.vn",)
#: Class names of the portal templates in use (the current one first, then older ones).
CONTAINERS = ("news-detail", "detail-news", "article-detail", "ArticleDetail", "content-detail",
              "chi-tiet-tin")
TITLES = ("news-title", "title-news", "detail-title", "Title", "tieu-de", "title")
LEADS = ("news-sapo", "sapo", "Summary", "summary", "news-summary", "tom-tat")
BODIES = ("news-content", "content-news", "detail-content", "ArticleContent", "noi-dung", "news-body")
DATES = ("news-date", "PublishDate", "date", "post-date", "ngay-dang")
#: A line that only names the source of a re-published article: "Nguồn: Báo Hải Phòng".
SOURCE_LINE = re.compile(r"^\(?\s*(?:Nguồn|Theo)\s*[:：]?\s*[^.]{1,80}\)?$", re.IGNORECASE)
AUTHOR_MAX_CHARS = 50


def _first(root: Element, names: tuple[str, ...]) -> Element | None:
    for name in names:
        found = first_by_class(root, name)
        if found is not None:
            return found
    return None


def _is_right_aligned(el: Element) -> bool:
    style = (el.get("style") or "").replace(" ", "").lower()
    return "text-align:right" in style or el.get("align") == "right"


def _captions(body: Element, images: list[ArticleImage]) -> list[str]:
    captions: list[str] = []
    # a cell without a picture in a table with one is the picture's caption
    candidates = list(body.xpath(
        ".//*[contains(concat(' ', normalize-space(@class), ' '), ' image-caption ')]"
        " | .//figcaption | .//table[.//img]//td[not(.//img)]"))
    for caption in candidates:
        text = text_of(caption)
        if text and text not in captions:
            captions.append(text)
            src = caption.xpath("(ancestor::table[1]//img/@src | ancestor::figure[1]//img/@src"
                                " | preceding-sibling::*[1]//img/@src)")
            if src:
                images.append(ArticleImage(url=str(src[0]), caption=text))
    for caption in candidates:
        drop(caption)
    return captions


def extract(root: Element, url: str) -> ArticleParts:
    meta = page_metadata(root, url, VIETNAM_TIME)
    found = _first(root, CONTAINERS)
    container = found if found is not None else root
    body = _first(container, BODIES)
    if body is None:
        return generic.extract(root, url)
    title_el = container.find(".//h1")
    if title_el is None:
        title_el = _first(container, TITLES)
    title = text_of(title_el) or meta.title or ""
    lead_el = _first(container, LEADS)
    lead = text_of(lead_el) or None
    date_el = _first(container, DATES)
    published = parse_time(text_of(date_el), VIETNAM_TIME) if date_el is not None else None

    comments = comment_count(root)
    captions = _captions(body, meta.images)
    remove_boilerplate(body)

    # the author: the last short right-aligned (or bold-only) paragraph; a source line after it
    author = None
    blocks = [el for el in body.iter("p", "div") if text_of(el)]
    for el in reversed(blocks[-3:]):
        text = text_of(el)
        if SOURCE_LINE.match(text):
            drop(el)
            continue
        bold_only = len(el) == 1 and tag_of(el[0]) in {"b", "strong"} and not (el.text or "").strip()
        if len(text) <= AUTHOR_MAX_CHARS and (_is_right_aligned(el) or bold_only) and not text.endswith("."):
            author = text
            drop(el)
        break

    paragraphs = block_texts(body)
    return ArticleParts(
        title=title,
        title_source="explicit",
        paragraphs=paragraphs,
        lead=lead,
        captions=captions,
        author=author or (meta.authors[0] if meta.authors else None),
        canonical_url=meta.canonical_url or url,
        published_at=published or meta.published_at,
        updated_at=meta.updated_at,
        declared_language=meta.declared_language,
        tags=meta.tags,
        section=meta.section,
        images=meta.images,
        comment_count=comments,
    )
