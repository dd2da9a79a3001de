"""Folding for accent- and variant-insensitive matching: diacritics (Vietnamese above all),
and the variant forms of East Asian text a reader may type either way: traditional Han
characters as simplified ones (ICU's ``Traditional-Simplified`` transliteration, one
character at a time: "臺灣經濟" -> "台湾经济", and "台灣" too), full-width Latin letters and
digits as ASCII ("ＡＩ", "２０２７"), half-width katakana as full-width, and katakana as
hiragana ("タコ焼き" -> "たこ焼き")."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

#: Letters that are not a base letter plus a combining mark, so NFD does not split them.
_SPECIAL = str.maketrans({"đ": "d", "Đ": "D", "ß": "ss", "ø": "o", "Ø": "O", "ł": "l",
                          "Ł": "L", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE"})


#: Full-width ASCII (U+FF01-U+FF5E) as ASCII; katakana (U+30A1-U+30F6) as hiragana.
_WIDTH_AND_KANA = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)} | {
    c: c - 0x60 for c in range(0x30A1, 0x30F7)}
#: Half-width katakana and their voicing marks: NFKC makes them full-width (and composed).
_HALF_WIDTH_KANA = re.compile("[\uff61-\uff9f]")


@lru_cache(maxsize=1)
def variant_table() -> dict[int, str | int | None]:
    """The translation table of every character folding replaces whole: ``_SPECIAL``,
    full-width ASCII, katakana, and each traditional Han character whose simplified form
    differs (2,853 of the BMP's; built once with ICU, in about 15 ms)."""
    import icu

    simplify = icu.Transliterator.createInstance("Traditional-Simplified")
    han = "".join(chr(c) for low, high in _HAN for c in range(low, high + 1))
    table: dict[int, str | int | None] = {
        ord(t): s for t, s in zip(han, simplify.transliterate(han), strict=True) if t != s}
    return {**table, **_WIDTH_AND_KANA, **_SPECIAL}


@lru_cache(maxsize=1)
def _spellings() -> dict[str, frozenset[str]]:
    """Folded character -> every character the variant table folds to it."""
    found: dict[str, set[str]] = {}
    for code, target in variant_table().items():
        if isinstance(target, str) and len(target) == 1:
            found.setdefault(target, {target}).add(chr(code))
        elif isinstance(target, int):
            found.setdefault(chr(target), {chr(target)}).add(chr(code))
    return {k: frozenset(v) for k, v in found.items()}


@lru_cache(maxsize=10_000)
def spellings(character: str) -> tuple[str, ...]:
    """Every character that folds as ``character`` does, itself first: "台" -> "台", "臺",
    "檯", "颱"; "タ" -> "タ", "た". What a one-character query matches, so that the
    index keeps single characters as written."""
    others = _spellings().get(character.translate(variant_table()), frozenset())
    return (character, *sorted(others - {character}))


@lru_cache(maxsize=200_000)
def fold_token(token: str) -> str:
    """Lower-case ``token`` without diacritics: 'Phòng' -> 'phong', 'Đà' -> 'da'.

    Thai vowel and tone marks are combining characters too, but they carry meaning: Thai
    text is left as it is.
    """
    return fold_text(token)


#: Han ideographs and Hangul syllables only: no case, no diacritics, and NFD then NFC gives
#: them back unchanged (a syllable decomposes into jamo that recompose), so folding them is
#: the variant table alone (a unit test checks every character). Kana is not here: NFD
#: splits the voicing mark off "が", and folding drops it.
_HAN = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF))
_UNFOLDED = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7a3]+")


#: Text that folds to itself once lower-cased: ASCII, Thai (its marks are kept) and Hangul
#: syllables (NFD splits them into jamo, which NFC puts together again). A unit test checks
#: every character.
FOLDS_AS_IS = re.compile("[\x00-\x7f\u0e00-\u0e7f\uac00-\ud7a3]+")


def fold_text(text: str) -> str:
    """``fold_token`` of a whole text, not cached: a text's words are its tokens folded."""
    if text.isascii():
        return text.lower()
    if _UNFOLDED.fullmatch(text):
        # most new tokens of Chinese and Korean text (bigrams): spared NFD/NFC
        return text.translate(variant_table())
    return fold_by_decomposing(text)


def fold_by_decomposing(text: str) -> str:
    """Folding's general path: half-width kana made full-width, the variant table, NFD,
    combining marks (but Thai ones) dropped, NFC, lower."""
    if _HALF_WIDTH_KANA.search(text):
        text = _HALF_WIDTH_KANA.sub(lambda m: unicodedata.normalize("NFKC", m.group()), text)
    decomposed = unicodedata.normalize("NFD", text.translate(variant_table()))
    kept = [
        c for c in decomposed
        if not (unicodedata.combining(c) and not "\u0e00" <= c <= "\u0e7f")
    ]
    return unicodedata.normalize("NFC", "".join(kept)).lower()


#: Folding maps the characters of these ranges one at a time (every alphabet of the Basic
#: Multilingual Plane; the scripts a text is segmented in are not there, and never reach
#: the snippets' plain path): the first letter of a token's fold is the fold of its first letter.
_ONE_BY_ONE = ((0x0000, 0x0DFF), (0x0E80, 0x0FFF), (0x10A0, 0x10FF), (0x1200, 0x177F),
               (0x1800, 0x2E7F), (0xA000, 0xABFF), (0xFB00, 0xFFEF))


@lru_cache(maxsize=1)
def first_letters() -> dict[str, str]:
    """The first letter of the fold of each letter and digit of ``_ONE_BY_ONE`` that folds
    on its own: not a mark (folding drops most), nor a letter that composes with the mark
    after it into another letter (Tamil "ஒ" + "ௗ" is "ஔ"; ``_composing_starters``). A word
    starting with one of those is not in the table."""
    starters = _composing_starters()
    table: dict[str, str] = {}
    for low, high in _ONE_BY_ONE:
        for code in range(low, high + 1):
            character = chr(code)
            if character in starters or unicodedata.category(character)[0] not in "LN":
                continue
            if first := fold_text(character.lower())[:1]:
                table[character] = first
    return table


def _composing_starters() -> frozenset[str]:
    """The letters of ``_ONE_BY_ONE`` a following character of combining class 0 composes
    with under NFC (a mark folding keeps, as Indic two-part vowels are written)."""
    starters: set[str] = set()
    for code in (c for low, high in _ONE_BY_ONE for c in range(low, high + 1)):
        parts = unicodedata.decomposition(chr(code)).split()
        if (len(parts) == 2 and not parts[0].startswith("<")
                and unicodedata.combining(chr(int(parts[1], 16))) == 0):
            starters.add(chr(int(parts[0], 16)))
    return frozenset(starters)
