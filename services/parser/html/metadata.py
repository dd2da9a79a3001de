"""Page metadata: title, canonical URL, times, authors, tags, section, images, declared language.

Read from what publishers put in the head (Open Graph, article:*, JSON-LD, <link
rel=canonical>) and from the few in-page markers every CMS uses (<time datetime>). The
publication and update times are decided in ``dates`` (the page's statements, the date
below the headline, htmldate where they are missing or disagree); they are timezone-aware.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime, tzinfo
from itertools import chain, takewhile
from typing import Any
from urllib.parse import urljoin, urlsplit

from newsflow.bylines import (
    NAME_MAX_CHARS,
    author_names,
    introduced_names,
    introduces_a_name,
    names_a_publication,
)
from newsflow.events import ArticleImage
from newsflow.language.normalize import clean_line
from newsflow.services.parser.html.dates import (
    VIETNAM_TIME,
    json_ld_items,
    page_dates,
    read_time,
    site_timezone,
)
from newsflow.services.parser.html.dom import Element, page_index, tag_of, text_of
from newsflow.urls import host_of

__all__ = ["VIETNAM_TIME", "PageMetadata", "byline_authors", "canonical_url", "page_metadata", "page_title",
           "parse_time", "site_timezone", "strip_site_name"]
#: Characters of the scripts written without spaces between words (Han, kana, Thai, Lao,
#: Khmer, Myanmar): there a title's parts are set apart without spaces ("标题_新浪新闻",
#: "标题－中国新闻网", "見出し｜日経"; not a dash, which a Chinese headline writes inside it:
#: "主标题——副标题").
_UNSPACED = "\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_TITLE_SEPARATORS = re.compile(r"\s+(?:[|–—»•⋆·~]|-|::|/)\s+|"
                               rf"(?<=[{_UNSPACED}])\s*[_|｜－-]\s*(?=[{_UNSPACED}])")
_UNSPACED_CHAR = re.compile(f"[{_UNSPACED}]")
#: A heading in such a script agrees with a title that begins with its letters, when
#: it has at least this many and makes at least this share of the title's.
UNSPACED_HEADING_MIN_CHARS = 5
UNSPACED_HEADING_SHARE = 0.5
HEADLINE_MAX_CHARS = 300
_LETTERS = re.compile(r"[\W_]+")


@dataclass
class PageMetadata:
    title: str | None = None
    description: str | None = None
    canonical_url: str | None = None
    published_at: datetime | None = None
    updated_at: datetime | None = None
    authors: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    section: str | None = None
    images: list[ArticleImage] = field(default_factory=list)
    declared_language: str | None = None
    site_name: str | None = None
    #: Author values that name the site itself ("telebasel" on telebasel.ch, a blog named
    #: after its writer): a last resort when no person is named anywhere on the page.
    site_authors: list[str] = field(default_factory=list)
    #: The page says it is an article (an Article-like JSON-LD item, ``og:type`` article, an
    #: ``article:published_time``), not a listing or the site's front page.
    declares_article: bool = False


def parse_time(value: str | None, assume_tz: tzinfo | None = None) -> datetime | None:
    """An ISO 8601 or day/month/year time, timezone-aware; None if unreadable or zoneless.

    A time written without an offset gets ``assume_tz``; without one it is dropped.
    """
    read = read_time(value)
    if read is None:
        return None
    parsed = read[0]
    if parsed.tzinfo is None:
        if assume_tz is None:
            return None
        parsed = parsed.replace(tzinfo=assume_tz)
    return parsed


def _meta(root: Element, *names: str) -> list[str]:
    index = page_index(root).meta
    values: list[str] = []
    for name in names:
        for raw in index.get(name, ()):
            content = clean_line(raw)
            if content and content not in values:
                values.append(content)
    return values


def _first(values: list[str]) -> str | None:
    return values[0] if values else None


def _ld_article(items: list[dict[str, Any]]) -> dict[str, Any]:
    for item in items:
        kind = item.get("@type")
        kinds = kind if isinstance(kind, list) else [kind]
        if any(isinstance(k, str) and ("Article" in k or k in {"BlogPosting", "Report"}) for k in kinds):
            return item
    return {}


def _ld_item(items: list[dict[str, Any]], types: tuple[str, ...]) -> dict[str, Any]:
    """The first JSON-LD item of one of ``types`` ({} if none)."""
    for item in items:
        kind = item.get("@type")
        if any(k in types for k in (kind if isinstance(kind, list) else [kind]) if isinstance(k, str)):
            return item
    return {}


def _with_references(ld: dict[str, Any], items: list[dict[str, Any]]) -> dict[str, Any]:
    """The article item with its ``author`` and ``publisher`` references (``{"@id": ...}``, as
    Yoast's ``@graph`` writes them) replaced by the items they name."""
    ids = {item["@id"]: item for item in items if isinstance(item.get("@id"), str) and len(item) > 1}

    def resolved(value: Any) -> Any:
        if isinstance(value, list):
            return [resolved(v) for v in value]
        if isinstance(value, dict) and "name" not in value and isinstance(value.get("@id"), str):
            return ids.get(value["@id"], value)
        return value

    if not ids or not ld:
        return ld
    return {**ld, **{key: resolved(ld[key]) for key in ("author", "publisher") if key in ld}}


def _ld_names(value: Any) -> list[str]:
    if isinstance(value, str):
        return [clean_line(value)] if clean_line(value) else []
    if isinstance(value, dict):
        return _ld_names(value.get("name"))
    if isinstance(value, list):
        return [name for v in value for name in _ld_names(v)]
    return []


def strip_site_name(title: str, site_name: str | None) -> str:
    """"Headline - Báo Nhân Dân" -> "Headline" (the longest part of a separated title)."""
    parts = [p for p in _TITLE_SEPARATORS.split(title) if p.strip()]
    if len(parts) < 2:
        return title
    if site_name:
        kept = [p for p in parts if p.strip().lower() != site_name.strip().lower()]
        if kept and len(kept) < len(parts):
            return " - ".join(kept)
    return max(parts, key=len)


def _letters(text: str) -> str:
    return _LETTERS.sub("", text.casefold())


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text.casefold())


