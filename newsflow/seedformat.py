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

Nothing here knows a language's words: every rule is about the shape of a line
(a URL after a short label, a number in brackets, a credit in brackets, a short line with
no final punctuation), so it works for languages we have never seen.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from newsflow.language.normalize import clean_lines
from newsflow.urls import site_of

#: "<short label> : <url>", the label being one to four words with no digits.
SOURCE_LINE = re.compile(
    r"^(?P<label>[^\W\d_](?:[^\d:/()\n]{0,30}?))\s*[:：]\s*(?P<url>https?://\S+?)[.)]?$"
)
#: "<short label> (<n>)", e.g. "Kommentar (0)", "การแสดงความคิดเห็น (0)".
COMMENT_COUNTER = re.compile(r"^(?P<label>[^\W\d_][^\d()\[\]:/\n]{0,40}?)\s*[(\[](?P<n>\d{1,7})[)\]]$")
#: A photo credit in brackets at the end of a line: "(Foto: VKBIA)", "(Ảnh: TTXVN)".
CREDIT = re.compile(r"\((?P<label>[^\W\d_][^():\n]{0,24}?)\s*:\s*(?P<credit>[^()\n]{1,120})\)\s*$")
SENTENCE_FINAL = tuple(".!?…:;。！？»\"”’'")
#: A caption without a credit is short: at most this many characters ...
CAPTION_MAX_CHARS = 90
#: ... and, in space-separated scripts, at most this many words.
CAPTION_MAX_WORDS = 14
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


_SENTENCE_END = re.compile(r"(?<=[^\W\d_]{3}[.!?…])\s+(?=[\"“„«(]?[A-ZÀ-ÖØ-ÞĀ-ſƠƯẠ-ỹ0-9])")


def first_sentence(text: str) -> str:
    """The first sentence; a period after a short word ("Dr.", "ดร.") does not end one."""
    match = _SENTENCE_END.search(text)
    return text[: match.start()].strip() if match else text.strip()


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
            if before and _is_name_like(lines[before[-1]] or ""):
                author = lines[before[-1]]
                del lines[before[-1]]
                j -= 1
            del lines[j:]
            break

    paragraphs: list[str] = []
    captions: list[str] = []
    for position, line in enumerate(lines):
        if line is None:
            continue
        if CREDIT.search(line) or (paragraphs and _is_short_caption(line) and _stands_alone(lines, position)):
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


def _stands_alone(lines: list[str | None], position: int) -> bool:
    """A caption is not the tail of a paragraph: what follows it is a paragraph or a break."""
    following = lines[position + 1] if position + 1 < len(lines) else None
    return following is None or not _is_short_caption(following)
