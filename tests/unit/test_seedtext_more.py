"""More seed-format documents (Italian, Portuguese, Indonesian) and the story shared with the original."""

from __future__ import annotations

from pathlib import Path

from newsflow.events import RawDocument
from newsflow.seedformat import parse_seed_text
from newsflow.services.parser.document import parse_document
from tests.conftest import SEEDS
from tests.unit.test_html_sites import FIXTURES, NHANDAN_URL, SOKHCN_URL, html_document

ITALIAN = """La delegazione visita il centro di innovazione. (Foto: VNA)
Martedì la delegazione vietnamita ha visitato il parco tecnologico di Pangyo, il principale centro di innovazione della Corea del Sud.
Le due parti hanno discusso della cooperazione nella trasformazione digitale e nell'intelligenza artificiale.
Sessione di lavoro
Il direttore dell'istituto visiterà la città a novembre per firmare un accordo.
Minh Anh
Fonte: https://nhandan.vn/esempio-post4.html
Commenti (2)
"""

PORTUGUESE = """A delegação foi recebida pelos dirigentes da cidade. (Foto: VNA)
Na terça-feira, os dirigentes da cidade de Hai Phong receberam uma delegação do Instituto Coreano de Ciência e Tecnologia para discutir a cooperação em investigação.
As duas partes concordaram em partilhar experiências na comercialização de resultados de investigação.
Thanh Hai
Fonte: https://sokhcn.haiphong.gov.vn/tin-hoat-dong-chung/exemplo-5
Comentários (0)
"""

INDONESIAN = """Pada hari Selasa, para pemimpin kota Hai Phong menerima delegasi dari Institut Sains dan Teknologi Korea untuk membahas kerja sama penelitian dan inovasi.
Suasana sesi kerja
Kedua belah pihak sepakat untuk berbagi pengalaman dalam komersialisasi hasil penelitian dan teknologi baru.
Khanh Lan
Sumber: https://nhandan.vn/contoh-post6.html
Komentar (7)
"""


def test_more_languages_in_the_seed_format() -> None:
    cases = [
        (ITALIAN, "it", "Minh Anh", "https://nhandan.vn/esempio-post4.html", 2, 2),
        (PORTUGUESE, "pt", "Thanh Hai", "https://sokhcn.haiphong.gov.vn/tin-hoat-dong-chung/exemplo-5", 0, 1),
        (INDONESIAN, "id", "Khanh Lan", "https://nhandan.vn/contoh-post6.html", 7, 1),
    ]
    for text, language, author, source, comments, captions in cases:
        seed = parse_seed_text(text)
        article = parse_document(RawDocument.from_seed("x.txt", text))
        assert article.language == language, (language, article.language)
        assert seed.author == author
        assert seed.source_url == source
        assert seed.comment_count == comments
        assert len(seed.captions) == captions, seed.captions
        assert article.title_source == "derived_from_lead"
        assert "://" not in article.body and author not in article.body
        assert not any(str(comments) in p and len(p) < 20 for p in article.paragraphs)


GERMAN_TRANSLATION = f"""Führung der Stadt schneidet das Band zur Eröffnung des Zentrums. (Foto: Minh Anh)
Am Morgen des 20. November hat die Stadt Hai Phong ihr Zentrum für Innovation eröffnet, das Start-ups und Forschungsinstitute unterstützt.
Das Zentrum liegt im Bezirk Le Chan und hat eine Nutzfläche von mehr als 5000 Quadratmetern.
Minh Anh
Quelle: {NHANDAN_URL}
Kommentar (0)
"""


def test_a_translation_shares_the_story_of_its_html_original() -> None:
    page = (Path(__file__).parent.parent / "fixtures" / "html" / "nhandan_article.html").read_bytes()
    original = parse_document(html_document(page, NHANDAN_URL))
    translation = parse_document(RawDocument.from_seed("de.txt", GERMAN_TRANSLATION))
    assert translation.language == "de" and original.language == "vi"
    assert translation.story_id == original.story_id
    assert translation.id != original.id
    assert translation.site == original.site == "nhandan.vn"


def test_the_thai_seed_shares_the_story_of_the_portal_page_it_translates() -> None:
    thai = (SEEDS / "003_8a5aae87a1972210.txt").read_text(encoding="utf-8")
    translation = parse_document(RawDocument.from_seed("003.txt", thai))
    original = parse_document(html_document((FIXTURES / "sokhcn_haiphong_article.html").read_bytes(),
                                            "https://sokhcn.haiphong.gov.vn/?p=792942"))
    assert original.url == SOKHCN_URL  # from the page's canonical link
    assert (translation.language, original.language) == ("th", "vi")
    assert translation.story_id == original.story_id
    assert translation.id != original.id
