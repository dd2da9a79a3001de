"""Word tokenisation for every language we serve, with Thai word segmentation.

Thai is written without spaces between words, so a Thai run is segmented with PyThaiNLP's
``newmm`` engine and its bundled dictionary; every other script is split on word
characters. The indexer uses the same function on documents and on queries.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

#: A word: letters, digits and combining marks (Thai and Vietnamese need the marks).
#: An apostrophe or hyphen joins two runs of word characters ("l'État", "Baden-Württemberg").
_MARKS = "\u0300-\u036f\u0e31\u0e34-\u0e3a\u0e47-\u0e4e"
WORD = re.compile(rf"[^\W_][\w{_MARKS}]*(?:['’-]\w[\w{_MARKS}]*)*")
THAI_RUN = re.compile(r"[\u0e00-\u0e7f]+")


@lru_cache(maxsize=50_000)
def segment_thai(run: str) -> tuple[str, ...]:
    """Split a run of Thai characters into words."""
    from pythainlp.tokenize import word_tokenize

    return tuple(w for w in word_tokenize(run, engine="newmm", keep_whitespace=False) if w.strip())


def words(text: str) -> list[str]:
    """The words of ``text``, in order, original case kept, Thai runs segmented."""
    text = unicodedata.normalize("NFC", text)
    if THAI_RUN.search(text) is None:  # the common case, done by the regex engine alone
        return WORD.findall(text)
    out: list[str] = []
    for match in WORD.finditer(text):
        token = match.group(0)
        if THAI_RUN.search(token):
            position = 0
            for run in THAI_RUN.finditer(token):
                if run.start() > position:
                    out.append(token[position:run.start()])
                out.extend(segment_thai(run.group(0)))
                position = run.end()
            if position < len(token):
                out.append(token[position:])
        else:
            out.append(token)
    return out


def word_count(text: str) -> int:
    return len(words(text))
