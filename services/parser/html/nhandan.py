"""nhandan.vn (Báo Nhân Dân): the article template of its CMS (EPI, as tienphong, sggp, plo).

- title ``h1.article__title`` (also ``cms-title``), lead ``div.article__sapo`` (``cms-desc``),
  body ``div.article__body`` (``zce-content-body cms-body``);
- images in the body are ``table.picture``: ``td.pic img.cms-photo`` and ``td.caption``
  holding a ``<p>`` and a ``div.source`` (the credit, "Ảnh: TTXVN"); they load lazily: ``src``
  is a ``data:image/gif`` placeholder and the picture is in ``data-src``;
- the time ``time.time[datetime]`` in ``.article__meta`` (``2026-11-20T08:30:00+0700``), also
  ``article:published_time`` and JSON-LD ``datePublished``;
- the author in ``div.article__author-source`` as ``.name`` (several people, several names;
  a byline such as "Bài và ảnh: Hương Giang" carries a role prefix); the ``author`` meta tag
  names the paper ("Báo Nhân Dân điện tử"), not a person, and is never taken for one;
- ``article:section`` may hold several sections, comma-separated; breadcrumbs in
  ``.breadcrumbs``; tags in ``div.article__tag``.

Anything missing falls back to the page metadata and the generic extractor, so a template
change degrades, not breaks.
"""

from __future__ import annotations

from datetime import datetime

from newsflow.bylines import author_names, join_authors, names_a_publication
from newsflow.events import ArticleImage
from newsflow.services.parser.html import generic
from newsflow.services.parser.html.boilerplate import comment_count, remove_boilerplate
from newsflow.services.parser.html.dom import (
    Element,
    block_texts,
    by_class,
    drop_all,
    first_by_class,
    first_found,
    text_of,
)
from newsflow.services.parser.html.images import image_url
from newsflow.services.parser.html.metadata import VIETNAM_TIME, PageMetadata, page_metadata, parse_time
from newsflow.services.parser.parts import ArticleParts

DOMAINS = ("nhandan.vn",)
#: Blocks inside the body that are not the article's text.
BODY_FURNITURE = ("article__author-source", "article__author", "article__related", "box-related",
                  "article__tag", "article__social")


def _caption_text(cell: Element) -> str:
    """The caption of a ``td.caption``: its text, then its credit (``div.source``) in
    brackets, as the page shows them: "Quang cảnh buổi làm việc. (Ảnh: TTXVN)"."""
    sources = by_class(cell, "source")
    credit = " ".join(t for t in (text_of(s) for s in sources) if t)
    drop_all(sources)
    text = text_of(cell)
    if credit and credit not in text:
        credit = credit if credit.startswith("(") else f"({credit})"
        return f"{text} {credit}".strip()
    return text


def _images_and_captions(body: Element, url: str, meta: PageMetadata) -> list[str]:
    captions: list[str] = []
    known = {image.url for image in meta.images}
    for picture in by_class(body, "picture", "table") + body.xpath(".//figure"):
        cells = by_class(picture, "caption") or picture.xpath(".//figcaption")
        caption = " ".join(t for t in (_caption_text(c) for c in cells) if t) or None
        if caption and caption not in captions:
            captions.append(caption)
        for img in picture.iter("img"):
            src = image_url(img, url)
            if src is None:
                continue
            if src in known:  # og:image is often the first picture: give it its caption
                meta.images = [ArticleImage(url=i.url, caption=i.caption or caption) if i.url == src else i
                               for i in meta.images]
            else:
                meta.images.append(ArticleImage(url=src, caption=caption))
                known.add(src)
    drop_all(by_class(body, "picture", "table") + body.xpath(".//figure"))
    for img in body.iter("img"):  # pictures outside a table.picture, uncaptioned
        src = image_url(img, url)
        if src is not None and src not in known:
            meta.images.append(ArticleImage(url=src))
            known.add(src)
    return captions


def _authors(root: Element, article: Element, meta: PageMetadata) -> list[str]:
    block = first_found(first_by_class(article, "article__author-source"),
                        first_by_class(root, "article__author-source"),
                        first_by_class(article, "article__author"), first_by_class(root, "article__author"))
    names: list[str] = []
    if block is not None:
        for el in by_class(block, "name") or [block]:
            names += [n for n in author_names(text_of(el)) if n not in names]
    if not names:  # the page's metadata, when it names a person and not the paper
        for value in meta.authors:
            if not names_a_publication(value, meta.site_name):
                names += [n for n in author_names(value) if n not in names]
    return names


def sections(root: Element, meta: PageMetadata) -> list[str]:
    """The article's sections, most specific first: the breadcrumbs' last links, then every
    value of ``article:section`` (comma-separated, several)."""
    found: list[str] = []
    breadcrumb = first_found(first_by_class(root, "breadcrumbs"), first_by_class(root, "breadcrumb"),
                             first_by_class(root, "article__cate"))
    if breadcrumb is not None:
        crumbs = [text_of(a) for a in breadcrumb.iter("a")]
        found += [c for c in reversed(crumbs) if c and c.casefold() not in {"trang chủ", "home"}]
    for value in root.xpath("//meta[@property='article:section' or @name='article:section']/@content"):
        found += [s.strip() for s in str(value).split(",") if s.strip()]
    if meta.section:
        found += [s.strip() for s in meta.section.split(",") if s.strip()]
    return list(dict.fromkeys(found))


def extract(root: Element, url: str, *, fetched_at: datetime | None = None) -> ArticleParts:
    meta = page_metadata(root, url, VIETNAM_TIME, fetched_at=fetched_at)
    found = first_by_class(root, "article")
    article = found if found is not None else root
    body = first_found(first_by_class(article, "article__body"), first_by_class(root, "article__body"),
                       first_by_class(root, "cms-body"))
    if body is None:
        return generic.extract(root, url)
    title_el = first_found(first_by_class(article, "article__title"), first_by_class(root, "cms-title"))
    title = text_of(title_el) or meta.title or ""
    lead_el = first_found(first_by_class(article, "article__sapo"), first_by_class(root, "cms-desc"))
    lead = text_of(lead_el) or None

    comments = comment_count(root)
    captions = _images_and_captions(body, url, meta)
    authors = _authors(root, article, meta)
    for name in BODY_FURNITURE:
        drop_all(by_class(body, name))
    remove_boilerplate(body)

    meta_block = first_found(first_by_class(article, "article__meta"), first_by_class(root, "article__meta"))
    times = (meta_block if meta_block is not None else article).xpath(".//time[@datetime]")
    published = parse_time(times[0].get("datetime"), VIETNAM_TIME) if times else None
    tag_block = first_found(first_by_class(article, "article__tag"), first_by_class(root, "article__tag"))
    tags = [text_of(a) for a in tag_block.iter("a")] if tag_block is not None else []
    section_names = sections(root, meta)

    return ArticleParts(
        title=title,
        title_source="explicit",
        paragraphs=block_texts(body),
        lead=lead,
        captions=captions,
        author=join_authors(authors),
        canonical_url=meta.canonical_url or url,
        published_at=published or meta.published_at,
        updated_at=meta.updated_at,
        declared_language=meta.declared_language,
        tags=[t for t in tags if t] or meta.tags,
        section=section_names[0] if section_names else None,
        images=meta.images,
        comment_count=comments,
    )
