"""The parsed page (lxml) and the few tree helpers every extractor uses."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any, TypeAlias

from lxml import etree, html

from newsflow.language.normalize import clean_line
from newsflow.services.parser.parts import ParseError

#: Elements that never hold article text.
NON_CONTENT_TAGS = frozenset({
    "script", "style", "noscript", "template", "iframe", "svg", "canvas", "object", "embed",
    "button", "select", "input", "textarea", "option", "link", "meta", "head", "title",
})
BLOCK_TAGS = frozenset({
    "p", "div", "section", "article", "main", "header", "footer", "aside", "nav", "ul", "ol",
    "li", "dl", "dt", "dd", "table", "thead", "tbody", "tfoot", "tr", "td", "th", "caption",
    "blockquote", "pre", "figure", "figcaption", "h1", "h2", "h3", "h4", "h5", "h6", "hr",
    "address", "form", "fieldset", "center", "details", "summary", "body", "html",
})
#: lxml ships no type information; an HtmlElement.
Element: TypeAlias = Any


#: Characters libxml2 refuses (C0 controls but tab/newlines, and the non-characters).
_XML_INCOMPATIBLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff\ud800-\udfff]")


def parse_tree(text: str) -> Element:
    """The page as an lxml tree; ParseError if there is no HTML in it."""
    text = _XML_INCOMPATIBLE.sub("", text).lstrip()
    if text.startswith("<?xml"):
        text = text.split("?>", 1)[-1]
    try:
        root = html.document_fromstring(text)
    except (etree.ParserError, ValueError) as exc:
        raise ParseError("malformed_html", f"the page cannot be parsed as HTML: {exc}") from None
    if root is None or not isinstance(root, html.HtmlElement):
        raise ParseError("malformed_html", "the page has no HTML element")
    return root


def tag_of(el: object) -> str:
    tag = getattr(el, "tag", None)
    return tag.lower() if isinstance(tag, str) else ""


def has_class(el: Element, name: str) -> bool:
    return name in (el.get("class") or "").split()


def by_class(root: Element, name: str, tag: str = "*") -> list[Element]:
    expr = f"descendant-or-self::{tag}[contains(concat(' ', normalize-space(@class), ' '), ' {name} ')]"
    return list(root.xpath(expr))


def first_by_class(root: Element, name: str, tag: str = "*") -> Element | None:
    found = by_class(root, name, tag)
    return found[0] if found else None


def first_found(*elements: Element | None) -> Element | None:
    """The first element that exists (lxml elements without children are falsy, so no ``or``)."""
    return next((el for el in elements if el is not None), None)


def text_of(el: Element | None) -> str:
    """The element's text on one line (inline layout), cleaned."""
    if el is None:
        return ""
    return clean_line(" ".join(_render(el).split()))


def drop(el: Element) -> None:
    """Remove an element but keep its tail text in the tree."""
    parent = el.getparent()
    if parent is None:
        return
    if el.tail:
        prev = el.getprevious()
        if prev is not None:
            prev.tail = (prev.tail or "") + el.tail
        else:
            parent.text = (parent.text or "") + el.tail
    parent.remove(el)


def drop_all(elements: Iterable[Element]) -> None:
    for el in list(elements):
        drop(el)


def _render_into(el: Element, out: list[str]) -> None:
    tag = tag_of(el)
    if not tag or tag in NON_CONTENT_TAGS:
        return
    block = tag in BLOCK_TAGS
    if block or tag == "br":
        out.append("\n")
    elif tag == "img":
        return
    if el.text:
        out.append(el.text)
    for child in el:
        _render_into(child, out)
        if child.tail:
            out.append(child.tail)
    if block:
        out.append("\n")


def _render(el: Element) -> str:
    out: list[str] = []
    _render_into(el, out)
    return "".join(out)


_LINE_BREAKS = re.compile(r"\s*\n\s*")


def block_texts(el: Element) -> list[str]:
    """The element's text as paragraphs: one per block element or <br> line, cleaned."""
    lines = (clean_line(line) for line in _LINE_BREAKS.split(_render(el)))
    return [line for line in lines if line]


def iter_elements(root: Element) -> Iterator[Element]:
    for el in root.iter():
        if isinstance(el.tag, str):
            yield el
