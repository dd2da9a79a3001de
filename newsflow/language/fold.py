"""Diacritic folding for accent-insensitive matching (Vietnamese above all)."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

#: Letters that are not a base letter plus a combining mark, so NFD does not split them.
_SPECIAL = str.maketrans({"đ": "d", "Đ": "D", "ß": "ss", "ø": "o", "Ø": "O", "ł": "l",
                          "Ł": "L", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE"})


@lru_cache(maxsize=200_000)
def fold_token(token: str) -> str:
    """Lower-case ``token`` without diacritics: 'Phòng' -> 'phong', 'Đà' -> 'da'.

    Thai vowel and tone marks are combining characters too, but they carry meaning: Thai
    text is left as it is.
    """
    return fold_text(token)


#: Han ideographs and Hangul syllables only: no case, no diacritics, and NFD then NFC gives
#: them back unchanged (a syllable decomposes into jamo that recompose), so folding them is
#: the identity (a unit test checks every character). Kana is not here: NFD splits the
#: voicing mark off "が", and folding drops it.
_UNFOLDED = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7a3]+")


def fold_text(text: str) -> str:
    """``fold_token`` of a whole text, not cached: a text's words are its tokens folded."""
    if text.isascii():
        return text.lower()
    if _UNFOLDED.fullmatch(text):
        return text  # most new tokens of Chinese and Korean text (bigrams): spared NFD/NFC
    return fold_by_decomposing(text)


def fold_by_decomposing(text: str) -> str:
    """Folding's general path: NFD, combining marks (but Thai ones) dropped, NFC, lower."""
    decomposed = unicodedata.normalize("NFD", text.translate(_SPECIAL))
    kept = [
        c for c in decomposed
        if not (unicodedata.combining(c) and not "\u0e00" <= c <= "\u0e7f")
    ]
    return unicodedata.normalize("NFC", "".join(kept)).lower()
