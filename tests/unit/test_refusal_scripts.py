"""What counts as running text and as a headline, in every script (issue 15): a brief in a
script written without spaces is an article, and a listing of its headlines is a listing."""

from __future__ import annotations

import pytest

from newsflow.services.parser.html import generic
from newsflow.services.parser.html.boilerplate import text_weight
from newsflow.services.parser.html.dom import parse_tree
from newsflow.services.parser.parts import ParseError

BRIEFS = {
    "ja": ["市議会は火曜日、昨冬の嵐で損傷した港の防波堤を再建することを全会一致で議決した。",
           "工事は来春に始まり、漁業者への影響を抑えるため夜間に行われる予定だと市長は述べた。"],
    "zh": ["市议会周二一致投票决定重建去年冬天被风暴损坏的港口防波堤。",
           "市长表示，工程将于明年春天开始，并在夜间进行，以减少对渔民的影响。"],
    "ko": ["시의회는 화요일 지난겨울 폭풍으로 파손된 항구 방파제를 재건하기로 만장일치로 의결했다.",
           "시장은 공사가 내년 봄에 시작되며 어민들의 피해를 줄이기 위해 야간에 진행될 예정이라고 말했다."],
}
HEADLINES = ["港口防波堤将于明年重建", "市议会通过新的预算案", "渔民担心夜间施工影响", "春季花展下周开幕",
             "新图书馆正式对外开放", "地铁三号线延误一小时", "本地球队赢得联赛冠军", "天气预报周末有大雨",
             "中学生科技比赛获奖", "老城区道路改造完成"]


def _brief(language: str) -> str:
    paragraphs = "".join(f"<p>{p}</p>" for p in BRIEFS[language])
    return (f"<html lang='{language}'><head><title>{BRIEFS[language][0][:10]}</title></head><body>"
            f"<nav><a href='/'>Home</a></nav><article><h1>{BRIEFS[language][0][:10]}</h1>{paragraphs}"
            "</article><footer>© 2024</footer></body></html>")


@pytest.mark.parametrize("language", sorted(BRIEFS))
def test_a_two_sentence_brief_in_a_cjk_script_is_an_article(language: str, second_opinion_installed: bool) -> None:
    assert sum(len(p) for p in BRIEFS[language]) < generic.MIN_ARTICLE_CHARS  # by characters alone, too short
    parts = generic.extract(parse_tree(_brief(language)), f"https://example.org/{language}/1")
    assert parts.paragraphs == BRIEFS[language]


def test_a_listing_of_cjk_headlines_is_refused_as_a_listing(second_opinion_installed: bool) -> None:
    items = "".join(f"<li><a href='/news/{i}'>{h}</a></li>" for i, h in enumerate(HEADLINES))
    html = (f"<html lang='zh'><head><title>本地新闻</title></head><body><h1>本地新闻</h1><ul>{items}</ul>"
            "<p>第 1 页</p></body></html>")
    with pytest.raises(ParseError) as refused:
        generic.extract(parse_tree(html), "https://example.org/zh/local")
    assert refused.value.error_class == "listing_page"


def test_short_pages_without_an_article_are_still_refused(second_opinion_installed: bool) -> None:
    error = ("<html lang='zh'><head><title>页面不存在</title></head><body><h1>页面不存在</h1>"
             "<p>请返回首页。</p></body></html>")
    with pytest.raises(ParseError) as refused:
        generic.extract(parse_tree(error), "https://example.org/zh/missing")
    assert refused.value.error_class == "error_page"
    empty = "<html lang='ja'><head><title>写真</title></head><body><div><img src='/a.jpg'>写真</div></body></html>"
    with pytest.raises(ParseError) as refused:
        generic.extract(parse_tree(empty), "https://example.org/ja/photo")
    assert refused.value.error_class == "no_article_text"


def test_text_weight() -> None:
    assert text_weight("harbour wall") == 12
    assert text_weight("防波堤") == 9
    assert text_weight("방파제") == 6
    assert text_weight("Nhà máy") == 7  # a Latin script with diacritics counts its characters
