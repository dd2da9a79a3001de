"""The extractor for every site without its own module: text density over the parsed tree.

1. Drop what is never content: scripts and controls; nav/aside/footer and elements named
   like share bars, related links, comments, ads, bylines or captions, or hidden (unless
   they hold most of the page's text: class names lie); the headline, <time>, small
   <figure>s and schema.org metadata microdata.
2. Score each paragraph-like block by its length and punctuation and credit the score to
   its parent and (half) grandparent; discount every container by its link density. A
   content-like class name adds to a container's score as far as it holds running text.
3. The best container, widened through wrappers that hold nothing else, plus the siblings
   that score close to it or share its class, is the article.
4. Its blocks are kept unless they are link lists or short all-link lines.
5. An unsure body (short, or far from the page's running text: ``is_unsure``) asks a
   second opinion (``second_opinion``: trafilatura), whose body replaces ours with our long
   paragraphs it left out put back; an unsure body a third or less of the article the
   page's JSON-LD states gives way to that.
6. Before a page is refused (``refusal``), the last words, the first with running text
   taken: trafilatura's recall settings, the JSON-LD's article, the page as a browser
   without scripts shows it (``<noscript>``), the data its scripts render it from
   (``declared_body.state_paragraphs``); then a declared article's summary.
7. The datelines, contact and closing lines at the body's edges go, and a sentence said a
   second time is said once (``without_repeats``).

No rule knows any site: everything is the shape of the tree and the density of its text.
``bench/extraction.py`` measures it against trafilatura (docs/extraction.md).
"""

from __future__ import annotations

import copy
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache

from lxml import etree
from lxml import html as lxml_html

from newsflow.bylines import join_authors
from newsflow.services.parser.html import second_opinion
from newsflow.services.parser.html.boilerplate import (
    PROSE_MIN_CHARS,
    headings_of,
    is_dialog,
    is_furniture_line,
    is_keyword_line,
    is_label_heading,
    prose_blocks,
    remove_boilerplate,
    text_content,
    text_weight,
    without_edge_furniture,
)
from newsflow.services.parser.html.declared_body import declared_paragraphs, state_paragraphs
from newsflow.services.parser.html.dom import (
    BLOCK_TAGS,
    NON_CONTENT_TAGS,
    Element,
    block_texts,
    drop,
    drop_all,
    page_index,
    tag_of,
    text_of,
)
from newsflow.services.parser.html.metadata import PageMetadata, byline_authors, page_metadata
from newsflow.services.parser.html.refusal import page_kind, refusal
from newsflow.services.parser.parts import ArticleParts

SCORED_TAGS = frozenset({"p", "pre", "td", "blockquote", "li", "div", "section", "article", "span"})
#: Scored tags that may be the container themselves (a text-bearing div is a paragraph too).
_CONTAINER_TAGS = frozenset({"div", "td", "section", "article", "span"})
#: Blocks shorter than this add nothing to their container's score.
MIN_BLOCK_CHARS = 25
#: Less text than this in the best container is not an article (an index or error page).
MIN_ARTICLE_CHARS = 150
#: A kept sibling must reach this share of the best container's score.
SIBLING_SHARE = 0.2
#: A block whose text is more than this share links is a link list.
MAX_LINK_DENSITY = 0.5
#: A block this short that is (almost) all link is a teaser, not text.
LINK_LINE_MAX_CHARS = 200
#: Microdata that states metadata in the page body (schema.org names), not article text.
METADATA_ITEMPROPS = frozenset({
    "headline", "alternativeHeadline", "author", "creator", "keywords", "datePublished",
    "dateModified", "dateCreated", "image", "thumbnailUrl", "publisher", "mainEntityOfPage",
    "logo", "url", "interactionStatistic", "commentCount", "wordCount", "inLanguage",
})
#: ... when it is no longer than this (a wrapper marked "mainEntityOfPage" holds the article).
METADATA_MAX_CHARS = 300
#: A <figure> with less text than this is a picture and its caption.
FIGURE_MAX_CHARS = 400
_COMMAS = re.compile(r"[,，、،;]")
_POSITIVE = re.compile(r"article|body|content|entry|main|page|post|text|story|detail", re.I)
_NEGATIVE = re.compile(r"hidden|comment|combx|contact|foot|footer|meta|promo|related|scroll|"
                       r"shoutbox|sidebar|sponsor|shopping|tags|tool|widget|byline|author|caption", re.I)


