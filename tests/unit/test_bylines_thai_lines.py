"""A Thai line that is not a role label is read in linear time: the letter class of
``_LABEL`` has no character two ways (it had: a run of 21 Thai letters took 1.2 s, each
two more twice that, and the seed parser asks it of an article's last short line)."""

from __future__ import annotations

import re

import pytest

from newsflow.bylines import author_names
from newsflow.language.normalize import MARKED_SCRIPTS, WORD_LETTER

#: A Thai line with no colon and no full stop (Thai writes none), longer than any label.
THAI_LINE = "ข่าวเศรษฐกิจภาคเหนือรายงานว่าราคาข้าวเพิ่มขึ้นต่อเนื่องเป็นสัปดาห์ที่สาม" * 2


@pytest.mark.timeout(30)  # a hang guard, not a speed target: the old class took hours here
@pytest.mark.parametrize("line", [THAI_LINE, "ก" * 60, "हिन्दीसमाचारलेखक" * 4, "ພາສາລາວ" * 8])
def test_a_long_line_of_an_indic_or_thai_script_without_a_label_ends(line: str) -> None:
    assert author_names(line) == author_names(line)  # it returns at all, and alike twice


def test_a_thai_role_label_is_still_read() -> None:
    assert author_names("ผู้เขียน: สมชาย ใจดี") == ["สมชาย ใจดี"]


def test_the_letter_class_is_the_same_set_with_no_overlap() -> None:
    # the class that bylines, dates and labels share (normalize.WORD_LETTER)
    old = re.compile(rf"(?:[^\W\d_]|[{MARKED_SCRIPTS}])")
    first, second = re.compile(rf"[^\W\d_{MARKED_SCRIPTS}]"), re.compile(rf"[{MARKED_SCRIPTS}]")
    new = re.compile(WORD_LETTER)
    for code in range(0x10000):
        character = chr(code)
        assert bool(old.fullmatch(character)) == bool(new.fullmatch(character)), hex(code)
        assert not (first.fullmatch(character) and second.fullmatch(character)), hex(code)
