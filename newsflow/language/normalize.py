"""Text normalisation shared by every extractor: Unicode NFC, whitespace, invisible characters."""

from __future__ import annotations

import hashlib
import re
import unicodedata

#: The scripts whose vowel signs and tone marks ``\w`` leaves out (Indic, Thai, Lao, Myanmar,
#: Khmer: "อ่าน", "मार्च"), as a character class's ranges.
MARKED_SCRIPTS = r"\u0900-\u0DFF\u0E00-\u0E4F\u0E80-\u0EFF\u1000-\u109F\u1780-\u17FF"
#: A letter of a word in any script, those vowel signs included. The two alternatives share no
#: character: a Thai letter in both let a repeated pattern try every way of splitting a run of
#: them (1.2 s for 21 Thai letters in a byline's label pattern, twice that for each two more).
WORD_LETTER = rf"(?:[^\W\d_{MARKED_SCRIPTS}]|[{MARKED_SCRIPTS}])"

#: Zero-width and other invisible format characters that only get in the way of search.
#: Kept, as the writer put them: the zero-width non-joiner and joiner, which are spelling
#: (Persian "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645", Indic conjuncts, emoji sequences); the search
#: analysis reads words through them (``segment.tokens``).
_INVISIBLE = re.compile("[\u200b\u2060\ufeff\u00ad\u200e\u200f]+")
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_SPACE_BEFORE_PUNCT = re.compile(r" +([,;.!?:](?:\s|$))")
#: What str.splitlines breaks at.
_LINE_BREAKS = frozenset("\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029")
#: Anything the three patterns above would change, besides two spaces in a row and a space
#: before punctuation: ``_INVISIBLE`` and ``_SPACES`` less the plain space, one by one (a
#: search for one character runs in C at memory speed, and a character wider than the
#: text's widest is not searched at all), about a third of one search for the class.
_UNUSUAL_SPACES = ("\t\u00a0\u00ad" + "".join(map(chr, range(0x2000, 0x200c))) + "\u200e\u200f"
                   + "\u202f\u205f\u2060\u3000\ufeff")
#: A space before another space or before punctuation: one search for both (a search for
#: two characters, the first as common as a space, is as slow as this pattern's: 3.9 and
#: 5.2 us a seed document).
_SPACE_BEFORE_SPACE_OR_PUNCT = re.compile(" [ ,;.!?:]")


def _needs_cleaning(text: str) -> bool:
    """Whether the three patterns would change ``text``: most texts have nothing for them
    (the fast path)."""
    if text.isascii():
        if "\t" in text:
            return True
    else:
        for space in _UNUSUAL_SPACES:  # a loop, not any() of a generator: half the time
            if space in text:
                return True
    return _SPACE_BEFORE_SPACE_OR_PUNCT.search(text) is not None


def _clean(text: str) -> str:
    """NFC, invisible characters removed, runs of spaces folded; ends left as they are."""
    text = unicodedata.normalize("NFC", text)
    if not _needs_cleaning(text):
        return text
    text = _INVISIBLE.sub("", text)
    text = _SPACES.sub(" ", text)
    return _SPACE_BEFORE_PUNCT.sub(r"\1", text)


def clean_line(text: str) -> str:
    """NFC, invisible characters removed, runs of spaces folded, ends trimmed."""
    return _clean(text).strip()


def clean_lines(text: str) -> list[str]:
    """``[clean_line(line) for line in text.splitlines()]``, with the work done once on the
    whole text: no pattern of ``clean_line`` spans a line break, and NFC never composes
    across one."""
    cleaned = _clean(text)
    lines = [line.strip() for line in cleaned.splitlines()]
    if text and text[-1] not in _LINE_BREAKS and (not cleaned or cleaned[-1] in _LINE_BREAKS):
        # the last line was only invisible characters: splitlines would drop it once empty
        lines.append("")
    return lines


def clean_paragraphs(paragraphs: list[str]) -> list[str]:
    cleaned = (clean_line(p) for p in paragraphs)
    return [p for p in cleaned if p]


def join_paragraphs(paragraphs: list[str]) -> str:
    return "\n\n".join(paragraphs)


def content_hash(*parts: str | None) -> str:
    """sha256 of the normalised text: equal for equal content, whatever its source."""
    text = "\n\n".join(p for p in parts if p)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
