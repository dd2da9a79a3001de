"""Seed-format classes: full-width and colon-less photo credits, a bare caption as the first
line, byline prefixes and several authors, a derived title that is never a caption.

Documents written here, in several languages and scripts; every class is recognised by the
shape of its line (brackets, colon, length, position), the word "photo" of many languages
being the one word list.
"""

from __future__ import annotations

import pytest

from newsflow.bylines import author_names
from newsflow.events import RawDocument
from newsflow.seedformat import is_credited, parse_seed_text
from newsflow.services.parser.document import parse_document

CHINESE = """代表团参观了盘谷高科技园区的人工智能与机器人展区。（图片：越南通讯社）
在越共中央总书记苏林对韩国进行国事访问期间，越南高级代表团于八月十二日参观了韩国领先的创新中心盘谷高科技谷，并与多家科技企业座谈。双方讨论了在数字化转型、人工智能和生物技术领域的合作潜力，并同意加强研究成果的交流。
双方同意在人工智能和半导体领域加强合作。
李明
来源：https://nhandan.vn/zh-example-post10.html
评论 (4)
"""

JAPANESE = """代表団はハイテク団地を視察した（写真：共同通信）
ハイフォン市の指導者たちは火曜日、韓国科学技術研究院の代表団を迎え、研究とイノベーションにおける協力について話し合った。双方は研究成果の商業化に関する経験を共有することで合意し、十一月に協定を結ぶ予定である。
両者は研究成果の実用化で経験を共有することで合意した。
出典：https://sokhcn.haiphong.gov.vn/tin-hoat-dong-chung/ja-example-11
"""

RUSSIAN = """Делегация осмотрела центр инноваций (Фото ТАСС)
Во вторник руководители города Хайфон приняли делегацию Корейского института науки и технологий, чтобы обсудить сотрудничество в области исследований и инноваций.
Стороны договорились обмениваться опытом коммерциализации результатов исследований.
Источник: https://nhandan.vn/ru-example-post12.html
"""

VIETNAMESE_TRAILING = """Sáng 20/11, thành phố Hải Phòng khánh thành Trung tâm Đổi mới sáng tạo, nơi hỗ trợ các doanh nghiệp khởi nghiệp và viện nghiên cứu trên địa bàn.
Lãnh đạo thành phố cắt băng khánh thành trung tâm. Ảnh: Minh Anh
Trung tâm có diện tích sử dụng hơn 5.000 mét vuông, đặt tại quận Lê Chân.
Bài và ảnh: Hương Giang
Nguồn: https://nhandan.vn/vi-example-post13.html
Bình luận (2)
"""


@pytest.mark.parametrize(("text", "caption_start"), [
    (CHINESE, "代表团参观"), (JAPANESE, "代表団は"), (RUSSIAN, "Делегация"),
    (VIETNAMESE_TRAILING, "Lãnh đạo thành phố"),
], ids=["zh-fullwidth", "ja-fullwidth", "ru-no-colon", "vi-after-sentence"])
def test_photo_credits_in_any_punctuation_and_script(text: str, caption_start: str) -> None:
    seed = parse_seed_text(text)
    assert [c for c in seed.captions if c.startswith(caption_start)], seed.captions
    assert not any(p.startswith(caption_start) for p in seed.paragraphs)
    assert not seed.title.startswith(caption_start)


def test_credit_shapes() -> None:
    assert is_credited("Ein Bild der Stadt (Foto: dpa)")
    assert is_credited("市长剪彩（新华社记者 李明 摄）")
    assert is_credited("Η αντιπροσωπεία στο κέντρο (Φωτογραφία: ΑΠΕ)")
    assert is_credited("الوفد يزور المركز (صورة: واس)")
    assert not is_credited("The minister spoke for an hour (and then left).")
    assert not is_credited("He described the photo he had taken in 1999 of the old harbour.")


BARE_FIRST_CAPTIONS = [
    ("Quang cảnh buổi làm việc\nSáng 12/8, đoàn đại biểu cấp cao của Đảng Cộng sản Việt Nam đã thăm và làm "
     "việc tại Thung lũng công nghệ cao Pangyo, trung tâm đổi mới sáng tạo hàng đầu của Hàn Quốc.\n"
     "Hai bên đã trao đổi về tiềm năng hợp tác trong các lĩnh vực chuyển đổi số.\n", "Quang cảnh buổi làm việc"),
    ("Blick in den Sitzungssaal\n\nAm Dienstag empfing die Stadtführung von Hai Phong eine Delegation des "
     "Koreanischen Instituts für Wissenschaft und Technologie, um über die Zusammenarbeit zu sprechen.\n"
     "Beide Seiten vereinbarten einen Erfahrungsaustausch.\n", "Blick in den Sitzungssaal"),
    ("ฉากการทำงาน\nเลขาธิการคณะกรรมการพรรคประจำเมืองได้ต้อนรับและทำงานร่วมกับรองประธานสถาบันวิทยาศาสตร์และเทคโนโลยีเกาหลี "
     "เพื่อหารือเกี่ยวกับความร่วมมือด้านการวิจัยและนวัตกรรม ทั้งสองฝ่ายตกลงที่จะแลกเปลี่ยนประสบการณ์\n"
     "ทั้งสองฝ่ายตกลงที่จะแลกเปลี่ยนประสบการณ์ในการนำผลการวิจัยไปใช้เชิงพาณิชย์ และจะลงนามในข้อตกลงความร่วมมือฉบับใหม่ในเดือนพฤศจิกายนนี้\n",
     "ฉากการทำงาน"),
]


