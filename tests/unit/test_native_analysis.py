"""The C loops of the text analysis (``newsflow/language/_native.c``) give exactly the Python
path's search tokens (every script: CJK bigrams and ICU's Thai words too) and words: on every code point, in several surroundings, on random
mixed-script text, and on the index columns of whole articles (same tokens, so the index
layout and its files stay as they are: no reindex)."""

from __future__ import annotations

import os
import unicodedata
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from newsflow.events import Article
from newsflow.language import native, segment, tokenize
from newsflow.services.indexer import analysis
from newsflow.services.indexer.backends.sqlite import fts_columns

NATIVE = native.load()
needs_native = pytest.mark.skipif(NATIVE is None, reason="NEWSFLOW_NATIVE=0")


def native_tokens(text: str) -> list[str]:
    assert segment._NATIVE is not None
    return segment._NATIVE.segment_tokens(unicodedata.normalize("NFC", text), segment.native_table(),
                                          segment._ASTRAL_CJK, segment._ASTRAL_BREAK, segment.segment_run)


def native_words(text: str) -> list[str] | None:
    assert tokenize._NATIVE is not None
    return tokenize._NATIVE.words(unicodedata.normalize("NFC", text), tokenize.native_table())


def native_count(text: str) -> int:
    assert tokenize._NATIVE is not None
    return tokenize._NATIVE.word_count(unicodedata.normalize("NFC", text), tokenize.native_table())


@pytest.mark.skipif(os.environ.get("NEWSFLOW_NATIVE", "1").strip() == "0", reason="NEWSFLOW_NATIVE=0")
def test_the_extension_is_built_and_used() -> None:
    """``pip install -e .`` (make) builds it: a missing build must not pass for the fallback."""
    assert NATIVE is not None
    assert segment._NATIVE is NATIVE and tokenize._NATIVE is NATIVE


def test_newsflow_native_0_turns_it_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEWSFLOW_NATIVE", "0")
    assert native.load() is None


#: Where a character is put: alone, inside a word, after a word's hyphen or apostrophe,
#: after a combining mark, behind a soft hyphen (a joiner).
SURROUNDINGS = ("{}", "a{}b", "a-{}", "x'{}", "\u0301{}", "a\u00ad{}")


def plane_chunks(low: int, high: int, size: int = 0x4000) -> Iterator[list[str]]:
    for start in range(low, high, size):
        yield [chr(code) for code in range(start, min(start + size, high))]


@needs_native
@pytest.mark.parametrize("surrounding", SURROUNDINGS)
def test_every_bmp_code_point_gives_the_python_tokens_and_words(surrounding: str) -> None:
    """Each BMP code point (the table's), a text of them all: native and Python agree, and
    native did read the text (the words: without Thai, which goes to Python, below)."""
    for chunk in plane_chunks(0, 0x10000):
        text = " ".join(surrounding.format(c) for c in chunk)
        assert native_tokens(text) == segment.python_tokens(text)
        no_thai = " ".join(surrounding.format(c) for c in chunk if not tokenize.THAI_RUN.match(c))
        found = native_words(no_thai)
        assert found == tokenize.python_words(no_thai)
        assert native_count(no_thai) == len(found)


@needs_native
def test_every_astral_code_point_gives_the_python_tokens_and_words() -> None:
    """Above the BMP the C code asks CPython's ``Py_UNICODE_ISALNUM`` and the astral CJK
    ranges: the same classes as the patterns'. The planes with characters assigned (1, 2,
    3 and the tags of 14) whole, the private-use planes' first and last code points."""
    for chunk in [*plane_chunks(0x10000, 0x40000, 0x20000), *plane_chunks(0xE0000, 0xE1000),
                  [chr(c) for c in (0xF0000, 0xFFFFD, 0x100000, 0x10FFFD, 0x10FFFF)]]:
        text = " ".join(f"a{c}b" for c in chunk)
        assert native_tokens(text) == segment.python_tokens(text)
        found = native_words(text)
        assert found == tokenize.python_words(text)
        assert native_count(text) == len(found)


