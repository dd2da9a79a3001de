"""A second extractor, asked on the pages where the generic one is unsure: trafilatura.

trafilatura (its precision settings, comments left out, ``fast=True``: without its own
fallback extractors, which take as long again) is given a copy of the page's tree taken
before the generic extractor changed it, so the page is parsed once (the elements trafilatura
deletes first of all, and modal windows, are taken out before it copies the tree). It is asked on about
a third of the pages (``generic.is_unsure``): those whose extracted body is short or
leaves much of the page's running text out; its body replaces ours unless it is much
shorter. When it is not installed, the generic extractor's own answer stands.
"""

from __future__ import annotations

from lxml import etree

from newsflow.language.normalize import clean_line
from newsflow.services.parser.html.boilerplate import dialogs
from newsflow.services.parser.html.dom import Element, drop_all


def available() -> bool:
    try:
        import trafilatura  # noqa: F401
    except ImportError:
        return False
    return True


#: Elements trafilatura deletes first of all (its ``MANUALLY_CLEANED``; not figures, which it
#: keeps when they hold a table), taken out of the tree before it copies it three times: the
#: same body (every one of the 482 tuning pages), in less time.
CLEANED_FIRST = ("script", "style", "noscript", "svg", "iframe", "object", "embed", "canvas", "select",
                 "option", "textarea", "input", "button", "link", "head", "aside", "footer", "nav", "menu",
                 "picture", "video", "audio", "map", "dialog", "label", "fieldset", "source", "noindex",
                 "time")


def trafilatura_paragraphs(tree: Element, url: str | None, *, recall: bool = False) -> list[str]:
    """trafilatura's article body of ``tree`` (which this changes), one paragraph a line: with
    its precision settings, or with ``recall`` its recall settings (``favor_recall``, its
    fallback extractors too), the last word before a page is refused."""
    try:
        import trafilatura
    except ImportError:
        return []
    etree.strip_elements(tree, *CLEANED_FIRST, with_tail=False)
    drop_all(dialogs(tree))  # a login form's hints read as prose to it
    try:
        text = trafilatura.extract(tree, url=url or None, favor_precision=not recall, favor_recall=recall,
                                   include_comments=False, fast=not recall)
    except (ValueError, TypeError, AttributeError, RecursionError):
        return []
    if not text:
        return []
    # trafilatura writes a list item as "- item"
    lines = (clean_line(line.removeprefix("- ")) for line in text.splitlines())
    return [line for line in lines if line]


def table_cells(line: str) -> list[str] | None:
    """The cells of a table row as trafilatura writes it ("| a | b |"), or None for a line
    that is not a row."""
    line = line.strip()
    if len(line) < 2 or not (line.startswith("|") and line.endswith("|")):
        return None
    return [cell.strip() for cell in line[1:-1].split("|")]
