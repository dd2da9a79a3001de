"""Thai text's words: a token of the word pattern that is all Thai is segmented whole, without
looking for its Thai runs one by one; the words are those of the definition, run by run."""

from __future__ import annotations

import re
import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from newsflow.language.tokenize import THAI_RUN, WORD, segment_thai, words


def words_by_definition(text: str) -> list[str]:
    """Every token of the pattern, cut at its Thai runs: each run segmented, each piece
    between runs kept as it is."""
    out: list[str] = []
    for token in WORD.findall(unicodedata.normalize("NFC", text)):
        for piece in re.split(f"({THAI_RUN.pattern})", token):
            if THAI_RUN.fullmatch(piece):
                out.extend(segment_thai(piece))
            elif piece:
                out.append(piece)
    return out


PIECES = ["ไฮฟอง", "ที่", "มา", "ก", "\u0e31", "\u0e47", "๑", "ๆ", "฿", "๏", "a", "B", "1", "-",
          "'", "’", ".", ",", " ", "\n", "\u0300", "é", "_"]


@settings(max_examples=300, deadline=None)  # the first call loads the Thai dictionary
@given(st.lists(st.sampled_from(PIECES), max_size=20).map("".join))
def test_thai_words_are_those_of_the_definition(text: str) -> None:
    assert words(text) == words_by_definition(text)


def test_thai_words_examples() -> None:
    assert words("ไฮฟอง") == list(segment_thai("ไฮฟอง"))
    assert words("abcไฮฟอง-1 ไฮฟองx") == ["abc", *segment_thai("ไฮฟอง"), "-1", *segment_thai("ไฮฟอง"), "x"]
