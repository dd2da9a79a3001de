"""What is never article text, by the names CMSs give it: share bars, related links, comments.

Matched on class and id words, so it works on sites we have never seen; each site module
adds only what its own pages need.
"""

from __future__ import annotations

import re
from functools import lru_cache

from lxml import etree

from newsflow.language.normalize import MARKED_SCRIPTS
from newsflow.seedformat import COMMENT_COUNTER, PHOTO_WORDS
from newsflow.services.parser.html.dates import written_day
from newsflow.services.parser.html.dom import (
    BLOCK_TAGS,
    NON_CONTENT_TAGS,
    Element,
    drop_all,
    iter_elements,
    tag_of,
    text_of,
)


def text_content(el: Element) -> str:
    """``el.text_content()``: the text of ``el`` and its descendants (not its tail, not comments),
    serialised by libxml2 instead of an XPath ``string()`` per call: 0.84 against 1.40 us an
    element on the dev pages, the same text on every one of them."""
    text: str = etree.tostring(el, method="text", encoding="unicode", with_tail=False)
    return text


#: class/id words of a list of references (a paper's, a wiki's): furniture however long.
_REFERENCE_LISTS = r"references?|reflist|bibliography"
#: class/id words of page furniture (after splitting on - _ and spaces).
BOILERPLATE_WORDS = re.compile(
    r"(?:^|[\s_-])(?:share|sharing|social|sns|socials|related|relate|comments?|comment-count|"
    r"binh-?luan|tin-?lien-?quan|tin-?khac|other-?news|more-?news|read-?more|recommend\w*|"
    r"advert\w*|ads?|banner|sponsor\w*|promo\w*|newsletter\w*|subscribe|subscription|sign-?up|"
    r"breadcrumbs?|pagination|pager|print|toolbar|tools|rating|vote|poll|sidebar|"
    r"cookie\w*|consent|gdpr|popup|modal|widget|outbrain|taboola|disqus|author-?box|"
    r"bio|tags?|tag-?list|keywords?|topics?|most-?read|most-?viewed|trending|footer|"
    r"nav|navbar|navigation|menu|masthead|skip-?link|sr-only|visually-?hidden|hidden|"
    r"byline|dateline|timestamp|date|time|meta|caption|credits?|copyright|"
    r"author\w*|video|playlist|legend|notice|noscript|nocontent|cta|recirculation|read-?next|up-?next|more-?stories|discussion|responses|replies|"
    + _REFERENCE_LISTS + r")(?:$|[\s_-])",
    re.IGNORECASE,
)
#: ... unless the same name also says it is the content itself.
CONTENT_WORDS = re.compile(r"article|content|body|main|story|entry|post-?text|detail", re.IGNORECASE)
FURNITURE_TAGS = frozenset({"nav", "aside", "footer", "form", "menu"})


def is_boilerplate(el: Element) -> bool:
    """Named like furniture ("related-articles", "share") and not also like the content itself.

    Each class name (and the id) is judged whole: "related-articles" is furniture although it
    says "article"; "article__body" next to "has-comments" is still the body.
    """
    classes, ident = el.get("class"), el.get("id")
    if not (classes or ident) or tag_of(el) in _NEVER_FURNITURE:
        return False
    return _furniture_names(f"{classes or ''} {ident or ''}")


_NEVER_FURNITURE = frozenset({"body", "html", "article", "main"})


@lru_cache(maxsize=8192)
def _furniture_names(names: str) -> bool:
    """``is_boilerplate`` of the class and id words ``names`` (pages repeat the same few)."""
    if BOILERPLATE_WORDS.search(names) is None:
        # no word of them is furniture's (most names): one search, none a word; a match never
        # spans two words, and a word's match is one in the whole string
        return False
    words = names.split()
    furniture = [n for n in words if _furniture_word(n)]
    if not furniture:
        return False
    return not any(_content_word(n) for n in words if n not in furniture)


@lru_cache(maxsize=16384)
def _furniture_word(name: str) -> bool:
    return BOILERPLATE_WORDS.search(name) is not None


@lru_cache(maxsize=16384)
def _content_word(name: str) -> bool:
    return CONTENT_WORDS.search(name) is not None


def hidden(el: Element) -> bool:
    style = (el.get("style") or "").replace(" ", "").lower()
    return "display:none" in style or "visibility:hidden" in style or el.get("hidden") is not None \
        or el.get("aria-hidden") == "true"


#: The attributes ``hidden`` reads.
_HIDING_ATTRIBUTES = frozenset({"style", "hidden", "aria-hidden"})


_DIALOG_ROLES = frozenset({"dialog", "alertdialog"})
#: class/id words of a modal window, on any element (an ``<article class="registration-modal">``).
DIALOG_WORDS = re.compile(r"(?:^|[\s_-])(?:modal|popup|dialog|lightbox)(?:$|[\s_-])", re.IGNORECASE)


