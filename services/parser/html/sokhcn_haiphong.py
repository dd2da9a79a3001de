"""sokhcn.haiphong.gov.vn (Sở Khoa học và Công nghệ Hải Phòng): a VNPT Portal site.

The VNPT Portal platform (Hai Phong's and Ninh Binh's city and department portals) serves
one article template: the title ``.ArticleHeader``, the lead ``.ArticleSummary``, the body
``.ArticleContent``, the date ``.PostDate`` ("21/11/2026 14:30", no offset: +07:00); the
author is a "Tác giả: ..." line or a right-aligned bold line at the end of the content,
sometimes followed by "Nguồn: ..."; pictures are on ``cdn.haiphong.gov.vn/gov-hpg/...``,
captioned by a table cell or an italic line under them. The page's first ``h1`` may be the
portal's banner and a generic ``date`` class may be the header's today's-date widget:
neither is the article's, so the title and the date are looked for by the template's own
classes first, and a generic class only inside the article's container. Older templates
of the platform (``news-detail``/``news-title``/``news-date``, ``ArticleDetail``/``Title``/
``PublishDate``) are read too.
"""

from __future__ import annotations

import re
from datetime import datetime

from newsflow.bylines import author_names, join_authors, names_a_publication
from newsflow.events import ArticleImage
from newsflow.services.parser.html import generic
from newsflow.services.parser.html.boilerplate import comment_count, remove_boilerplate
from newsflow.services.parser.html.dom import (
    Element,
    block_texts,
    drop,
    first_found,
    tag_of,
    text_of,
)
from newsflow.services.parser.html.images import image_url
from newsflow.services.parser.html.metadata import VIETNAM_TIME, page_metadata, parse_time
from newsflow.services.parser.parts import ArticleParts

DOMAINS = ("sokhcn.haiphong.gov.vn",)
#: Class names of the portal templates in use (the current one first, then older ones).
CONTAINERS = ("ArticleDetail", "news-detail", "detail-news", "article-detail", "content-detail",
              "chi-tiet-tin")
#: The template's own classes: found anywhere on the page, they are the article's.
OWN_TITLES = ("ArticleHeader",)
OWN_LEADS = ("ArticleSummary",)
OWN_DATES = ("PostDate",)
#: Generic classes: only inside the article's container (the header has a "date" widget).
TITLES = ("news-title", "title-news", "detail-title", "Title", "tieu-de", "title")
LEADS = ("news-sapo", "sapo", "Summary", "summary", "news-summary", "tom-tat")
BODIES = ("ArticleContent", "news-content", "content-news", "detail-content", "noi-dung", "news-body")
DATES = ("news-date", "PublishDate", "date", "post-date", "ngay-dang")
#: Where the portal's furniture sits: a title or a date in there is never the article's.
PAGE_FURNITURE = re.compile(r"banner|header|logo|top-?bar|menu|footer", re.IGNORECASE)
#: A line that only names the source of a re-published article: "Nguồn: Báo Hải Phòng".
SOURCE_LINE = re.compile(r"^\(?\s*(?:Nguồn|Theo)\s*[:：]?\s*[^.]{1,80}\)?$", re.IGNORECASE)
#: The author's line: "Tác giả: Thanh Hải", "Tác giả: Minh Anh - Quang Huy".
AUTHOR_LINE = re.compile(r"^\s*Tác\s*giả\s*[:：]", re.IGNORECASE)
AUTHOR_MAX_CHARS = 50


def _in_furniture(el: Element) -> bool:
    for ancestor in el.iterancestors():
        names = f"{ancestor.get('class') or ''} {ancestor.get('id') or ''}"
        if ancestor.tag in ("header", "nav", "footer") or PAGE_FURNITURE.search(names):
            return True
    return False


def _first(root: Element, names: tuple[str, ...]) -> Element | None:
    """The first element with one of ``names`` (in that order) outside the page's furniture."""
    for name in names:
        for found in root.xpath(
                f"descendant-or-self::*[contains(concat(' ', normalize-space(@class), ' '), ' {name} ')]"):
            if not _in_furniture(found):
                return found
    return None


def _is_right_aligned(el: Element) -> bool:
    style = (el.get("style") or "").replace(" ", "").lower()
    return "text-align:right" in style or el.get("align") == "right"


