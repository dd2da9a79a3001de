"""Search tokens for every script the product meets, the same on documents and on queries.

- Alphabetic scripts (Latin, Cyrillic, Greek, ...): a run of letters, digits and marks; a
  hyphen or an apostrophe ends a token ("Hightech-Unternehmen" -> "Hightech",
  "Unternehmen"; "l'État" -> "l", "État"), so each part is found alone and the whole as a
  phrase.
- Chinese, Japanese and Korean (Han, kana, Hangul): overlapping character bigrams ("北京市"
  -> "北京", "京市"; a run of one character is itself). A query is turned into the same
  bigrams and matched as a phrase, so any word is found wherever it occurs, with no
  dictionary to disagree with the text (a Korean noun with its particle attached,
  "부산에서", holds the bigram "부산").
- Thai, Lao, Khmer and Myanmar: ICU's dictionary word break (PyICU). A known Thai name that
  ICU splits is put back together ("ไฮ" + "ฟอง" -> "ไฮฟอง", so "ฟอง", foam, does not match
  inside it). A token stays whole: splitting every dictionary word that is two dictionary
  words made ordinary words into very common fragments ("เหล่า" -> "เห" + "ล่า",
  "มหาวิทยาลัย" -> "มหา" + "วิ" + "ทยา" + "ลัย"), which every Thai query then had to walk.
  A word inside a longer one is found through ``thai_parts`` instead (the index holds a
  compound's parts in a column of their own: ``services/indexer/analysis.py``), so
  "กรุงเทพ" finds "กรุงเทพมหานคร" and "น้ำ ท่วม" finds "น้ำท่วม".
- ``cjk_unigrams``: the single characters of a text's CJK runs, which the index keeps
  beside the bigrams so that a one-character query is one posting list (not a prefix
  query over every bigram starting with it).

``tokens`` is what the indexer analyses (``index_forms``: the same tokens, written in C
straight into the index's columns); ``token_spans`` gives the same tokens with their
offsets in the text (snippets). ``tokens`` runs in C when the extension is built
(``native.py``), the same as ``python_tokens``'s (ICU still segments Thai, Lao, Khmer and
Myanmar).
"""

from __future__ import annotations

import re
import threading
import unicodedata
from array import array
from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import Any

from newsflow.language import native


def _character_class(codes: Iterable[int]) -> str:
    """The inside of a regex character class of ``codes`` (ascending), as ranges."""
    ranges: list[tuple[int, int]] = []
    for code in codes:
        if ranges and ranges[-1][1] == code - 1:
            ranges[-1] = (ranges[-1][0], code)
        else:
            ranges.append((code, code))
    return "".join(f"{_escape(a)}-{_escape(b)}" if b > a else _escape(a) for a, b in ranges)


def _escape(code: int) -> str:
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def _mark_class() -> str:
    """A character class of every combining mark (Mn, Mc, Me) of the Basic Multilingual Plane."""
    return _character_class(code for code in range(0x300, 0x10000)
                            if unicodedata.category(chr(code)) in ("Mn", "Mc", "Me"))


_MARKS = _mark_class()
#: Format characters a word is written through, which the text keeps (see
#: ``normalize._INVISIBLE``): the soft hyphen, the zero-width non-joiner and joiner. A token
#: is the word without them, so "Bundes\u00adregierung" is found as "Bundesregierung".
JOINERS = "\u00ad\u200c\u200d"
_JOINER = re.compile(f"[{JOINERS}]+")
#: A letter or a digit (no underscore), a mark: what a token is made of.
_LETTER_OR_DIGIT, _MARK = r"[^\W_]", f"[{_MARKS}]"
_RUN_CHARACTER = f"(?:{_LETTER_OR_DIGIT}|{_MARK})"
#: A run of letters, digits and marks (no underscore), the joiners inside it: what every
#: token comes from.
RUN = re.compile(rf"{_RUN_CHARACTER}(?:[^\W_]|[{_MARKS}{JOINERS}])*")


def without_joiners(text: str) -> str:
    """``text`` without the soft hyphens and zero-width (non-)joiners written in it."""
    if "\u00ad" in text or "\u200c" in text or "\u200d" in text:
        return _JOINER.sub("", text)
    return text

_CJK = ("\u1100-\u11ff\u3040-\u30ff\u3130-\u318f\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff"
        "\uac00-\ud7af\uf900-\ufaff\uff66-\uff9f\U00020000-\U0003134f")