def is_dialog(el: Element) -> bool:
    """A modal window (``<dialog>``, ARIA role dialog or alertdialog, ``aria-modal``, a class or
    id that says modal or popup): a cookie consent, a newsletter or login popup that a script
    shows over the page, whatever element it is."""
    return tag_of(el) == "dialog" or (el.get("role") or "").strip().lower() in _DIALOG_ROLES \
        or el.get("aria-modal") == "true" \
        or _dialog_names(f"{el.get('class') or ''} {el.get('id') or ''}")


@lru_cache(maxsize=8192)
def _dialog_names(names: str) -> bool:
    return DIALOG_WORDS.search(names) is not None


_MAYBE_DIALOG = etree.XPath(
    "//dialog | //*[@role or @aria-modal or contains(@class, 'odal') or contains(@class, 'opup') "
    "or contains(@class, 'ialog') or contains(@class, 'ightbox') or contains(@id, 'odal') "
    "or contains(@id, 'opup') or contains(@id, 'ialog') or contains(@id, 'ightbox')]")


#: A "window" with this share of the page's text wraps the page (Drupal's every page is in
#: "dialog-off-canvas-main-canvas").
WRAPPER_TEXT_SHARE = 0.75
#: The elements a modal window is made of (a link or a button named "popup" opens one).
_WINDOW_TAGS = frozenset({"div", "section", "article", "aside", "dialog", "form"})


def dialogs(root: Element) -> list[Element]:
    """The outermost modal windows (``is_dialog``) in ``root`` that hold no ``<h1>`` and are not
    the page's wrapper (``WRAPPER_TEXT_SHARE``): the text of login forms, cookie notices and
    download prompts, never the article's."""
    found = [el for el in _MAYBE_DIALOG(root) if tag_of(el) in _WINDOW_TAGS
             and is_dialog(el) and el.find(".//h1") is None]
    if found:
        most = WRAPPER_TEXT_SHARE * len(text_content(root))
        found = [el for el in found if len(text_content(el)) <= most]
    inside = set(found)
    return [el for el in found if not any(a in inside for a in el.iterancestors())]


def _named_or_hidden(el: Element) -> bool:
    """``is_boilerplate(el) or is_dialog(el) or hidden(el)``, each attribute read once: most
    elements have none of them, or a class alone (``remove_boilerplate`` asks of every element
    on the page)."""
    keys = el.keys()
    tag: object = el.tag  # parsed HTML's tags are lower case
    if not keys:
        return tag == "dialog"
    classes, ident = el.get("class"), el.get("id")
    if classes or ident:
        names = f"{classes or ''} {ident or ''}"
        if _dialog_names(names) if tag_of(el) in _NEVER_FURNITURE else _furniture_names(names):
            return True
    if ("role" in keys or "aria-modal" in keys or tag == "dialog") and is_dialog(el):
        return True
    return not _HIDING_ATTRIBUTES.isdisjoint(keys) and hidden(el)


#: Characters of the scripts written without spaces between words: Han and kana, and Hangul
#: (spaced, but a syllable is a block of two or three letters).
_HAN_KANA = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_HANGUL = re.compile(r"[\uac00-\ud7af]")


def text_weight(text: str) -> int:
    """``text``'s length in Latin-script characters of the same content: a Han or kana
    character counts three (a word of Chinese is 1.5 characters, of English 5.7 with its
    space), a Hangul syllable two. The lengths that make prose and an article were set on
    Latin-script pages: a two-sentence Japanese brief of 81 characters was refused as "no
    article" against 150."""
    if text.isascii():
        return len(text)
    return len(text) + 2 * len(_HAN_KANA.findall(text)) + len(_HANGUL.findall(text))


#: An element named like furniture is still kept when it holds this share of the page's text:
#: class names lie ("non-ad-column", "ad_body", "advertisement-off-canvas--pusher").
KEEP_TEXT_SHARE = 0.4
#: ... or this share of the page's prose: layout names lie too ("widget Blog" around a
#: Blogger post, "elementor-widget-container", "post-wrap has-sidebar-right").
KEEP_PROSE_SHARE = 0.5
#: A prose block: a paragraph (or a text-bearing div) at least this long, mostly not links.
PROSE_MIN_CHARS = 80
PROSE_MAX_LINK_SHARE = 0.3
_PROSE_TAGS = frozenset({"p", "pre", "blockquote", "div", "td", "section", "article", "span"})
_INLINE_CONTAINERS = frozenset({"div", "td", "section", "article", "span"})
#: Children whose text is not their container's own text.
_OWN_TEXT_SKIPPED = BLOCK_TAGS | NON_CONTENT_TAGS