@pytest.mark.parametrize(("text", "caption"), BARE_FIRST_CAPTIONS, ids=["vi", "de", "th"])
def test_a_bare_caption_as_the_very_first_line(text: str, caption: str) -> None:
    seed = parse_seed_text(text)
    assert seed.captions[:1] == [caption]
    assert caption not in seed.paragraphs
    assert seed.title and not seed.title.startswith(caption)  # the title comes from the lead
    assert seed.lead is not None and seed.title_source == "derived_from_lead"


def test_a_short_first_paragraph_before_a_short_one_is_not_a_caption() -> None:
    seed = parse_seed_text("Kurze Meldung am Morgen\nDie Sitzung beginnt um neun Uhr.\nMehr folgt.\n")
    assert seed.captions == []
    assert seed.paragraphs[0] == "Kurze Meldung am Morgen"


@pytest.mark.parametrize(("line", "names"), [
    ("Bài và ảnh: Hương Giang", ["Hương Giang"]),
    ("Text and photos: Jane Doe", ["Jane Doe"]),
    ("Texto y fotos: Ana Ruiz", ["Ana Ruiz"]),
    ("Theo TTXVN", ["TTXVN"]),
    ("By Jane Doe and John Smith", ["Jane Doe", "John Smith"]),
    ("Von Anna Beispiel und Max Muster", ["Anna Beispiel", "Max Muster"]),
    ("Minh Anh - Thu Hà", ["Minh Anh", "Thu Hà"]),
    ("Minh Anh, Thu Hà và Khánh Lan", ["Minh Anh", "Thu Hà", "Khánh Lan"]),
    ("Bài: Minh Anh - Ảnh: Thành Đạt", ["Minh Anh", "Thành Đạt"]),
    ("Posted by Nathan Parker, Varun Khaneja and Eric Mill", ["Nathan Parker", "Varun Khaneja", "Eric Mill"]),
    ("Anna von Holst", ["Anna von Holst"]),
    ("Erstellt von Andri Bryner", ["Andri Bryner"]),
    ("Publié par Marie Dupont", ["Marie Dupont"]),
    ("Grant Tinsley, PhD", ["Grant Tinsley"]),
    ("By", []),
    ("This is a whole sentence of the article, not anybody's name at all.", []),
])
def test_byline_prefixes_and_several_authors(line: str, names: list[str]) -> None:
    assert author_names(line) == names


@pytest.mark.parametrize(("author_line", "author"), [
    ("Bài và ảnh: Hương Giang", "Hương Giang"),
    ("Text and photos: Jane Doe", "Jane Doe"),
    ("Theo TTXVN", "TTXVN"),
    ("By John Smith", "John Smith"),
    ("Minh Anh - Thu Hà", "Minh Anh, Thu Hà"),
    ("Minh Anh và Thu Hà", "Minh Anh, Thu Hà"),
])
def test_the_author_line_of_a_seed_loses_its_prefix_and_keeps_every_author(author_line: str, author: str) -> None:
    text = ("Sáng 12/8, đoàn đại biểu cấp cao đã thăm và làm việc tại Thung lũng công nghệ cao Pangyo.\n"
            "Hai bên đã trao đổi về tiềm năng hợp tác trong các lĩnh vực chuyển đổi số.\n"
            f"{author_line}\nNguồn: https://nhandan.vn/vi-example-post14.html\nBình luận (0)\n")
    seed = parse_seed_text(text)
    assert seed.author == author
    article = parse_document(RawDocument.from_seed("x.txt", text))
    assert article.author == author
    assert author_line not in article.body


def test_the_derived_title_is_never_a_caption() -> None:
    for text in (CHINESE, JAPANESE, RUSSIAN, VIETNAMESE_TRAILING, *(t for t, _ in BARE_FIRST_CAPTIONS)):
        seed = parse_seed_text(text)
        assert seed.title
        assert not any(caption.startswith(seed.title.rstrip("…")) for caption in seed.captions), seed.title