_BREAK = "\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff"  # Thai, Lao, Myanmar, Khmer
#: Within a run: a stretch of CJK, a stretch of a script ICU segments, or anything else.
_PIECE = re.compile(rf"([{_CJK}]+)|([{_BREAK}]+)|([^{_CJK}{_BREAK}]+)")
CJK_CHAR = re.compile(rf"[{_CJK}]")
NEEDS_SEGMENTING = re.compile(rf"[{_CJK}{_BREAK}]")
BREAK_CHAR = re.compile(rf"[{_BREAK}]")
def _code_points(low: str, high: str) -> str:
    """Every character from ``low`` to ``high``, as one string."""
    return array("I", range(ord(low), ord(high) + 1)).tobytes().decode("utf-32-le")


#: The CJK characters a ``RUN`` holds (not the few symbols and unassigned code points of
#: the CJK blocks, such as "・"), as a class without lookaheads.
_CJK_IN_RUN = "".join(
    f"{_escape(ord(low) + span.start())}-{_escape(ord(low) + span.end() - 1)}"
    for low, high in zip(_CJK[0::3], _CJK[2::3], strict=True)
    for span in re.finditer(rf"(?:[^\W_]|[{_MARKS}])+", _code_points(low, high)))
#: In a text without a script ICU segments: what ``RUN`` and ``_PIECE`` make of it, in one
#: pass: a stretch of CJK characters of a run, or a stretch of a run's other characters.
_CJK_OR_OTHER = re.compile(rf"([{_CJK_IN_RUN}]+)|((?:[^\W_{_CJK}]|(?![{_CJK}])[{_MARKS}])+)")
THAI = re.compile(r"[\u0e00-\u0e7f]")



def _astral_ranges(character_class: str) -> tuple[tuple[int, int], ...]:
    """The (first, last) code points of the ranges of a class written as ranges, such as
    ``_CJK``, that lie above the BMP."""
    return tuple((ord(low), ord(high))
                 for low, high in zip(character_class[0::3], character_class[2::3], strict=True)
                 if ord(high) >= native.TABLE_SIZE)


#: The C loop of ``tokens`` (``native.py``), and the classes it reads (``native_table``);
#: above the BMP, the ranges of ``_CJK`` and ``_BREAK`` there (a token character is
#: alphanumeric).
_NATIVE = native.load()
_ASTRAL_CJK, _ASTRAL_BREAK = _astral_ranges(_CJK), _astral_ranges(_BREAK)

#: Transliterated names ICU would split into dictionary words: kept whole, never split.
THAI_NAMES = frozenset({
    "ไฮฟอง", "ฮานอย", "ดานัง", "โฮจิมินห์", "เว้", "ญาจาง", "ปักกิ่ง", "เซี่ยงไฮ้", "โตเกียว",
    "โอซากา", "โซล", "ปูซาน", "เบอร์ลิน", "ปารีส", "ลอนดอน", "มาดริด", "วอชิงตัน", "เวียงจันทน์",
    "พนมเปญ", "ย่างกุ้ง", "สิงคโปร์", "จาการ์ตา", "มะนิลา", "กัวลาลัมเปอร์",
})
#: Parts of a Thai compound are at least this many code points ("คำ", "น้ำ"), and only a
#: token of ``THAI_MIN_COMPOUND`` or more is split ("ราคา" stays whole, "ทองคำ" does not).
THAI_MIN_PART = 2
THAI_MIN_COMPOUND = 5
#: Any of ``THAI_NAMES`` in a text: a run without one has no parts to put back together.
_THAI_NAME = re.compile("|".join(sorted(THAI_NAMES, key=len, reverse=True)))


@lru_cache(maxsize=1)
def _thai_dictionary() -> frozenset[str]:
    from pythainlp.corpus import thai_words

    return frozenset(thai_words()) - THAI_NAMES


_local = threading.local()


def _break_iterator() -> Any:
    iterator = getattr(_local, "iterator", None)
    if iterator is None:
        import icu

        iterator = _local.iterator = icu.BreakIterator.createWordInstance(icu.Locale.getRoot())
    return iterator


def _icu_words(text: str) -> list[str]:
    iterator = _break_iterator()
    iterator.setText(text)
    out = []
    start = iterator.first()
    for end in iterator:
        piece = text[start:end]
        if not piece.isspace():
            out.append(piece)
        start = end
    return out


@lru_cache(maxsize=200_000)
def _thai_cut(word: str) -> tuple[str, str] | None:
    """Where a Thai dictionary compound splits: the longest dictionary head that leaves a
    tail which is a word or splits into words; None for a word that is not two or more
    parts (or is a name)."""
    dictionary = _thai_dictionary()
    if word in THAI_NAMES or len(word) < THAI_MIN_COMPOUND:
        return None
    for cut in range(len(word) - THAI_MIN_PART, THAI_MIN_PART - 1, -1):
        head, tail = word[:cut], word[cut:]
        if head in dictionary and (tail in dictionary or _thai_cut(tail) is not None):
            return head, tail
    return None


