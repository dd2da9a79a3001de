"""HTML article extraction: decode, parse, then the site's own extractor or the generic one.

Each site module (``nhandan``, ``sokhcn_haiphong``) declares the ``DOMAINS`` it serves and an
``extract(root, url, *, fetched_at=None) -> ArticleParts``; every other site goes to
``generic``. ``fetched_at`` (when the page was fetched) dates a relative "3 hours ago".
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Protocol

from newsflow.services.parser.html import generic, nhandan, sokhcn_haiphong
from newsflow.services.parser.html.dom import Element, parse_tree
from newsflow.services.parser.html.encoding import decode_html
from newsflow.services.parser.html.metadata import canonical_url
from newsflow.services.parser.parts import ArticleParts, ParseError
from newsflow.urls import host_of


class Extractor(Protocol):
    def __call__(self, root: Element, url: str, *, fetched_at: datetime | None = None) -> ArticleParts: ...


SITE_MODULES = (nhandan, sokhcn_haiphong)


def extractor_for(url: str | None) -> Extractor:
    """The site's extractor for ``url`` (its host or a subdomain of it), else the generic one."""
    host = host_of(url)
    for module in SITE_MODULES:
        if any(host == d or host.endswith("." + d) for d in module.DOMAINS):
            site_extract: Extractor = module.extract
            return site_extract
    return generic.extract


#: How far from the end the closing </body> or </html> of a complete page is looked for.
CLOSING_TAG_WINDOW = 256_000
#: ... and first in this much of the end, where nearly every page has them.
CLOSING_TAG_NEAR_END = 4096
_CLOSING_TAG = re.compile(r"</\s*(?:body|html)\s*>", re.IGNORECASE)


def looks_truncated(text: str) -> bool:
    """No closing </body> or </html>, and the text stops inside a tag or a sentence.

    HTML lets a page omit both closing tags, so their absence alone is not proof; a page
    that also ends anywhere but after a tag's ">" was cut.
    """
    if _CLOSING_TAG.search(text, max(0, len(text) - CLOSING_TAG_NEAR_END)):
        return False  # where a complete page has them: the whole window is searched only if not
    tail = text[-CLOSING_TAG_WINDOW:]
    return not _CLOSING_TAG.search(tail) and not tail.rstrip().endswith(">")


def parts_from_html(data: bytes, *, url: str, charset: str | None,
                    fetched_at: datetime | None = None) -> ArticleParts:
    """The article on an HTML page; ParseError (truncated, binary, no article ...) otherwise."""
    page = decode_html(data, charset)
    if looks_truncated(page.text):
        raise ParseError(
            "truncated_html",
            f"the page stops mid-markup after {len(data)} bytes, without </body> or </html>: "
            "the download was probably cut short; fetch it again",
        )
    root = parse_tree(page.text)
    if not url.startswith(("http://", "https://")):
        # a saved page (file://, seed://): the page's own canonical URL says which site it is
        url = canonical_url(root, None) or url
    return extractor_for(url)(root, url, fetched_at=fetched_at)
