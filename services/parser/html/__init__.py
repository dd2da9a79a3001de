"""HTML article extraction (first version: title and paragraphs; see issue on the parser)."""

from __future__ import annotations

from bs4 import BeautifulSoup

from services.parser.document import ArticleParts, ParseError


def parts_from_html(data: bytes, *, url: str, charset: str | None) -> ArticleParts:
    soup = BeautifulSoup(data, "lxml", from_encoding=charset)
    heading = soup.find("h1")
    title = heading.get_text(" ", strip=True) if heading else ""
    if not title and soup.title:
        title = soup.title.get_text(" ", strip=True)
    container = soup.find("article") or soup.body or soup
    paragraphs = [p.get_text(" ", strip=True) for p in container.find_all("p")]
    if not any(paragraphs):
        raise ParseError("no_article_text", "the page has no paragraphs of article text")
    html = soup.find("html")
    declared = html.get("lang") if html else None
    return ArticleParts(
        title=title,
        title_source="explicit",
        paragraphs=paragraphs,
        canonical_url=url,
        declared_language=declared if isinstance(declared, str) else None,
    )
