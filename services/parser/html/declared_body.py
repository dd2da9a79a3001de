"""The article text a page declares in its JSON-LD, for pages whose markup does not show it.

Some pages render their article with a script from data in the page: the markup holds a
"please update your browser" line and navigation, while the page's JSON-LD states the
article (``articleBody``, a CreativeWork's ``text``) or a guide's description and steps
(``HowTo``, ``Recipe``). Neither extractor reads JSON-LD, so such a page was refused as "no
article". Asked when the extracted body has no running text, or is unsure and a third or
less of what the JSON-LD states (a picture's caption in the markup; ``generic.extract``).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

from lxml import etree
from lxml import html as lxml_html

from newsflow.language.normalize import clean_line
from newsflow.services.parser.html.boilerplate import text_weight
from newsflow.services.parser.html.dom import block_texts, json_ld_objects

#: Items that are not the page's article (a site, a publisher, a person, a comment, a list).
_NOT_ARTICLE_TYPES = ("WebSite", "Organization", "Person", "Comment", "Brand", "Place", "Offer",
                      "BreadcrumbList", "ItemList", "SiteNavigationElement", "ImageObject", "VideoObject")
#: Keys of the article's own text, in the order they are read.
_BODY_KEYS = ("articleBody", "text")
#: Keys of a guide's steps (each a HowToStep or a section of them, or a plain string).
_STEP_KEYS = ("step", "recipeInstructions")
_NESTING_KEYS = ("mainEntity", "mainEntityOfPage", "@graph")


def _kinds(item: dict[str, Any]) -> list[str]:
    kind = item.get("@type")
    return [k for k in (kind if isinstance(kind, list) else [kind]) if isinstance(k, str)]


def _paragraphs(value: str) -> list[str]:
    """A declared text as paragraphs: its markup's blocks when it holds HTML, else its lines."""
    if "<" in value:
        try:
            return block_texts(lxml_html.fragment_fromstring(value, create_parent="div"))
        except (etree.ParserError, ValueError):
            pass
    return [line for line in (clean_line(part) for part in value.splitlines()) if line]


def _step_texts(value: Any) -> list[str]:
    """The texts of a guide's steps, depth first: a step's ``name`` only when it has no text."""
    if isinstance(value, str):
        return _paragraphs(value)
    if isinstance(value, list):
        return [p for v in value for p in _step_texts(v)]
    if not isinstance(value, dict):
        return []
    if isinstance(value.get("text"), str):
        return _paragraphs(value["text"])
    nested = value.get("itemListElement")
    if nested is not None:
        return _step_texts(nested)
    return _paragraphs(value["name"]) if isinstance(value.get("name"), str) else []


def declared_paragraphs(scripts: list[str]) -> list[str]:
    """The article's paragraphs as the page's JSON-LD scripts (their texts) state them: the
    first article-like item's ``articleBody`` or ``text``, else a guide's description and the
    texts of its steps; empty when none states one."""
    for item in json_ld_objects(scripts, _NESTING_KEYS):
        kinds = _kinds(item)
        if not kinds or any(k in _NOT_ARTICLE_TYPES for k in kinds):
            continue
        for key in _BODY_KEYS:
            value = item.get(key)
            if isinstance(value, str) and value.strip():
                return _paragraphs(value)
        steps = next((item[k] for k in _STEP_KEYS if item.get(k)), None)
        if steps is not None:
            description = item.get("description")
            lead = _paragraphs(description) if isinstance(description, str) else []
            return [*lead, *_step_texts(steps)]
    return []


