"""Deterministic synthetic corpora: seed-format documents in several languages and HTML
pages in the markup of nhandan.vn and of sokhcn.haiphong.gov.vn, of realistic sizes (a
seed is 5-8 KB; so are these).

The same (seed, n) always gives the same documents, so runs are comparable.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass

from newsflow.events import RawDocument, stable_id

# Sentences in each language, recombined at random into paragraphs. Written for this
# corpus; they read like the reports the seeds carry.
SENTENCES: dict[str, list[str]] = {
    "de": [
        "Die Delegation besuchte das Innovationszentrum und traf Vertreter der Unternehmen.",
        "Beide Seiten diskutierten über die Zusammenarbeit in Wissenschaft und Technologie.",
        "Die Stadt will bis zum Jahr 2030 ein Zentrum für digitale Transformation werden.",
        "Der Vorsitzende würdigte die Rolle der Forschungsinstitute bei der Entwicklung.",
        "Im Rahmen des Besuchs wurden mehrere Kooperationsvereinbarungen unterzeichnet.",
        "Die Provinz fördert Startups, Risikokapital und die Ausbildung von Fachkräften.",
    ],
    "vi": [
        "Đoàn công tác đã thăm và làm việc tại Khu công nghệ cao của thành phố.",
        "Hai bên trao đổi về hợp tác trong lĩnh vực khoa học, công nghệ và đổi mới sáng tạo.",
        "Thành phố Hải Phòng đặt mục tiêu trở thành trung tâm công nghiệp hiện đại.",
        "Lãnh đạo Sở Khoa học và Công nghệ báo cáo kết quả thực hiện nhiệm vụ năm nay.",
        "Nghị quyết số 57 tạo nền tảng quan trọng cho chuyển đổi số quốc gia.",
        "Các doanh nghiệp được hỗ trợ thương mại hóa sản phẩm nghiên cứu khoa học.",
    ],
    "en": [
        "The delegation visited the high-tech park and met representatives of local firms.",
        "Both sides discussed cooperation in science, technology and innovation.",
        "The city aims to become a modern industrial and logistics hub by 2030.",
        "Officials praised the role of research institutes in regional development.",
        "Several cooperation agreements were signed during the working visit.",
        "The province supports startups, venture capital and the training of engineers.",
    ],
    "th": [
        "คณะผู้แทนได้เยี่ยมชมเขตเทคโนโลยีขั้นสูงและพบปะผู้แทนภาคธุรกิจ",
        "ทั้งสองฝ่ายได้หารือเกี่ยวกับความร่วมมือด้านวิทยาศาสตร์ เทคโนโลยี และนวัตกรรม",
        "เมืองไฮฟองตั้งเป้าที่จะเป็นศูนย์กลางอุตสาหกรรมที่ทันสมัย",
        "ผู้นำเมืองชื่นชมบทบาทของสถาบันวิจัยในการพัฒนาภูมิภาค",
        "มีการลงนามข้อตกลงความร่วมมือหลายฉบับในระหว่างการเยือน",
        "จังหวัดสนับสนุนธุรกิจสตาร์ทอัพและการฝึกอบรมวิศวกร",
    ],
    "fr": [
        "La délégation a visité le parc technologique et rencontré des entreprises locales.",
        "Les deux parties ont discuté de la coopération scientifique et technologique.",
        "La ville veut devenir un centre industriel moderne d'ici 2030.",
        "Les dirigeants ont salué le rôle des instituts de recherche.",
    ],
    "es": [
        "La delegación visitó el parque tecnológico y se reunió con empresas locales.",
        "Ambas partes debatieron sobre la cooperación en ciencia y tecnología.",
        "La ciudad aspira a convertirse en un centro industrial moderno en 2030.",
        "Los dirigentes destacaron el papel de los institutos de investigación.",
    ],
}
CREDIT = {"de": "Foto", "vi": "Ảnh", "en": "Photo", "th": "ภาพ", "fr": "Photo", "es": "Foto"}
SOURCE = {"de": "Quelle", "vi": "Nguồn", "en": "Source", "th": "ที่มา", "fr": "Source",
          "es": "Fuente"}
COMMENTS = {"de": "Kommentar", "vi": "Bình luận", "en": "Comment",
            "th": "การแสดงความคิดเห็น", "fr": "Commentaire", "es": "Comentarios"}
AUTHORS = ["Khanh Lan", "Minh Anh", "Thu Ha", "Quang Huy", "Lan Anh"]
LANGUAGES = ["de", "vi", "en", "th", "fr", "es"]


@dataclass(frozen=True)
class SyntheticDocument:
    number: int
    language: str
    source_url: str
    text: str

    def raw(self) -> RawDocument:
        return RawDocument.from_seed(f"bench-{self.number:07d}.txt", self.text)


def _paragraph(rng: random.Random, language: str, sentences: int) -> str:
    pool = SENTENCES[language]
    return " ".join(rng.choice(pool) for _ in range(sentences))


def seed_documents(n: int, *, seed: int = 7, paragraphs: int = 9) -> Iterator[SyntheticDocument]:
    """``n`` seed-format documents, languages in rotation, each with a distinct source URL
    (so each is its own article) of about 5-8 KB."""
    rng = random.Random(seed)
    for number in range(n):
        language = LANGUAGES[number % len(LANGUAGES)]
        site = "nhandan.vn" if number % 2 == 0 else "sokhcn.haiphong.gov.vn"
        source_url = f"https://{site}/bench/article-{number}-post{100000 + number}.html"
        lines = [f"{_paragraph(rng, language, 1)} ({CREDIT[language]}: VNA)"]
        for i in range(paragraphs):
            lines.append(_paragraph(rng, language, rng.randint(3, 7)))
            if i == paragraphs // 2:
                lines.append(f"{_paragraph(rng, language, 1)} ({CREDIT[language]}: TTXVN)")
        lines += [rng.choice(AUTHORS), f"{SOURCE[language]}: {source_url}",
                  f"{COMMENTS[language]} ({rng.randint(0, 9)})"]
        yield SyntheticDocument(number, language, source_url, "\n".join(lines) + "\n")


def expected_article_id(document: SyntheticDocument) -> str:
    """The id the parser gives the article (translation of source_url into language)."""
    return stable_id("article", document.source_url, document.language)


def nhandan_html(number: int, *, seed: int = 11, paragraphs: int = 10) -> bytes:
    """An article page in nhandan.vn's markup, in Vietnamese."""
    rng = random.Random(seed * 1_000_003 + number)
    body = "\n".join(f"<p>{_paragraph(rng, 'vi', rng.randint(3, 6))}</p>"
                     for _ in range(paragraphs))
    title = _paragraph(rng, "vi", 1).rstrip(".")
    url = f"https://nhandan.vn/bench-{number}-post{200000 + number}.html"
    return f"""<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8">
<title>{title} | Báo Nhân Dân điện tử</title><link rel="canonical" href="{url}">
<meta property="og:url" content="{url}"></head><body>
<header class="header"><nav><a href="/chinh-tri">Chính trị</a> <a href="/kinh-te">Kinh tế</a>
<a href="/xa-hoi">Xã hội</a> <a href="/the-gioi">Thế giới</a></nav></header>
<main><article class="article">
<h1 class="article__title">{title}</h1>
<div class="article__meta"><time datetime="2025-08-12T09:30:00+07:00">12/08/2025 09:30</time>
<div class="article__author"><span class="name">{rng.choice(AUTHORS)}</span></div></div>
<div class="article__sapo">{_paragraph(rng, 'vi', 2)}</div>
<div class="article__body"><table class="picture"><tr><td><img src="/a.jpg"></td></tr>
<tr><td class="caption">{_paragraph(rng, 'vi', 1)} (Ảnh: TTXVN)</td></tr></table>
{body}</div>
<div class="article__share"><a href="#">Facebook</a> <a href="#">Zalo</a></div>
<div class="article__related"><a href="/a-post1.html">Tin liên quan một</a>
<a href="/b-post2.html">Tin liên quan hai</a></div>
</article></main><footer>Báo Nhân Dân</footer></body></html>""".encode()