@lru_cache(maxsize=100_000)
def split_thai_compound(word: str) -> tuple[str, ...]:
    """A Thai dictionary compound as its dictionary parts, recursively (the leaves of its
    ``thai_parts`` tree); a word that is not two or more parts (or is a name) as itself."""
    cut = _thai_cut(word)
    if cut is None:
        return (word,)
    return (*split_thai_compound(cut[0]), *split_thai_compound(cut[1]))


@lru_cache(maxsize=100_000)
def thai_parts(word: str) -> tuple[str, ...]:
    """Every word inside a Thai compound: each part of its split and, recursively, their
    parts ("กรุงเทพมหานคร" -> "กรุงเทพ", "กรุง", "เทพ", "มหานคร", "มหา", "นคร"); empty for
    a word that does not split (or is a name)."""
    cut = _thai_cut(word)
    if cut is None:
        return ()
    head, tail = cut
    return (head, *thai_parts(head), tail, *thai_parts(tail))


def is_thai(token: str) -> bool:
    return THAI.search(token) is not None


def _merge_names(parts: list[str]) -> list[str]:
    """Put back together the consecutive parts that spell a known name."""
    out: list[str] = []
    position = 0
    while position < len(parts):
        for width in (4, 3, 2):
            if position + width <= len(parts) and "".join(parts[position:position + width]) in THAI_NAMES:
                out.append("".join(parts[position:position + width]))
                position += width
                break
        else:
            out.append(parts[position])
            position += 1
    return out


@lru_cache(maxsize=50_000)
def segment_run(run: str) -> tuple[str, ...]:
    """A run of Thai, Lao, Khmer or Myanmar as words (see the module doc)."""
    parts = _icu_words(run)
    if _THAI_NAME.search(run) is None:
        return tuple(parts)
    return tuple(_merge_names(parts))


def cjk_unigrams(text: str) -> list[str]:
    """The CJK characters of ``text``, in order (each inside one or two of its bigrams)."""
    return CJK_CHAR.findall(unicodedata.normalize("NFC", text))


def bigrams(run: str) -> list[str]:
    if len(run) < 2:
        return [run]
    return list(map(str.__add__, run, run[1:]))


def _piece_tokens(run: str) -> list[str]:
    out: list[str] = []
    for cjk, segmented, other in _PIECE.findall(run):
        if cjk:
            out.extend(bigrams(cjk))
        elif segmented:
            out.extend(segment_run(segmented))
        else:
            out.append(other)
    return out


@lru_cache(maxsize=1)
def native_table() -> bytes:
    """The classes ``_native.segment_tokens`` reads, from the patterns above: a token
    character (``RUN``'s first: either of its two classes, 4 ms where the alternation took
    7), a joiner, CJK (``_PIECE``'s first group), a script to break (its second). Built at
    the first call (``warm_up`` makes one), not at import: a pass of each pattern over the
    65,536 code points, 5-15 ms."""
    return native.class_table([(1, _LETTER_OR_DIGIT), (1, _MARK), (2, f"[{JOINERS}]"),
                               (4, f"[{_CJK}]"), (8, f"[{_BREAK}]")])


def tokens(text: str) -> list[str]:
    """The search tokens of ``text``, in order, case kept (see the module doc).

    Read in C when the extension is there (``_native.c``): the maximal runs of ``RUN``'s
    characters through the joiners, and in a run with a script to segment, ``_PIECE``'s
    stretches (CJK bigrams, ``segment_run``'s words, the rest whole), the same tokens as
    ``python_tokens``'s."""
    text = unicodedata.normalize("NFC", text)
    if _NATIVE is not None:
        return _NATIVE.segment_tokens(text, native_table(), _ASTRAL_CJK, _ASTRAL_BREAK, segment_run)
    return _python_tokens(text)


@lru_cache(maxsize=1)
def lower_table() -> bytes:
    """Each BMP code point's lower case by ``str.lower`` (two bytes each, native order), for
    ``_native.lower_text``; U+0130, the one lower-cased to two characters, as itself (the C
    code leaves a text with it to ``str.lower``). Built at the first call, 10-20 ms."""
    return array("H", (ord(lowered) if len(lowered := chr(code).lower()) == 1 else code
                       for code in range(native.TABLE_SIZE))).tobytes()


