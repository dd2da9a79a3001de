"""The seed-text format: reports re-published by an aggregator, one paragraph per line.

A document looks like this, in any language::

    <caption line>  (Foto: <credit>)        <- photo caption with a credit
    <lead paragraph>
    <paragraph> ...
    <short caption line>                   <- caption without a credit, no final punctuation
    <paragraph> ...
    <author name>                          <- short line just before the source line
    <label>: <URL of the original>         <- "Quelle:", "ที่มา:", "Source :", "Nguồn:" ...
    <label> (<n>)                          <- comment counter: "Kommentar (0)"

Almost every rule is about the shape of a line (a URL after a short label, a number in
brackets, a credit in brackets, ASCII or full-width, a short line with no final
punctuation, its position), so it works for languages we have never seen. The one word
list is the word "photo" in many languages and scripts (``PHOTO_WORDS``), for credits
written without a colon ("(Фото ТАСС)", "（新华社记者 摄）") or after the caption's last
sentence ("... khánh thành. Ảnh: Minh Anh"). Bylines ("Bài và ảnh: Hương Giang", "By Jane
Doe", "Minh Anh - Thu Hà") are read by ``newsflow.bylines``: the author without its
prefix, several authors as several.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from newsflow.bylines import author_names, join_authors
from newsflow.language.normalize import clean_lines
from newsflow.urls import site_of

#: "<short label> : <url>", the label being one to four words with no digits.
SOURCE_LINE = re.compile(
    r"^(?P<label>[^\W\d_](?:[^\d:/()\n]{0,30}?))\s*[:：]\s*(?P<url>https?://\S+?)[.)]?$"
)
#: "<short label> (<n>)", e.g. "Kommentar (0)", "การแสดงความคิดเห็น (0)".
COMMENT_COUNTER = re.compile(r"^(?P<label>[^\W\d_][^\d()\[\]:/\n]{0,40}?)\s*[(\[](?P<n>\d{1,7})[)\]]$")
#: "Photo" in the languages and scripts of the world's news (a general word, not a credit).
PHOTO_WORDS = (
    r"foto|fotos|photo|photos|photograph|ảnh|hình|ภาพ|รูป|图|圖|图片|圖片|照片|摄|攝|写真|画像|사진|"
    r"фото|фотография|світлина|φωτογραφία|φωτο|صورة|الصورة|عکس|תמונה|צילום|फोटो|फ़ोटो|तस्वीर|ছবি|"
    r"புகைப்படம்|படம்|ఫోటో|ფოტო|լուսանկար|kuva|bild|billede|zdjęcie|fot|fénykép|fotografia|"
    r"fotografie|resim|gambar|larawan|picha|credit|crédit|crédito"
)
#: A photo credit in brackets at the end of a line: "(Foto: VKBIA)", "(Ảnh: TTXVN)",
#: "（图片：新华社）", "（写真：共同通信）" (full-width brackets and colon).
CREDIT = re.compile(
    r"[(（](?P<label>[^\W\d_][^():（）：\n]{0,24}?)\s*[:：]\s*(?P<credit>[^()（）\n]{1,120})[)）]\s*$")
#: ... or without a colon, when it says "photo": "(Фото ТАСС)", "（新华社记者 李明 摄）".
PHOTO_CREDIT = re.compile(
    rf"[(（](?:[^()（）\n]{{0,40}}?(?<![^\W\d_])(?:{PHOTO_WORDS})(?![^\W\d_])[^()（）\n]{{0,60}})[)）]\s*$",
    re.IGNORECASE,
)
#: ... or after the caption's last sentence: "Lãnh đạo thành phố cắt băng. Ảnh: Minh Anh".
TRAILING_CREDIT = re.compile(
    rf"[.!?。！？]\s*(?:{PHOTO_WORDS})(?:\s*(?:và|and|&|und|y|et)?\s*[^\W\d_]+)?\s*[:：]\s*[^.!?。！？:：]{{1,60}}$",
    re.IGNORECASE,
)
SENTENCE_FINAL = tuple(".!?…:;。！？»\"”’'")
#: A caption without a credit is short: at most this many characters ...
CAPTION_MAX_CHARS = 90
#: ... and, in space-separated scripts, at most this many words.
CAPTION_MAX_WORDS = 14
#: A caption whose credit has no colon or no brackets is at most this long.
CREDITED_CAPTION_MAX_CHARS = 300
AUTHOR_MAX_CHARS = 60
AUTHOR_MAX_WORDS = 6
TITLE_MAX_CHARS = 120


@dataclass
class SeedText:
    """What the seed format says, before it becomes an Article."""

    paragraphs: list[str]
    lead: str | None
    captions: list[str] = field(default_factory=list)
    author: str | None = None
    source_url: str | None = None
    source_label: str | None = None
    comment_count: int | None = None
    title: str = ""
    title_source: str = "derived_from_lead"

    @property
    def site(self) -> str | None:
        return site_of(self.source_url)


#: What ends a sentence before a trailing credit, and cannot follow its colon.
_TRAILING_CREDIT_MARK = re.compile("[.!?。！？]")


def is_credited(line: str) -> bool:
    """A caption with its photo credit: "(Foto: VNA)", "（写真：共同）", "(Фото ТАСС)", ". Ảnh: TTXVN".

    Each pattern is searched only where the line can match it, a test in C on its end: a
    credit in brackets closes the line, a trailing one follows the line's last colon with no
    sentence mark after it. Most lines are paragraphs, which neither.
    """
    bracketed = line.rstrip().endswith((")", "）"))
    if bracketed and CREDIT.search(line):
        return True
    # without a colon or brackets the credit is less certain: only on a caption-sized line
    if len(line) > CREDITED_CAPTION_MAX_CHARS:
        return False
    if bracketed and PHOTO_CREDIT.search(line):
        return True
    colon = max(line.rfind(":"), line.rfind("："))
    return colon >= 0 and _TRAILING_CREDIT_MARK.search(line, colon + 1) is None and bool(
        TRAILING_CREDIT.search(line))


def byline_authors(line: str) -> list[str]:
    """The people an author line names, without its prefix; [] when it is not a byline."""
    return list(_byline_authors(line))


#: How many author lines' answers are kept.
BYLINE_CACHE_LINES = 4096


@lru_cache(maxsize=BYLINE_CACHE_LINES)
def _byline_authors(line: str) -> tuple[str, ...]:
    """``byline_authors``' answer, kept for the next document with the same line: a feed's
    reporters sign every day, and reading a byline (``author_names``' dozen patterns) was
    three tenths of ``parse_seed_text`` under cProfile (3.07 of 10.2 s over the 3,000 bench
    seed documents); kept, parse_seed_text takes 403,727 instructions a bench document
    instead of 513,698 (callgrind). A tuple, so that no caller can change a kept answer."""
    if not line or len(line) > 2 * AUTHOR_MAX_CHARS or "://" in line or line.endswith(tuple(".!?…;。！？")) \
            or any(c.isdigit() for c in line):
        return ()
    names = author_names(line)
    return tuple(names) if names and all(_is_name_like(name) for name in names) else ()


def _is_name_like(line: str) -> bool:
    words = line.split()
    return (
        0 < len(line) <= AUTHOR_MAX_CHARS
        and 0 < len(words) <= AUTHOR_MAX_WORDS
        and not line.endswith(SENTENCE_FINAL)
        and "://" not in line
        and sum(c.isdigit() for c in line) == 0
    )


def _is_short_caption(line: str) -> bool:
    """A short line without final punctuation, as captions standing between paragraphs are."""
    return (
        len(line) <= CAPTION_MAX_CHARS
        and len(line.split()) <= CAPTION_MAX_WORDS
        and not line.endswith(SENTENCE_FINAL)
        and "://" not in line
    )


def derive_title(text: str, limit: int = TITLE_MAX_CHARS) -> str:
    """A title from the first sentence of ``text``, shortened at a word boundary."""
    sentence = first_sentence(text)
    if len(sentence) <= limit:
        return sentence.rstrip(".;:")
    cut = sentence[: limit + 1]
    # Prefer a clause boundary in the second half, else the last word boundary.
    for marks in ((" – ", " — ", " - ", "; ", ", "), (" ",)):
        positions = [cut.rfind(m) for m in marks]
        best = max(positions)
        if best > limit // 2:
            return cut[:best].rstrip(" ,;:–—-") + "…"
    return cut[:limit].rstrip() + "…"


#: A sentence's final mark after a word of three letters or more, the white space after it,
#: and the start of the next sentence. The mark comes first so that the search scans for it
#: in C rather than trying the look-behind at every position (a seventh of the time).
_SENTENCE_END = re.compile(r"[.!?…](?<=[^\W\d_]{3}[.!?…])\s+(?=[\"“„«(]?[A-ZÀ-ÖØ-ÞĀ-ſƠƯẠ-ỹ0-9])")


def first_sentence(text: str) -> str:
    """The first sentence; a period after a short word ("Dr.", "ดร.") does not end one."""
    match = _SENTENCE_END.search(text)
    return text[: match.start() + 1].strip() if match else text.strip()


def parse_seed_text(text: str) -> SeedText:
    """Split a seed-format document into its parts. Pure: text in, SeedText out."""
    raw_lines = clean_lines(text)
    # Keep blank lines as None: a caption often stands between blank lines.
    lines: list[str | None] = [line or None for line in raw_lines]
    while lines and lines[-1] is None:
        lines.pop()

    def last_index() -> int | None:
        for i in range(len(lines) - 1, -1, -1):
            if lines[i] is not None:
                return i
        return None

    comment_count: int | None = None
    i = last_index()
    if i is not None and (m := COMMENT_COUNTER.match(lines[i] or "")):
        comment_count = int(m.group("n"))
        del lines[i:]

    source_url: str | None = None
    source_label: str | None = None
    author: str | None = None
    # The source line stands within the last few lines (an author or a counter may follow).
    content = [j for j, line in enumerate(lines) if line is not None]
    for j in reversed(content[-3:]):
        if m := SOURCE_LINE.match(lines[j] or ""):
            source_url, source_label = m.group("url"), m.group("label").strip()
            before = [k for k in content if k < j]
            names = byline_authors(lines[before[-1]] or "") if before else []
            if names:
                author = join_authors(names)
                del lines[before[-1]]
                j -= 1
            del lines[j:]
            break

    paragraphs: list[str] = []
    captions: list[str] = []
    first = next((k for k, line in enumerate(lines) if line is not None), None)
    for position, line in enumerate(lines):
        if line is None:
            continue
        if is_credited(line) or (
                _is_short_caption(line) and _stands_alone(lines, position)
                and (paragraphs or (position == first and _opens_before_a_lead(lines, position)))):
            captions.append(line)
        else:
            paragraphs.append(line)

    lead: str | None = paragraphs[0] if len(paragraphs) > 1 else None
    if lead is not None:
        title, title_source = derive_title(lead), "derived_from_lead"
    elif paragraphs:
        title, title_source = derive_title(paragraphs[0]), "derived_from_body"
    else:
        title, title_source = "", "derived_from_body"
    return SeedText(
        paragraphs=paragraphs,
        lead=lead,
        captions=captions,
        author=author,
        source_url=source_url,
        source_label=source_label,
        comment_count=comment_count,
        title=title,
        title_source=title_source,
    )


#: A lead is a paragraph at least this long (a caption line before it is much shorter).
LEAD_MIN_CHARS = 120


def _opens_before_a_lead(lines: list[str | None], position: int) -> bool:
    """The first line is a bare caption when a lead follows it and the text goes on after:
    the seed format has no headline line, so a short first line over a long one is a
    picture's caption, and the title is derived from the lead instead."""
    following = [line for line in lines[position + 1:] if line is not None]
    return len(following) >= 1 and len(following[0]) >= LEAD_MIN_CHARS and \
        len(following[0]) >= 2 * len(lines[position] or "")


def _stands_alone(lines: list[str | None], position: int) -> bool:
    """A caption is not the tail of a paragraph: what follows it is a paragraph or a break."""
    following = lines[position + 1] if position + 1 < len(lines) else None
    return following is None or not _is_short_caption(following)
