"""Language identification on a test set of our own short texts (news-like sentences in
fourteen languages), read alone (py3langid decides below ``CLD2_MIN_CHARS``) and joined per
language into longer texts (CLD2 decides where it is sure)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newsflow.language.detect import CLD2_MIN_CHARS, _cld2_language, detect_language
from newsflow.language.tokenize import THAI_RUN, has_thai

#: Short texts of our own (news-like sentences, 20-250 characters), each in one language.
TEXTS: dict[str, list[str]] = {
    "vi": [
        "Thành phố Hải Phòng khởi công xây dựng cây cầu mới bắc qua sông Cấm.",
        "Bộ Y tế khuyến cáo người dân tiêm vắc xin phòng cúm trước mùa đông.",
        "Giá xăng dầu trong nước tiếp tục giảm trong kỳ điều hành chiều nay.",
        "Đội tuyển bóng đá Việt Nam giành chiến thắng trước Thái Lan với tỷ số hai không.",
        "Các nhà khoa học đã phát triển giống lúa mới chịu mặn cho đồng bằng sông Cửu Long.",
        "Hội nghị thượng đỉnh kinh tế diễn ra tại Hà Nội với sự tham gia của nhiều doanh nghiệp nước ngoài.",
    ],
    "de": [
        "Die Bundesregierung hat am Mittwoch ein neues Klimaschutzgesetz beschlossen.",
        "In Hamburg streiken heute die Beschäftigten des öffentlichen Nahverkehrs.",
        "Der Wetterdienst warnt vor Sturmböen und Starkregen im Süden des Landes.",
        "Forscher der Universität Heidelberg entwickeln einen schnelleren Bluttest.",
        "Die Preise für Strom und Gas sind im vergangenen Monat wieder gestiegen.",
        "Nach dem Spiel zeigte sich der Trainer mit der Leistung seiner Mannschaft zufrieden.",
    ],
    "th": [
        "รัฐบาลประกาศมาตรการช่วยเหลือเกษตรกรที่ได้รับผลกระทบจากน้ำท่วม",
        "กรมอุตุนิยมวิทยาเตือนให้ประชาชนระวังพายุฝนฟ้าคะนองในภาคเหนือ",
        "นักท่องเที่ยวต่างชาติเดินทางมาเที่ยวเชียงใหม่เพิ่มขึ้นในช่วงปลายปี",
        "ธนาคารแห่งประเทศไทยคงอัตราดอกเบี้ยนโยบายไว้ที่ระดับเดิม",
        "ทีมชาติไทยเอาชนะเวียดนามในการแข่งขันฟุตบอลรอบรองชนะเลิศ",
        "โรงพยาบาลเปิดศูนย์ตรวจสุขภาพแห่งใหม่สำหรับผู้สูงอายุ",
    ],
    "en": [
        "The city council approved a new budget for public transport on Tuesday.",
        "Scientists have found evidence of water beneath the surface of the moon.",
        "Shares fell sharply after the company reported lower profits than expected.",
        "Heavy rain caused flooding in several towns along the river overnight.",
        "The minister said the government would publish its plans next month.",
        "Thousands of fans gathered outside the stadium before the final match.",
    ],
    "fr": [
        "Le gouvernement a présenté mercredi un projet de loi sur le logement.",
        "Les habitants de Lyon ont manifesté contre la fermeture de l'hôpital.",
        "La grève des cheminots perturbe fortement le trafic ferroviaire ce matin.",
        "Des chercheurs français ont découvert une nouvelle espèce de poisson.",
        "Le prix de l'électricité augmentera de dix pour cent au début de l'année.",
        "L'équipe de France s'est qualifiée pour la finale après une victoire difficile.",
    ],
    "es": [
        "El Gobierno aprobó ayer una reforma de las pensiones muy esperada.",
        "Miles de personas se manifestaron en Madrid contra la subida de los alquileres.",
        "Las lluvias torrenciales han provocado inundaciones en la costa mediterránea.",
        "Los científicos advierten que el nivel del mar sigue subiendo cada año.",
        "El equipo ganó el partido en el último minuto gracias a un gol de cabeza.",
        "La empresa anunció que abrirá una nueva fábrica en el norte del país.",
    ],
    "zh": [
        "国务院常务会议研究部署进一步扩大内需的政策措施。",
        "今年以来，我国新能源汽车产销量继续保持快速增长。",
        "气象台发布暴雨预警，提醒市民注意出行安全。",
        "科学家在南海发现了一种新的深海鱼类。",
        "北京市将在明年新建十所公立学校。",
        "中国队在决赛中以三比一战胜对手，获得冠军。",
    ],
    "ja": [
        "政府は来年度の予算案を閣議決定しました。",
        "東京都内では今日、今年一番の暑さとなりました。",
        "新しい駅の建設工事が来月から始まる予定です。",
        "研究チームは新しい治療法の開発に成功したと発表した。",
        "台風の接近に伴い、各地で交通機関に影響が出ています。",
        "日本代表は試合終了間際のゴールで勝利を収めた。",
    ],
    "ko": [
        "정부는 내년부터 청년 주거 지원을 확대한다고 밝혔다.",
        "서울 지역에 폭우가 내려 일부 도로가 통제되었다.",
        "한국은행이 기준금리를 동결하기로 결정했다.",
        "연구진은 새로운 배터리 기술을 개발했다고 발표했다.",
        "대표팀은 결승전에서 일본을 꺾고 우승을 차지했다.",
        "올해 수출이 작년보다 크게 늘어난 것으로 나타났다.",
    ],
    "ru": [
        "Правительство утвердило новый план развития транспортной системы.",
        "В Москве ожидается сильный снегопад в ближайшие выходные.",
        "Учёные обнаружили новый вид бактерий в озере Байкал.",
        "Цены на продукты питания выросли за последний месяц.",
        "Сборная России одержала победу в финальном матче турнира.",
        "Мэр города пообещал отремонтировать все дороги до конца года.",
    ],
    "ar": [
        "أعلنت الحكومة عن خطة جديدة لدعم المشاريع الصغيرة والمتوسطة.",
        "شهدت العاصمة أمطارا غزيرة أدت إلى إغلاق عدد من الطرق.",
        "اكتشف العلماء نوعا جديدا من النباتات في الصحراء.",
        "ارتفعت أسعار النفط في الأسواق العالمية اليوم.",
        "فاز المنتخب الوطني في المباراة النهائية بهدفين مقابل هدف.",
        "افتتح وزير التعليم مدرسة جديدة في المدينة.",
    ],
    "it": [
        "Il governo ha approvato la nuova legge di bilancio per il prossimo anno.",
        "A Roma sono state chiuse alcune strade per il maltempo di questa mattina.",
        "I ricercatori hanno scoperto un nuovo metodo per riciclare la plastica.",
    ],
    "pt": [
        "O governo anunciou novas medidas para reduzir o preço dos alimentos.",
        "Fortes chuvas provocaram deslizamentos de terra no interior do estado.",
        "A seleção venceu o jogo de ontem com dois golos na segunda parte.",
    ],
    "nl": [
        "Het kabinet heeft vandaag nieuwe maatregelen tegen de woningnood aangekondigd.",
        "In Amsterdam is het openbaar vervoer stilgelegd door een staking.",
        "Onderzoekers hebben een nieuwe manier gevonden om zonne-energie op te slaan.",
    ],
}


CASES = [(language, text) for language, texts in TEXTS.items() for text in texts]


@pytest.mark.parametrize(("language", "text"), CASES, ids=[f"{lang}-{i}" for i, (lang, _) in enumerate(CASES)])
def test_short_texts(language: str, text: str) -> None:
    assert detect_language(text) == language


@pytest.mark.parametrize("language", sorted(TEXTS))
def test_longer_texts(language: str) -> None:
    text = " ".join(TEXTS[language])
    assert len(text) >= CLD2_MIN_CHARS or language in ("zh", "ja", "ko", "ar", "th")
    assert detect_language(text) == language
    assert detect_language(text * 3) == language


def test_cld2_answers_for_long_prose_of_every_latin_and_cyrillic_language() -> None:
    for language in ("vi", "de", "en", "fr", "es", "ru"):
        assert _cld2_language(" ".join(TEXTS[language])) == language


def test_chinese_without_kana_is_not_left_to_cld2() -> None:
    chinese = TEXTS["zh"][4] * 20  # CLD2 calls this Han-only text Japanese
    assert _cld2_language(chinese) is None
    assert detect_language(chinese) == "zh"


def test_cld2_split_between_languages_is_not_taken() -> None:
    german = "Die Delegation besuchte das Innovationszentrum in Hai Phong. " * 10
    assert _cld2_language(german[:600]) is None  # CLD2: two thirds English, a third German
    assert detect_language(german) == "de"


def test_a_declared_language_cld2_disagrees_with_is_weighed_by_py3langid() -> None:
    german = " ".join(TEXTS["de"])
    assert detect_language(german, declared="en") == "de"  # py3langid is sure: the text wins
    mixed = "Golem application development poetry add yapapi Nur zu selten tritt " * 4
    assert detect_language(mixed, declared="de") in ("de", "en")


def test_text_cld2_cannot_read_falls_back() -> None:
    assert _cld2_language("Die Delegation besuchte \ud800 das Innovationszentrum " * 10) is None


@given(st.text(alphabet=st.sampled_from("aé ạ\u0dff\u0e00\u0e01ก\u0e31\u0e7f\u0e80\ud800“—"), max_size=20)
       | st.text(alphabet=st.characters(), max_size=20))
def test_has_thai_is_the_thai_run_pattern(text: str) -> None:
    assert has_thai(text) == (THAI_RUN.search(text) is not None)