def _direct_text_length(el: Element) -> int:
    n = len((el.text or "").strip())
    for child in el:
        tag = child.tag
        if isinstance(tag, str) and tag not in BLOCK_TAGS:
            n += len(text_content(child).strip())
        tail = child.tail
        if tail:
            n += len(tail.strip())
    return n


def _link_length(a: Element) -> int:
    return len(" ".join(text_content(a).split()))


def _link_density(el: Element, text_length: int) -> float:
    if text_length == 0:
        return 1.0
    return min(1.0, sum(_link_length(a) for a in el.iter("a")) / text_length)


def _link_lengths(root: Element) -> dict[Element, int]:
    """Each link's text length, once (``best_container`` asks for the links of every candidate)."""
    return {a: _link_length(a) for a in root.iter("a")}


def _class_weight(el: Element) -> int:
    return _names_weight(f"{el.get('class') or ''} {el.get('id') or ''}")


@lru_cache(maxsize=8192)
def _names_weight(names: str) -> int:
    """``_class_weight`` of the class and id words ``names`` (pages repeat the same few)."""
    weight = 0
    if _NEGATIVE.search(names):
        weight -= 25
    if _POSITIVE.search(names):
        weight += 25
    return weight


#: A longer block is a row of links (tags, a series) when it has this many links, making
#: more than this share of its text.
LINK_ROW_MIN_LINKS = 3
LINK_ROW_DENSITY = 0.9
#: The label of a teaser line ("Read also:", "LE PUEDE INTERESAR:") is at most this long.
TEASER_LABEL_MAX_CHARS = 40


def _is_link_line(el: Element) -> bool:
    """A short block that is all link: a teaser, a "read more", a related headline; or a link
    after a label that ends with a colon ("Lesen Sie auch: <a>...</a>"). Never one without a
    link (most blocks: asked of every paragraph, item and div of the article)."""
    if next(el.iter("a"), None) is None:
        return False
    text = text_content(el).strip()
    if not text:
        return False
    if len(text) > LINK_LINE_MAX_CHARS:
        # a line of links of any length: tags, "also in this series"
        return _link_density(el, len(text)) > LINK_ROW_DENSITY \
            and sum(1 for _ in el.iter("a")) >= LINK_ROW_MIN_LINKS
    density = _link_density(el, len(text))
    if density > 0.8:
        return True
    if density < 0.4:
        return False
    label = _label_before_link(el)
    return label is not None and 0 < len(label) <= TEASER_LABEL_MAX_CHARS and label.endswith(":")


def _is_tag_link(a: Element) -> bool:
    return "tag" in (a.get("rel") or "").lower().split()


def tag_lists(container: Element) -> list[Element]:
    """The elements around links marked ``rel="tag"`` (HTML's link type for a post's tags and
    categories) that hold nothing else but a label and separators ("Tags: a, b, c"): a
    post's tag list, in any language, wherever it stands and whatever it is named."""
    lists: list[Element] = []
    for a in container.iter("a"):
        if not _is_tag_link(a):
            continue
        parent = a.getparent()
        if parent is None or parent is container or (lists and lists[-1] is parent):
            continue
        tags = [link for link in parent.iter("a") if _is_tag_link(link)]
        rest = len(" ".join(text_content(parent).split())) - sum(_link_length(link) + 2 for link in tags)
        if rest <= TEASER_LABEL_MAX_CHARS:
            lists.append(parent)
    return lists


def _label_before_link(el: Element) -> str | None:
    """The text of ``el`` before its first link, when everything after that link is links."""
    parts = [el.text or ""]
    for child in el.iter():
        if child is el:
            continue
        if tag_of(child) == "a":
            rest = " ".join(" ".join(text_content(a).split()) for a in el.iter("a"))
            whole = " ".join(text_content(el).split())
            label = " ".join("".join(parts).split())
            return label if len(label) + len(rest) + 2 >= len(whole) else None
        parts.append(child.text or "")
        parts.append(child.tail or "")
    return None


#: A sibling before the best container with this much prose is the article's intro.
INTRO_MIN_PROSE = 150
#: ... when prose is at least this share of its text.
INTRO_PROSE_SHARE = 0.6


def _is_prose_block(el: Element, text: str) -> bool:
    """Running text (``boilerplate.prose_blocks``) and little else: the intro or standfirst a
    template puts in its own box above the body, which scores too little to be kept by score."""
    prose = sum(prose_blocks(el).values())
    return prose >= INTRO_MIN_PROSE and prose >= INTRO_PROSE_SHARE * len(text) \
        and _link_density(el, len(text)) < 0.25