def lower(text: str) -> str:
    """``text.lower()``; in C by ``lower_table`` for a text that is not ASCII (whose own
    path in ``str.lower`` is fast), 3-4 times faster than ``str.lower``'s character-by-
    character lookup of the full case mapping. A text above the BMP, or with U+0130 or
    U+03A3 (lower-cased by context: final sigma), goes to ``str.lower``."""
    if text.isascii() or _NATIVE is None or not hasattr(_NATIVE, "lower_text"):
        return text.lower()
    lowered = _NATIVE.lower_text(text, lower_table())
    return text.lower() if lowered is None else lowered


def has_index_forms() -> bool:
    """Whether ``index_forms`` runs here: the extension built, with it (a build from before
    it lacks it), and not turned off."""
    return _NATIVE is not None and hasattr(_NATIVE, "index_forms")


def forms_cache() -> native.TokenForms:
    """A new, empty ``_native.FormsCache`` for ``index_forms`` (``has_index_forms`` first)."""
    assert _NATIVE is not None
    return _NATIVE.FormsCache()


def index_forms(text: str, cache: native.TokenForms, with_subs: bool,
                tag: str) -> tuple[str, str, str] | list[str]:
    """The tokens of ``text`` (as ``tokens`` makes them, in C) written straight into three
    columns, each joined by single spaces: the tokens; their folds from ``cache``, or ''
    when that would repeat the tokens; with ``with_subs``, each token's sub-forms from
    ``cache``, ``tag`` before each (else ''). No str is made for a token ``cache`` holds;
    the tokens it does not hold are given back instead (a list), to be added to it and the
    call made again. ``has_index_forms`` first."""
    assert _NATIVE is not None
    return _NATIVE.index_forms(unicodedata.normalize("NFC", text), native_table(), _ASTRAL_CJK,
                               _ASTRAL_BREAK, segment_run, cache, with_subs, tag)


def python_tokens(text: str) -> list[str]:
    """``tokens`` in Python only: the reference of the C loop, and its fallback."""
    return _python_tokens(unicodedata.normalize("NFC", text))


def _python_tokens(text: str) -> list[str]:
    """``tokens`` of an NFC text, in Python. Without a script to segment, a token is a
    maximal run of ``RUN``'s characters once the joiners are gone (white space is none of
    them, so splitting at it first only lets ``str.isalnum`` take a whole chunk at once)."""
    text = without_joiners(text)
    if NEEDS_SEGMENTING.search(text) is None:
        out: list[str] = []
        append = out.append
        for chunk in text.split():
            if chunk.isalnum():
                append(chunk)
            else:
                out.extend(RUN.findall(chunk))
        return out
    out = []
    if BREAK_CHAR.search(text) is None:
        for cjk, other in _CJK_OR_OTHER.findall(text):
            if not cjk:
                out.append(other)
            elif len(cjk) < 2:
                out.append(cjk)
            else:
                out.extend(bigrams(cjk))
        return out
    for run in RUN.findall(text):
        if NEEDS_SEGMENTING.search(run) is None:
            out.append(run)
        else:
            out.extend(_piece_tokens(run))
    return out


def iter_token_spans(text: str) -> Iterator[tuple[int, int, str]]:
    """``token_spans``, one at a time: a snippet stops reading where its window ends."""
    for match in RUN.finditer(text):
        yield from run_token_spans(match.group(0), match.start())


def run_token_spans(run: str, start: int = 0) -> Iterator[tuple[int, int, str]]:
    """The tokens of one ``RUN`` of a text that begins at offset ``start``, with their
    offsets in the text (a text's tokens are those of its runs, each run on its own)."""
    if NEEDS_SEGMENTING.search(run) is None:
        yield start, start + len(run), without_joiners(run)
        return
    for piece in _PIECE.finditer(run):
        cjk, segmented, other = piece.groups()
        offset = start + piece.start()
        if cjk:
            for i, bigram in enumerate(bigrams(cjk)):
                yield offset + i, offset + i + len(bigram), bigram
        elif segmented:
            cursor = 0
            for word in segment_run(segmented):
                found = segmented.find(word, cursor)
                if found < 0:
                    break
                yield offset + found, offset + found + len(word), word
                cursor = found + len(word)
        elif word := without_joiners(other):
            yield offset, offset + len(other), word


def token_spans(text: str) -> list[tuple[int, int, str]]:
    """``tokens(text)`` with each token's [start, end) offsets in ``text`` (NFC text: the
    parser stores articles normalised)."""
    return list(iter_token_spans(text))


def is_cjk(token: str) -> bool:
    return CJK_CHAR.search(token) is not None


__all__ = ["JOINERS", "bigrams", "cjk_unigrams", "forms_cache", "has_index_forms", "index_forms",
           "is_cjk", "is_thai", "iter_token_spans", "lower", "lower_table", "python_tokens",
           "run_token_spans", "segment_run", "split_thai_compound", "thai_parts", "token_spans",
           "tokens", "without_joiners"]
