"""The parsed page (lxml) and the few tree helpers every extractor uses."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
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


#: libxml2 stops building the tree at 256 open elements (and gives up on the rest of the
#: page); a page nested deeper is re-read with its wrappers beyond this depth left out.
MAX_NESTING = 200
#: Beyond the limit only paragraph-level elements are kept, this many levels more.
PARAGRAPH_ALLOWANCE = 40
_PARAGRAPH_TAGS = frozenset({"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "blockquote", "pre",
                             "figure", "figcaption"})
_VOID_TAGS = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
                        "param", "source", "track", "wbr"})
_RAW_TEXT_TAGS = frozenset({"script", "style", "textarea", "title", "xmp", "noscript"})
_MARKUP = re.compile(r"<!--.*?-->|<(/?)([a-zA-Z][a-zA-Z0-9:-]*)\b[^>]*?(/?)>", re.DOTALL)


def parse_tree(text: str) -> Element:
    """The page as an lxml tree; ParseError if there is no HTML in it.

    A page nested deeper than libxml2 builds (100,000 <div>s around the article) is read
    again with its wrappers beyond ``MAX_NESTING`` left out: the article is kept.
    """
    data = _markup_bytes(text)
    root, too_deep = _parse(data)
    if too_deep:
        root, too_deep = _parse(flatten_nesting(data.decode("utf-8"), MAX_NESTING).encode("utf-8"))
        if too_deep:
            raise ParseError("too_deep", f"the page nests its elements deeper than {MAX_NESTING} levels "
                             "even with its wrappers left out: hostile markup")
    if root is None or not isinstance(root, html.HtmlElement):
        raise ParseError("malformed_html", "the page has no HTML element")
    return root


#: The bytes of the characters libxml2 refuses, in UTF-8 (C0 controls but tab and newlines,
#: DEL, U+FFFE and U+FFFF; lone surrogates are left out by the encoding).
_XML_INCOMPATIBLE_BYTES = bytes(b for b in range(32) if b not in b"\t\n\r") + b"\x7f"
_NON_CHARACTERS = ("\ufffe".encode(), "\uffff".encode())


def _markup_bytes(text: str) -> bytes:
    """The page in UTF-8 for libxml2 (which reads it faster than a str), without the characters
    it refuses, leading whitespace and an XML declaration."""
    data = text.encode("utf-8", "ignore").translate(None, _XML_INCOMPATIBLE_BYTES)
    for non_character in _NON_CHARACTERS:
        if non_character in data:
            data = data.replace(non_character, b"")
    if data[:1] != b"<":  # leading whitespace: ASCII first (the common case, no copy of the
        data = data.lstrip()  # page as str), then of any script as str.lstrip strips it
        if data[:1] != b"<":
            data = data.decode("utf-8").lstrip().encode("utf-8")
    if data.startswith(b"<?xml"):
        data = data.split(b"?>", 1)[-1]
    return data


#: lxml.html's own lookup is Python code run for every element proxy made (a tenth of the
#: parser's time); this one is lxml's C lookup, with the same HtmlElement for every tag (we
#: use none of the form classes lxml.html gives <form>, <input>, <select>, <label>).
_ELEMENT_CLASSES = etree.ElementDefaultClassLookup(
    element=html.HtmlElement, comment=html.HtmlComment, pi=html.HtmlProcessingInstruction,
    entity=html.HtmlEntity)


def _parse(data: bytes) -> tuple[Element, bool]:
    parser = html.HTMLParser(encoding="utf-8")
    parser.set_element_class_lookup(_ELEMENT_CLASSES)
    try:
        root = html.document_fromstring(data, parser=parser)
    except (etree.ParserError, ValueError) as exc:
        raise ParseError("malformed_html", f"the page cannot be parsed as HTML: {exc}") from None
    too_deep = any("Excessive depth" in entry.message for entry in parser.error_log)
    return root, too_deep


def flatten_nesting(text: str, limit: int) -> str:
    """``text`` without the start and end tags of the wrappers opened deeper than ``limit``.

    Their content stays, in the element at the limit; paragraph-level elements are kept
    for ``PARAGRAPH_ALLOWANCE`` levels more, so the article keeps its paragraphs. Tags are
    matched as the HTML parser would for well-nested markup (an end tag closes the nearest
    open element of its name); comments and the text of scripts and styles are copied.
    """
    out: list[str] = []
    stack: list[tuple[str, bool]] = []
    kept = 0
    position = 0
    for match in _MARKUP.finditer(text):
        if match.start() < position:
            continue  # inside a script or style skipped below
        closing, name, self_closing = match.group(1), (match.group(2) or "").lower(), match.group(3)
        out.append(text[position:match.start()])
        position = match.end()
        if not name:  # a comment
            out.append(match.group(0))
            continue
        if not closing:
            if name in _RAW_TEXT_TAGS:
                end = re.compile(rf"</{name}\s*>", re.IGNORECASE).search(text, match.end())
                position = end.end() if end else len(text)
                out.append(text[match.start():position])
                continue
            if name in _VOID_TAGS or self_closing:
                out.append(match.group(0))
            elif kept >= limit + PARAGRAPH_ALLOWANCE or (kept >= limit and name not in _PARAGRAPH_TAGS):
                stack.append((name, False))
            else:
                stack.append((name, True))
                kept += 1
                out.append(match.group(0))
            continue
        for index in range(len(stack) - 1, max(-1, len(stack) - 64), -1):
            if stack[index][0] == name:
                was_kept = stack[index][1]
                kept -= sum(1 for _name, k in stack[index:] if k)
                del stack[index:]
                if was_kept:
                    out.append(match.group(0))
                break
        else:
            out.append(match.group(0))
    out.append(text[position:])
    return "".join(out)


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


def _render(el: Element) -> str:
    """The element's text with a newline around every block and at every <br>.

    Iterative (an explicit stack, not recursion): a deeply nested page cannot exhaust
    Python's stack.
    """
    out: list[str] = []
    # (element, entering) items; leaving an element writes its closing newline and its tail
    stack: list[tuple[Element, bool]] = [(el, True)]
    while stack:
        node, entering = stack.pop()
        tag = tag_of(node)
        if not entering:
            if tag in BLOCK_TAGS:
                out.append("\n")
            if node is not el and node.tail:
                out.append(node.tail)
            continue
        if not tag or tag in NON_CONTENT_TAGS or tag == "img":
            if node is not el and node.tail:
                out.append(node.tail)
            continue
        if tag in BLOCK_TAGS or tag == "br":
            out.append("\n")
        if node.text:
            out.append(node.text)
        stack.append((node, False))
        stack.extend((child, True) for child in reversed(node))
    return "".join(out)


_LINE_BREAKS = re.compile(r"\s*\n\s*")


def json_ld_objects(texts: Iterable[str], nesting: tuple[str, ...] = ("@graph",)) -> list[dict[str, Any]]:
    """Every JSON object of the JSON-LD script texts ``texts``, depth first in document order:
    a top-level array's members, and the objects and arrays under a ``nesting`` key
    (``@graph``; also ``mainEntity`` where the page's article is sought) after their parent.
    A script that is not JSON is skipped."""
    found: list[dict[str, Any]] = []
    for text in texts:
        try:
            data = json.loads(text)
        except (ValueError, RecursionError):
            continue
        stack = [data]
        while stack:
            item = stack.pop()
            if isinstance(item, list):
                stack.extend(reversed(item))
            elif isinstance(item, dict):
                found.append(item)
                nested = [item[k] for k in nesting if isinstance(item.get(k), dict | list)]
                stack.extend(reversed(nested))
    return found


def block_texts(el: Element) -> list[str]:
    """The element's text as paragraphs: one per block element or <br> line, cleaned."""
    lines = (clean_line(line) for line in _LINE_BREAKS.split(_render(el)))
    return [line for line in lines if line]


def iter_elements(root: Element) -> Iterator[Element]:
    for el in root.iter():
        if isinstance(el.tag, str):
            yield el


#: Byline markers (``metadata``): classes like "byline", "author-name", "writer"; ids "author".
BYLINE_CLASS = re.compile(r"author|byline|writer|journalist|reporter|posted-by|submitted|zuozhe|bianji")
BYLINE_ID = re.compile(r"author|zuozhe")
#: Date markers (``dates``): a class or id that says "date", "time" or "publish".
DATE_CLASS = re.compile(r"date|time|publish", re.IGNORECASE)


@dataclass(frozen=True)
class PageIndex:
    """The elements the metadata and date readers look for, collected in one walk over the
    page (each list in page order). An XPath over the whole page costs about what this walk
    costs; the readers asked about ten of them."""

    root: Element
    #: <h1>, itemprop="headline", <h2> with a "title" or "headline" class, <h3> "entry-title".
    headings: list[Element]
    h1: list[Element]
    #: <time> elements with a datetime attribute.
    times: list[Element]
    articles: list[Element]
    #: <script type="application/ld+json">.
    json_ld: list[Element]
    #: itemprop="datePublished", "dateModified", "dateCreated" or "uploadDate" (a video's).
    date_props: list[Element]
    #: rel=author links, itemprop=author, byline classes and ids, data-component or
    #: data-testid "Byline".
    bylines: list[Element]
    #: <time>, and elements whose class says date, time or publish, or whose id says date
    #: (anywhere: ``in_body`` tells those of the body).
    date_named: list[Element]
    #: The contents of every <meta> by its property, name and itemprop, in page order.
    meta: dict[str, list[str]]


_INDEXED_TAGS = frozenset({"h1", "time", "article", "script", "meta"})
_READ_ATTRIBUTES = frozenset({"class", "id", "itemprop", "rel", "data-component", "data-testid"})
_DATE, _BYLINE, _TITLE, _ENTRY_TITLE = 1, 2, 4, 8
_DATE_PROPS = frozenset({"datePublished", "dateModified", "dateCreated", "uploadDate"})


@lru_cache(maxsize=8192)
def _class_kind(names: str) -> int:
    """What a class attribute marks (``_DATE``, ``_BYLINE``, "title" or "headline", "entry-title"
    as bits); class attributes repeat across a page and across pages."""
    return (_DATE * bool(DATE_CLASS.search(names)) | _BYLINE * bool(BYLINE_CLASS.search(names))
            | _TITLE * ("title" in names or "headline" in names) | _ENTRY_TITLE * ("entry-title" in names))


#: The index of the last page read (one page at a time: the readers of one page share it).
_LAST_INDEX: list[PageIndex] = []


def page_index(root: Element, *, fresh: bool = False) -> PageIndex:
    """The page's index, built on the first call for ``root`` (or when ``fresh``: the tree may
    have changed since); call it before an extractor changes the tree."""
    if not fresh and _LAST_INDEX and _LAST_INDEX[0].root is root:
        return _LAST_INDEX[0]
    index = PageIndex(root, [], [], [], [], [], [], [], [], {})
    for el in root.iter(etree.Element):
        tag = el.tag
        if tag in _INDEXED_TAGS:
            if tag == "h1":
                index.h1.append(el)
                index.headings.append(el)
            elif tag == "time":
                index.date_named.append(el)
                if el.get("datetime") is not None:
                    index.times.append(el)
            elif tag == "article":
                index.articles.append(el)
            elif tag == "meta":
                content = el.get("content")
                if content:
                    for key in {el.get("property"), el.get("name"), el.get("itemprop")}:
                        if key:
                            index.meta.setdefault(key, []).append(content)
            elif el.get("type") == "application/ld+json":
                index.json_ld.append(el)
        keys = el.keys()  # one call; most elements have no attribute we read, or a class alone
        if not keys or _READ_ATTRIBUTES.isdisjoint(keys):
            continue
        names = el.get("class")
        kind = _class_kind(names) if names else 0
        if len(keys) == 1 and names is not None:
            if kind:
                if kind & _DATE and tag != "time":
                    index.date_named.append(el)
                if kind & _BYLINE:
                    index.bylines.append(el)
                if (tag == "h2" and kind & _TITLE) or (tag == "h3" and kind & _ENTRY_TITLE):
                    index.headings.append(el)
            continue
        itemprop = el.get("itemprop")
        if tag != "h1" and (itemprop == "headline" or (tag == "h2" and kind & _TITLE)
                            or (tag == "h3" and kind & _ENTRY_TITLE)):
            index.headings.append(el)
        if itemprop in _DATE_PROPS:
            index.date_props.append(el)
        id_ = el.get("id")
        if tag != "time" and (kind & _DATE or (id_ and "date" in id_.lower())):
            index.date_named.append(el)
        if kind & _BYLINE or itemprop == "author":
            index.bylines.append(el)
        else:
            rel = el.get("rel")
            if (rel and tag == "a" and "author" in rel.split()) or (id_ and BYLINE_ID.search(id_)) \
                    or "Byline" in (el.get("data-component") or "") \
                    or "yline" in (el.get("data-testid") or ""):
                index.bylines.append(el)
    _LAST_INDEX[:] = [index]
    return index


def in_body(el: Element) -> bool:
    """The element is inside the page's <body>."""
    return next(el.iterancestors("body"), None) is not None
