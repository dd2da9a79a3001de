"""The seed format, on both seeds and on documents written here in other languages."""

from __future__ import annotations

from newsflow.events import RawDocument
from newsflow.seedformat import derive_title, parse_seed_text
from newsflow.services.parser.document import parse_document
from tests.conftest import SEEDS

GERMAN = (SEEDS / "000_7655da6a3fee0a33.txt").read_text(encoding="utf-8")
THAI = (SEEDS / "003_8a5aae87a1972210.txt").read_text(encoding="utf-8")


def test_german_seed() -> None:
    seed = parse_seed_text(GERMAN)
    assert seed.source_label == "Quelle"
    assert seed.source_url == ("https://nhandan.vn/doan-dai-bieu-cap-cao-cua-dang-cong-san-viet-"
                               "nam-tham-va-lam-viec-tai-thung-lung-cong-nghe-cao-pangyo-post900276.html")
    assert seed.site == "nhandan.vn"
    assert seed.author == "Khanh Lan"
    assert seed.comment_count == 0
    assert len(seed.captions) == 3
    assert all("(Foto:" in c for c in seed.captions)
    assert seed.lead is not None and seed.lead.startswith("Im Rahmen des Staatsbesuchs")
    text = "\n".join(seed.paragraphs)
    assert "Kommentar (0)" not in text and "Quelle:" not in text and "Khanh Lan" not in text
    assert seed.paragraphs[-1].startswith("Der Besuch und die Arbeitssitzung")


def test_thai_seed() -> None:
    seed = parse_seed_text(THAI)
    assert seed.source_url is not None
    assert seed.source_url.startswith("https://sokhcn.haiphong.gov.vn/tin-hoat-dong-chung/")
    assert seed.site == "sokhcn.haiphong.gov.vn"
    assert seed.author == "ชิงไห่"
    assert seed.comment_count == 0
    assert seed.captions == ["ฉากการทำงาน", "ผู้นำเมืองไฮฟองและคณะผู้แทน KIST ถ่ายรูปเป็นที่ระลึก"]
    text = "\n".join(seed.paragraphs)
    assert "การแสดงความคิดเห็น" not in text and "ที่มา:" not in text


def test_seeds_become_articles_with_detected_language() -> None:
    german = parse_document(RawDocument.from_seed("000.txt", GERMAN))
    thai = parse_document(RawDocument.from_seed("003.txt", THAI))
    assert (german.language, thai.language) == ("de", "th")
    assert german.title_source == "derived_from_lead"
    assert german.title.startswith("Im Rahmen des Staatsbesuchs")
    assert len(german.title) <= 121
    assert "Kommentar" not in german.body
    assert german.story_id != thai.story_id
    assert german.word_count > 500


ENGLISH = """The delegation visited the science park in Hai Phong on Tuesday. (Photo: VNA)
On Tuesday the city's leaders received a delegation from the Korea Institute of Science and Technology to discuss cooperation in research and innovation.
Both sides agreed to share experience in commercialising research results.
Working session
The institute's director is expected to visit the city in November.
Minh Anh
Source : https://nhandan.vn/example-post1.html
Comment (3)
"""

SPANISH = """La delegación visitó el parque tecnológico. (Foto: VNA)
La delegación del Partido visitó el martes el valle de alta tecnología de Pangyo, el principal centro de innovación de Corea.
Ambas partes debatieron sobre la cooperación en transformación digital.
Lan Anh
Fuente: https://nhandan.vn/ejemplo-post2.html
Comentarios (12)
"""

FRENCH = """La délégation a visité la zone de haute technologie de Pangyo, le principal centre d'innovation de la Corée, le 12 août.
Les deux parties ont discuté de la coopération dans la transformation numérique.
Séance de travail
Le président de l'association a souligné le rôle des entreprises.
Thu Ha
Source: https://sokhcn.haiphong.gov.vn/tin-hoat-dong-chung/exemple-1
Commentaire (1)
"""

VIETNAMESE = """Đoàn công tác thăm Khu công nghệ cao. (Ảnh: TTXVN)
Sáng 12/8, đoàn đại biểu cấp cao của Đảng Cộng sản Việt Nam đã thăm và làm việc tại Thung lũng công nghệ cao Pangyo, trung tâm đổi mới sáng tạo hàng đầu của Hàn Quốc.
Hai bên đã trao đổi về tiềm năng hợp tác trong các lĩnh vực chuyển đổi số, trí tuệ nhân tạo và công nghệ sinh học.
Khánh Lan
Nguồn: https://nhandan.vn/vi-du-post3.html
Bình luận (0)
"""


def test_other_languages_in_the_seed_format() -> None:
    cases = [
        (ENGLISH, "en", "Minh Anh", "https://nhandan.vn/example-post1.html", 3, 2),
        (SPANISH, "es", "Lan Anh", "https://nhandan.vn/ejemplo-post2.html", 12, 1),
        (FRENCH, "fr", "Thu Ha", "https://sokhcn.haiphong.gov.vn/tin-hoat-dong-chung/exemple-1",
         1, 1),
        (VIETNAMESE, "vi", "Khánh Lan", "https://nhandan.vn/vi-du-post3.html", 0, 1),
    ]
    for text, language, author, source, comments, captions in cases:
        seed = parse_seed_text(text)
        article = parse_document(RawDocument.from_seed("x.txt", text))
        assert article.language == language, text
        assert seed.author == author
        assert seed.source_url == source
        assert seed.comment_count == comments
        assert len(seed.captions) == captions, seed.captions
        assert "://" not in article.body and author not in article.body


def test_a_document_without_footer_keeps_its_last_paragraph() -> None:
    seed = parse_seed_text("First paragraph of the story.\nSecond paragraph of the story.\n")
    assert seed.source_url is None and seed.author is None and seed.comment_count is None
    assert seed.paragraphs == ["First paragraph of the story.", "Second paragraph of the story."]


def test_derived_titles_are_short_and_do_not_split_after_abbreviations() -> None:
    assert derive_title("Dr. Chang visited Hai Phong. Then he left.") == "Dr. Chang visited Hai Phong"
    long = "word " * 60
    assert len(derive_title(long)) <= 121
