"""nhandan.vn (Báo Nhân Dân): the article template of its CMS.

``h1.article__title``, ``div.article__sapo`` (the lead), ``div.article__body``, images as
``table.picture`` with a ``td.caption``, ``time[datetime]`` in the meta line, the author
block ``div.article__author``, tags in ``div.article__tag``. Anything missing falls back
to the page metadata and the generic extractor, so a template change degrades, not breaks.
"""

from __future__ import annotations

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
from newsflow.services.parser.html.metadata import VIETNAM_TIME, page_metadata, parse_time
from newsflow.services.parser.parts import ArticleParts

DOMAINS = ("nhandan.vn",)


def extract(root: Element, url: str) -> ArticleParts:
    meta = page_metadata(root, url, VIETNAM_TIME)
    found = first_by_class(root, "article")
    article = found if found is not None else root
    body = first_found(first_by_class(article, "article__body"), first_by_class(root, "article__body"))
    if body is None:
        return generic.extract(root, url)
    title = text_of(first_by_class(article, "article__title")) or meta.title or ""
    lead = text_of(first_by_class(article, "article__sapo")) or None

    comments = comment_count(root)
    captions: list[str] = []
    for caption in by_class(body, "caption", "td") + by_class(body, "caption", "figcaption") \
            + body.xpath(".//figcaption"):
        text = text_of(caption)
        if text and text not in captions:
            captions.append(text)
            image = caption.xpath("ancestor::table[1]//img/@src | ancestor::figure[1]//img/@src")
            if image:
                meta.images.append(ArticleImage(url=str(image[0]), caption=text))
    drop_all(by_class(body, "picture", "table") + body.xpath(".//figure"))
    remove_boilerplate(body)

    time_el = article.xpath(".//time[@datetime]")
    published = parse_time(time_el[0].get("datetime"), VIETNAM_TIME) if time_el else None
    author_block = first_found(first_by_class(article, "article__author"),
                               first_by_class(root, "article__author"))
    author = None
    if author_block is not None:
        name = first_by_class(author_block, "name")
        author = text_of(name if name is not None else author_block) or None
    tag_block = first_found(first_by_class(article, "article__tag"), first_by_class(root, "article__tag"))
    tags = [text_of(a) for a in tag_block.iter("a")] if tag_block is not None else []
    breadcrumb = first_found(first_by_class(root, "breadcrumbs"), first_by_class(root, "article__cate"))
    crumbs = [text_of(a) for a in breadcrumb.iter("a")] if breadcrumb is not None else []

    return ArticleParts(
        title=title,
        title_source="explicit",
        paragraphs=block_texts(body),
        lead=lead,
        captions=captions,
        author=author or (meta.authors[0] if meta.authors else None),
        canonical_url=meta.canonical_url or url,
        published_at=published or meta.published_at,
        updated_at=meta.updated_at,
        declared_language=meta.declared_language,
        tags=[t for t in tags if t] or meta.tags,
        section=(crumbs[-1] if crumbs else None) or meta.section,
        images=meta.images,
        comment_count=comments,
    )