def names_the_site(part: str, site_names: list[str], host: str) -> bool:
    """A part of a title that is the site's name: its og:site_name or publisher, or its
    host's name ("California Globe" on californiaglobe.com, "apolut.net")."""
    key = _letters(part)
    if not key:
        return True
    if any(key == _letters(name) for name in site_names if name):
        return True
    labels = [label for label in host.removeprefix("www.").split(".") if label]
    host_key = _letters("".join(labels[:-1]) if len(labels) > 1 else "".join(labels))
    return len(key) >= 4 and bool(host_key) and (key == host_key or key == _letters(host)
                                                  or (key in host_key and len(key) >= 0.6 * len(host_key))
                                                  or (host_key in key and len(host_key) >= 0.6 * len(key)))


def without_site_name(title: str, site_names: list[str], host: str) -> str:
    """``title`` without the site's name at either end ("Headline | Site", "Site: Headline")."""
    pieces = _TITLE_SEPARATORS.split(title)
    separators = _TITLE_SEPARATORS.findall(title)
    start, end = 0, len(pieces)
    while end - start > 1 and names_the_site(pieces[end - 1], site_names, host):
        end -= 1
    while end - start > 1 and names_the_site(pieces[start], site_names, host):
        start += 1
    if (start, end) == (0, len(pieces)):
        head, colon, rest = title.partition(": ")
        if colon and rest and names_the_site(head, site_names, host):
            return rest.strip()
        return title.strip()
    out = pieces[start]
    for index in range(start + 1, end):
        out += separators[index - 1] + pieces[index]
    return out.strip()


def _headings(root: Element) -> list[str]:
    texts = []
    for el in page_index(root).headings[:12]:
        text = text_of(el)
        if 2 <= len(text) <= HEADLINE_MAX_CHARS and text not in texts:
            texts.append(text)
    return texts


