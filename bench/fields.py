"""When a title, an author or a day counts as right (pure functions, no I/O).

Title: the same words in the same order, case and punctuation aside. Author: the same
set of names, whatever joins them ("A und B", "A; B", "A, B" are the same two people)
and without a "By"/"Von" before them. Day: the same ``YYYY-MM-DD``.
"""

from __future__ import annotations

import re

_WORD = re.compile(r"\w+")
#: Words that join or introduce names, in the development sets' languages; not names.
_JOINERS = frozenset({"and", "und", "et", "y", "e", "i", "og", "en", "och", "và", "by", "von", "par",
                      "por", "di", "de", "van", "mit", "with"})


def words(text: str | None) -> list[str]:
    return _WORD.findall((text or "").casefold())


def title_right(found: str | None, expected: str | None) -> bool:
    return bool(words(expected)) and words(found) == words(expected)


def author_words(authors: str | list[str] | None) -> frozenset[str]:
    if isinstance(authors, list):
        authors = " ; ".join(authors)
    return frozenset(w for w in words(authors) if w not in _JOINERS)


def author_right(found: str | None, expected: str | list[str] | None) -> bool:
    want = author_words(expected)
    return bool(want) and author_words(found) == want