@needs_native
def test_runs_with_a_script_to_segment() -> None:
    """CJK stretches as bigrams, Thai through ``segment_run`` (a name kept whole), the rest
    of the run whole, joiners removed first (BMP and astral CJK)."""
    assert native_tokens("北京市 東京 부산에서 カタカナ・テスト") == [
        "北京", "京市", "東京", "부산", "산에", "에서", "カタ", "タカ", "カナ", "テス", "スト"]
    assert native_tokens("abc北京x\u0301ก\u200cข \u00adไทย \U00020000\U00020001a") == [
        "abc", "北京", "x\u0301", *segment.segment_run("กข"), *segment.segment_run("ไทย"),
        "\U00020000\U00020001", "a"]
    assert native_tokens("ไปไฮฟองแล้ว") == list(segment.segment_run("ไปไฮฟองแล้ว"))
    assert "ไฮฟอง" in native_tokens("ไปไฮฟองแล้ว")
    assert native_tokens("\U0003134a\U00030000 \U0001d400") == ["\U0003134a\U00030000", "\U0001d400"]


@needs_native
def test_thai_sends_the_words_to_python() -> None:
    """newmm segments Thai: the C loop gives up wherever a Thai character is."""
    for code in range(0x0E00, 0x0E80):
        assert native_words(f"abc-{chr(code)}") is None
        assert native_count(f"abc'{chr(code)}") == -1
    assert native_words("北京 한국어 abc") == tokenize.python_words("北京 한국어 abc")


@needs_native
def test_token_examples() -> None:
    assert segment.tokens("Hightech-Unternehmen l'État Bundes\u00adregierung a_b") == [
        "Hightech", "Unternehmen", "l", "État", "Bundesregierung", "a", "b"]
    assert segment.tokens("\u00ad \u200c\u200d x\u200cy\u00ad") == ["xy"]  # joiners alone: no token
    assert segment.tokens("Ha\u0309i Pho\u0300ng") == ["Hải", "Phòng"]  # NFC first
    assert segment.tokens("") == [] and tokenize.words("") == [] and tokenize.word_count("") == 0
    assert tokenize.words("l'État Baden-Württemberg 3,5 a_b _x a--b -y x' a-_") == [
        "l'État", "Baden-Württemberg", "3", "5", "a_b", "x", "a", "b", "y", "x", "a-_"]
    assert tokenize.word_count("один два, три") == 3


@needs_native
def test_bad_arguments_are_errors() -> None:
    assert NATIVE is not None
    table, run = segment.native_table(), segment.segment_run
    with pytest.raises(ValueError):
        NATIVE.segment_tokens("abc", b"\x01", (), (), run)
    with pytest.raises(TypeError):
        NATIVE.segment_tokens("abc", table, ((1,),), (), run)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        NATIVE.segment_tokens("abc", table, (), ((-1, 5),), run)
    with pytest.raises(TypeError):
        NATIVE.segment_tokens("abc", table, (), (), None)  # type: ignore[arg-type]

    def broken(run: str) -> list[str]:
        raise RuntimeError(run)

    with pytest.raises(RuntimeError, match="ไทย"):
        NATIVE.segment_tokens("abc ไทย", table, (), (), broken)
    with pytest.raises(TypeError):
        NATIVE.words(b"abc", tokenize.native_table())  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        NATIVE.word_count("abc")  # type: ignore[call-arg]


#: Words and pieces of the scripts the product meets, and the characters between them.
PIECES = [
    "Hải", "Phòng", "Đà", "Nẵng", "người", "Straße", "Bundes\u00adregierung", "Württemberg",
    "l'État", "d’énergie", "Hightech-Unternehmen", "Москва", "ёлка", "Αθήνα", "ΣΟΦΊΑ", "ς",
    "القاهرة", "مي\u200cخواهم", "2026", "3,5", "٣٤", "Ⅻ", "½", "x\u0301", "\u0301", "\u0483",
    "\u00ad", "\u200c", "\u200d", "_", "__init__", "a_b", "北京市", "東京", "カタカナ", "부산에서",
    "ไฮฟอง", "น้ำท่วม", "ລາວ", "ខ្មែរ", "မြန်မာ", "\U0001d400", "\U0001F600", "\U00020000",
    "\U000107ff", "'", "’", "-", "–", ".", ",", "!", "(", ")", "«", "»", " ", "  ", "\t", "\n",
    "\u00a0", "\u2009", "\u3000", "\x1c", "\x85", "\u2028", "\ufeff", "\U000e0001",
]
MIXED = st.lists(st.one_of(st.sampled_from(PIECES), st.characters(), st.characters(max_codepoint=0x3ff)),
                 max_size=40).map("".join)
