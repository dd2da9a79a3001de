"""Modal windows (login forms, cookie notices, download prompts) are never the article, for
our extractor and for the second opinion, whatever element they are made of."""

from __future__ import annotations

import pytest

from newsflow.services.parser.html import boilerplate, generic, second_opinion
from newsflow.services.parser.html.dom import parse_tree

ARTICLE = ["The harbour's new tide gauge went into service on Monday, after two years of delays "
           "caused by the storms of last winter and by a shortage of parts.",
           "Its readings are published every ten minutes, and the port will keep them for thirty "
           "years, so that engineers can follow how the sea level changes along the coast."]
LOGIN_HINTS = ["Note: the password must be at least eight characters long, with a capital letter, "
               "a digit and a special character, and it must differ from the last three you used.",
               "Your registration could not be completed. Please clear your history and your cookies "
               "and then click again on the confirmation link we sent to your e-mail address.",
               "To watch programmes with an age limit at any time of day, you can verify your age now. "
               "You will need your identity document and a camera on the device you are using.",
               "The e-mail address you entered has no account yet, or the password is wrong; please "
               "try again, or ask for a new password to be sent to you by e-mail in a few minutes."]

OTHER_STORIES = ["The lighthouse on the north pier is to be painted again this summer, for the first "
                 "time since 1998, the port said.",
                 "A second ferry will sail to the island on weekends from May, if enough crew can be "
                 "found before the season starts.",
                 "The fish market moves to the old customs hall in the autumn, while its own roof is "
                 "repaired and the stalls are renewed."]


def _page(window: str) -> str:
    # the aside's summaries of other stories are prose of the page too: the window holds less
    # than half of it, so no rule keeps it for its length
    others = "".join(f"<p>{p}</p>" for p in OTHER_STORIES)
    menu = "".join(f"<a href='/s/{i}'>Section of the paper number {i}</a> " for i in range(15))
    return (f"<html><head><title>Tide gauge</title></head><body><nav>{menu}</nav><main><div class='box'>"
            + "".join(f"<p>{p}</p>" for p in ARTICLE) + f"</div></main><aside>{others}</aside>"
            f"{window}</body></html>")


def _hints(count: int = len(LOGIN_HINTS)) -> str:
    return "<div class='panel'>" + "".join(f"<p>{p}</p>" for p in LOGIN_HINTS[:count]) + "</div>"


@pytest.mark.parametrize("window", [
    "<article class='registration-modal dark-modal'>{}</article>",
    "<div role='dialog'>{}</div>",
    "<div aria-modal='true'>{}</div>",
    "<dialog>{}</dialog>",
    "<section id='login-popup'>{}</section>",
])
def test_a_modal_window_is_not_the_article(window: str) -> None:
    assert generic.article_blocks(parse_tree(_page(window.format(_hints(3))))) == ARTICLE


def test_the_dialogs_are_the_outermost_windows_without_the_headline_or_most_of_the_page() -> None:
    root = parse_tree(
        "<html><body><div class='dialog-off-canvas-main-canvas'><h2>Tide gauge</h2>"
        + "".join(f"<p>{p}</p>" for p in ARTICLE * 3)
        + "<div class='modal' id='outer'><div class='modal-content'>Sign in</div></div>"
        "<a class='js-share-popup' href='/share'>Share</a>"
        "<div class='lightbox'><h1>Tide gauge</h1></div></div></body></html>")
    assert [el.get("id") for el in boilerplate.dialogs(root)] == ["outer"]


@pytest.mark.skipif(not second_opinion.available(), reason="trafilatura is not installed")
def test_the_second_opinion_does_not_read_a_login_window() -> None:
    # a video page: its only text is the video's description; the rest is a login window
    description = ("New York is the centre of the pandemic in the United States. Sport has come to a "
                   "standstill as well, and nobody knows yet when the leagues will play again.")
    html = ("<html><head><title>Sport stands still</title></head><body><header><a href='/'>Home</a> "
            "<a href='/sport'>Sport</a> <a href='/news'>News</a> <a href='/live'>Live TV</a></header>"
            "<main><div class='video'>"
            f"<div class='item-caption'><p class='item-description'>{description}</p></div></div></main>"
            f"<article class='registration-modal dark-modal'>{_hints(2)}</article>"
            "<footer>Imprint, privacy, accessibility and the terms of use of this site</footer></body></html>")
    paragraphs = second_opinion.trafilatura_paragraphs(parse_tree(html), "https://tv.example.org/v/1",
                                                       recall=True)
    assert not any("password" in p for p in paragraphs)