def prose_blocks(container: Element) -> dict[Element, int]:
    """The paragraphs of running text in ``container`` (element -> characters).

    A paragraph is a <p>, <pre> or <blockquote>, or a div-like element's own text (what is
    not inside a block child), at least ``PROSE_MIN_CHARS`` long and mostly not links:
    what an article is made of, whatever its wrappers are called.
    """
    blocks: dict[Element, int] = {}
    for el in container.iter(*_PROSE_TAGS):
        if el.tag in _INLINE_CONTAINERS:  # parsed HTML's tags are lower case
            length = len((el.text or "").strip())
            for child in el:
                tag = child.tag
                if not isinstance(tag, str):
                    continue  # a comment: neither its text nor its tail counts
                if tag not in _OWN_TEXT_SKIPPED:
                    length += len(text_content(child).strip())
                if child.tail:
                    length += len(child.tail.strip())
        else:
            length = len(text_content(el).strip())
        if length < PROSE_MIN_CHARS:
            continue
        linked = sum(len(text_content(a).strip()) for a in el.iter("a"))
        if linked <= PROSE_MAX_LINK_SHARE * length:
            blocks[el] = length
    return blocks


def prose_within(prose: dict[Element, int], container: Element) -> dict[Element, int]:
    """Characters of prose inside each element (its blocks' and its descendants'), up to ``container``."""
    within: dict[Element, int] = {}
    for block, length in prose.items():
        el = block
        while el is not None:
            within[el] = within.get(el, 0) + length
            if el is container:
                break
            el = el.getparent()
    return within


def _holds_the_article(el: Element, page_text_length: int, within: dict[Element, int],
                       page_prose: int) -> bool:
    if el.find(".//h1") is not None and tag_of(el) not in FURNITURE_TAGS:
        return True
    if tag_of(el) == "footer" and any(tag_of(a) == "article" for a in el.iterancestors()):
        return False  # an <article>'s own <footer>: its author box, tags, "posted in", however long
    if page_prose > 0 and within.get(el, 0) > KEEP_PROSE_SHARE * page_prose:
        return True
    if _reference_names(f"{el.get('class') or ''} {el.get('id') or ''}"):
        return False  # a paper's references are often most of its page's text, but no prose
    return len(text_content(el)) > KEEP_TEXT_SHARE * page_text_length


REFERENCE_WORDS = re.compile(rf"(?:^|[\s_-])(?:{_REFERENCE_LISTS})(?:$|[\s_-])", re.IGNORECASE)


@lru_cache(maxsize=1024)
def _reference_names(names: str) -> bool:
    return REFERENCE_WORDS.search(names) is not None


#: Elements that stand inside a line of text (a link, an emphasis), not beside it.
_PHRASE_TAGS = frozenset({"a", "span", "em", "strong", "b", "i", "u", "abbr", "mark", "cite", "q", "dfn"})
_WORD_CHAR = re.compile(r"\w")


def _words_of_a_sentence(el: Element) -> bool:
    """A link or emphasis named like furniture inside running text ("actress <a
    id='auto-tag_mary-steenburgen'>Mary Steenburgen</a> came to ..."): its words are the
    sentence's, whatever its name says; hidden, it is still dropped."""
    if el.tag not in _PHRASE_TAGS or hidden(el):
        return False
    parent = el.getparent()
    if parent is None or parent.tag in _PHRASE_TAGS:
        return False
    before = el.getprevious()
    text_before = (before.tail if before is not None else parent.text) or ""
    return _WORD_CHAR.search(text_before) is not None and _WORD_CHAR.search(el.tail or "") is not None


#: A heading that counts the readers' responses below it ("5 Comments", "3 Responses to ...",
#: "One thought on “...”", "12 Kommentare", "Un commentaire"): at most this long.
RESPONSES_HEADING_MAX_CHARS = 200
_RESPONSES_HEADING = re.compile(
    r"^(?:\d+|no|one|ein|eine|kein|un|une|uno|una|um|uma|một)\s+(?:comments?|responses?|replies|"
    r"thoughts?\s+on|kommentare?|antworten|reaktionen|commentaires?|réponses?|comentarios?|"
    r"respuestas?|comentários?|commenti|risposte|reacties|komentarz[ey]?|bình luận|ý kiến)\b",
    re.IGNORECASE)


def is_responses_heading(text: str) -> bool:
    """A heading that counts the readers' responses that follow it."""
    return len(text) <= RESPONSES_HEADING_MAX_CHARS and _RESPONSES_HEADING.match(text) is not None


def _responses(heading: Element) -> list[Element]:
    """A responses heading (``is_responses_heading``) and what follows it in its parent: the
    readers' comments, in boxes whose names may say nothing of comments."""
    return [heading, *heading.itersiblings()]