SLOW = settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@needs_native
@SLOW
@given(MIXED)
def test_mixed_script_text_gives_the_python_tokens_and_words(text: str) -> None:
    assert segment.tokens(text) == segment.python_tokens(text)
    assert tokenize.words(text) == tokenize.python_words(text)
    assert tokenize.word_count(text) == len(tokenize.python_words(text))


def plain(character: str) -> bool:
    return segment.NEEDS_SEGMENTING.search(character) is None


#: Text without Thai (which the words hand to Python) nor any other script to segment.
UNSEGMENTED = st.lists(st.one_of(st.sampled_from(list(filter(plain, PIECES))),
                                 st.characters().filter(plain), st.characters(max_codepoint=0x3ff)),
                       max_size=40).map("".join)


@needs_native
@SLOW
@given(UNSEGMENTED)
def test_text_without_a_script_to_segment_is_read_in_c(text: str) -> None:
    assume(plain(unicodedata.normalize("NFC", text)))
    assert native_tokens(text) == segment.python_tokens(text)
    found = native_words(text)
    assert found is not None and found == tokenize.python_words(text)
    assert native_count(text) == len(found)


def article(number: int, language: str, title: str, body: str) -> Article:
    return Article(id=f"a-{number}", document_id=f"d-{number}", url=f"https://example.test/{number}",
                   site="example.test", language=language, title=title, body=body,
                   captions=[f"{title} ({number})"], fetched_at=datetime(2026, 1, 1, tzinfo=UTC),
                   content_hash=f"h-{number}")


ARTICLES = [
    article(1, "de", "Die Bundes\u00adregierung in Baden-Württemberg",
            "Das Hightech-Unternehmen eröffnet ein Innovationszentrum. 3,5 Mio. Euro (dpa)."),
    article(2, "vi", "Hải Phòng đón 1,2 triệu lượt khách", "Đà Nẵng và Hải Phòng: du lịch tăng 12%."),
    article(3, "fr", "L'État et l’énergie", "Le ministre a déclaré « aujourd'hui » : 15 000 emplois."),
    article(4, "ru", "Москва — Αθήνα", "Ёлка, ΣΟΦΊΑ и القاهرة; مي\u200cخواهم __init__ a_b."),
    article(5, "th", "น้ำท่วม กรุงเทพมหานคร", "ไฮฟอง abc 2026"),
    article(6, "zh", "北京市 东京 부산에서", "カタカナ and Latin \U0001d400bc \U0001F600"),
]


@needs_native
def test_index_columns_are_the_same_with_and_without_the_extension(monkeypatch: pytest.MonkeyPatch) -> None:
    """The SQLite index's six columns of each article: the tokens did not change, so an
    index written before the extension is searched as it is (the layout is unchanged)."""
    with_native = [fts_columns(a) for a in ARTICLES]
    monkeypatch.setattr(segment, "_NATIVE", None)
    monkeypatch.setattr(tokenize, "_NATIVE", None)
    assert [fts_columns(a) for a in ARTICLES] == with_native
    assert with_native[0][0] == "die bundesregierung in baden württemberg"


LANGUAGES = ("de", "en", "fr", "es", "vi", "th", "zh", "ja", "ko", "ru", None)


@needs_native
@SLOW
@given(MIXED, st.sampled_from(LANGUAGES))
def test_index_columns_are_the_analysis_joined(text: str, language: str | None) -> None:
    """``index_columns`` (``index_forms`` in C) gives the columns of ``analyse`` joined in
    Python, whether its tokens are new to the language's cache or not."""
    expected = analysis.joined_columns(analysis.analyse(text, language), "xx-")
    analysis._FORMS_CACHES.pop(language, None)
    assert analysis.index_columns(text, language, "xx-") == expected  # every token new
    assert analysis.index_columns(text, language, "xx-") == expected  # every token known


