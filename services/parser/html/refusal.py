"""Why a page holds no article: an error page, a listing (index, section, search results), or
no text at all. Asked only once both extractors found less than an article's worth of text
(lengths in any script: ``boilerplate.text_weight``), and, on a listing or a page without
article text, neither trafilatura's recall settings nor the article the page's JSON-LD
declares (``declared_body``) holds running text, and the page does not declare itself an
article with a summary of running text (which is then its body: ``generic.extract``), so it
never turns an article away; it names the refusal (``ParseError.error_class``).

- ``error_page``: the title or the headline states an HTTP error (404, 410, 500 ...) or says
  "not found" in one of the languages we carry.
- ``listing_page``: many links whose text reads like a headline, and links are a large
  share of the page's text (a home page, a section, search results, an archive).
- ``no_article_text``: anything else (an empty page, a page of pictures, a login wall).
"""

from __future__ import annotations

import re

from newsflow.services.parser.html.boilerplate import text_weight
from newsflow.services.parser.html.dom import Element, text_of
from newsflow.services.parser.parts import ParseError

_ERROR_WORDS = re.compile(
    r"(?<!\d)(?:400|401|403|404|410|451|500|502|503)(?!\d)|not\s+found|page\s+(?:does\s+not|doesn.t)\s+exist|"
    r"nicht\s+gefunden|existiert\s+nicht|introuvable|n.existe\s+pas|no\s+encontrad|no\s+existe|non\s+trovat|"
    r"não\s+encontrad|không\s+tìm\s+thấy|không\s+tồn\s+tại|ไม่พบ|找不到|页面不存在|頁面不存在|見つかりません|"
    r"찾을\s*수\s*없|не\s+найден|nie\s+znaleziono|niet\s+gevonden",
    re.IGNORECASE,
)
#: A link whose text is at least this long (``text_weight``: a Chinese headline of 9 characters
#: is as long as an English one of 27) reads like a headline.
HEADLINE_LINK_CHARS = 25
#: A listing has at least this many of them ...
LISTING_MIN_LINKS = 8
#: ... and links make at least this share of its text.
LISTING_LINK_SHARE = 0.3


def is_error_page(root: Element) -> bool:
    title = root.find(".//title")
    heading = root.find(".//h1")
    texts = [title.text_content() if title is not None else "", text_of(heading)]
    return any(_ERROR_WORDS.search(text) for text in texts)


def is_listing_page(root: Element) -> bool:
    body = root.find("body")
    if body is None:
        return False
    link_texts = [" ".join(a.text_content().split()) for a in body.iter("a")]
    headlines = sum(text_weight(t) >= HEADLINE_LINK_CHARS for t in link_texts)
    text_length = len(" ".join(body.text_content().split()))
    return headlines >= LISTING_MIN_LINKS and sum(map(len, link_texts)) >= LISTING_LINK_SHARE * text_length


def page_kind(root: Element) -> str:
    """The refusal class of a page without an article: error_page, listing_page or no_article_text."""
    if is_error_page(root):
        return "error_page"
    if is_listing_page(root):
        return "listing_page"
    return "no_article_text"


_EXPLANATIONS = {
    "error_page": "an error page (its title or headline says so)",
    "listing_page": "an index or listing page (mostly links to other pages)",
    "no_article_text": "no article on the page",
}


def refusal(kind: str, length: int, minimum: int) -> ParseError:
    """The ParseError of a page of ``kind`` whose best text has ``length`` characters (under ``minimum``)."""
    found = f"its best block of text has {length} characters (at least {minimum} make an article)"
    return ParseError(kind, f"{_EXPLANATIONS.get(kind, 'no article on the page')}: {found}")
