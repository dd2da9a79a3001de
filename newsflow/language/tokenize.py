"""Word tokenisation for every language we serve, with Thai word segmentation.

Thai is written without spaces between words, so a Thai run is segmented with PyThaiNLP's
``newmm`` engine and its bundled dictionary; every other script is split on word
characters. The parser counts an article's words with it (``word_count``); search tokens,
for documents and queries alike, are ``segment.py``'s. The words of a text without Thai are
found in C when the extension is built (``native.py``), the same as the pattern's.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

from newsflow.language import native

#: A word: letters, digits and combining marks (Thai and Vietnamese need the marks).
#: An apostrophe or hyphen joins two runs of word characters ("l'État", "Baden-Württemberg").
_MARKS = "\u0300-\u036f\u0e31\u0e34-\u0e3a\u0e47-\u0e4e"
#: ``WORD``'s parts: what a word begins with, goes on with, is joined by, and what must
#: follow the joining character.
_START, _INSIDE, _JOIN, _AFTER = r"[^\W_]", rf"[\w{_MARKS}]", "['’-]", r"\w"
WORD = re.compile(rf"{_START}{_INSIDE}*(?:{_JOIN}{_AFTER}{_INSIDE}*)*")
_THAI = r"[\u0e00-\u0e7f]"
THAI_RUN = re.compile(f"{_THAI}+")
#: The C loop of ``WORD.findall`` (``native.py``).
_NATIVE = native.load()


@lru_cache(maxsize=1)
def native_table() -> bytes:
    """The classes ``_native.words`` reads: ``WORD``'s parts, then ``THAI_RUN``'s (a text
    with Thai goes on to Python). Built at the first call (``warm_up`` makes one), not at
    import: 6-20 ms."""
    return native.class_table([(1, _START), (2, _INSIDE), (4, _JOIN), (8, _AFTER), (16, _THAI)])


def has_thai(text: str) -> bool:
    """Whether ``text`` has a character of the Thai block (U+0E00-U+0E7F): ``THAI_RUN.search``,
    about four times as fast on prose. In UTF-8 those characters, and only they, begin with
    the bytes E0 B8 or E0 B9, and a search for two bytes runs in C at memory speed."""
    if text.isascii():
        return False
    encoded = text.encode("utf-8", "surrogatepass")
    return b"\xe0\xb8" in encoded or b"\xe0\xb9" in encoded


class ThaiDictionary:
    """PyThaiNLP's Thai word list (``thai_words``) for its newmm segmenter, in a marisa trie:
    the answers of PyThaiNLP's own ``Trie`` (a dict per letter of every word: 68 MiB) in
    about 1 MiB. newmm asks it one thing, the listed words that begin at a position of the
    text, shortest first; so does this, in C."""

    def __init__(self, words: Iterable[str]) -> None:
        import marisa_trie

        listed = {word.strip() for word in words} - {""}  # as PyThaiNLP's Trie adds them
        self.words = marisa_trie.Trie(listed)
        self.longest = max(map(len, listed), default=0)

    def __len__(self) -> int:
        return len(self.words)

    def prefixes(self, text: str, start: int = 0) -> list[str]:
        return list(self.words.prefixes(text[start:start + self.longest]))


@lru_cache(maxsize=1)
def thai_dictionary() -> ThaiDictionary:
    from pythainlp.corpus import thai_words

    return ThaiDictionary(thai_words())


@lru_cache(maxsize=50_000)
def segment_thai(run: str) -> tuple[str, ...]:
    """Split a run of Thai characters into words."""
    from pythainlp.tokenize import word_tokenize

    words = word_tokenize(run, custom_dict=thai_dictionary(),  # type: ignore[arg-type]
                          engine="newmm", keep_whitespace=False)
    return tuple(w for w in words if w.strip())


#: Characters that are never part of a word, stripped from the ends of a space-separated chunk.
_EDGE_PUNCTUATION = ".,;:!?()[]{}<>\"'«»“”‘’„‚‹›-–—…/*#%&+=|~@"


def _words_fast(text: str) -> list[str]:
    """``WORD.findall(text)``, about twice as fast on prose.

    No word spans white space, so the text is split at it first (in C). A chunk of letters
    and digits (``str.isalnum``: exactly what the pattern's ``\\w`` accepts, minus "_") is
    one word, and so is one that is only that once punctuation is stripped from its ends;
    the pattern itself handles the rest ("l'État", "3,5", marks, underscores).
    """
    out: list[str] = []
    append = out.append
    for chunk in text.split():
        if chunk.isalnum():
            append(chunk)
            continue
        core = chunk.strip(_EDGE_PUNCTUATION)
        if core.isalnum():
            append(core)
        else:
            out.extend(WORD.findall(chunk))
    return out


def words(text: str) -> list[str]:
    """The words of ``text``, in order, original case kept, Thai runs segmented.

    A text without Thai is read in C when the extension is there (``WORD.findall``'s
    matches, ``_native.c``); with Thai, or without the extension, in Python."""
    text = unicodedata.normalize("NFC", text)
    if _NATIVE is not None:
        found = _NATIVE.words(text, native_table())
        if found is not None:
            return found
    return _python_words(text)


def python_words(text: str) -> list[str]:
    """``words`` in Python only: the reference of the C loop, and its fallback."""
    return _python_words(unicodedata.normalize("NFC", text))


def _python_words(text: str) -> list[str]:
    """``words`` of an NFC text, in Python."""
    if not has_thai(text):  # the common case, without Thai segmentation
        return _words_fast(text)
    out: list[str] = []
    for token in WORD.findall(text):
        out.extend(_token_words(token))
    return out


@lru_cache(maxsize=50_000)
def _token_words(token: str) -> tuple[str, ...]:
    """The words of a token of ``WORD``: its Thai runs segmented, the pieces between them as
    they are. Kept for the token's next time, as its segmentation is (``segment_thai``): one
    lookup a token instead of a search for its Thai runs (29-31 -> 17-18 us a Thai text of
    the bench seeds)."""
    thai = THAI_RUN.search(token)
    if thai is None:
        return (token,)
    if thai.end() == len(token) and thai.start() == 0:  # most tokens of Thai text
        return segment_thai(token)
    out: list[str] = []
    position = 0
    for run in THAI_RUN.finditer(token):
        if run.start() > position:
            out.append(token[position:run.start()])
        out.extend(segment_thai(run.group(0)))
        position = run.end()
    if position < len(token):
        out.append(token[position:])
    return tuple(out)


def word_count(text: str) -> int:
    """``len(words(text))``; in C without building the list when the text has no Thai."""
    if _NATIVE is not None:
        text = unicodedata.normalize("NFC", text)
        count = _NATIVE.word_count(text, native_table())
        if count >= 0:
            return count
        return len(_python_words(text))
    return len(words(text))
