"""The compact German word list (a marisa trie and a bucket per word) gives the Zipf
frequencies of wordfreq's own dict, so compounds split exactly as they did with that dict."""

from __future__ import annotations

import math

import pytest
from wordfreq import get_frequency_dict

from newsflow.language import decompound
from newsflow.language.decompound import MIN_WORD, split_compound, zipf


def _wordfreq_zipf() -> dict[str, float]:
    """The definition: the dict the decompounder held before (wordfreq's own frequencies)."""
    return {word: math.log10(freq * 1e9) for word, freq in get_frequency_dict("de", "large").items()
            if freq > 0 and word.isalpha()}


@pytest.fixture(scope="module")
def reference() -> dict[str, float]:
    return _wordfreq_zipf()


def test_every_listed_word_has_wordfreqs_frequency(reference: dict[str, float]) -> None:
    assert len(decompound._frequencies().words) == len(reference)
    words = list(reference)[::10]  # every tenth word, of every frequency
    differing = [w for w in words if zipf(w) != reference[w]]
    assert differing == []


def test_unlisted_words_have_frequency_zero() -> None:
    assert zipf("xqzwvjk") == 0.0
    assert zipf("") == 0.0
    assert zipf("Haus") == 0.0  # the list is lower-cased


def test_splits_are_those_of_the_dict(reference: dict[str, float], monkeypatch: pytest.MonkeyPatch) -> None:
    long_words = [w for w in reference if len(w) >= MIN_WORD]
    sample = [*long_words[::500], "innovationszentrum", "windkraftanlagen", "klimaziele", "verkehr",
              "forschungseinrichtungen", "bundesverkehrsministerium"]
    split_compound.cache_clear()
    ours = [split_compound(w) for w in sample]
    split_compound.cache_clear()
    monkeypatch.setattr(decompound, "zipf", lambda word: reference.get(word, 0.0))
    theirs = [split_compound(w) for w in sample]
    split_compound.cache_clear()
    assert ours == theirs
    assert sum(len(parts) > 1 for parts in ours) > len(sample) // 10  # the sample has compounds