def remove_boilerplate(container: Element, *, furniture_tags: bool = True,
                       blocks: dict[Element, int] | None = None) -> int:
    """Remove share bars, related links, comment blocks and hidden elements from ``container``;
    the characters of prose (``prose_blocks``) left in it. ``blocks``, when given, receives
    the prose blocks the page had (those removed with their furniture are detached from it)."""
    page_text_length = len(text_content(container))
    found = prose_blocks(container)
    if blocks is not None:
        blocks.update(found)
    within = prose_within(found, container)
    page_prose = within.get(container, 0)
    doomed: list[Element] = []
    stack = list(container.iterchildren(etree.Element))
    while stack:  # depth-first; the inside of a doomed element is not visited
        el = stack.pop()
        furniture = furniture_tags and el.tag in FURNITURE_TAGS and el.tag != "form"
        if (furniture or _named_or_hidden(el)) and not _holds_the_article(
                el, page_text_length, within, page_prose) and not _words_of_a_sentence(el):
            doomed.append(el)
        elif el.tag in _HEADING_TAGS and is_responses_heading(text_content(el).strip()):
            # the children are visited last first: what follows the heading was visited already
            responses = _responses(el)
            if not any(_holds_the_article(r, page_text_length, within, page_prose) for r in responses):
                inside = set(responses)
                doomed = [d for d in doomed if d in inside or inside.isdisjoint(d.iterancestors())]
                doomed.extend(r for r in responses if r not in doomed)
        else:
            stack.extend(el.iterchildren(etree.Element))
    removed = sum(within.get(el, 0) for el in doomed)
    drop_all(doomed)
    return page_prose - removed


_COMMENT_NAMES = re.compile(r"comment|binh-?luan|y-?kien", re.IGNORECASE)


def comment_count(root: Element) -> int | None:
    """The number in a comment counter ("Bình luận (3)") on an element named like comments."""
    for el in iter_elements(root):
        names = f"{el.get('class') or ''} {el.get('id') or ''}"
        if not _COMMENT_NAMES.search(names):
            continue
        text = text_of(el)
        if len(text) > 60:
            continue
        match = COMMENT_COUNTER.match(text)
        if match:
            return int(match.group("n"))
    return None


#: A heading of a block of furniture ("Lesen Sie auch", "Related articles") is this short ...
FURNITURE_HEADING_MAX_CHARS = 60
_HEADING_TAGS = frozenset({"h2", "h3", "h4", "h5", "h6"})
_SENTENCE_END = re.compile(r"[.!?。！？]\s*$")


def is_label_heading(text: str) -> bool:
    """A heading's text short enough for a block's label ("Lesen Sie auch") and not a sentence."""
    return bool(text) and len(text) <= FURNITURE_HEADING_MAX_CHARS and _SENTENCE_END.search(text) is None


def heading_of(el: Element) -> Element | None:
    """The short heading just before ``el`` (its previous sibling, no text between them): an
    <h2>-<h6>, or a short line that is all bold, that does not end a sentence."""
    prev = el.getprevious()
    if prev is None or not isinstance(prev.tag, str) or (prev.tail or "").strip():
        return None
    if not is_label_heading(text_of(prev)):
        return None
    if tag_of(prev) in _HEADING_TAGS:
        return prev
    children = [c for c in prev if isinstance(c.tag, str)]
    bold = len(children) == 1 and tag_of(children[0]) in {"strong", "b"} and not (prev.text or "").strip() \
        and not (children[0].tail or "").strip()
    return prev if bold and tag_of(prev) in {"p", "div"} else None


def headings_of(elements: list[Element]) -> list[Element]:
    """The furniture headings (``heading_of``) of ``elements`` that are not among them."""
    doomed = set(elements)
    return [h for h in (heading_of(el) for el in elements) if h is not None and h not in doomed]