#: A container named like the content ("post-content") gets its whole bonus when it holds this
#: share of the page's prose, and less in proportion below it.
NAMED_CONTENT_PROSE_SHARE = 0.5


def _prose_credit(prose: int, page_prose: int) -> float:
    """How far a content-like name is believed: in proportion to the running text the element
    holds. Layout names say "content" too ("justify-content-between", "header-ticker-content"),
    and on a short article their bonus outweighed the article's own few paragraphs."""
    if page_prose <= 0:
        return 1.0
    return min(1.0, prose / (NAMED_CONTENT_PROSE_SHARE * page_prose))


def _prose_within_attached(blocks: dict[Element, int], root: Element) -> dict[Element, int]:
    """``prose_within`` of the ``blocks`` still inside ``root`` (the others were removed with
    their furniture): the prose blocks ``remove_boilerplate`` found, not searched for again
    (0.6-0.8 ms of article_text's 8-10 ms a page)."""
    within: dict[Element, int] = {}
    for block, length in blocks.items():
        chain = [block]
        parent = block.getparent()
        while parent is not None and chain[-1] is not root:
            chain.append(parent)
            parent = parent.getparent()
        if chain[-1] is root:
            for el in chain:
                within[el] = within.get(el, 0) + length
    return within


def best_container(root: Element, blocks: dict[Element, int] | None = None) -> Element | None:
    """The element that holds the article: the best-scoring block container (``blocks``: the
    page's prose blocks, when already found)."""
    scores: dict[Element, float] = {}
    text_lengths: dict[Element, int] = {}
    for el in root.iter(*SCORED_TAGS):
        length = _direct_text_length(el)
        if length < MIN_BLOCK_CHARS:
            continue
        text = text_content(el)
        text_lengths[el] = len(text)
        score = 1.0 + len(_COMMAS.findall(text, 0, 2000)) + min(length / 100, 3.0)
        if el.tag in _CONTAINER_TAGS:
            # a text-bearing div is a paragraph too, and may be the container itself
            scores[el] = scores.get(el, 0.0) + score
        parent = el.getparent()
        if parent is not None:
            scores[parent] = scores.get(parent, 0.0) + score
            grand = parent.getparent()
            if grand is not None:
                scores[grand] = scores.get(grand, 0.0) + score / 2
    if not scores:
        return None
    best, best_rank = None, 0.0
    link_lengths = _link_lengths(root.getroottree().getroot())  # scores reach root's parent too
    prose = _prose_within_attached(prose_blocks(root) if blocks is None else blocks, root)
    page_prose = prose.get(root, 0)
    for el, score in scores.items():
        text_length = text_lengths[el] if el in text_lengths else len(text_content(el))
        linked = sum(link_lengths[a] for a in el.iter("a"))
        density = min(1.0, linked / text_length) if text_length else 1.0
        weight = _class_weight(el)
        adjusted = (score + weight) * (1 - density)
        scores[el] = adjusted
        # the best is chosen believing a content-like name as far as its running text goes;
        # widening and siblings keep the name's whole weight (a standfirst named "article_lead")
        ranked = adjusted if weight <= 0 else (score + weight * _prose_credit(prose.get(el, 0), page_prose)) \
            * (1 - density)
        if ranked > best_rank:
            best, best_rank = el, ranked
    if best is None:
        return None
    best_score = scores[best]
    # a scope below <body> (``headline_scope``) bounds the widening and the siblings
    top = root if tag_of(root) not in {"body", "html"} else None
    # a container that is most of its parent's text is better widened to the parent
    parent = best.getparent()
    while parent is not None and best is not top and tag_of(parent) not in {"body", "html"}:
        if scores.get(parent, 0.0) >= best_score * 0.95:
            best, best_score = parent, scores[parent]
            parent = best.getparent()
        else:
            break
    # a wrapper around nothing but the container: its siblings are the container's siblings
    parent = best.getparent()
    while parent is not None and best is not top and tag_of(parent) not in {"body", "html"} and all(
            child is best or not text_of(child) for child in parent if isinstance(child.tag, str)) \
            and not (parent.text or "").strip():
        best, parent = parent, parent.getparent()
    best.set("data-newsflow-score", f"{best_score:.1f}")
    parent = best.getparent()
    if parent is not None and best is not top and not _whole_article(best):
        precedes_best = True
        for sibling in parent:
            if sibling is best:
                precedes_best = False
            if sibling is best or not isinstance(sibling.tag, str):
                continue
            keep = scores.get(sibling, 0.0) >= max(10.0, best_score * SIBLING_SHARE)
            if not keep:  # its text is read only when its score does not keep it
                text = text_of(sibling)
                same_kind = bool(best.get("class")) and sibling.get("class") == best.get("class") \
                    and tag_of(sibling) == tag_of(best)
                long_enough = (same_kind and len(text) > MIN_BLOCK_CHARS) \
                    or (tag_of(sibling) == "p" and len(text) > 80)
                keep = long_enough and _link_density(sibling, len(text)) < 0.25
                if not keep and precedes_best and len(text) >= INTRO_MIN_PROSE:
                    keep = _is_prose_block(sibling, text)
            sibling.set("data-newsflow-keep", "1" if keep else "0")
        _keep_enclosed_siblings(parent, best)
    return best


