"""Text normalisation: the fast path of ``clean_line`` agrees with the full one."""

from __future__ import annotations

import re
import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from newsflow.language.detect import detect_language
from newsflow.language.normalize import clean_line
from newsflow.language.tokenize import words

SPECIAL = " \t\u00a0\u2003\u202f\u3000\u200b\u200d\u00ad\ufeff\u200e.,;:!?aàạ\u0300ก\u0e31"


def full_clean_line(text: str) -> str:
    """The definition, without the fast path."""
    text = unicodedata.normalize("NFC", text)
    text = re.sub("[\u200b\u2060\ufeff\u00ad\u200e\u200f]+", "", text)
    text = re.sub(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+", " ", text)
    return re.sub(r" +([,;.!?:](?:\s|$))", r"\1", text).strip()


@given(st.text(alphabet=st.sampled_from(SPECIAL) | st.characters(), max_size=60))
def test_clean_line_matches_its_definition(text: str) -> None:
    assert clean_line(text) == full_clean_line(text)


def test_clean_line_examples() -> None:
    assert clean_line("  Hải\u00a0 Phòng ,  ngày\u200b 5 . ") == "Hải Phòng, ngày 5."
    assert clean_line("Ha\u0309i Pho\u0300ng") == "Hải Phòng"  # decomposed input comes out NFC
    assert clean_line("plain line") == "plain line"


def test_clean_line_keeps_the_format_characters_words_are_written_with() -> None:
    # ZWNJ and ZWJ are spelling (Persian, Indic scripts, emoji sequences): the text keeps
    # them, search reads through them (a soft hyphen goes: a hint to the renderer)
    for word in ("\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645",
                 "\u0915\u094d\u200d\u0937", "\U0001f469\u200d\U0001f4bb"):
        assert clean_line(f" {word} ") == word
    assert clean_line("a\u200b\ufeffb") == "ab"  # zero-width space and BOM still go
    assert clean_line("Bundes\u00adregierung") == "Bundesregierung"


@settings(deadline=None)  # the first Thai text builds the dictionary
@given(st.text(alphabet=st.sampled_from("ab ,.-'’_1ไฮฟองเมือง\u0e31Hải"), max_size=80))
def test_words_without_thai_take_the_regex_path_and_agree(text: str) -> None:
    # words() of a text is the words of its parts split at spaces (no word spans a space).
    joined = [w for part in text.split(" ") for w in words(part)]
    assert words(text) == joined


def test_language_detection_reads_the_start_of_long_texts() -> None:
    german = "Die Delegation besuchte das Innovationszentrum in Hai Phong. " * 100
    assert detect_language(german) == "de"
    assert detect_language("ไฮฟองเป็นเมืองท่า " * 200) == "th"
    assert detect_language("12345 67890") == "und"


def test_language_detection_reads_on_when_the_start_is_not_enough() -> None:
    from newsflow.language.detect import FIRST_SAMPLE_CHARS, _identifier

    names = ("KIST, Pangyo, Hai Phong, VinFast, LG Display, Samsung, 2024-2026: " * 3)
    names = names[:FIRST_SAMPLE_CHARS]
    assert _identifier().classify(names)[1] < 0.5  # a list of names is no language
    prose = ("Die Delegation besuchte am Nachmittag das Innovationszentrum und sprach mit "
             "den Forschern über die Zusammenarbeit der beiden Städte. ")
    assert detect_language(names + prose * 4) == "de"


#: The word pattern as first written (an alternation per character); WORD is its faster form.
_WORD_DEFINITION = re.compile(
    r"[^\W_](?:[\w\u0300-\u036f\u0e31\u0e34-\u0e3a\u0e47-\u0e4e]|['’-](?=\w))*"
)


@given(st.text(alphabet=st.sampled_from("ab_'’- -1éàạ\u0300ก\u0e31.x") | st.characters(),
               max_size=40))
def test_word_pattern_matches_its_definition(text: str) -> None:
    from newsflow.language.tokenize import WORD

    assert WORD.findall(text) == _WORD_DEFINITION.findall(text)


@settings(max_examples=500)
@given(st.text(alphabet=st.sampled_from("ab_'’-.,(« \t\u00a0\x1c1é\u0300ß²Đ"), max_size=30)
       | st.text(alphabet=st.characters(), max_size=30))
def test_words_fast_path_is_the_word_pattern(text: str) -> None:
    """Outside Thai, words() splits at white space and only runs the pattern on chunks with
    punctuation inside: the result is the pattern's, word for word."""
    from newsflow.language.tokenize import THAI_RUN, WORD

    text = unicodedata.normalize("NFC", text)
    if THAI_RUN.search(text) is None:
        assert words(text) == WORD.findall(text)


def test_edge_punctuation_is_never_part_of_a_word() -> None:
    from newsflow.language.tokenize import _EDGE_PUNCTUATION, WORD

    assert not [c for c in _EDGE_PUNCTUATION if WORD.match(c) or c.isalnum() or c.isspace()]


def test_words_examples() -> None:
    assert words("«Hải Phòng», l'État, Baden-Württemberg: 3,5 %; _x (Foto: VNA).") == [
        "Hải", "Phòng", "l'État", "Baden-Württemberg", "3", "5", "x", "Foto", "VNA"]


@given(st.text(alphabet=st.sampled_from(SPECIAL + "\n\r\u2028\x1c\x85\v") | st.characters(),
               max_size=80))
def test_clean_lines_is_clean_line_per_line(text: str) -> None:
    from newsflow.language.normalize import clean_lines

    assert clean_lines(text) == [clean_line(line) for line in text.splitlines()]


def test_clean_lines_keeps_a_last_line_of_invisible_characters() -> None:
    from newsflow.language.normalize import clean_lines

    # the soft hyphen goes, the line stays (splitlines of the cleaned text would drop it)
    for text in ("\xad", "a\n\u200b", "a\r\n\ufeff\u200e"):
        assert clean_lines(text) == [clean_line(line) for line in text.splitlines()]


def test_thai_alpha_is_the_thai_block_letters() -> None:
    from newsflow.language.detect import THAI_ALPHA

    block = [chr(c) for c in range(0x0E00, 0x0E80)]
    assert [c for c in block if THAI_ALPHA.fullmatch(c)] == [c for c in block if c.isalpha()]
    assert THAI_ALPHA.fullmatch("ก") and not THAI_ALPHA.fullmatch("\u0e31")  # a vowel mark
