"""``first_sentence`` finds a sentence's end by its final mark first, with the answers of the
pattern as first written (a look-behind tried at every position)."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from bench.corpus import seed_documents
from newsflow.seedformat import first_sentence

DEFINITION = re.compile(r"(?<=[^\W\d_]{3}[.!?…])\s+(?=[\"“„«(]?[A-ZÀ-ÖØ-ÞĀ-ſƠƯẠ-ỹ0-9])")


def first_sentence_by_definition(text: str) -> str:
    match = DEFINITION.search(text)
    return text[: match.start()].strip() if match else text.strip()


PIECES = ["Dr.", "ดร.", "word", "Hải", "ab", ".", "!", "?", "…", " ", "\n", "\u3000", "“A", "(B",
          "Zweite", "7", "x.", "Ừ", "ไฮฟอง", "_", "ß"]


@given(st.lists(st.sampled_from(PIECES) | st.text(max_size=3), max_size=16))
def test_first_sentence_is_its_definition(pieces: list[str]) -> None:
    text = "".join(pieces)
    assert first_sentence(text) == first_sentence_by_definition(text)


def test_first_sentence_of_every_bench_document() -> None:
    texts = [document.text for document in seed_documents(120)]
    assert [first_sentence(t) for t in texts] == [first_sentence_by_definition(t) for t in texts]
    assert first_sentence("Dr. Minh Anh sprach. Danach ging er.") == "Dr. Minh Anh sprach."