#: Set on an ``<article>`` that holds an ``<h1>`` before the headings are stripped.
HEADLINED = "data-newsflow-headlined"


def _whole_article(el: Element) -> bool:
    """An ``<article>`` that holds its headline: the page's markup says where the article
    ends, and what stands beside it (readers' comments, the next story) is not its text."""
    return el.get(HEADLINED) is not None


def _keep_enclosed_siblings(parent: Element, best: Element) -> None:
    """Keep a sibling of the container's kind (tag and class) that kept siblings enclose,
    when it is not mostly links: a paragraph of an article cut into one box a paragraph, whose
    inline link ("... in the journal <a>Nature Astronomy</a>.") put it over the stricter
    density a sibling is kept by on its own."""
    if not best.get("class"):
        return
    children = [el for el in parent if isinstance(el.tag, str)]
    kept = [el is best or el.get("data-newsflow-keep") == "1" for el in children]
    for i, el in enumerate(children):
        if kept[i] or not (any(kept[:i]) and any(kept[i + 1:])):
            continue
        if el.get("class") != best.get("class") or tag_of(el) != tag_of(best):
            continue
        text = text_of(el)
        if len(text) > MIN_BLOCK_CHARS and _link_density(el, len(text)) < MAX_LINK_DENSITY:
            el.set("data-newsflow-keep", "1")


@dataclass(frozen=True)
class Extraction:
    """The paragraphs the generic extractor kept, and how much running text the page had."""

    paragraphs: list[str]
    #: characters of prose blocks (``boilerplate.prose_blocks``) left once furniture is removed
    page_prose: int

    @property
    def length(self) -> int:
        return sum(len(p) for p in self.paragraphs)

    @property
    def prose(self) -> int:
        return sum(len(p) for p in self.paragraphs if len(p) >= PROSE_MIN_CHARS)


#: A body shorter than this, or keeping less than this share of the page's prose, or longer
#: than this many times the page's prose (mostly short lines: lists, menus, teasers), is unsure.
SURE_CHARS = 500
SURE_PROSE_SHARE = 0.65
SURE_MAX_PROSE_MULTIPLE = 2.0
#: The second opinion replaces ours unless it is this much shorter than ours (what it leaves
#: out of ours that is long prose is put back: ``with_missing_prose``).
SECOND_OPINION_MIN_SHARE = 0.15
#: The article the page's JSON-LD states replaces an unsure body that it is this many times
#: as long as: the markup shows a picture's caption or a teaser, a script renders the rest.
DECLARED_MULTIPLE = 3


def is_unsure(extraction: Extraction) -> bool:
    """Short, leaving much of the page's running text out, or much longer than the page's
    running text (short lines taken for the article): worth a second opinion."""
    return extraction.length < SURE_CHARS or extraction.prose < SURE_PROSE_SHARE * extraction.page_prose \
        or extraction.length >= SURE_MAX_PROSE_MULTIPLE * extraction.page_prose


#: Script types that hold markup to be rendered by the page's script (Blogger puts the post there).
TEMPLATE_TYPES = frozenset({"text/template", "text/html", "text/x-template"})


def unwrap_templates(body: Element) -> None:
    """Put the markup of ``<script type="text/template">`` elements in their place when it
    holds more prose than the rest of the page (the post a script renders), not data, and is
    not a dialog (a cookie consent's template holds pages of prose about cookies)."""
    templates: list[tuple[Element, Element]] = []
    for script in body.iter("script"):
        if (script.get("type") or "").strip().lower() not in TEMPLATE_TYPES:
            continue  # its text (a script's code, often long) is not read
        markup = (script.text or "").lstrip()
        if not markup.startswith("<"):
            continue
        try:
            fragment = lxml_html.fragment_fromstring(markup, create_parent="div")
        except (etree.ParserError, ValueError):
            continue
        if not any(is_dialog(el) for el in fragment.iterchildren(etree.Element)):
            templates.append((script, fragment))
    if not templates:
        return
    page_prose = sum(prose_blocks(body).values())
    for script, fragment in templates:
        parent = script.getparent()
        if parent is not None and sum(prose_blocks(fragment).values()) > page_prose:
            fragment.tail = script.tail
            parent.replace(script, fragment)


