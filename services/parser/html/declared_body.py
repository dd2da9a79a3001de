"""The article text a page declares in its JSON-LD, for pages whose markup does not show it.

Some pages render their article with a script from data in the page: the markup holds a
"please update your browser" line and navigation, while the page's JSON-LD states the
article (``articleBody``, a CreativeWork's ``text``) or a guide's description and steps
(``HowTo``, ``Recipe``). Neither extractor reads JSON-LD, so such a page was refused as "no
article". Asked when the extracted body has no running text, or is unsure and a third or
less of what the JSON-LD states (a picture's caption in the markup; ``generic.extract``).
"""

from __future__ import annotations

from typing import Any

from lxml import etree
from lxml import html as lxml_html

from newsflow.language.normalize import clean_line
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