def test_joined_columns_leave_out_what_repeats() -> None:
    joined = analysis.joined_columns(analysis.Analysed(["hải", "x"], ["hai", "x"], ["a", "b"]), "vi-")
    assert joined == ("hải x", "hai x", "vi-a vi-b")
    assert analysis.joined_columns(analysis.Analysed(["a"], ["a"], []), "en-") == ("a", "", "")
    assert analysis.tagged_join([], "de-") == "" and analysis.tagged_join([""], "de-") == "de-"


def native_forms(text: str, cache: native.TokenForms, with_subs: bool = True,
                 tag: str = "vi-") -> tuple[str, str, str] | list[str]:
    return segment.index_forms(text, cache, with_subs, tag)


@needs_native
def test_index_forms_names_the_missing_tokens_and_writes_the_known_ones() -> None:
    assert NATIVE is not None
    cache = NATIVE.FormsCache()
    for token, fold, subs in [("hải", "hai", ("hai",)), ("phòng", "phong", ()), ("a", "a", ("a", "b")),
                              ("\U0001d400", "\U0001d400", ("\U0001d400",)), ("x\u0301", "x", None)]:
        cache.add(token, fold, subs)
    assert len(cache) == 5
    assert native_forms("hải new phòng new old", cache) == ["new", "new", "old"]
    assert native_forms("x\u0301", cache) == ["x\u0301"]  # added without sub-forms
    assert native_forms("hải, phòng: a", cache) == ("hải phòng a", "hai phong a", "vi-hai vi-a vi-b")
    # a token is found in a text of any width; the widest piece sets the column's
    assert native_forms("a \U0001d400", cache, tag="ü-") == ("a \U0001d400", "", "ü-a ü-b ü-\U0001d400")
    assert native_forms("phòng x\u0301", cache, with_subs=False) == ("phòng x\u0301", "phong x", "")
    assert native_forms("phòng", cache) == ("phòng", "phong", "")
    assert native_forms("", cache) == ("", "", "")
    cache.add("phòng", "p", ("q",))  # replaced
    assert native_forms("phòng", cache) == ("phòng", "p", "vi-q")
    grown = NATIVE.FormsCache()
    words = [f"w{n}" for n in range(5000)]
    for word in words:
        grown.add(word, word.upper(), (word,))
    assert len(grown) == 5000
    assert native_forms(" ".join(words), grown) == (" ".join(words), " ".join(words).upper(),
                                                     " ".join(f"vi-{w}" for w in words))
    grown.clear()
    assert len(grown) == 0 and native_forms("w1", grown) == ["w1"]
    with pytest.raises(TypeError):
        cache.add("a", 1, None)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        cache.add("a", "a", ["a"])  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        segment.index_forms("a", {}, True, "vi-")  # type: ignore[arg-type]


@needs_native
@pytest.mark.parametrize("surrounding", ("{}", "A{}b", "Ä{}", "\u0100{}\u0101", "{} x"))
def test_lower_is_str_lower_on_every_bmp_code_point(surrounding: str) -> None:
    """In C by ``lower_table`` (or by ``str.lower`` where C leaves it), each code point in
    texts of each width: the same string, of the same width, as ``str.lower``."""
    for chunk in plane_chunks(0, 0x10000):
        text = " ".join(surrounding.format(c) for c in chunk)
        assert segment.lower(text) == text.lower()
    assert NATIVE is not None
    assert NATIVE.lower_text("ÀÉÎ", segment.lower_table()) == "àéî"
    assert NATIVE.lower_text("ΣΟΦΊΑ", segment.lower_table()) is None  # final sigma: by context
    assert NATIVE.lower_text("İzmir", segment.lower_table()) is None  # two characters
    assert NATIVE.lower_text("\U0001d400Ä", segment.lower_table()) is None  # above the BMP
    assert segment.lower("ΟΔΟΣ Σ") == "οδος σ" and segment.lower("İ") == "i\u0307"
    assert segment.lower("\u1e9e\u212a") == "ßk"  # narrower than the text: the canonical width
    with pytest.raises(TypeError):
        NATIVE.lower_text("a", b"\x00")


@needs_native
@SLOW
@given(MIXED)
def test_lower_is_str_lower_on_mixed_text(text: str) -> None:
    assert segment.lower(text) == text.lower()