#: Lines that are only a page's label for an advertisement or a control, in the languages we
#: carry (casefolded, punctuation aside): never article text, whatever the site.
UI_LABELS = frozenset({
    # an advertisement
    "anzeige", "werbung", "advert", "advertisement", "advertising", "sponsored", "publicidad", "publicité",
    "pubblicità", "publicidade", "reklame", "reklama", "advertentie", "annonce", "annons", "annonse",
    "mainos", "quảng cáo", "広告", "广告", "廣告", "광고", "реклама", "โฆษณา", "iklan",
    # more of it elsewhere
    "mehr", "weiterlesen", "mehr lesen", "read more", "more", "leer más", "lire la suite", "lire plus",
    "continua a leggere", "leggi tutto", "czytaj więcej", "xem thêm", "続きを読む", "阅读更多",
    # a picture's or a gallery's controls
    "zum vergrößern bitte anklicken", "zum vergrössern bitte anklicken", "click to enlarge", "caption",
    "close", "schließen", "fermer", "cerrar", "chiudi", "fechar", "sluiten", "zamknij", "đóng", "閉じる",
    "关闭",
    # a table of contents' label, a way back or on
    "inhaltsverzeichnis", "table of contents", "contents", "sommaire", "índice", "indice", "spis treści",
    "mục lục", "目次", "目录", "zurück", "zurück zur übersicht", "zurück zur listenansicht", "back",
    "back to top", "nach oben", "retour", "volver", "torna su", "next", "previous", "weiter", "vorherige",
    # a share bar's, a comment counter's or a tag list's label
    "share", "teilen", "partager", "compartir", "condividi", "partilhar", "udostępnij", "chia sẻ", "シェア",
    "分享", "print", "drucken", "imprimer", "imprimir", "stampa", "comments", "kommentare", "commentaires",
    "comentarios", "commenti", "komentarze", "bình luận", "tags", "schlagwörter", "schlagworte", "étiquettes",
    "etiquetas",
    # a comment form's buttons
    "kommentieren", "kommentar schreiben", "antworten", "comment", "leave a comment", "write a comment",
    "post a comment", "add a comment", "reply", "commenter", "répondre", "comentar", "responder",
    "commenta", "rispondi", "skomentuj", "odpowiedz", "viết bình luận", "trả lời", "コメントする",
    "发表评论", "回复", "댓글 쓰기",
    # what to read next, a share bar and a subscription, in the scripts of Asia, Cyrillic and Arabic
    "相关阅读", "相关新闻", "相关文章", "延伸阅读", "推荐阅读", "相關閱讀", "相關新聞",
    "分享到", "分享至", "扫一扫", "打印本页", "返回顶部", "上一篇", "下一篇",
    "関連記事", "関連ニュース", "この記事をシェアする", "シェアする",
    "관련기사", "관련 기사", "기사 공유하기", "공유하기", "구독하기",
    "tin liên quan", "tin cùng chuyên mục", "bài liên quan", "đọc thêm", "chia sẻ bài viết",
    "ข่าวที่เกี่ยวข้อง", "อ่านข่าวที่เกี่ยวข้อง", "แชร์", "แชร์ข่าวนี้", "อ่านต่อ",
    "читайте также", "поделиться", "читать далее", "по теме", "похожие новости",
    "اقرأ أيضا", "اقرأ أيضاً", "شارك", "أخبار ذات صلة", "مواضيع ذات صلة", "إعلان",
    # the end of a Chinese or Japanese agency's report: "（完）", "（了）"
    "完", "了",
})
#: What is not a letter, a digit or a vowel sign (``\w`` leaves out the vowel signs and tone
#: marks of Indic, Thai, Lao, Khmer and Myanmar scripts: "อ่าน" is one word).
_NOT_WORDS = re.compile(rf"[^\w{MARKED_SCRIPTS}]+|_+")


def is_ui_label(line: str) -> bool:
    """A line that is nothing but an advertisement's label, a "read more" or a picture's control."""
    return len(line) <= 40 and _NOT_WORDS.sub(" ", line).strip().casefold() in UI_LABELS




#: A picture's credit line: at most this long, ...
PICTURE_CREDIT_MAX_CHARS = 200
#: ... opening with the word "photo" (in many languages) and a colon ("Foto: dpa", "(Bild:
#: Jane Roe)", "Credit: ..."), or holding a copyright sign ("... | © Getty Images").
_PICTURE_LABEL = re.compile(rf"^[(（\[]?\s*(?:{PHOTO_WORDS})\s*[:：]", re.IGNORECASE)
_COPYRIGHT_CREDIT = re.compile(r"(?:^|[|.!?]\s*)©[^.!?|]{1,60}$")


def is_picture_credit(line: str) -> bool:
    """A picture's credit, or its caption with the credit: not article text."""
    return len(line) <= PICTURE_CREDIT_MAX_CHARS and (_PICTURE_LABEL.search(line) is not None
                                                       or ("©" in line
                                                           and _COPYRIGHT_CREDIT.search(line) is not None))


#: A keyword line has at least this many items, ...
KEYWORD_LINE_MIN_ITEMS = 5
#: ... each of at most this many words (or characters, in a script written without spaces).
KEYWORD_ITEM_MAX_WORDS = 6
KEYWORD_ITEM_MAX_CHARS = 40
_ITEM_SEPARATORS = re.compile(r"\s*[,，、·]\s*")
_LINE_END = re.compile(r"[.!?:;。！？：]\s*$")


def is_keyword_line(line: str) -> bool:
    """A page's keywords or tags run together on one line ("stock car 2018, stock car brasil,
    stock car interlagos, ..."): short items between commas or middle dots, and no sentence."""
    if _LINE_END.search(line):
        return False
    items = [item for item in _ITEM_SEPARATORS.split(line.strip()) if item]
    return len(items) >= KEYWORD_LINE_MIN_ITEMS and all(
        len(item.split()) <= KEYWORD_ITEM_MAX_WORDS and len(item) <= KEYWORD_ITEM_MAX_CHARS
        and not _LINE_END.search(item) for item in items)