def sokhcn_html(number: int, *, seed: int = 13, paragraphs: int = 9) -> bytes:
    """An article page of sokhcn.haiphong.gov.vn (a table-laid government portal), in
    Vietnamese, as the site's fixture page models it."""
    rng = random.Random(seed * 1_000_003 + number)
    body = "\n".join(f'<p style="text-align: justify;">{_paragraph(rng, "vi", rng.randint(3, 6))}</p>'
                     for _ in range(paragraphs))
    title = _paragraph(rng, "vi", 1).rstrip(".")
    return f"""<!DOCTYPE html><html><head>
<meta http-equiv="Content-Type" content="text/html; charset=utf-8" />
<title>{title} - Sở Khoa học và Công nghệ Hải Phòng</title></head><body>
<div class="menu-top"><ul><li><a href="/">Trang chủ</a></li><li><a href="/tin-tuc">Tin tức - Sự kiện</a></li>
<li><a href="/van-ban">Văn bản pháp quy</a></li></ul></div>
<div class="breadcrumb"><a href="/">Trang chủ</a> &raquo;
<a href="/tin-hoat-dong-chung">Tin hoạt động chung</a></div>
<table><tr><td class="left-column" valign="top">
<div class="box-menu-left"><a href="/lich-cong-tac">Lịch công tác</a></div></td>
<td class="center-column" valign="top"><div class="news-detail">
<h1 class="news-title">{title}</h1>
<div class="news-date">Ngày đăng: {1 + number % 28:02d}/11/2025 14:30</div>
<div class="news-tool"><a href="javascript:window.print()" class="print">In bài viết</a>
<span class="view-count">Lượt xem: {rng.randint(100, 5000)}</span></div>
<div class="news-sapo"><strong>{_paragraph(rng, 'vi', 2)}</strong></div>
<div class="news-content">
<p style="text-align: center;"><img src="/Portals/0/news/{number}.jpg" /></p>
<p class="image-caption" style="text-align: center;"><em>{_paragraph(rng, 'vi', 1)}</em></p>
{body}
<p style="text-align: right;"><strong>{rng.choice(AUTHORS)}</strong></p>
</div>
<div class="share-bar"><a href="https://www.facebook.com/sharer.php?u=x">Chia sẻ</a></div>
<div class="other-news"><div class="title-other">Các tin khác</div>
<ul><li><a href="/tin-1">Tin khác một</a></li><li><a href="/tin-2">Tin khác hai</a></li></ul></div>
</div></td></tr></table>
<div class="footer">Bản quyền thuộc Sở Khoa học và Công nghệ thành phố Hải Phòng.</div>
</body></html>""".encode()