def _captions(body: Element, images: list[ArticleImage], page_url: str) -> list[str]:
    captions: list[str] = []
    # a cell without a picture in a table with one is the picture's caption
    candidates = list(body.xpath(
        ".//*[contains(concat(' ', normalize-space(@class), ' '), ' image-caption ')]"
        " | .//figcaption | .//table[.//img]//td[not(.//img)]"))
    for caption in candidates:
        text = text_of(caption)
        if text and text not in captions:
            captions.append(text)
            picture = _picture_of(caption, body)
            src = image_url(picture, page_url) if picture is not None else None
            if src and any(image.url == src for image in images):  # og:image: give it its caption
                images[:] = [ArticleImage(url=i.url, caption=i.caption or text) if i.url == src else i
                             for i in images]
            elif src:
                images.append(ArticleImage(url=src, caption=text))
    for caption in candidates:
        drop(caption)
    captioned = {image.url for image in images}
    for img in body.iter("img"):
        src = image_url(img, page_url)
        if src and src not in captioned:
            images.append(ArticleImage(url=src))
            captioned.add(src)
    return captions


def _picture_of(caption: Element, body: Element) -> Element | None:
    """The ``<img>`` a caption belongs to: in its table or figure (within the content: the
    portal lays its page out in tables too), else in the block just before it."""
    for ancestor in caption.iterancestors():
        if ancestor is body:
            break
        if tag_of(ancestor) in ("table", "figure"):
            found = ancestor.xpath(".//img")
            if found:
                return found[0]
    previous = caption.getprevious()
    if previous is not None:
        found = previous.xpath("descendant-or-self::img")
        if found:
            return found[0]
    return None


def _drop_date_widgets(root: Element, container: Element) -> None:
    """The header's today's-date widget (a generic ``date`` class outside the article, or in
    the portal's furniture) states no publication, so the page's dates are read without it."""
    inside = set(container.iter())
    for name in DATES:
        for el in root.xpath(f"//*[contains(concat(' ', normalize-space(@class), ' '), ' {name} ')]"):
            if el not in inside or _in_furniture(el):
                drop(el)


def _author(body: Element) -> list[str]:
    """The author's names from the end of the content, and that line dropped: a "Tác giả:"
    line, or a short right-aligned or bold-only line (a source line after it is dropped)."""
    blocks = [el for el in body.iter("p", "div") if text_of(el) and not el.xpath(".//p | .//div")]
    for el in reversed(blocks[-4:]):
        text = text_of(el)
        if AUTHOR_LINE.match(text):
            drop(el)
            return author_names(text)
    according_to: list[str] = []  # "Theo Báo Hải Phòng": its author, when none other is named
    for el in reversed(blocks[-3:]):
        text = text_of(el)
        if SOURCE_LINE.match(text):
            if text.lstrip("( ").casefold().startswith("theo"):
                according_to = according_to or author_names(text)
            drop(el)
            continue
        bold_only = len(el) == 1 and tag_of(el[0]) in {"b", "strong"} and not (el.text or "").strip()
        if len(text) <= AUTHOR_MAX_CHARS and (_is_right_aligned(el) or bold_only) and not text.endswith("."):
            names = author_names(text)
            if names:
                drop(el)
                return names
        break
    return according_to


def extract(root: Element, url: str, *, fetched_at: datetime | None = None) -> ArticleParts:
    body = _first(root, BODIES[:1])  # the current template's body, wherever it is
    found = _first(root, CONTAINERS)
    if body is None and found is not None:
        body = _first(found, BODIES)
    if body is None:
        body = _first(root, BODIES)
    if body is None:
        return generic.extract(root, url)
    container = found if found is not None else body.getparent()
    _drop_date_widgets(root, container)
    meta = page_metadata(root, url, VIETNAM_TIME, fetched_at=fetched_at)
    title_el = first_found(_first(root, OWN_TITLES), _first(container, TITLES),
                           next((h for h in container.iter("h1") if not _in_furniture(h)), None))
    title = text_of(title_el) or meta.title or ""
    lead = text_of(first_found(_first(root, OWN_LEADS), _first(container, LEADS))) or None
    date_el = first_found(_first(root, OWN_DATES), _first(container, DATES))
    published = parse_time(text_of(date_el), VIETNAM_TIME) if date_el is not None else None

    comments = comment_count(root)
    captions = _captions(body, meta.images, url)
    remove_boilerplate(body)
    authors = _author(body) or [n for a in meta.authors if not names_a_publication(a, meta.site_name)
                                for n in author_names(a)]

    paragraphs = block_texts(body)
    return ArticleParts(
        title=title,
        title_source="explicit",
        paragraphs=paragraphs,
        lead=lead,
        captions=captions,
        author=join_authors(list(dict.fromkeys(authors))),
        canonical_url=meta.canonical_url or url,
        published_at=published or meta.published_at,
        updated_at=meta.updated_at,
        declared_language=meta.declared_language,
        tags=meta.tags,
        section=meta.section,
        images=meta.images,
        comment_count=comments,
    )