def _agrees(heading: str, title: str) -> bool:
    """The heading is the title, or the title begins or ends with it ("Headline von jemand",
    "Kicker: Headline"), or the title is the heading cut short ("Headline that goes…")."""
    if _UNSPACED_CHAR.search(heading):  # no spaces between its words: compare the letters
        hk, tk = _letters(heading), _letters(title)
        if len(hk) >= UNSPACED_HEADING_MIN_CHARS and len(hk) >= UNSPACED_HEADING_SHARE * len(tk) \
                and tk.startswith(hk):  # not its end, where the site's name stands
            return True
    h, t = _words(heading), _words(title)
    if not h or not t:
        return False
    if h == t or (len(h) >= 3 and (t[:len(h)] == h or t[-len(h):] == h)):
        return True
    if title.rstrip().endswith(("…", "...")):
        t = t[:-1]  # the last word may be cut
    return len(t) >= 3 and h[:len(t)] == t and len(t) >= 0.6 * len(h)


def page_title(root: Element, url: str | None, site_names: list[str], ld_headline: str | None) -> str | None:
    """The headline: the page's heading when its og:title, JSON-LD headline or <title> agree
    with it (without the site's name), else og:title or the JSON-LD headline without the
    site's name, else <title> without it, else the first heading."""
    host = host_of(url) if url else ""
    title_el = root.find(".//title")
    declared = [t for t in (*_meta(root, "og:title", "twitter:title"), ld_headline) if t]
    declared = [without_site_name(t, site_names, host) for t in declared]
    declared = [t for t in declared if t and not names_the_site(t, site_names, host)]
    page = clean_line(title_el.text_content()) if title_el is not None else ""
    page_parts = [without_site_name(page, site_names, host)] if page else []
    # each part but the last, where the site's name stands ("Kicker | Headline | Site")
    page_parts += [p for p in _TITLE_SEPARATORS.split(page)[:-1] if p.strip()] if page else []
    page_parts = [p for p in page_parts if p and not names_the_site(p, site_names, host)]
    headings = _headings(root)
    for heading in headings:
        if any(_agrees(heading, t) for t in (*declared, *page_parts)):
            return heading
    if declared:
        return declared[0]
    if page_parts:
        return page_parts[0] if _TITLE_SEPARATORS.search(page_parts[0]) is None else \
            strip_site_name(page_parts[0], site_names[0] if site_names else None)
    return headings[0] if headings else None


def _absolute_http_url(href: str, base: str | None) -> str | None:
    """``href`` resolved against ``base`` if it is an http(s) URL with a host; else None."""
    try:
        absolute = urljoin(base, href.strip()) if base else href.strip()
        parts = urlsplit(absolute)
        if parts.scheme in {"http", "https"} and parts.hostname:
            return absolute
    except ValueError:  # e.g. "http://[bad" (an invalid IPv6 host)
        pass
    return None


def canonical_url(root: Element, url: str | None) -> str | None:
    candidates = [link.get("href") or "" for link in root.xpath("//link[@href]")
                  if "canonical" in (link.get("rel") or "").lower().split()]
    candidates += _meta(root, "og:url")
    for href in candidates:
        absolute = _absolute_http_url(href, url)
        if absolute:
            return absolute
    return None


#: Meta tags that name the author, after JSON-LD's ``author``.
AUTHOR_METAS = ("author", "article:author", "dc.creator", "dcterms.creator", "citation_author",
                "parsely-author", "sailthru.author", "byl", "authors", "dc:creator", "dc.creator.aut",
                "dcterms.creator.aut", "dcsext.author", "rbauthors", "shareaholic:article_author_name")
_NOT_ARTICLE_BYLINE = re.compile(r"comment|respond|reply|related|teaser", re.IGNORECASE)
_DOMAIN_LIKE = re.compile(r"\b(?:www\.)?[\w-]+\.(?:[a-z]{2,3}|info|online|news|media)\b", re.IGNORECASE)


