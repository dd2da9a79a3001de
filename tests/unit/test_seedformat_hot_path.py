"""The seed parser's hot path: an author line is read once (its answer kept for the next
document that carries it), with the same answers as reading it every time."""

from __future__ import annotations

import pytest

from newsflow import seedformat
from newsflow.seedformat import byline_authors, parse_seed_text

SEED = """Die Brücke über den Fluss wurde am Morgen für den Verkehr freigegeben. (Foto: dpa)
Nach drei Jahren Bauzeit ist die neue Brücke über den Fluss am Montagmorgen für den Verkehr freigegeben worden, wie die Stadtverwaltung mitteilte.
Die Bauarbeiten hatten sich wegen Lieferengpässen um mehrere Monate verzögert.
{author}
Quelle: https://hafenblatt.example/bruecke-{n}.html
Kommentar (1)
"""


def test_an_author_line_is_read_once_for_every_document_that_carries_it(monkeypatch: pytest.MonkeyPatch) -> None:
    seedformat._byline_authors.cache_clear()
    calls: list[str] = []
    real = seedformat.author_names

    def counting(line: str | None) -> list[str]:
        calls.append(line or "")
        return real(line)

    monkeypatch.setattr(seedformat, "author_names", counting)
    first = parse_seed_text(SEED.format(author="Von Anna Beispiel und Jan Muster", n=1))
    second = parse_seed_text(SEED.format(author="Von Anna Beispiel und Jan Muster", n=2))
    assert first.author == second.author == "Anna Beispiel, Jan Muster"
    assert calls == ["Von Anna Beispiel und Jan Muster"]
    parse_seed_text(SEED.format(author="Petra Ruland", n=3))
    assert calls == ["Von Anna Beispiel und Jan Muster", "Petra Ruland"]


def test_a_kept_answer_cannot_be_changed_by_its_caller() -> None:
    seedformat._byline_authors.cache_clear()
    names = byline_authors("Bài và ảnh: Hương Giang - Minh Anh")
    assert names == ["Hương Giang", "Minh Anh"]
    names.append("Somebody Else")
    assert byline_authors("Bài và ảnh: Hương Giang - Minh Anh") == ["Hương Giang", "Minh Anh"]


@pytest.mark.parametrize("line", ["Khanh Lan", "By Jane Doe", "Minh Anh - Thu Hà", "Text and photos: John Smith",
                                  "Die Bauarbeiten dauerten drei Jahre.", "Seite 2", "", "https://x.example/a",
                                  "Eine sehr lange Zeile " * 8])
def test_kept_answers_are_the_answers_read_anew(line: str) -> None:
    seedformat._byline_authors.cache_clear()
    anew = seedformat._byline_authors.__wrapped__(line)
    assert byline_authors(line) == list(anew)
    assert byline_authors(line) == list(anew)  # the kept one