#: A notice that one must log in or register to comment, in the languages we carry: at most
#: this long.
LOGIN_NOTICE_MAX_CHARS = 200
_LOGIN_NOTICE = re.compile(
    r"(?:must|need to|have to|please)\s+(?:be\s+)?"
    r"(?:logged\s+in|log\s+in|sign(?:ed)?\s+in|registered|register)\s+(?:to|before)\s+(?:\w+\s+){0,3}(?:comment|repl|post|discuss|participat)|"
    r"müssen\s+sich\s+(?:\w+\s+){0,2}(?:einloggen|anmelden|registrieren),?\s+um\s+(?:\w+\s+){0,6}"
    r"(?:kommentieren|kommentar|antworten|diskussion|beteiligen)|"
    r"(?:devez|devez\s+être|faut\s+être)\s+(?:connecté|inscrit|identifié)e?s?\s+pour\s+(?:\w+\s+){0,3}"
    r"(?:commentaire|commenter|répondre)|"
    r"(?:debes|debe|tienes\s+que)\s+(?:estar\s+registrad|iniciar\s+sesión|identificarte|registrarte)\w*"
    r"\s+para\s+(?:\w+\s+){0,3}(?:comentar|comentario|responder)|"
    r"devi\s+(?:essere\s+)?(?:connesso|registrato|effettuare\s+il\s+login)\s+per\s+(?:\w+\s+){0,3}"
    r"(?:commentare|commento|rispondere)",
    re.IGNORECASE)


#: Words every login notice holds one of: looked for first (a substring test is a fraction of
#: a microsecond; the pattern, 30 us on a line of prose, runs only on the lines that hold one).
_LOGIN_WORDS = ("logged", "log in", "login", "sign in", "signed in", "register", "einlogg", "anmelden",
                "registrier", "connecté", "inscrit", "identifi", "sesión", "registrad", "connesso",
                "registrato")


def is_login_notice(line: str) -> bool:
    """A comment form's notice that one must log in first ("You must be logged in to post a
    comment.", "Sie müssen sich einloggen, um sich an einer Diskussion zu beteiligen.")."""
    if len(line) > LOGIN_NOTICE_MAX_CHARS:
        return False
    folded = line.casefold()
    return any(word in folded for word in _LOGIN_WORDS) and _LOGIN_NOTICE.search(line) is not None


#: A blog post's filing line, as WordPress themes write it in every language ("This entry was
#: posted in News. Bookmark the permalink.", "Dieser Beitrag wurde unter News veröffentlicht.
#: Setze ein Lesezeichen auf den Permalink."): at most this long.
POST_META_MAX_CHARS = 300
_POST_META = re.compile(
    r"^this entry was posted\b|^this entry is filed under\b|^dieser (?:beitrag|eintrag) wurde .{0,120}"
    r"(?:veröffentlicht|abgelegt)|(?:bookmark|lesezeichen|favoris|guarda|contrassegna|salva)\b.{0,40}"
    r"\b(?:permalink|permalien|enlace permanente)", re.IGNORECASE)


_POST_META_WORDS = ("permalink", "permalien", "enlace permanente", "this entry ", "dieser beitrag ",
                    "dieser eintrag ")


def is_post_meta(line: str) -> bool:
    """A blog post's "posted in ... bookmark the permalink" line."""
    if len(line) > POST_META_MAX_CHARS:
        return False
    folded = line.casefold()
    return any(word in folded for word in _POST_META_WORDS) and _POST_META.search(line) is not None


#: A line that asks the reader to sign up for the paper's newsletter ("Sign up for the
#: CorkBeo newsletter", "Abonnieren Sie unseren Newsletter", "Suscríbete a nuestro boletín"):
#: at most this long, naming a newsletter and a verb of signing up.
NEWSLETTER_PROMO_MAX_CHARS = 160
_NEWSLETTER_WORDS = ("newsletter", "boletín", "infolettre", "lettre d'information", "nieuwsbrief",
                     "bản tin")
_SIGN_UP = re.compile(
    r"\bsign(?:ing)?[- ]up\b|\bsubscri|\bregister\b|\babonn|\banmeld|\bbestell|\beintragen|"
    r"\bsuscr|\binscri|\biscriv|\bassin|\baanmeld|\bđăng ký|\bget (?:our|the)\b|\bjoin\b",
    re.IGNORECASE)


def is_newsletter_promo(line: str) -> bool:
    """A short line that asks the reader to sign up for a newsletter: a box beside the text,
    wherever it stands in the body."""
    if len(line) > NEWSLETTER_PROMO_MAX_CHARS:
        return False
    folded = line.casefold()
    return any(word in folded for word in _NEWSLETTER_WORDS) and _SIGN_UP.search(line) is not None