def is_a_person(name: str, site_names: list[str], host: str) -> bool:
    """An author value that names someone, not the site ("Badische Zeitung", "ORF.at") or a URL."""
    if "://" in name or "@" in name or _DOMAIN_LIKE.search(name) or names_a_publication(name, None):
        return False  # a publication: "Báo Tiền Phong", "Tạp chí Cộng sản", "... điện tử"
    return not names_the_site(name, site_names, host)


def declared_authors(root: Element, ld: dict[str, Any], site_names: list[str],
                     host: str) -> tuple[list[str], list[str]]:
    """The people JSON-LD ``author`` or the author meta tags name, without "By"; and apart,
    the values that name the site itself."""
    values = _ld_names(ld.get("author")) or _meta(root, *AUTHOR_METAS)
    people: list[str] = []
    site: list[str] = []
    for value in values:
        # a value that is no byline kept whole when it could be a name (a comma would part it in the event)
        whole = [value] if len(value) <= NAME_MAX_CHARS and "," not in value else []
        for name in author_names(value) or whole:
            if "://" in name or "@" in name:
                continue
            kept = people if is_a_person(name, site_names, host) else site
            if name not in kept:
                kept.append(name)
    return people, site


def byline_authors(root: Element, url: str | None, site_name: str | None = None) -> list[str]:
    """The people the page's byline elements name (when its metadata names nobody): the
    first byline with a full name ("Barbara Stiegler" after a bare "Auteurs" heading), else
    the first with a single word (a handle: "flerche", "Redaktion"), else a line that
    introduces a name ("Von Anna Beispiel"); then, less sure, a byline with a date in it
    ("Georg Quaas, 21. Jan. 2015"), a link to an author's page, a bold closing line."""
    host = host_of(url) if url else ""
    site_names = [site_name] if site_name else []
    full, single, dated = _byline_names(root, host, site_names)
    return full or single or introduced_authors(root, host, site_names) or dated \
        or linked_authors(root, host, site_names) or closing_authors(root, host, site_names)


def byline_element_names(root: Element, url: str | None, site_name: str | None = None) -> list[str]:
    """The full names of the first byline element that has one (``byline_authors``' first answer)."""
    return _byline_names(root, host_of(url) if url else "", [site_name] if site_name else [])[0]


def _byline_names(root: Element, host: str, site_names: list[str]) -> tuple[list[str], list[str], list[str]]:
    """(the names of the first byline element with a full name, of the first with a single
    word, the full names of the first with a date in it)."""
    single: list[str] = []
    dated: list[str] = []
    for el in page_index(root).bylines:
        if tag_of(el) in {"body", "html", "article", "main", "meta", "link", "script", "style"} \
                or _in_comments_or_form(el):
            continue
        inner = el.xpath(".//*[@itemprop='name']") or el.xpath("./h2 | ./h3 | ./h4 | ./h5 | ./h6")
        text = text_of(inner[0] if inner else el)  # an author box: the name is its heading
        if not text or len(text) > 3 * NAME_MAX_CHARS:
            continue
        text = _before_the_site(text, site_names)
        with_date = any(ch.isdigit() for ch in text)
        if with_date:  # "By <a>J.R. Stone</a> Thursday, Nov 9": its links name them, else the text before
            linked = [n for a in el.iter("a") for n in author_names(text_of(a))]
            text = ", ".join(linked) if linked and not inner and not text[0].isdigit() \
                else _before_a_date(text)
        names = [n for n in author_names(text) if is_a_person(n, site_names, host) and _looks_like_a_name(n)]
        if with_date:
            dated = dated or [n for n in names if _is_a_full_name(n)]
        elif any(_is_a_full_name(n) for n in names):
            return names, single, dated
        elif names and not single and not text.rstrip().endswith(":"):
            single = names
    return [], single, dated