#: Where a script's data starts: the script itself, or what it assigns or passes
#: ("window.__STATE__ = {...}", "self.__next_f.push([...])"), within its first characters.
_DATA_START = re.compile(r"(?:^|[=(;,]\s*)(?=[\[{])")
DATA_START_CHARS = 2000
#: A sentence's end in any script.
_SENTENCE_END = re.compile(r"[.!?…](?:\s|$)|[。！？]")
#: A paragraph of the data's prose: at least this long (``text_weight``) ...
STATE_PROSE_MIN_CHARS = 80
#: ... this share of it letters and spaces (not code, a URL, a list of names), its words at
#: most this long on average (not base64) ...
STATE_LETTER_SHARE = 0.8
STATE_MAX_WORD_CHARS = 15
#: ... a group of them (the strings at one place of the data's shape: every item's "content"
#: of "content_elements") at least this many and this long ...
STATE_MIN_PARAGRAPHS = 3
STATE_MIN_CHARS = 300
#: ... and this share of the headline's letter trigrams in its first paragraphs: the page's
#: own article, not the others an app's cache holds, nor a cookie notice's texts.
STATE_HEADLINE_SHARE = 0.45
STATE_HEADLINE_PARAGRAPHS = 4


def _is_state_prose(line: str) -> bool:
    if text_weight(line) < STATE_PROSE_MIN_CHARS or any(c in line for c in "{}<>=|\\"):
        return False
    if sum(ch.isalpha() or ch.isspace() for ch in line) < STATE_LETTER_SHARE * len(line):
        return False
    words = len(line.split())
    if words < 3 and line.isascii():  # a spaced script's sentence has words
        return False
    if words >= 3 and len(line) > STATE_MAX_WORD_CHARS * words:
        return False
    return _SENTENCE_END.search(line) is not None


def _strings(value: Any, shape: tuple[str, ...]) -> Iterator[tuple[tuple[str, ...], str]]:
    """Every string of a JSON value with its place in the value's shape (list positions as "*")."""
    stack: list[tuple[Any, tuple[str, ...]]] = [(value, shape)]
    while stack:
        value, shape = stack.pop()
        if isinstance(value, str):
            yield shape, value
        elif isinstance(value, dict):
            stack.extend((v, (*shape, str(k))) for k, v in reversed(value.items()))
        elif isinstance(value, list):
            stack.extend((v, (*shape, "*")) for v in reversed(value))


def _trigrams(text: str) -> set[str]:
    letters = "".join(ch for ch in text.casefold() if ch.isalnum())
    return {letters[i:i + 3] for i in range(len(letters) - 2)}


def state_paragraphs(scripts: list[str], headline: str | None) -> list[str]:
    """The article's paragraphs as the data a page's scripts render it from holds them (a
    JavaScript app's state: Next.js' ``__NEXT_DATA__``, Apollo's cache, Arc's
    ``content_elements``), for a page whose markup shows none of it: the heaviest group of
    prose strings at one place of the data's shape whose first paragraphs share the headline's
    words; empty when none does. The last word before a page is refused."""
    wanted = _trigrams(headline or "")
    if not wanted:
        return []
    groups: dict[tuple[str, ...], list[str]] = {}
    for number, text in enumerate(scripts):
        text = text.strip()
        for start in _DATA_START.finditer(text[:DATA_START_CHARS]):
            try:
                data, _end = json.JSONDecoder().raw_decode(text, start.end())
            except (ValueError, RecursionError):
                continue
            for shape, value in _strings(data, (str(number),)):
                if len(value) >= STATE_PROSE_MIN_CHARS // 3:
                    prose = [p for p in _paragraphs(value) if _is_state_prose(p)]
                    if prose:
                        groups.setdefault(shape, []).extend(prose)
            break
    best: list[str] = []
    for group in groups.values():
        paragraphs = list(dict.fromkeys(group))
        weight = sum(map(text_weight, paragraphs))
        heavier = weight >= STATE_MIN_CHARS and weight > sum(map(text_weight, best))
        if len(paragraphs) < STATE_MIN_PARAGRAPHS or not heavier:
            continue
        shared = _trigrams(" ".join(paragraphs[:STATE_HEADLINE_PARAGRAPHS])) & wanted
        if len(shared) >= STATE_HEADLINE_SHARE * len(wanted):
            best = paragraphs
    return best
