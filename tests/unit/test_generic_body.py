"""The generic extractor's body on small hand-written pages: one failure class each."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newsflow.services.parser.html import boilerplate, generic, second_opinion
from newsflow.services.parser.html.boilerplate import heading_of
from newsflow.services.parser.html.dom import parse_tree
from newsflow.services.parser.parts import ParseError

PROSE = ("The council voted on Tuesday to rebuild the harbour wall, which storms damaged twice "
         "last winter, and to pay for it from the port's own reserves over five years. ")


def _page(inner: str) -> str:
    return f"<html><head><title>Harbour wall</title></head><body><div class='story'>{inner}</div></body></html>"


def test_the_heading_of_a_dropped_link_list_goes_with_it() -> None:
    html = _page(
        f"<p>{PROSE}</p><h2>Who pays for it</h2><p>{PROSE}</p>"
        "<h3>Read more</h3><ul>" + "".join(
            f"<li><a href='/n/{i}'>Another story about the harbour, number {i}</a></li>" for i in range(5))
        + "</ul><p><strong>See also</strong></p><p><a href='/x'>The port's accounts, year by year</a></p>")
    paragraphs = generic.article_blocks(parse_tree(html))
    assert "Who pays for it" in paragraphs  # a section heading followed by text stays
    assert "Read more" not in paragraphs
    assert "See also" not in paragraphs
    assert not any("Another story" in p for p in paragraphs)


def test_a_heading_ending_a_sentence_or_long_is_not_a_list_heading() -> None:
    root = parse_tree(_page("<h3>Those were the days.</h3><ul id='a'></ul>"
                            f"<h3>{'A long heading that reads like a line of the article ' * 2}</h3><ul id='b'></ul>"
                            "<h3>Related</h3>text between<ul id='c'></ul><h4>Related</h4><ul id='d'></ul>"))
    assert [heading_of(root.get_element_by_id(i)) is not None for i in "abcd"] == [False, False, False, True]


def test_a_body_of_short_lines_much_longer_than_the_pages_prose_is_unsure() -> None:
    lines = [f"Menu entry number {i} of the site" for i in range(60)]
    assert generic.is_unsure(generic.Extraction([*lines, PROSE], page_prose=len(PROSE)))
    assert not generic.is_unsure(generic.Extraction([PROSE] * 6, page_prose=len(PROSE) * 6))
    assert generic.is_unsure(generic.Extraction([PROSE] * 2, page_prose=len(PROSE) * 6))  # leaves most out
    assert generic.is_unsure(generic.Extraction([PROSE[:300]], page_prose=300))  # short


def _short_page(paragraph: str) -> str:
    return ("<html><head><title>Ferry timetable changes</title></head><body><header><a href='/'>Home</a></header>"
            f"<h1>Ferry timetable changes</h1><div class='news'><p>{paragraph}</p></div></body></html>")


def test_a_brief_both_extractors_agree_on_is_an_article() -> None:
    brief = "From Monday the first ferry leaves at 6:40, twenty minutes later, for the winter season."
    parts = generic.extract(parse_tree(_short_page(brief)), "https://port.example.org/n/1")
    assert parts.paragraphs == [brief]


def test_a_short_line_that_is_not_prose_is_still_no_article() -> None:
    with pytest.raises(ParseError) as refused:
        generic.extract(parse_tree(_short_page("Timetable: see the port office.")), "https://port.example.org/n/2")
    assert refused.value.error_class == "no_article_text"


def test_an_intro_in_its_own_box_above_the_body_is_kept() -> None:
    intro = ("Storms damaged the harbour wall twice last winter; the council has now found the money to "
             "rebuild it, and the work starts in spring, the mayor said on Tuesday evening.")
    html = ("<html><body><article><div class='row'><div class='intro'><p>" + intro + "</p></div>"
            "<div class='body'>" + f"<p>{PROSE}</p>" * 5 + "</div>"
            "<div class='after'><p>A note below the body that is long enough to count as one line of prose, "
            "but it comes after the article and is not part of it at all.</p></div></div></article></body></html>")
    paragraphs = generic.article_blocks(parse_tree(html))
    assert paragraphs[0] == intro
    assert not any(p.startswith("A note below") for p in paragraphs)


def test_a_link_after_a_label_is_a_teaser_line() -> None:
    html = _page(f"<p>{PROSE}</p><p>LE PUEDE INTERESAR: <a href='/n/2'>The ferry timetable for the winter</a></p>"
                 f"<p><strong>Lesen Sie auch:</strong> <a href='/n/3'>Der neue Fahrplan der Fähre</a></p>"
                 f"<p>{PROSE}</p><p>The figures come from <a href='/r'>the port's annual report</a>.</p>")
    paragraphs = generic.article_blocks(parse_tree(html))
    assert not any("INTERESAR" in p or "Lesen Sie" in p for p in paragraphs)
    assert "The figures come from the port's annual report." in paragraphs  # a sentence with a link stays


def test_a_long_paragraph_the_second_opinion_left_out_is_put_back_in_place() -> None:
    first, third = PROSE, PROSE.replace("council", "committee")
    second = ("Engineers from the regional authority will inspect the foundations in January, "
              "and the contract for the first stretch of the wall will be put out to tender "
              "once their report is published, probably in the spring of next year.")
    ours = [first, "Share this", second, third]
    assert generic.with_missing_prose([first, third], ours) == [first, second, third]
    assert generic.with_missing_prose([first, second, third], ours) == [first, second, third]
    reworded = [first, second.replace("January", "February"), third]  # theirs has it, near enough
    assert generic.with_missing_prose(reworded, ours) == reworded


def test_lines_that_only_label_an_advertisement_or_a_control_are_not_text() -> None:
    html = _page(f"<p>{PROSE}</p><center>- Anzeige -<br><a href='https://ads.example'><img src='/b.gif'></a></center>"
                 f"<p>Advert</p><p>{PROSE}</p><div>Publicité</div><p>Click to enlarge</p>"
                 "<p>Werbung ist auf dieser Seite selten, sagt der Verlag.</p><p>Caption</p><p>Close</p><p>Tags</p>"
                 "<p>Inhaltsverzeichnis</p><p>« Zurück zur Listenansicht</p>")
    paragraphs = generic.article_blocks(parse_tree(html))
    assert paragraphs == [PROSE.strip(), PROSE.strip(), "Werbung ist auf dieser Seite selten, sagt der Verlag."]


def test_a_box_named_for_a_newsletter_or_a_signup_is_furniture() -> None:
    def box(name: str) -> str:
        return (f"<div class='{name}'><div class='headline'>Never miss a story about the harbour</div>"
                "<form><input type='email'><p>We use your address only to send the newsletter; you can "
                "unsubscribe at any time.</p></form></div>")
    for name in ("c-native-newsletterbox", "newsletterSignup", "sign-up-form"):
        paragraphs = generic.article_blocks(parse_tree(_page(f"<p>{PROSE}</p>{box(name)}<p>{PROSE}</p>")))
        assert paragraphs == [PROSE.strip(), PROSE.strip()], name


def test_a_row_of_links_of_any_length_is_not_text() -> None:
    tags = ", ".join(f"<a href='/tag/{i}'>harbour wall repairs topic {i}</a>" for i in range(9))
    sentence = ("The council's <a href='/a'>full decision</a>, <a href='/b'>the engineers' report</a> and "
                "<a href='/c'>the budget</a> are published on its site, with a summary of the public "
                "consultation that took place in the autumn and the answers the port gave to it.")
    paragraphs = generic.article_blocks(parse_tree(_page(f"<p>{PROSE}</p><p>{tags}</p><p>{sentence}</p>")))
    assert paragraphs[0] == PROSE.strip()
    assert not any("topic 3" in p for p in paragraphs)
    assert any(p.startswith("The council's full decision") for p in paragraphs)


def test_the_second_opinion_reads_the_same_body_without_the_elements_it_deletes_first() -> None:
    trafilatura = pytest.importorskip("trafilatura")
    from newsflow.services.parser.html import second_opinion

    html = ("<html><head><title>Harbour wall</title><style>p {color: red}</style></head><body><article>"
            f"<p>{PROSE}<script>var x = 1;</script> and after the script the sentence goes on, "
            "as sentences do.</p><noscript>Enable scripts</noscript>"
            f"<p>{PROSE}<svg><title>icon</title></svg>with a tail after the icon.</p><button>Share</button>"
            f"<p>{PROSE}</p></article></body></html>")
    expected = trafilatura.extract(parse_tree(html), favor_precision=True, include_comments=False, fast=True)
    paragraphs = second_opinion.trafilatura_paragraphs(parse_tree(html), None)
    assert paragraphs == expected.splitlines()
    assert any(p.endswith("the sentence goes on, as sentences do.") for p in paragraphs)


def test_the_readings_of_ruby_text_are_not_part_of_it() -> None:
    sentence = ("<ruby>子<rp>(</rp><rt>こ</rt><rp>)</rp></ruby>どもへの<ruby>虐待<rt>ぎゃくたい</rt></ruby>を"
                "なくすための<ruby>法律<rt>ほうりつ</rt></ruby>ができました。")
    paragraphs = generic.article_blocks(parse_tree(_page(f"<p>{PROSE}</p><p>{sentence}</p>")))
    assert paragraphs[1] == "子どもへの虐待をなくすための法律ができました。"


def test_a_link_outside_the_body_does_not_break_the_scoring() -> None:
    html = (f"<html><head><title>x</title><noscript><a href='/x'>a link in the head</a></noscript></head>"
            f"<body><p>{PROSE}</p><p>{PROSE}</p></body></html>")
    assert generic.article_blocks(parse_tree(html)) == [PROSE.strip(), PROSE.strip()]


def test_a_dateline_at_either_end_of_the_body_is_not_text() -> None:
    html = _page(f"<p>Mittwoch, 12. Mai 2021, 14:30 Uhr</p><p>{PROSE}</p><p>Termin: 29.02.2020, 19 Uhr</p>"
                 f"<p>{PROSE}</p><p>— Jane Roe (@janeroe) November 3, 2019</p><p>15.12.2022</p>")
    parts = generic.extract(parse_tree(html), "https://port.example.org/n/2")
    assert "Mittwoch, 12. Mai 2021, 14:30 Uhr" not in parts.paragraphs
    assert "15.12.2022" not in parts.paragraphs
    assert "Termin: 29.02.2020, 19 Uhr" in parts.paragraphs  # a label's value is text
    assert "— Jane Roe (@janeroe) November 3, 2019" in parts.paragraphs  # a quoted post's signature


def test_a_date_in_a_line_of_the_article_is_not_a_dateline() -> None:
    assert boilerplate.is_dateline("segunda-feira, 22 de janeiro de 2018 às 0:13")
    assert not boilerplate.is_dateline("In seinem Beitrag vom 5. Januar 2015 erörtert er, wie das geht")
    assert not boilerplate.is_dateline("Top 10")
    lines = ["1.2.2020", PROSE, "x", "2.2.2020", "y", PROSE, "z", "3.2.2020"]
    assert boilerplate.without_edge_furniture(lines) == [PROSE, "x", "2.2.2020", "y", PROSE, "z"]  # the ends only


def test_a_picture_legend_and_a_notice_after_the_text_are_furniture() -> None:
    legend = ("<div class='imageBox'><img src='/stag.jpg'><div class='legend'><div class='content'>The stag "
              "beetle (Lucanus cervus) lives in old oak woods, where dead wood is left standing.</div></div></div>")
    notice = ("<div class='column community-notice'>This post gives the opinion of its author, not necessarily "
              "that of the editors; it was written by a member of our readers' community.</div>")
    paragraphs = generic.article_blocks(parse_tree(_page(f"<p>{PROSE}</p>{legend}<p>{PROSE}</p>{notice}")))
    assert paragraphs == [PROSE.strip(), PROSE.strip()]


def test_the_footer_of_an_article_is_furniture_even_when_it_holds_most_of_the_prose() -> None:
    bio = ("Jane Roe has written about harbours, ferries and the sea for twenty years, first for the "
           "local paper and then for this site, where she also runs the weekly podcast about the coast. ")
    html = ("<html><head><title>Harbour wall</title></head><body><article class='post'><h1>Harbour wall</h1>"
            f"<p>{PROSE}</p><p>{PROSE}</p><footer class='entry-meta'><p>This entry was posted in News.</p>"
            f"<h2>About Jane Roe</h2><p>{bio}</p><p>{bio}</p><p>{bio}</p></footer></article></body></html>")
    paragraphs = generic.article_blocks(parse_tree(html))
    assert paragraphs == [PROSE.strip(), PROSE.strip()]


def test_the_second_opinions_headline_goes_with_the_kicker_above_it() -> None:
    title = "The harbour wall will be rebuilt"
    assert generic._without_headline(["Review", title, PROSE], title) == [PROSE]
    assert generic._without_headline([title, PROSE], title) == [PROSE]
    assert generic._without_headline([PROSE, title, PROSE], title) == [PROSE, title, PROSE]  # text above it


def test_a_pictures_credit_line_is_not_text_but_a_sentence_with_a_copyright_sign_is() -> None:
    html = _page(f"<p>{PROSE}</p><div><img src='/a.jpg'><p>Foto: Jane Roe</p></div><p>(Bild: John Doe)</p>"
                 "<p>The new wall seen from the pier. | © Harbour Photo Agency</p><p>© Port Authority</p>"
                 f"<p>{PROSE}</p><p>The name of the project, Harbour © 2020, is the council's own.</p>")
    paragraphs = generic.article_blocks(parse_tree(html))
    assert paragraphs == [PROSE.strip(), PROSE.strip(), "The name of the project, Harbour © 2020, is the council's own."]
    assert boilerplate.is_picture_credit("（图片：新华社）")
    assert not boilerplate.is_picture_credit("Photographers were not allowed in: the council met behind closed doors.")


def test_a_call_to_action_box_is_furniture() -> None:
    cta = ("<section class='c-letters-cta'><p class='c-letters-cta__text'>We want to hear what you think "
           "about this article. Submit a letter to the editor or write to the address on our contact page.</p></section>")
    paragraphs = generic.article_blocks(parse_tree(_page(f"<p>{PROSE}</p><p>{PROSE}</p>{cta}")))
    assert paragraphs == [PROSE.strip(), PROSE.strip()]


def test_a_closing_line_that_says_where_to_follow_or_write_to_the_reporters_is_not_text() -> None:
    follow = "Follow the Harbour Herald on Instagram, Facebook and YouTube."
    write = "Write to Jane Roe at jane.roe@harbour.example"
    assert boilerplate.without_edge_furniture([PROSE, follow, PROSE, write]) == [PROSE, follow, PROSE]
    assert boilerplate.without_edge_furniture([PROSE, PROSE, follow, write]) == [PROSE, PROSE]
    assert not boilerplate.is_contact_line("Follow the money, the inspectors told the council, and the harbour "
                                           "wall's missing funds will turn up in the port's own accounts.")


def test_before_a_refusal_the_second_opinions_recall_settings_have_the_last_word(
        monkeypatch: pytest.MonkeyPatch) -> None:
    links = "".join(f"<li><a href='/n/{i}'>Another story about the harbour and its wall, number {i}</a></li>"
                    for i in range(12))
    html = f"<html><head><title>Harbour</title></head><body><h1>Harbour</h1><ul>{links}</ul></body></html>"
    asked: list[bool] = []

    def recall_only(answer: list[str]) -> object:
        def paragraphs(tree: object, url: str | None, *, recall: bool = False) -> list[str]:
            asked.append(recall)
            return answer if recall else []
        return paragraphs

    monkeypatch.setattr(second_opinion, "trafilatura_paragraphs", recall_only([PROSE.strip()]))
    assert generic.extract(parse_tree(html), "https://port.example.org/n/3").paragraphs == [PROSE.strip()]
    assert asked == [False, True]
    # its headlines alone (no running text) are no article: the listing is still refused
    monkeypatch.setattr(second_opinion, "trafilatura_paragraphs", recall_only(["Harbour news", "Ferries"]))
    with pytest.raises(ParseError) as refused:
        generic.extract(parse_tree(html), "https://port.example.org/n/3")
    assert refused.value.error_class == "listing_page"


def test_boxes_named_for_what_to_read_next_or_for_readers_responses_are_furniture() -> None:
    teaser = ("<div class='title'>More columns</div><p>The ferry timetable, the lighthouse's new keeper and the "
              "harbour master's diary: read them all on our site, every week, with a summary of each one.</p>")
    for name in ("wp-block-recirculation-box", "read-next", "up-next", "more-stories", "discussion", "responses"):
        paragraphs = generic.article_blocks(parse_tree(_page(f"<p>{PROSE}</p><div class='{name}'>{teaser}</div>"
                                                             f"<p>{PROSE}</p>")))
        assert paragraphs == [PROSE.strip(), PROSE.strip()], name


_NAME_PARTS = ["share", "related", "article", "content", "ad", "ads", "head", "body", "nav", "navigation",
               "main", "x", "bad", "load", "tags", "stage", "comments", "post-text", "menu", "ü", "1"]


@given(st.lists(st.tuples(st.sampled_from(_NAME_PARTS), st.sampled_from(["", "-", "_", "__", "--"]),
                          st.sampled_from(_NAME_PARTS), st.sampled_from([" ", "  ", "\n", "\t", "\u00a0"])),
                max_size=5))
def test_furniture_names_is_its_definition_word_by_word(parts: list[tuple[str, str, str, str]]) -> None:
    """The one search over all the names (the shortcut for names without a furniture word)
    answers as judging each word does."""
    names = "".join(a + sep + b + space for a, sep, b, space in parts)
    words = names.split()
    furniture = [w for w in words if boilerplate.BOILERPLATE_WORDS.search(w)]
    expected = bool(furniture) and not any(boilerplate.CONTENT_WORDS.search(w) for w in words if w not in furniture)
    assert boilerplate._furniture_names(names) is expected


def _boxed(paragraphs: list[str], extra_class: str = "") -> str:
    boxes = "".join(f"<div class='box{extra_class}'><div class='box-text'><p>{p}</p></div></div>"
                    for p in paragraphs)
    return ("<html><head><title>Tide gauge</title></head><body><nav><a href='/'>Home</a></nav>"
            f"<div class='boxes'>{boxes}</div><footer>About us</footer></body></html>")


SHORT_LINES = [
    "The new tide gauge at the pier went into service on Monday, after two years of delays.",
    "Its readings are published every ten minutes and kept for thirty years by the port.",
    "The old gauge, built in 1962, will stay in place as a backup for the winter storms.",
    "Engineers say the two sets of readings differ by less than a centimetre so far.",
    "The port expects the first full year of data to be ready for the council by next spring.",
]


def test_a_boxed_paragraph_with_an_inline_link_between_kept_boxes_is_kept() -> None:
    linked = ("The findings were announced in a report published Monday in the "
              "<a href='https://journal.example.org/a/1'>journal Coastal Studies</a>.")
    paragraphs = generic.article_blocks(parse_tree(_boxed([*SHORT_LINES[:3], linked, *SHORT_LINES[3:]])))
    assert "The findings were announced in a report published Monday in the journal Coastal Studies." \
        in paragraphs
    assert paragraphs[0] == SHORT_LINES[0] and paragraphs[-1] == SHORT_LINES[-1]


def test_a_boxed_teaser_that_is_mostly_a_link_stays_out_even_between_kept_boxes() -> None:
    teaser = "Read: <a href='/n/9'>How the harbour's old tide gauge was built by hand in 1962</a>"
    paragraphs = generic.article_blocks(parse_tree(_boxed([*SHORT_LINES[:3], teaser, *SHORT_LINES[3:]])))
    assert not any("built by hand" in p for p in paragraphs)
    assert len(paragraphs) == len(SHORT_LINES)


def test_a_linked_box_after_the_last_kept_box_is_not_taken_as_enclosed() -> None:
    linked = ("More on this in a report published Monday in the "
              "<a href='https://journal.example.org/a/1'>journal Coastal Studies</a>.")
    paragraphs = generic.article_blocks(parse_tree(_boxed([*SHORT_LINES, linked])))
    assert not any("More on this" in p for p in paragraphs)


def _story(headline: str, sentences: list[str]) -> str:
    body = "".join(f"<p>{s}</p>" for s in sentences)
    return f"<div class='item'><article><header><h1>{headline}</h1></header><div class='entry'>{body}</div></article></div>"


FERRY = ["The island ferry will run every half hour from June, the operator said on Friday, "
         "after a winter in which it sailed only four times a day because of the repairs.",
         "Tickets bought before the change stay valid, and the fares will not rise this year, "
         "the operator added, though the night crossing is to be dropped for lack of passengers."]
MUSEUM = ["The town museum reopens next week after two years of building work, with a new wing for "
          "the collection of maps that the harbour master's family left to the town in 1921.",
          "Its director said the maps had never been shown together before, and that a room of the "
          "new wing will be kept for schools, which may book it free of charge on weekdays.",
          "The building work cost more than planned, because the old roof had to be replaced as "
          "well, and the council agreed in March to pay the difference from its reserves."]


def test_on_a_page_of_several_articles_the_one_the_title_names_is_taken() -> None:
    # the page of the ferry story, with the next stories loaded below it as a reader scrolls
    html = ("<html><head><title>Ferry every half hour</title></head><body><main>"
            + _story("Ferry every half hour", FERRY) + _story("Museum reopens with its maps", MUSEUM)
            + "</main></body></html>")
    assert generic.article_blocks(parse_tree(html), "Ferry every half hour") == FERRY
    assert MUSEUM[0] in generic.article_blocks(parse_tree(html))  # the title is what picks it


def test_a_headline_box_apart_from_the_text_does_not_narrow_the_article() -> None:
    # the headline stands in its own box above the body; the next story below has a headline too
    brief = ("The island ferry will run every half hour from June after a winter in which it sailed "
             "only four times a day because of the repairs to the pier and its ramp")
    html = ("<html><body><div class='headline'><h1>Museum reopens with its maps</h1></div>"
            "<div class='entry'>" + "".join(f"<p>{s}</p>" for s in MUSEUM) + "</div>"
            f"<div class='next'><h1>Ferry every half hour</h1><div>{brief}</div></div></body></html>")
    assert generic.article_blocks(parse_tree(html), "Museum reopens with its maps") == MUSEUM


ABSTRACT = ["Background: observational studies suggest that the new tide gauges read the sea level "
            "more precisely than the old ones, and several ports now rely on them for their charts.",
            "Results: over ten years the two kinds of gauge differed by less than a centimetre, which "
            "is within the error both of them are built to, at every one of the twelve ports studied."]


@pytest.mark.parametrize("names", [("article__references", "references__item"), ("reflist", "ref"),
                                   ("bibliography", "entry")])
def test_a_reference_list_longer_than_the_text_is_not_the_article(names: tuple[str, str]) -> None:
    outer, item = names
    references = "".join(
        f"<li class='{item}'>{i}. Author A, Author B, et al. A study of tide gauges at the harbour of "
        f"town {i}, with the readings of {1990 + i} to {2000 + i}. Journal of Coasts. {2001 + i};{i}:1-{i + 9}. "
        f"<a href='/doi/{i}'>Crossref</a> <a href='/pm/{i}'>Medline</a></li>" for i in range(1, 16))
    html = ("<html><body><main><article><div class='abstract'>" + "".join(f"<p>{p}</p>" for p in ABSTRACT)
            + f"</div><div class='{outer}'><h2>References</h2><ul>{references}</ul></div></article></main></body></html>")
    assert generic.article_blocks(parse_tree(html)) == ABSTRACT


@pytest.mark.parametrize("line", [
    "calendar 2018, harbour races, harbour races santa cruz do sul, night races, junior cup, cup final",
    "Hafen, Pegel, Sturmflut, Nordsee, Küstenschutz, Meeresspiegel",
    "cảng biển, Hải Phòng, thủy triều, bão, đê biển",
    "港口、潮位、风暴、海平面、海岸",
    "harbour · tide gauge · storms · sea level · coast",
])
def test_a_line_of_keywords_is_a_keyword_line(line: str) -> None:
    assert boilerplate.is_keyword_line(line)


@pytest.mark.parametrize("line", [
    "He visited Paris, Rome, Berlin, Madrid, Lisbon and Vienna in the same year.",
    "Ingredients: flour, sugar, eggs, butter, milk, salt:",
    "| Harbour | Tide | Storms | Sea level | Coast |",
    "Tide gauge, storms, sea level",
    "The council, which met on Tuesday, voted to rebuild the wall, the pier and the ramp, and then to "
    "pay for the works from the reserves, over five years",
])
def test_a_sentence_a_table_row_or_a_short_list_is_not_a_keyword_line(line: str) -> None:
    assert not boilerplate.is_keyword_line(line)


@pytest.mark.parametrize("line", [
    "You must be logged in to post a comment.",
    "Please log in to reply.",
    "Sie müssen sich einloggen, um sich an einer Diskussion beteiligen zu können.",
    "Sie müssen sich registrieren, um zu kommentieren.",
    "Vous devez être connecté pour publier un commentaire.",
    "Debes iniciar sesión para comentar.",
    "Devi essere connesso per inviare un commento.",
    "Kommentieren", "Leave a comment", "Répondre", "Trả lời",
])
def test_a_comment_forms_notice_or_button_is_furniture(line: str) -> None:
    assert boilerplate.is_furniture_line(line) or boilerplate.is_closing_line(line)


@pytest.mark.parametrize("line", [
    "The mayor said residents must register to vote before May.",
    "Readers who comment on the harbour plans may send their letters to the town hall.",
    "Sie müssen sich bis Freitag anmelden, um an der Führung durch den Hafen teilzunehmen.",
])
def test_a_sentence_about_logging_in_or_commenting_is_not(line: str) -> None:
    assert not boilerplate.is_furniture_line(line) and not boilerplate.is_closing_line(line)


def test_a_discussions_login_notice_at_the_end_is_not_text() -> None:
    html = ("<html><head><title>Harbour wall</title></head><body><div class='story'>"
            + "".join(f"<p>{p}</p>" for p in _three_paragraphs())
            + "<div class='actions'><p>Kommentieren</p>"
            "<p>Sie müssen sich einloggen, um sich an einer Diskussion beteiligen zu können.</p></div>"
            "</div></body></html>")
    parts = generic.extract(parse_tree(html), "https://port.example.org/n/2")
    assert parts.paragraphs == _three_paragraphs()


def _three_paragraphs() -> list[str]:
    """Three paragraphs of the text, not one said three times (a repeat is said once)."""
    return [f"{PROSE.strip()} {n}" for n in ("It was the first vote.", "It was the second.", "It was the third.")]


@pytest.mark.parametrize("line", [
    "This entry was posted in Allgemein. Bookmark the permalink.",
    "This entry was posted in News and tagged harbour, tide on 4 March 2024 by Anna.",
    "Dieser Beitrag wurde unter Hafen veröffentlicht. Setze ein Lesezeichen auf den Permalink.",
    "Cette entrée a été publiée dans Actualités. Vous pouvez la mettre en favoris avec ce permalien.",
])
def test_a_blog_posts_filing_line_is_a_closing_line(line: str) -> None:
    assert boilerplate.is_closing_line(line)
    assert boilerplate.without_edge_furniture([PROSE, PROSE, line, "Leave a reply"]) == [PROSE, PROSE,
                                                                                         "Leave a reply"]


def test_a_sentence_about_an_entry_or_a_bookmark_is_not() -> None:
    assert not boilerplate.is_closing_line(
        "Visitors may bookmark the harbour's new tide page, which the port posted in March.")


def test_closing_lines_are_looked_for_at_the_end_only() -> None:
    notice = "You must be logged in to post a comment."
    body = [notice, *([PROSE] * 5)]
    assert boilerplate.without_edge_furniture(body) == body


def test_a_link_named_like_furniture_inside_a_sentence_keeps_its_words() -> None:
    sentence = ("<p>The harbour master <a href='/t/anna-berg' id='auto-tag_anna-berg'>Anna Berg</a> said on "
                "Tuesday that the <span class='related-topic'>tide gauge</span> at the pier will be replaced "
                "next spring, after two winters of storms.</p>")
    html = _page(f"<p>{PROSE}</p>{sentence}<p>{PROSE}</p>"
                 "<p>Tags: <a href='/t/1' class='tag'>harbour</a>, <a href='/t/2' class='tag'>storms</a></p>")
    paragraphs = generic.article_blocks(parse_tree(html))
    assert ("The harbour master Anna Berg said on Tuesday that the tide gauge at the pier will be "
            "replaced next spring, after two winters of storms.") in paragraphs
    assert not any("storms" in p and "Tags" in p for p in paragraphs)  # a tag line's links still go


@pytest.mark.parametrize("line", [
    "Sign up for the Harbour Gazette newsletter",
    "Abonnieren Sie jetzt unseren Hafen-Newsletter: https://hafen.example.de/newsletter/",
    "Suscríbete a nuestro boletín y recibe las noticias del puerto cada mañana.",
    "Inscrivez-vous à notre newsletter !",
    "Get our free newsletter in your inbox every morning",
])
def test_a_newsletters_sign_up_line_is_furniture_wherever_it_stands(line: str) -> None:
    assert boilerplate.is_furniture_line(line)
    html = _page(f"<p>{PROSE}</p><p>{line}</p><p>{PROSE}</p><p>{PROSE}</p><p>{PROSE}</p><p>{PROSE}</p>")
    assert generic.article_blocks(parse_tree(html)) == [PROSE.strip()] * 5


@pytest.mark.parametrize("line", [
    "The port's newsletter, which 4,000 fishermen receive, reported the storm damage first.",
    "Der Newsletter der Hafenbehörde erscheint seit 1998 jeden Monat.",
    "Sign up for the harbour tour at the town hall before Friday.",
    # a long paragraph that is the article's text, not a box beside it
    "Readers who subscribe to the port's newsletter learned of the plan a week before the council "
    "did, which the mayor called a failure of the town's own channels and promised to put right by "
    "publishing every decision on the same day it is taken.",
])
def test_a_sentence_about_a_newsletter_or_signing_up_is_not(line: str) -> None:
    assert not boilerplate.is_furniture_line(line)


@pytest.mark.parametrize("line", [
    "Subscribe now to our e-edition for the full story.",
    "To read the full article, please subscribe to the Harbour Gazette.",
    "If you are already a subscriber, you can log in for immediate access to this story.",
    "For the latest news download the Harbour Gazette apps for iOS and Android.",
    "Follow us: Google News | Reddit | Instagram | Facebook",
    "What do you think? Tell us in the comments below.",
    "Never miss the latest news from the port by signing up today!",
    "Submit your letter to the editor via this form.",
    "¿Ya conoces nuestro canal de Telegram? Únete desde tu celular.",
    "Folgen Sie uns auf Instagram und Facebook.",
    "Abonnez-vous pour lire la suite de cet article.",
])
def test_the_papers_call_to_the_reader_after_the_text_is_a_closing_line(line: str) -> None:
    assert boilerplate.is_promo_line(line)
    assert boilerplate.without_edge_furniture([PROSE] * 5 + [line]) == [PROSE] * 5


@pytest.mark.parametrize("line", [
    "The harbour master said the port would follow the council's plan to the letter.",
    "Fishermen can download the tide tables from the port's website.",
    "The app, which the port launched in March, shows the tides for the next week.",
    "Der Verein hat inzwischen 300 Mitglieder, die sich über eine WhatsApp-Liste absprechen.",
])
def test_a_sentence_about_following_apps_or_letters_is_not_a_call_to_the_reader(line: str) -> None:
    assert not boilerplate.is_promo_line(line)


def test_a_call_to_the_reader_inside_the_text_stays() -> None:
    line = "Subscribe now to our e-edition for the full story."
    body = [PROSE, line, *([PROSE] * 5)]
    assert boilerplate.without_edge_furniture(body) == body


_PARAGRAPHS = [f"{PROSE.strip()} So said speaker number {i}." for i in range(4)]
_NUMBERED = "".join(f"<p>{p}</p>" for p in _PARAGRAPHS)
_RESPONSES = "".join(
    f"<div class='r'><b>reader{i}</b><p>I think the council is wrong about the harbour wall, because the "
    f"storms will only get worse and the reserves will not last five years, as anyone here knows ({i}).</p></div>"
    for i in range(5))


def test_what_stands_beside_the_article_that_holds_the_headline_is_not_its_text() -> None:
    # readers' responses in boxes no name marks, after the page's <article>, outweigh its prose
    html = ("<html><head><title>Harbour wall</title></head><body><main><article><h1>Harbour wall</h1>"
            f"<div class='t'>{_NUMBERED}</div></article>"
            f"<div class='x'><h3>5 responses</h3>{_RESPONSES}</div></main></body></html>")
    parts = generic.extract(parse_tree(html), "https://port.example.org/n/3")
    assert parts.paragraphs == _PARAGRAPHS


def test_an_article_element_around_the_headline_alone_does_not_hide_the_text_beside_it() -> None:
    html = ("<html><head><title>Harbour wall</title></head><body><main><article><h1>Harbour wall</h1>"
            f"<p class='by'>By Anna Berg</p></article><div class='t'>{_NUMBERED}</div></main></body></html>")
    parts = generic.extract(parse_tree(html), "https://port.example.org/n/4")
    assert parts.paragraphs == _PARAGRAPHS


@pytest.mark.parametrize("heading", ["5 Comments", "3 Responses to “Harbour wall”", "One thought on “Harbour wall”",
                                     "12 Kommentare", "Un commentaire", "2 comentarios", "3 bình luận"])
def test_a_heading_that_counts_responses_heads_the_readers_comments(heading: str) -> None:
    # the responses' boxes are named for nothing, and there are more of them than of the text
    html = _page(f"{_NUMBERED}<h3>{heading}</h3>{_RESPONSES}<p>{PROSE}</p>")
    assert boilerplate.is_responses_heading(heading)
    assert generic.article_blocks(parse_tree(html)) == _PARAGRAPHS


@pytest.mark.parametrize("heading", ["Comments on the plan", "Five responses to the storm", "Antworten der Stadt",
                                     "10 reasons the wall failed"])
def test_a_section_heading_about_responses_is_not_a_count_of_them(heading: str) -> None:
    assert not boilerplate.is_responses_heading(heading)


@pytest.mark.parametrize("line", [
    '[button link="https://port.example.org/review/" type="big" newwindow="yes"] Send us YOUR review[/button]',
    '[gallery ids="12,13,14" columns="3"]',
    '[caption id="attachment_7" align="alignleft" width="300"] The pier in March[/caption]',
])
def test_an_unrendered_shortcode_is_furniture(line: str) -> None:
    assert boilerplate.is_furniture_line(line)


@pytest.mark.parametrize("line", [
    "[Update] The council met again on Thursday and confirmed the plan.",
    "[1] Berg, A.: The harbour wall, 1998.",
    "[a] = 3 when the tide is low, which the gauge shows twice a day.",
])
def test_a_line_opening_with_a_bracket_is_not_a_shortcode(line: str) -> None:
    assert not boilerplate.is_furniture_line(line)


def test_a_prompt_to_tell_the_paper_what_one_thinks_is_a_closing_line() -> None:
    assert boilerplate.is_promo_line("Tell us what YOU think...")
    assert not boilerplate.is_promo_line("She told us what she thinks of the plan.")


@pytest.mark.parametrize("line", [
    "<저작권자 ⓒ 항구일보, 무단 전재-재배포 금지>",
    "ⓒ 항구신문 : 무단전재 및 재배포 금지",
    "版权所有，未经授权禁止转载。",
    "未經許可，不得轉載",
    "無断転載・複製を禁じます",
    "（责任编辑：王五）",
    "【编辑：李四】",
    "（編集：山田）",
])
def test_a_notice_of_the_texts_rights_or_its_editors_line_ends_a_report(line: str) -> None:
    assert boilerplate.is_rights_notice(line)
    assert boilerplate.without_edge_furniture([PROSE] * 5 + [line]) == [PROSE] * 5


@pytest.mark.parametrize("line", [
    "音乐的版权所有者起诉了该平台。",
    "저작권자의 동의 없이 사진을 쓴 업체가 벌금을 냈다.",
    "编辑部表示将继续关注此事。",
    "Copyright 2024 The Harbour Gazette. All rights reserved.",  # extraction-dev's annotators keep it
])
def test_a_sentence_about_rights_or_editors_is_not_a_notice(line: str) -> None:
    assert not boilerplate.is_rights_notice(line)


@pytest.mark.parametrize("line", ["홍길동 기자 hong@harbour.example", "Jane Roe, jane.roe@harbour.example",
                                  "Anna Berg (anna.berg@hafen.example)"])
def test_a_reporters_name_and_address_alone_at_the_end_is_a_contact_line(line: str) -> None:
    assert boilerplate.is_contact_line(line)
    assert boilerplate.without_edge_furniture([PROSE] * 5 + [line]) == [PROSE] * 5


def test_a_sentence_that_gives_an_address_is_not_a_signature() -> None:
    assert not boilerplate.is_contact_line(
        "Questions about the harbour wall can be sent to the port office at office@port.example.")


@pytest.mark.parametrize("line", [
    "【相关阅读】", "分享到：", "扫一扫", "（完）", "【関連記事】", "この記事をシェアする", "（了）", "관련기사", "기사 공유하기",
    "Tin cùng chuyên mục", "Chia sẻ bài viết", "อ่านข่าวที่เกี่ยวข้อง", "แชร์ข่าวนี้", "Читайте также", "Поделиться",
    "اقرأ أيضا", "شارك",
])
def test_labels_of_what_to_read_next_or_share_in_the_scripts_of_asia_cyrillic_and_arabic(line: str) -> None:
    assert boilerplate.is_furniture_line(line)


@pytest.mark.parametrize("line", ["อ่านหนังสือพิมพ์ทุกวัน", "完成了", "Поделиться опытом", "شاركت المدينة"])
def test_a_word_that_begins_like_a_label_is_not_one(line: str) -> None:
    assert not boilerplate.is_furniture_line(line)


@pytest.mark.parametrize("line", [
    "更多精彩内容，请关注我们的微信公众号。", "会員登録で記事の続きをお読みいただけます", "지금 구독하세요",
    "Подпишитесь на наш канал в Telegram", "ติดตามข่าวสารได้ที่ Facebook", "تابعونا على تويتر",
    "Mời bạn đọc theo dõi fanpage của báo",
])
def test_the_papers_call_to_the_reader_in_other_scripts_is_a_closing_line(line: str) -> None:
    assert boilerplate.is_promo_line(line)