#: Path segments of an author's page, in the languages we carry: ".../autoren/georg-quaas/".
_AUTHOR_PAGE = frozenset({
    "author", "authors", "autor", "autoren", "autorin", "autorinnen", "auteur", "auteurs", "autore", "autori",
    "staff", "people", "journalist", "journalists", "journalisten", "redakteur", "redakteure", "writer",
    "writers", "contributor", "contributors", "reporter", "reporters", "columnist", "columnists", "tac-gia",
    "newsteam", "profile", "profil"})


_AUTHOR_SEGMENT = re.compile("/(?:" + "|".join(sorted(_AUTHOR_PAGE, key=len, reverse=True)) + ")/")
_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "ø": "o", "æ": "ae", "đ": "d",
                          "ł": "l"})


def _slugs(text: str) -> set[str]:
    """The URL slugs a name is written as: "Clara Löw" -> {"clara-low", "clara-loew"}, "J.R.
    Stone" -> {"j-r-stone", "jr-stone"}."""
    found = set()
    for form in (text.casefold(), text.casefold().translate(_UMLAUTS), re.sub(r"[.'’]", "", text.casefold())):
        folded = unicodedata.normalize("NFKD", form)
        bare = "".join(ch for ch in folded if not unicodedata.combining(ch))
        found.add(re.sub(r"[\W_]+", "-", bare).strip("-"))
    return found


def linked_authors(root: Element, host: str, site_names: list[str]) -> list[str]:
    """The people the first links to authors' pages name, that link and those beside it: a
    link whose path has an author segment ("/autoren/", "/staff/") and ends in the slug of its
    text, a full name ("Uriel Gadessaud" -> ".../uriel-gadessaud/")."""
    body = root.find("body")
    found: list[str] = []
    block: Element | None = None
    for a in (body if body is not None else root).iter("a"):
        href = (a.get("href") or "").lower()
        if not _AUTHOR_SEGMENT.search(href) or \
                (block is not None and not any(p is block for p in a.iterancestors())):
            continue
        try:
            path = [p for p in urlsplit(href).path.split("/") if p]
        except ValueError:  # an href that is no URL ("http://[broken")
            continue
        if len(path) < 2 or not _AUTHOR_PAGE.intersection(path[:-1]):
            continue
        name = text_of(a)
        if not name or len(name) > NAME_MAX_CHARS or not _is_a_full_name(name) \
                or not _slugs(name) & _slugs(path[-1].removesuffix(".html")):
            continue
        if is_a_person(name, site_names, host) and _looks_like_a_name(name) and not _in_comments_or_form(a):
            found += [name] if name not in found else []
            block = block if block is not None else a.getparent()
    return found


#: Where a byline written in the text ("Von Anna Beispiel") is looked for.
_LINE_TAGS = ("p", "span", "div", "em", "strong", "small", "b", "i", "address", "li", "h4", "h5", "h6")


#: A label that introduces a name standing apart from it ("<b>Von:</b><br><br>Götz Warnke").
_BARE_LABEL = re.compile(
    r"^(?:by|von|par|por|door|autor(?:in)?|author|auteur|autore|text|texte|tác giả)\s*[:：]?$", re.IGNORECASE)


_BY_WORDS = frozenset({"by", "von", "par", "por", "door"})


def _after_a_bare_label(el: Element) -> str | None:
    """The label and the text that follows it in its parent, past line breaks, when ``el`` is
    a bare label ("Von:"): the byline the layout split in two."""
    label = (el.text or "").strip()
    if len(el) or not _BARE_LABEL.match(label):
        return None
    following = (el.tail or "").strip()
    sibling = el.getnext()
    while not following and sibling is not None and tag_of(sibling) == "br":
        following, sibling = (sibling.tail or "").strip(), sibling.getnext()
    if not following or len(following) > 2 * NAME_MAX_CHARS:
        return None
    word = label.rstrip(":： ")
    # "Von Götz Warnke", "Autor: Petra Ruland": as each is written on one line
    return f"{word} {following}" if word.casefold() in _BY_WORDS else f"{word}: {following}"


