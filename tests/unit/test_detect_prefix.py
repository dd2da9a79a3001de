"""CLD2 reads the first ``CLD2_FIRST_CHARS`` of a sample first and the whole sample only when
it is not sure of them (its cost grows with the length)."""

from __future__ import annotations

from typing import Any

import pycld2
import pytest

from newsflow.language import detect
from newsflow.language.detect import CLD2_FIRST_CHARS, SAMPLE_CHARS, detect_language

GERMAN = ("Die Bundesregierung hat am Mittwoch ein neues Klimaschutzgesetz beschlossen. "
          "In Hamburg streiken heute die Beschäftigten des öffentlichen Nahverkehrs. "
          "Der Wetterdienst warnt vor Sturmböen und Starkregen im Süden des Landes. "
          "Forscher der Universität Heidelberg entwickeln einen schnelleren Bluttest. ") * 3


@pytest.fixture
def lengths(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The length of every text CLD2 is given."""
    seen: list[int] = []
    real = pycld2.detect

    def recording(text: str, *args: Any, **kwargs: Any) -> Any:
        seen.append(len(text))
        return real(text, *args, **kwargs)

    monkeypatch.setattr(detect.pycld2, "detect", recording)
    return seen


def test_prose_cld2_is_sure_of_is_read_from_its_first_characters(lengths: list[int]) -> None:
    assert len(GERMAN) > SAMPLE_CHARS
    assert detect_language(GERMAN) == "de"
    assert lengths == [CLD2_FIRST_CHARS]


def test_the_whole_sample_is_read_when_the_first_characters_leave_cld2_unsure(lengths: list[int]) -> None:
    # German with an English name in every sentence: CLD2 splits it between the two
    text = "Die Delegation besuchte das Innovationszentrum in Hai Phong. " * 10
    assert detect_language(text) == "de"
    assert lengths[0] == CLD2_FIRST_CHARS
    assert lengths[1:] == [SAMPLE_CHARS]


def test_a_first_part_against_the_declared_language_reads_the_whole_sample(lengths: list[int]) -> None:
    assert detect_language(GERMAN, declared="en") == "de"  # py3langid is sure: the text wins
    assert lengths == [CLD2_FIRST_CHARS, SAMPLE_CHARS]


def test_a_sample_no_longer_than_the_first_part_is_read_once(lengths: list[int]) -> None:
    text = GERMAN[:250]
    assert detect_language(text, declared="fr") in ("de", "fr")
    assert lengths == [250]