#: A shortcode a blog's theme failed to render, as the whole line: ``[button link="..."]Send
#: us your review[/button]``, ``[gallery ids="1,2"]`` (a widget, not text).
_SHORTCODE_LINE = re.compile(r"^\[(\w+)(?:\s+[\w-]+\s*=[^\]]*)+\](?:[^\[]{0,100}\[/\1\])?$")


def is_shortcode_line(line: str) -> bool:
    """A line that is one unrendered shortcode with attributes, and what it wraps."""
    return line.startswith("[") and _SHORTCODE_LINE.match(line.strip()) is not None


def is_furniture_line(line: str) -> bool:
    """A line of the page's furniture wherever it stands: a label (``is_ui_label``), a
    picture's credit (``is_picture_credit``), a newsletter's sign-up (``is_newsletter_promo``)
    or an unrendered shortcode (``is_shortcode_line``)."""
    return is_ui_label(line) or is_picture_credit(line) or is_newsletter_promo(line) \
        or is_shortcode_line(line)

#: A line this short, of at most this many words, that states a date is a dateline ...
DATELINE_MAX_CHARS = 60
DATELINE_MAX_WORDS = 10
#: ... at either end of the body: within this many lines of its first or last.
DATELINE_EDGE_LINES = 3
_WORDS = re.compile(r"\w+")
_DIGIT = re.compile(r"\d")
#: A colon after a word (not a time's "14:30"): a label and its value.
_LABEL_COLON = re.compile(r"[^\d\s]\s*:")


def is_dateline(line: str) -> bool:
    """A line that is a date (and a weekday, a time, a place): "15.12.2022", "Mittwoch, 12. Mai
    2021, 14:30 Uhr", "segunda-feira, 22 de janeiro de 2018 às 0:13"; not a label's value
    ("Termin: 29.02.2020") nor a quoted post's signature ("(@handle) November 3, 2019")."""
    return len(line) <= DATELINE_MAX_CHARS and _DIGIT.search(line) is not None \
        and _LABEL_COLON.search(line) is None and "@" not in line \
        and len(_WORDS.findall(line)) <= DATELINE_MAX_WORDS and written_day(line) is not None


#: A closing line that tells where to follow or write to the paper or its reporters ("Follow
#: ... on Instagram", "Write to ... at name@...", "Reach the reporter on Twitter at ...",
#: "Folgen Sie uns auf Facebook"), in the last this many lines, at most this long.
CONTACT_LINES = 2
CONTACT_MAX_CHARS = 250
_CONTACT = re.compile(
    r"^(?:follow .{0,60} on (?:twitter|instagram|facebook|youtube|x)\b|write to .{0,60}@|"
    r"reach .{0,60} (?:at|on twitter)\b|"
    r"(?:folgen sie|folge) .{0,60} (?:auf|bei) (?:twitter|instagram|facebook))",
    re.IGNORECASE)
#: A reporter's name and address as a short line of their own ("홍길동 기자 hong@yna.co.kr",
#: "Jane Roe, jane.roe@harbour.example"): at most this many words before the address.
SIGNATURE_MAX_WORDS = 6
_SIGNATURE = re.compile(r"^[^@.!?。]{1,60}[\s,:(（]\s*[\w.+-]+@[\w-]+(?:\.[\w-]+)+\s*[)）]?$")


def is_contact_line(line: str) -> bool:
    """A line that tells where to follow or write to the paper or its reporters, or a
    reporter's name and e-mail address alone."""
    if len(line) > CONTACT_MAX_CHARS:
        return False
    if "@" in line and len(line.split()) <= SIGNATURE_MAX_WORDS + 1 and _SIGNATURE.match(line.strip()):
        return True
    return _CONTACT.search(line) is not None


#: A notice that the text may not be reproduced, as Chinese, Japanese and Korean reports end
#: ("<저작권자 ⓒ ..., 무단 전재-재배포 금지>", "未经授权禁止转载", "無断転載を禁じます"), or
#: the editor's line of a Chinese or Japanese report ("（责任编辑：王五）", "【编辑：李四】"):
#: at most this long. An agency's "Copyright ... All rights reserved." stays: the annotators of
#: extraction-dev count it as the article's last line.
RIGHTS_NOTICE_MAX_CHARS = 200
_RIGHTS_NOTICE = re.compile(
    r"版[权權]所有(?![者人方])|未经.{0,6}(?:授权|许可).{0,6}转载|未經.{0,6}(?:授權|許可).{0,6}轉載|禁止转载|禁止轉載|"
    r"無断(?:転載|複製)|転載(?:を)?禁|무단\s*전재|재배포\s*금지|저작권자\s*[ⓒ©(]")
EDITOR_LINE_MAX_CHARS = 40
_EDITOR_LINE = re.compile(
    r"^[(（\[【]?\s*(?:责任编辑|責任編輯|责编|責編|编辑|編輯|編集|校对|校對|审核|審核)\s*[:：]\s*[^\s:：]{1,20}"
    r"\s*[)）\]】]?$")