def introduced_authors(root: Element, host: str, site_names: list[str]) -> list[str]:
    """The names of the first short line that introduces them ("By Jane Doe", "Von Anna
    Beispiel", "Autor: Petra Ruland", a bare "Von:" with the name after a line break), outside
    comments and forms."""
    body = root.find("body")
    for el in (body if body is not None else root).iter(*_LINE_TAGS):
        line = _after_a_bare_label(el) if el.text and len(el.text) < 12 else None
        if line is None:
            if not el.text or not introduces_a_name(el.text) or len(el.text_content()) > 2 * NAME_MAX_CHARS:
                continue
            line = text_of(el)
        names = introduced_names(line)
        if names and all(is_a_person(n, site_names, host) and _looks_like_a_name(n) for n in names) \
                and not _in_comments_or_form(el):
            return names
    return []


def _before_the_site(text: str, site_names: list[str]) -> str:
    """A byline's text before the site's name that follows the names ("By Adam Aaronson
    PhillyVoice Staff", "Jane Doe, The Example Times")."""
    folded = text.casefold()
    for site in site_names:
        at = folded.find(site.casefold().strip(), 1)
        if at > 0 and not folded[at - 1].isalnum():
            text = text[:at].rstrip(" ,;|-–—/")
    return text


def _before_a_date(text: str) -> str:
    """A byline's text before its first digit, without the words that lead to the date:
    "Georg Quaas, 21. Jan. 2015", "Sara Zinnecker Stand: 05. Februar 2020", "By Jane Doe on
    12 March" name one person each; a text that starts with its date names nobody."""
    if not any(ch.isdigit() for ch in text):
        return text
    words = "".join(takewhile(lambda ch: not ch.isdigit(), text)).split()
    while words and (words[-1].endswith((":", "：")) or words[-1][0].islower()
                     or not any(ch.isalpha() for ch in words[-1])):
        words.pop()
    return " ".join(words)


#: Prose before a closing name line: a paragraph of the article, not a caption or a heading.
CLOSING_PROSE_MIN_CHARS = 100


def closing_authors(root: Element, host: str, site_names: list[str]) -> list[str]:
    """The names of a line that closes the text, all of it bold ("<p><b><i>Stefan Wasmer</i></b></p>")
    or set to the right ("<p style='text-align: right'>Minh Anh</p>", as Vietnamese papers
    sign): the last of its block, right after prose."""
    body = root.find("body")
    scope = body if body is not None else root
    bold_lines = (b.getparent() for b in scope.iter("b", "strong") if b.getprevious() is None)
    right_lines = (p for p in scope.iter("p", "div")
                   if "right" in (p.get("align") or "") or _RIGHT_ALIGNED.search(p.get("style") or ""))
    for el in chain(bold_lines, right_lines):
        if el is None or tag_of(el) not in {"p", "div"} or len(el) > 3:
            continue
        text = text_of(el)
        if not text or len(text) > 2 * NAME_MAX_CHARS:
            continue
        if el.get("style") is None and el.get("align") is None and text_of(el[0]) != text:
            continue  # a bold line: all of it bold
        after = any(isinstance(t.tag, str) and text_of(t) for t in el.itersiblings())
        before = next((t for t in el.itersiblings(preceding=True) if isinstance(t.tag, str) and text_of(t)),
                      None)
        if after or before is None or len(text_of(before)) < CLOSING_PROSE_MIN_CHARS:
            continue
        names = author_names(text)
        if names and all(_is_a_full_name(n) and is_a_person(n, site_names, host) and _looks_like_a_name(n)
                         and not names_a_publication(n, None) for n in names) \
                and not _in_comments_or_form(el):
            return names
    return []


_RIGHT_ALIGNED = re.compile(r"text-align\s*:\s*right", re.IGNORECASE)
#: Scripts that write a name without spaces: Han, Kana, Hangul.
_UNSPACED_NAME = re.compile(r"^[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af·・]{2,6}$")


def _is_a_full_name(name: str) -> bool:
    """Given and family name: two words, or a name in a script that writes it unspaced ("张三")."""
    return " " in name or bool(_UNSPACED_NAME.match(name))


