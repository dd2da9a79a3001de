"""Elements whose names say they are not content: a message for browsers without scripts
("...-noscript") and the "robots-nocontent" marker, in any language."""

from __future__ import annotations

import pytest

from newsflow.services.parser.html import boilerplate, generic
from newsflow.services.parser.html.dom import parse_tree

PROSE = ("El consejo votó el martes reconstruir el muro del puerto, que las tormentas dañaron dos veces "
         "el invierno pasado, y pagarlo con las reservas del propio puerto en cinco años. ")


@pytest.mark.parametrize(("names", "message"), [
    ("gallery-slideshow-noscript", "Esta galería necesita JavaScript."),
    ("robots-nocontent", "Diese Bildergalerie benötigt JavaScript."),
    ("noscript_message", "Cette galerie nécessite JavaScript."),
])
def test_a_no_content_element_is_dropped(names: str, message: str) -> None:
    html = (f"<html><body><div class='entry-content'><p>{PROSE}</p><p class='{names}'>{message}</p>"
            f"<p>{PROSE}</p></div></body></html>")
    assert generic.article_blocks(parse_tree(html)) == [PROSE.strip(), PROSE.strip()]


def test_the_names_are_words_of_their_own() -> None:
    div = parse_tree("<div class='nocontentful'>x</div>").find(".//div")
    assert not boilerplate.is_boilerplate(div)
    assert boilerplate.is_boilerplate(parse_tree("<div class='ad-noscript'>x</div>").find(".//div"))
