"""Bylines as newspapers in other languages and scripts write them (our own lines): the
reporter's title beside the name (Korean after it, Chinese before it), labels in scripts
with combining vowel signs, the middle dot and the ideographic comma between names."""

from __future__ import annotations

import pytest

from newsflow.bylines import author_names


@pytest.mark.parametrize(("line", "names"), [
    ("홍길동 기자", ["홍길동"]),
    ("김철수·이영희 기자", ["김철수", "이영희"]),
    ("워싱턴=박민수 특파원", ["박민수"]),  # the dateline before the name
    ("记者 张三", ["张三"]),
    ("本报记者 张三、李四", ["张三", "李四"]),
    ("作者：张三", ["张三"]),
    ("責任編集：山田太郎", ["山田太郎"]),
    ("ผู้เขียน: สมชาย ใจดี", ["สมชาย ใจดี"]),
    ("लेखक: राहुल शर्मा", ["राहुल शर्मा"]),
    ("Oleh Budi Santoso", ["Budi Santoso"]),
    ("Автор: Иван Петров", ["Иван Петров"]),
    ("Иван Петров и Анна Смирнова", ["Иван Петров", "Анна Смирнова"]),
    ("نویسنده: علی رضایی", ["علی رضایی"]),
    ("Phóng viên Minh Anh", ["Minh Anh"]),
    ("PV Minh Anh - Thu Hà", ["Minh Anh", "Thu Hà"]),
    ("ByJane Doe", ["Jane Doe"]),  # "By" set apart by the page's layout only
    ("Pvt. Ryan", ["Pvt. Ryan"]),
    ("Byron Smith", ["Byron Smith"]),
    ("Nhóm PV", []),
])
def test_bylines_in_other_scripts(line: str, names: list[str]) -> None:
    assert author_names(line) == names


@pytest.mark.parametrize(("line", "names"), [
    ("(서울=연합뉴스) 홍길동 기자 =", ["홍길동"]),  # an agency's dateline around the name
    ("홍길동 기자 hong@harbour.example", ["홍길동"]),  # the reporter's address after the name
    ("Jane Roe jane.roe@harbour.example", ["Jane Roe"]),
    ("山田太郎記者", ["山田太郎"]),  # the title after the name, in Japanese
    ("山田太郎 編集委員", ["山田太郎"]),
    ("文・山田太郎", ["山田太郎"]),  # a role before the name, with a middle dot or a slash
    ("文・山田太郎 写真・鈴木花子", ["山田太郎", "鈴木花子"]),
    ("文/张三 图/李四", ["张三", "李四"]),
    ("记者 张三 李四", ["张三", "李四"]),  # Chinese reporters set apart by spaces alone
    ("本报记者 张三 欧阳明月", ["张三", "欧阳明月"]),
    ("山田 太郎", ["山田 太郎"]),  # a Japanese byline spaces one name
    ("โดย สมชาย ใจดี", ["สมชาย ใจดี"]),  # Thai "by"
])
def test_bylines_with_datelines_addresses_and_cjk_roles(line: str, names: list[str]) -> None:
    assert author_names(line) == names


@pytest.mark.parametrize(("line", "names"), [
    ("文人 张三", ["文人 张三"]),  # a word that begins with the role's character is not the role
    ("Anna Berg = Hafen", ["Anna Berg = Hafen"]),
    ("โดยรวม", ["โดยรวม"]),  # "overall": the Thai "by" is a word apart
])
def test_a_role_character_or_an_equals_sign_inside_a_name_stays(line: str, names: list[str]) -> None:
    assert author_names(line) == names


@pytest.mark.parametrize(("line", "names"), [
    ("By Jane Doe, Staff Writer", ["Jane Doe"]),  # the reporter's job after the name
    ("Jane Doe Senior Correspondent", ["Jane Doe"]),
    ("Par Marie Dupont, envoyée spéciale à Kyiv", ["Marie Dupont"]),
    ("Von Anna Berg, Redakteurin", ["Anna Berg"]),
    ("Por Ana Ruiz, corresponsal en Lima", ["Ana Ruiz"]),
    ("Written by Jane Doe on March 3, 2024", ["Jane Doe"]),  # a date after the name
    ("Von Anna Berg am 3. März 2024", ["Anna Berg"]),
    ("Jane Doe @janedoe", ["Jane Doe"]),  # a handle after the name
])
def test_a_job_a_date_or_a_handle_after_the_name_is_not_a_name(line: str, names: list[str]) -> None:
    assert author_names(line) == names


@pytest.mark.parametrize("line", ["Anna Reporter", "John Writer Smith", "Maria Editora", "Bob Editor"])
def test_a_name_that_holds_a_jobs_word_stays(line: str) -> None:
    assert author_names(line) == [line]