def article_blocks(root: Element, title: str | None = None) -> list[str]:
    """The article's paragraphs on a generic page; empty if there is no article."""
    return article_text(root, title).paragraphs


def headline_scope(body: Element, title: str | None, blocks: dict[Element, int]) -> Element | None:
    """The part of a page of several articles that holds the one its title names: the widest
    element around the ``<h1>`` that is the title holding no other headline, when it holds an
    article's prose and another headline heads prose of its own (a page that loads the next
    articles below the first as the reader scrolls: the longest of them is not the page's).
    None on a page of one headline, or where the title's heading stands apart from the text
    (a headline box above the body, a site's name as the other ``<h1>``)."""
    if not title:
        return None
    texts = {h: text_of(h) for h in body.iter("h1")}
    if len(texts) < 2 or title not in texts.values() or all(text == title for text in texts.values()):
        return None
    # the headlines' texts under each of their ancestors, in one walk up from each headline
    below: dict[Element, set[str]] = {}
    for heading, text in texts.items():
        for ancestor in heading.iterancestors():
            if ancestor is body:
                break
            below.setdefault(ancestor, set()).add(text)

    def region(heading: Element) -> Element:
        el, parent = heading, heading.getparent()
        while parent is not None and parent is not body and below[parent] == {texts[heading]}:
            el, parent = parent, parent.getparent()
        return el

    prose = _prose_within_attached(blocks, body)
    scope = region(next(h for h, text in texts.items() if text == title))
    if prose.get(scope, 0) < MIN_ARTICLE_CHARS:
        return None
    others = (region(h) for h, text in texts.items() if text != title)
    return scope if any(prose.get(el, 0) >= MIN_ARTICLE_CHARS for el in others) else None


#: The readings of ruby text (``<ruby>子<rt>こ</rt></ruby>``), not the text itself.
RUBY_READINGS = ("rt", "rp", "rtc")


def article_text(root: Element, title: str | None = None) -> Extraction:
    """The article's paragraphs (changing ``root``) and the page's amount of prose; ``title``,
    the page's headline, picks its article on a page of several (``headline_scope``)."""
    body = root.find("body")
    if body is None:
        body = root
    unwrap_templates(body)
    # scripts would count as text, and so would the readings above ruby text (furigana, pinyin);
    # the headline, captions and times are metadata, not body
    etree.strip_elements(body, *NON_CONTENT_TAGS, *RUBY_READINGS, with_tail=False)
    blocks: dict[Element, int] = {}
    page_prose = remove_boilerplate(body, blocks=blocks)
    scope = headline_scope(body, title, blocks)
    if scope is not None:  # the other articles' prose is not this one's to leave out
        page_prose = _prose_within_attached(blocks, scope).get(scope, 0)
    for article in body.iter("article"):
        if next(article.iter("h1"), None) is not None:
            article.set(HEADLINED, "1")
    etree.strip_elements(body, "h1", "figcaption", "time", "sup", with_tail=False)
    drop_all(el for el in body.xpath(".//*[@itemprop]") if el.get("itemprop") in METADATA_ITEMPROPS
             and len(text_content(el)) < METADATA_MAX_CHARS)
    drop_all(el for el in body.iter("figure") if len(text_content(el)) < FIGURE_MAX_CHARS)
    best = best_container(body if scope is None else scope, blocks)
    if best is None:
        return Extraction([], page_prose)
    if _whole_article(best):  # the prose beside the article is not this one's to leave out
        page_prose = _prose_within_attached(blocks, best).get(best, 0)
    parent = best.getparent()
    containers = [best]
    if parent is not None:
        containers = [el for el in parent if el is best or el.get("data-newsflow-keep") == "1"]
    paragraphs: list[str] = []
    for container in containers:
        link_lists = [el for el in container.iter("ul", "ol", "table", "dl")
                      if _link_density(el, len(text_content(el))) > MAX_LINK_DENSITY]
        link_lists += [el for el in container.iter("p", "li", "div", "h2", "h3", "h4", "h5", "h6")
                       if _is_link_line(el)]
        link_lists += tag_lists(container)
        drop_all([*link_lists, *headings_of(link_lists)])
        if container is containers[-1]:
            drop_trailing_headings(container)
        paragraphs.extend(p for p in block_texts(container) if not is_furniture_line(p))
    return Extraction(paragraphs, page_prose)


