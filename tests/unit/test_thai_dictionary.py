"""The parser's Thai word counting segments with newmm over a marisa trie of PyThaiNLP's
word list: the same words as newmm over PyThaiNLP's own trie of that list."""

from __future__ import annotations

from functools import cache

from hypothesis import given, settings
from hypothesis import strategies as st
from pythainlp.corpus import thai_words
from pythainlp.tokenize import word_tokenize

from newsflow.language.tokenize import THAI_RUN, segment_thai, thai_dictionary

SAMPLE_WORDS = sorted(thai_words())[::150]


@cache
def _pythainlp(run: str) -> tuple[str, ...]:
    """The definition: newmm with PyThaiNLP's default dictionary trie."""
    return tuple(w for w in word_tokenize(run, engine="newmm", keep_whitespace=False) if w.strip())


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(SAMPLE_WORDS) | st.text(alphabet=st.sampled_from("กขคงอะาิีุูเแโใไ่้๊๋ั์ๆ"),
                                                       min_size=1, max_size=3), max_size=8))
def test_same_words_as_pythainlps_trie(parts: list[str]) -> None:
    run = "".join(parts)
    if THAI_RUN.fullmatch(run):
        assert segment_thai(run) == _pythainlp(run)


def test_the_seeds_thai_is_segmented_alike() -> None:
    from pathlib import Path

    seeds = Path(__file__).resolve().parents[2] / "seeds"
    runs = {m.group(0) for path in seeds.glob("*.txt") for m in THAI_RUN.finditer(path.read_text())}
    assert runs
    assert [segment_thai(r) for r in sorted(runs)] == [_pythainlp(r) for r in sorted(runs)]


def test_prefixes_are_the_listed_words_starting_there_shortest_first() -> None:
    dictionary = thai_dictionary()
    text = "xการเตรียมพจนานุกรม"
    found = dictionary.prefixes(text, 1)
    assert found and all(text.startswith(w, 1) and w in thai_words() for w in found)
    assert [len(w) for w in found] == sorted(len(w) for w in found)
    assert dictionary.prefixes(text, 0) == []