def is_rights_notice(line: str) -> bool:
    """A notice of the text's rights, or its editor's line: what a report ends with."""
    return len(line) <= RIGHTS_NOTICE_MAX_CHARS and (
        _RIGHTS_NOTICE.search(line) is not None
        or (len(line) <= EDITOR_LINE_MAX_CHARS and _EDITOR_LINE.match(line.strip()) is not None))


#: A post's filing line and a comment form's login notice come after the text: they are looked
#: for in this many last lines (each pattern costs 1-15 us a line; not on every line of a page).
CLOSING_LINES = 4


#: The paper's call to the reader after the text, in the languages we carry: subscribe (or
#: log in as a subscriber) for the full story, get its app, follow it or join its channel,
#: say what one thinks in the comments, send a letter: at most this long.
PROMO_MAX_CHARS = 250
_PROMO = re.compile(
    r"\bsubscribe\b|\bsubscribers?\b.{0,40}\b(?:log ?in|sign ?in)\b|"
    r"\b(?:for|to (?:view|read|continue reading)) the (?:full|whole|complete|entire) (?:story|article)\b|"
    r"\bdownload (?:the|our) .{0,40}\bapps?\b|\bnever miss (?:the|a|an|our)\b|\bfollow us\b|"
    r"\b(?:tell|let) us (?:know )?(?:what you think )?in the comments\b|\btell us what you think\b|"
    r"\bsubmit your letter\b|"
    r"\b(?:telegram|whatsapp)[- ](?:channel|kanal|group|gruppe)\b|"
    r"\bcanal (?:de|en) (?:telegram|whatsapp)\b|\bsíguenos\b|\bsuscr[íi]bete\b|\b[úu]nete\b|"
    r"\babonnieren sie\b|\bjetzt abonnieren\b|\bfolgen sie uns\b|\bfolge uns\b|\babonnez-vous\b|"
    r"\bsuivez-nous\b|\binscrivez-vous\b|\bsiga-nos\b|\binscreva-se\b|\biscriviti\b|\bseguici\b|"
    r"\babbonati\b|"
    r"关注.{0,12}(?:微信|公众号|微博|客户端)|扫一扫|扫码|會員登録|会員登録|続きをお読み|구독|подпишитесь|подписывайтесь|"
    r"наш(?:ем|ему)? (?:канал|telegram)|ติดตาม.{0,30}(?:facebook|ได้ที่|line|youtube)|تابعونا|تابعنا|"
    r"theo dõi.{0,30}(?:fanpage|facebook|zalo|youtube)",
    re.IGNORECASE)
#: Words every such call holds one of (a substring test first; the pattern runs on those lines).
_PROMO_WORDS = ("subscri", "what you think", "full story", "whole story", "complete story", "entire story",
                "full article", "whole article", "complete article", "entire article", "app", "never miss",
                "follow", "comments", "letter", "telegram", "whatsapp", "sígue", "suscr", "únete", "unete",
                "abonn", "folge", "suivez", "inscrivez", "siga-nos", "inscreva", "iscriv", "seguici",
                "abbonati", "关注", "扫", "会員登録", "會員登録", "続きをお読み", "구독", "подпис", "наш",
                "ติดตาม", "تابع", "theo dõi")


def is_promo_line(line: str) -> bool:
    """The paper's call to the reader at the end of the text ("Subscribe now to our e-edition
    for the full story.", "For the latest news download the ... apps for iOS and Android.",
    "Follow us: ... | Instagram | Facebook", "Únete a nuestro canal de Telegram"); where to
    follow the paper's reporters is ``is_contact_line``'s, in fewer last lines."""
    if len(line) > PROMO_MAX_CHARS:
        return False
    folded = line.casefold()
    return any(word in folded for word in _PROMO_WORDS) and _PROMO.search(line) is not None


def is_closing_line(line: str) -> bool:
    """What follows a post's text: its filing line (``is_post_meta``), the comment form's
    login notice (``is_login_notice``) or the paper's call to the reader (``is_promo_line``)."""
    return is_post_meta(line) or is_login_notice(line) or is_promo_line(line) or is_rights_notice(line)


def without_edge_furniture(paragraphs: list[str]) -> list[str]:
    """``paragraphs`` without the datelines (``is_dateline``) at either end, the contact lines
    (``is_contact_line``) and the closing lines (``is_closing_line``) at the end: the page's
    date, addresses and forms are not its text."""
    last = len(paragraphs) - DATELINE_EDGE_LINES
    contacts = len(paragraphs) - CONTACT_LINES
    closing = len(paragraphs) - CLOSING_LINES
    return [p for i, p in enumerate(paragraphs)
            if not ((i < DATELINE_EDGE_LINES or i >= last) and is_dateline(p))
            and not (i >= contacts and is_contact_line(p))
            and not (i >= closing and is_closing_line(p))]