#: Section headings: one that nothing follows heads nothing of the article.
SECTION_HEADINGS = ("h2", "h3", "h4", "h5", "h6")


def _text_after(el: Element, container: Element) -> bool:
    """Whether any text follows ``el`` inside ``container`` (its tail, its following siblings',
    its ancestors' following siblings' and tails up to ``container``)."""
    node = el
    while node is not container:
        if (node.tail or "").strip():
            return True
        if any(text_content(sibling).strip() or (sibling.tail or "").strip()
               for sibling in node.itersiblings(etree.Element)):
            return True
        parent = node.getparent()
        if parent is None:
            return False
        node = parent
    return False


def drop_trailing_headings(container: Element) -> None:
    """Drop the headings at the end of ``container`` that no text follows, each a block's
    label (``is_label_heading``: short, not a sentence): the titles of blocks taken out as
    furniture ("Related articles", "Mehr zum Thema", "Te puede interesar"), whatever their
    language, left behind by the blocks they headed."""
    while True:
        headings = list(container.iter(*SECTION_HEADINGS))
        if not headings or not is_label_heading(text_of(headings[-1])) \
                or _text_after(headings[-1], container):
            return
        drop(headings[-1])


def _too_short(paragraphs: list[str]) -> bool:
    """Less than an article's worth of text, in any script (``text_weight``)."""
    length = sum(len(p) for p in paragraphs)
    return length < MIN_ARTICLE_CHARS and sum(text_weight(p) for p in paragraphs) < MIN_ARTICLE_CHARS


def _without_prose(paragraphs: list[str]) -> bool:
    """Short lines only (headlines of a listing), no running text, in any script."""
    weights = (text_weight(p) for p in paragraphs)
    return sum(w for w in weights if w >= PROSE_MIN_CHARS) < MIN_ARTICLE_CHARS


#: A paragraph of ours this long that the second opinion left out is put back ...
KEPT_PROSE_CHARS = 200
#: ... when less than this share of its 4-word shingles is in the second opinion's body.
KEPT_PROSE_SHARED = 0.3
_WORD = re.compile(r"\w+")


def _shingles(text: str) -> Counter[tuple[str, ...]]:
    words = _WORD.findall(text.casefold())
    if len(words) < 4:
        return Counter([tuple(words)]) if words else Counter()
    return Counter(tuple(words[i:i + 4]) for i in range(len(words) - 3))


def with_missing_prose(theirs: list[str], ours: list[str]) -> list[str]:
    """The second opinion's paragraphs, with ours' long paragraphs of running text it left out
    put back where they stand in ours (after the paragraph theirs shares with ours before it):
    trafilatura's precision settings drop a long paragraph now and then."""
    their_shingles = _shingles("\n".join(theirs))
    index = {" ".join(p.split()): i for i, p in enumerate(theirs)}
    inserts: dict[int, list[str]] = {}
    after = -1  # the paragraph of theirs the last shared one of ours is
    for paragraph in ours:
        shared = index.get(" ".join(paragraph.split()))
        if shared is not None:
            after = shared
            continue
        if len(paragraph) < KEPT_PROSE_CHARS:
            continue
        mine = _shingles(paragraph)
        if sum((mine & their_shingles).values()) < KEPT_PROSE_SHARED * sum(mine.values()):
            inserts.setdefault(after, []).append(paragraph)
    if not inserts:
        return theirs
    merged = list(inserts.get(-1, []))
    for i, paragraph in enumerate(theirs):
        merged.append(paragraph)
        merged.extend(inserts.get(i, []))
    return merged


#: A table of the second opinion whose every row has at most this many cells of text is a
#: layout table (boxes placed on the page, not data) ...
LAYOUT_ROW_MAX_CELLS = 1
#: ... and its rows are left out when less than this share of their shingles is in our body.
LAYOUT_ROW_SHARED = 0.5
_RULE_CELL = re.compile(r"^:?-+:?$")


def _text_cells(cells: list[str]) -> int:
    return sum(1 for cell in cells if cell and not _RULE_CELL.match(cell))


