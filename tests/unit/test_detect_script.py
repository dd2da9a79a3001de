"""``_script_language`` counts the letters only when the Thai ones are not already over 30%
of the whole sample, with the answers of its definition."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from newsflow.language.detect import LETTER, THAI_ALPHA, _script_language


def script_language_by_definition(sample: str) -> str | None:
    letters = len(LETTER.findall(sample))
    thai = len(THAI_ALPHA.findall(sample))
    return "th" if letters and thai / letters > 0.3 else None


@given(st.text(alphabet=st.sampled_from("กขไฮฟองเมือง\u0e31\u0e48๑๒ ab1.,-_²") | st.characters(),
               max_size=40))
def test_script_language_is_its_definition(sample: str) -> None:
    assert _script_language(sample) == script_language_by_definition(sample)


def test_script_language_examples() -> None:
    assert _script_language("ไฮฟองเป็นเมืองท่า") == "th"
    assert _script_language("Hai Phong ไฮ 1234567890 and more words here") is None
    assert _script_language("ไฮฟองabcdefghijklmno") is None  # 5 of 20 letters, 5 of 20 characters
    assert _script_language("ไฮฟอง - - - - - - - - - - - - - - - - - - - - - - -") == "th"
