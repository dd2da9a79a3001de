"""``_needs_cleaning``, the fast path's test, says yes exactly where the alternation it stands
for (any character the cleaning patterns change, two spaces, a space before punctuation)
finds something."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from newsflow.language.normalize import _needs_cleaning

DEFINITION = re.compile("[\t\u00a0\u2000-\u200b\u200e\u200f\u202f\u205f\u3000\u2060\ufeff\u00ad]|  | [,;.!?:]")
SPECIAL = " \t\u00a0\u2003\u200b\u200c\u200d\u200f\u202f\u205f\u2060\u3000\ufeff\u00ad\u2010.,;:!?aạก\u1ea1x"


@given(st.text(alphabet=st.sampled_from(SPECIAL) | st.characters(), max_size=30))
def test_needs_cleaning_is_the_alternation(text: str) -> None:
    assert _needs_cleaning(text) == (DEFINITION.search(text) is not None)


def test_every_character_of_the_class_alone_needs_cleaning() -> None:
    for code in [0x09, 0xA0, 0xAD, *range(0x2000, 0x200C), 0x200E, 0x200F, 0x202F, 0x205F, 0x2060, 0x3000, 0xFEFF]:
        for text in (chr(code), "plain ascii" + chr(code), "Hải Phòng" + chr(code), "ไฮฟอง" + chr(code)):
            assert _needs_cleaning(text), hex(code)
    assert not _needs_cleaning("Hải Phòng, ngày 5. ไฮฟอง\u2010")
    assert not _needs_cleaning("mi\u200cxed, a\u200db")  # kept as written