def without_unfound_layout_rows(theirs: list[str], ours: list[str]) -> list[str]:
    """The second opinion's paragraphs without the rows of layout tables (every row one cell
    of text at most, the rows of one table being consecutive lines) whose text our body does
    not hold: trafilatura writes every table out, and a layout table's other boxes are the
    page's furniture ("further articles", a sidebar's links), which ours left out by the
    tree's structure; so are its rows without text. A data table's rows (a heading row of one
    cell among them) stay."""
    rows = [second_opinion.table_cells(p) for p in theirs]
    layout = [False] * len(theirs)
    i = 0
    while i < len(theirs):
        if rows[i] is None:
            i += 1
            continue
        j = i
        while j < len(theirs) and rows[j] is not None:
            j += 1
        if all(_text_cells(cells) <= LAYOUT_ROW_MAX_CELLS for cells in rows[i:j] if cells is not None):
            layout[i:j] = [True] * (j - i)
        i = j
    if not any(layout):
        return theirs
    mine = _shingles("\n".join(ours))
    kept = []
    for paragraph, in_layout in zip(theirs, layout, strict=True):
        if in_layout:
            row = _shingles(paragraph)
            if not row or sum((row & mine).values()) < LAYOUT_ROW_SHARED * sum(row.values()):
                continue
        kept.append(paragraph)
    return kept


def _agreed_brief(ours: list[str], theirs: list[str]) -> bool:
    """A brief too short for an article by length alone, but prose (a paragraph of running
    text) that both extractors found, word for word: a short article, not an empty page."""
    def words(paragraphs: list[str]) -> str:
        return " ".join(" ".join(paragraphs).split()).casefold()

    return bool(ours) and words(ours) == words(theirs) \
        and any(text_weight(p) >= PROSE_MIN_CHARS for p in ours)


#: The headline of the second opinion's text is looked for in this many first lines; the
#: lines before it are a kicker or a section's label when each is at most this long.
HEADLINE_LINES = 3
KICKER_MAX_CHARS = 60


def _is_summary(meta: PageMetadata) -> bool:
    """The page declares an article and a description of running text (not keywords)."""
    description = meta.description or ""
    return meta.declares_article and text_weight(description) >= PROSE_MIN_CHARS \
        and not is_keyword_line(description)


def _without_headline(paragraphs: list[str], title: str | None) -> list[str]:
    """The body without a first line that is the headline (trafilatura's text starts with
    it on some pages; the Article has it as its title), and without the short lines above it
    (a kicker, a section's label: "Review")."""
    if not title:
        return paragraphs
    headline = " ".join(title.split()).casefold()
    for i, line in enumerate(paragraphs[:HEADLINE_LINES]):
        if " ".join(line.split()).casefold() == headline:
            if all(len(p) <= KICKER_MAX_CHARS for p in paragraphs[:i]):
                return paragraphs[i + 1:]
            break
    return paragraphs


#: A paragraph at least this long (``text_weight``) said a second time is a repeat ...
REPEAT_MIN_CHARS = 80
#: ... when it is a sentence (ends as one, in any script: a list's items repeat, a text does not) ...
_SENTENCE_CLOSE = re.compile(r"[.!?。！？…।॥။؟۔]['\"”’»)）」』]*\s*$")
#: ... or is running text of a script that ends no sentence with a mark (Thai, Lao, Khmer: a
#: space sets sentences apart).
_UNMARKED_SENTENCES = re.compile(r"[\u0e00-\u0eff\u1780-\u17ff]{8}")


def _is_sentences(paragraph: str) -> bool:
    return _SENTENCE_CLOSE.search(paragraph) is not None \
        or (_UNMARKED_SENTENCES.search(paragraph) is not None and " " in paragraph.strip())


def without_repeats(paragraphs: list[str]) -> list[str]:
    """``paragraphs`` without the second and later copies of a paragraph of running text: a
    pull quote set again beside the text, a promotion or a box the page shows twice."""
    seen: set[str] = set()
    kept = []
    for paragraph in paragraphs:
        key = " ".join(paragraph.split()).casefold()
        if key in seen:
            continue
        if text_weight(paragraph) >= REPEAT_MIN_CHARS and _is_sentences(paragraph):
            seen.add(key)
        kept.append(paragraph)
    return kept


def _recalled(spare: Element, url: str, title: str | None) -> list[str]:
    """trafilatura's recall settings' body of ``spare`` (changed), without its headline and
    keyword lines; empty when trafilatura is not installed."""
    if not second_opinion.available():
        return []
    theirs = second_opinion.trafilatura_paragraphs(spare, url, recall=True)
    return [p for p in _without_headline(theirs, title) if not is_keyword_line(p)]


def _noscript_text(root: Element, title: str | None) -> list[str]:
    """Our body of ``root`` (changed) as a browser without scripts shows it: its ``<noscript>``
    elements' content in their place (a page that renders its article by script may give it
    there)."""
    for el in root.iter("noscript"):
        el.tag = "div"
    return article_text(root, title).paragraphs