_NAME_PARTICLES = frozenset({"von", "van", "de", "da", "di", "du", "der", "den", "del", "la", "le", "bin",
                             "al", "y", "e", "zu", "ter", "dos", "das"})


def _names(el: Element) -> str:
    return f"{el.get('class') or ''} {el.get('id') or ''}"


def _in_comments_or_form(el: Element) -> bool:
    """Inside a comment, a reply form or a related teaser: a byline there names someone else."""
    return any(tag_of(a) == "form" or _NOT_ARTICLE_BYLINE.search(_names(a)) for a in el.iterancestors())


def _looks_like_a_name(name: str) -> bool:
    """Capitalised words (particles aside), or one word (a handle), or a script without capitals."""
    words = name.split()
    if not words or name.endswith(":") or (len(words) > 1 and words[-1].lower() in _NAME_PARTICLES):
        return False  # "Rezept von": a label whose name is elsewhere
    cased = [w for w in words if w[0].isalpha() and w[0].lower() != w[0].upper()
             and w.lower() not in _NAME_PARTICLES]
    return len(words) == 1 or all(w[0].isupper() for w in cased)


def page_metadata(root: Element, url: str | None, assume_tz: tzinfo | None = None, *,
                  use_htmldate: bool = True, fetched_at: datetime | None = None) -> PageMetadata:
    """The page's metadata; call it before an extractor changes the tree (dates read it whole).
    ``fetched_at`` (when the page was fetched) dates a relative "3 hours ago" below the headline."""
    page_index(root, fresh=True)  # what the readers below look for, in one walk
    ld_items = json_ld_items(root)
    ld = _with_references(_ld_article(ld_items), ld_items)
    meta = PageMetadata()
    meta.site_name = _first(_meta(root, "og:site_name"))
    site_names = [n for n in (meta.site_name, *_ld_names((ld.get("publisher") or {}).get("name")
                                                         if isinstance(ld.get("publisher"), dict) else None))
                  if n]
    headline = ld.get("headline") if isinstance(ld.get("headline"), str) else None
    title = page_title(root, url, site_names, clean_line(headline) if headline else None)
    meta.title = clean_line(title) if title else None
    meta.description = _first(_meta(root, "og:description", "description", "twitter:description"))
    meta.declares_article = bool(ld) or bool(_meta(root, "article:published_time")) \
        or any(kind.casefold().startswith("article") for kind in _meta(root, "og:type"))

    meta.canonical_url = canonical_url(root, url)

    dates = page_dates(root, url, assume_tz, ld_items, use_htmldate=use_htmldate, fetched_at=fetched_at)
    meta.published_at, meta.updated_at = dates.published_at, dates.updated_at

    # without an article item, the web page's author (Yoast's older graphs put it there)
    by = ld if "author" in ld else _with_references(_ld_item(ld_items, ("WebPage",)), ld_items)
    meta.authors, meta.site_authors = declared_authors(root, by, site_names, host_of(url) if url else "")
    if len(meta.authors) == 1:  # the byline may name the declared author's co-authors too
        shown = byline_element_names(root, url, meta.site_name)
        if len(shown) > 1 and meta.authors[0] in shown:
            meta.authors = shown
    tags = _meta(root, "article:tag")
    if not tags:
        for keywords in _meta(root, "news_keywords", "keywords"):
            tags += [clean_line(k) for k in re.split(r"[,;]", keywords) if clean_line(k)]
    meta.tags = list(dict.fromkeys(tags))
    meta.section = _first(_meta(root, "article:section")) or (
        ld.get("articleSection") if isinstance(ld.get("articleSection"), str) else None)
    for image in _meta(root, "og:image"):
        image_url = _absolute_http_url(image, url)
        if image_url:
            meta.images.append(ArticleImage(url=image_url))
    lang = root.get("lang") or root.get("xml:lang") or _first(_meta(root, "og:locale", "content-language"))
    meta.declared_language = lang.strip() if lang and lang.strip() else None
    return meta
