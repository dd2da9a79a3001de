"""``thai_letter_count`` (through the Thai code page) is the count of ``THAI_ALPHA``'s matches
for any text: Thai letters, marks, digits and unassigned code points of the block, other
scripts, characters the code page lacks or shares (ASCII, "€", "…", no-break space) and
lone surrogates."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from newsflow.language.detect import THAI_ALPHA, thai_letter_count

THAI_BLOCK = "".join(map(chr, range(0x0E00, 0x0E80)))


@given(st.text(alphabet=st.sampled_from(THAI_BLOCK + "a1 .€…\u00a0“”ạ中\ud800\U0001f600"))
       | st.text(alphabet=st.characters(min_codepoint=0, max_codepoint=0x10FFFF,
                                        blacklist_categories=())))
def test_thai_letter_count_is_the_pattern_count(text: str) -> None:
    assert thai_letter_count(text) == len(THAI_ALPHA.findall(text))


def test_thai_letter_count_examples() -> None:
    assert thai_letter_count("ไฮฟองเป็นเมืองท่า") == len(THAI_ALPHA.findall("ไฮฟองเป็นเมืองท่า"))
    assert thai_letter_count("กขค") == 3
    assert thai_letter_count("\u0e31\u0e48๑๒") == 0  # marks and digits are not letters
    assert thai_letter_count("Hai Phong € … \ud800") == 0
    assert thai_letter_count(THAI_BLOCK) == sum(c.isalpha() for c in THAI_BLOCK) == 57