def extract(root: Element, url: str, *, fetched_at: datetime | None = None) -> ArticleParts:
    meta = page_metadata(root, url, fetched_at=fetched_at)
    authors = meta.authors or byline_authors(root, url, meta.site_name) or meta.site_authors
    captions = list(dict.fromkeys(c for c in (text_of(fc) for fc in root.iter("figcaption")) if c))
    ld_scripts = [script.text or "" for script in page_index(root).json_ld]  # article_text strips them
    pristine = copy.deepcopy(root)  # a third of the parse's time: the second opinion and refusals read it
    extraction = article_text(root, meta.title)
    paragraphs = extraction.paragraphs
    # what kind of page has no article of ours, read before trafilatura changes the copy
    kind = page_kind(pristine) if _too_short(extraction.paragraphs) else None
    # a page that may be refused keeps a copy for the last word (the second opinion changes its tree)
    spare = copy.deepcopy(pristine) if kind in ("listing_page", "no_article_text") else None
    # ... and, when it has any, one to show its <noscript> text in
    noscript = copy.deepcopy(spare) if spare is not None and spare.find(".//noscript") is not None else None
    # ... and the data its scripts hold (trafilatura strips the scripts from that copy)
    app_data = [] if spare is None else [
        script.text or "" for script in spare.iter("script")
        if script.get("src") is None and (script.get("type") or "").strip().lower() != "application/ld+json"]
    other: list[str] = []
    if is_unsure(extraction) and second_opinion.available():
        theirs = second_opinion.trafilatura_paragraphs(pristine, url)
        other = [p for p in _without_headline(theirs, meta.title) if not is_furniture_line(p)
                 and not (is_keyword_line(p) and p not in paragraphs)]
        if sum(len(p) for p in other) >= max(SECOND_OPINION_MIN_SHARE * extraction.length,
                                             min(MIN_ARTICLE_CHARS, extraction.length + 1)) \
                and not (kind == "listing_page" and _without_prose(other)):
            if extraction.length >= MIN_ARTICLE_CHARS:
                other = without_unfound_layout_rows(other, extraction.paragraphs)
            paragraphs = with_missing_prose(other, extraction.paragraphs)
    length = sum(len(p) for p in paragraphs)
    if ld_scripts and is_unsure(extraction) and not _too_short(paragraphs):
        # the markup's text is a small part of the article its JSON-LD states (a script renders it)
        declared = [p for p in declared_paragraphs(ld_scripts) if not is_furniture_line(p)]
        if sum(map(len, declared)) >= DECLARED_MULTIPLE * length and not _without_prose(declared):
            paragraphs, length = declared, sum(len(p) for p in declared)
    if _too_short(paragraphs) and not (kind == "no_article_text" and _agreed_brief(paragraphs, other)):
        # before a refusal: the last words, in order, the first that holds running text taken
        last_words: list[Callable[[], list[str]]] = [
            # trafilatura's recall settings
            lambda: _recalled(spare, url, meta.title) if spare is not None else [],
            # the article the page's JSON-LD declares
            lambda: declared_paragraphs(ld_scripts),
            # the article the page shows a browser without scripts
            lambda: _noscript_text(noscript, meta.title) if noscript is not None else [],
            # the article in the data the page's scripts render it from
            lambda: state_paragraphs(app_data, meta.title),
        ]
        for last_word in last_words:
            found = [p for p in last_word() if not is_furniture_line(p)]
            if not _without_prose(found):
                paragraphs, length = found, sum(len(p) for p in found)
                break
        else:
            if kind != "error_page" and _is_summary(meta):
                # a page that says it is an article, whose text nothing finds (a video's page,
                # a paywall's teaser), is at least the summary it states
                paragraphs = [meta.description or ""]
            else:
                raise refusal(kind or page_kind(pristine), length, MIN_ARTICLE_CHARS)
    paragraphs = without_repeats(without_edge_furniture(paragraphs) or paragraphs)
    return ArticleParts(
        title=meta.title or "",
        title_source="explicit",
        paragraphs=paragraphs,
        lead=meta.description if meta.description and meta.description in paragraphs[:1] else None,
        captions=captions,
        author=join_authors(authors),
        canonical_url=meta.canonical_url or url,
        published_at=meta.published_at,
        updated_at=meta.updated_at,
        declared_language=meta.declared_language,
        tags=meta.tags,
        section=meta.section,
        images=meta.images,
    )
