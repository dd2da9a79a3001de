"""A sentence of the text said a second time is a repeat, not more text (issue 15): a pull
quote set again beside the text, a promotion shown twice, the article rendered twice for two
screen sizes. A list's items repeat (two meal plans share dishes): they stay."""

from __future__ import annotations

from newsflow.services.parser.html import generic
from newsflow.services.parser.html.dom import parse_tree
from newsflow.services.parser.html.generic import without_repeats

EN = ["The council approved the new tram line on Monday after two years of public consultation.",
      "“We waited long enough for this line, and now the work can finally begin,” the mayor said.",
      "Construction of the first section, between the station and the university, begins in spring."]
VI = ["Cảng Hải Phòng đón chuyến tàu container lớn nhất từ trước tới nay vào sáng thứ Ba vừa qua.",
      "Theo ban quản lý cảng, con tàu dài gần 400 mét và chở hơn mười nghìn container hàng xuất khẩu."]
TH = ["สภาเมืองอนุมัติงบประมาณซ่อมแซมกำแพงท่าเรือเมื่อวันอังคาร หลังจากพายุสร้างความเสียหายสองครั้งในฤดูหนาว",
      "การก่อสร้างจะเริ่มในฤดูใบไม้ผลิ และทำในเวลากลางคืน เพื่อให้เรือประมงขึ้นฝั่งได้ตามปกติในเวลากลางวัน"]
PROMO = "Liebe, Hochzeit, Babyglück? Die Experten wissen mehr. Jetzt die kostenlose Beratung sichern!"


def test_a_pull_quote_set_again_is_said_once() -> None:
    assert without_repeats([EN[0], EN[1], EN[1], EN[2]]) == EN


def test_the_article_rendered_twice_is_one_article() -> None:
    assert without_repeats([*VI, *VI]) == VI
    assert without_repeats([*TH, *TH]) == TH  # Thai ends no sentence with a mark


def test_a_promotion_shown_twice_is_kept_once() -> None:
    assert without_repeats([PROMO, EN[0], PROMO, EN[2]]) == [PROMO, EN[0], EN[2]]


def test_a_list_s_items_and_short_lines_may_repeat() -> None:
    dish = "Asparagus and eggs [1 cup asparagus, 2 poached eggs, ½ cup sweet potato, 1 tsp. olive oil]"
    paragraphs = ["Plan A", dish, "Containers: 1 green, 1 red", "Plan B", dish, "Containers: 1 green, 1 red"]
    assert without_repeats(paragraphs) == paragraphs


def test_a_page_that_shows_its_text_for_two_screens() -> None:
    text = "".join(f"<p>{p}</p>" for p in EN)
    html = ("<html><body><article><h1>Tram line approved</h1>"
            f"<div class='mobile'>{text}</div><div class='desktop'>{text}</div></article></body></html>")
    assert generic.extract(parse_tree(html), "https://example.org/tram").paragraphs == EN
