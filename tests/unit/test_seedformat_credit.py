"""``is_credited`` spares most lines its searches (a test on the line's end first) and gives
the same answers as the three searches alone, on generated lines and every seed line."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from bench.corpus import seed_documents
from newsflow.seedformat import (
    CREDIT,
    CREDITED_CAPTION_MAX_CHARS,
    PHOTO_CREDIT,
    TRAILING_CREDIT,
    is_credited,
)
from tests.conftest import SEEDS
from tests.unit.test_seedtext_classes import CHINESE, JAPANESE, RUSSIAN, VIETNAMESE_TRAILING


def credited_by_definition(line: str) -> bool:
    """``is_credited`` as first written: the three searches on every line."""
    if CREDIT.search(line):
        return True
    return len(line) <= CREDITED_CAPTION_MAX_CHARS and bool(
        PHOTO_CREDIT.search(line) or TRAILING_CREDIT.search(line))


PIECES = ["(", ")", "（", "）", ":", "：", ".", "。", "!", "？", " ", "\n", "\u3000", "\x1c",
          "Foto", "ảnh", "Ảnh", "摄", "фото", "và", "and", "VNA", "Minh Anh", "x", "7"]


@given(st.lists(st.sampled_from(PIECES) | st.text(max_size=4), max_size=24))
def test_is_credited_is_its_definition(pieces: list[str]) -> None:
    line = "".join(pieces)
    assert is_credited(line) == credited_by_definition(line)


def test_is_credited_is_its_definition_on_every_seed_line() -> None:
    texts = [CHINESE, JAPANESE, RUSSIAN, VIETNAMESE_TRAILING]
    texts += [path.read_text(encoding="utf-8") for path in sorted(SEEDS.glob("*.txt"))]
    texts += [document.text for document in seed_documents(60)]
    lines = [line for text in texts for line in text.splitlines()]
    lines += [line + "   \n" for line in lines]
    lines += ["x" * 280 + ". Ảnh: Minh Anh" + " " * 30, "Quelle (Foto: dpa)" + "y" * 300]
    answers = [is_credited(line) for line in lines]
    assert any(answers) and not all(answers)
    assert answers == [credited_by_definition(line) for line in lines]
