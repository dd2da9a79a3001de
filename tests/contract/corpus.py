"""A small multilingual corpus and relevance set for the index contract tests.

Each relevance case is a query and the article ids it must find in the top 5.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime

from newsflow.events import Article


def article(id: str, language: str, title: str, body: str, *, site: str = "example.org",
            day: int = 1, story_id: str | None = None) -> Article:
    return Article(
        id=id, document_id=f"doc-{id}", url=f"https://{site}/{id}", site=site,
        language=language, title=title, body=body,
        published_at=datetime(2026, 3, day, 8, 0, tzinfo=UTC),
        fetched_at=datetime(2026, 3, day, 9, 0, tzinfo=UTC),
        content_hash=hashlib.sha256(body.encode()).hexdigest(), story_id=story_id,
        word_count=len(body.split()),
    )


CORPUS = [
    article("de1", "de", "Delegation aus Berlin besucht Vietnam",
            "Eine Delegation des Bundestages ist in Hanoi eingetroffen. Die Abgeordneten "
            "sprechen über Handel, Häfen und die Zusammenarbeit in der Forschung.",
            site="tagesschau.de", day=2, story_id="story-visit"),
    article("de2", "de", "Bundesregierung beschließt neue Klimaziele",
            "Das Kabinett hat ein Klimaziel für 2040 beschlossen. Mehr Windkraftanlagen "
            "sollen an der Küste gebaut werden, sagte die Ministerin.",
            site="tagesschau.de", day=5),
    article("de3", "de", "Bahnstreik legt den Fernverkehr lahm",
            "Die Gewerkschaft der Lokführer hat zum Streik aufgerufen. Viele Züge fallen aus, "
            "Reisende warten an den Bahnhöfen.",
            site="spiegel.de", day=7),
    article("vi1", "vi", "Cảng Hải Phòng mở rộng bến mới",
            "Thành phố Hải Phòng đầu tư vào cảng biển và khu công nghệ cao. Đoàn đại biểu "
            "Đức đã thăm cảng tuần trước.",
            site="nhandan.vn", day=3, story_id="story-visit"),
    article("vi2", "vi", "Hà Nội phát triển khoa học",
            "Các nhà khoa học ở Hà Nội giới thiệu dự án nghiên cứu mới về năng lượng sạch "
            "và giao thông đô thị.",
            site="vnexpress.net", day=4),
    article("vi3", "vi", "Tin tuc Hai Phong hom nay",
            "Thoi tiet o Hai Phong hom nay co mua nho, nhiet do giam vao buoi toi va gio "
            "manh tren bien.",
            site="example.vn", day=6),
    article("th1", "th", "นายกรัฐมนตรีเดินทางไปประชุมสุดยอดอาเซียน",
            "นายกรัฐมนตรีเดินทางไปเมืองไฮฟองเพื่อเจรจาการค้ากับผู้นำประเทศเวียดนาม "
            "การประชุมจะจัดขึ้นในสัปดาห์หน้า",
            site="thairath.co.th", day=3, story_id="story-visit"),
    article("th2", "th", "ฝนตกหนักในกรุงเทพมหานคร",
            "น้ำท่วมหลายพื้นที่ในกรุงเทพมหานคร การจราจรติดขัดตั้งแต่เช้า "
            "กรมอุตุนิยมวิทยาเตือนให้ประชาชนระวังฝนตกต่อเนื่อง",
            site="thairath.co.th", day=8),
    article("en1", "en", "Central bank raises interest rates",
            "The central bank raised interest rates for the third time this year, citing "
            "persistent inflation in housing and food prices.",
            site="reuters.com", day=2),
    article("en2", "en", "Thousands of runners at the Hanoi marathon",
            "Runners from forty countries ran through the old quarter at dawn. The winner "
            "finished in two hours and nine minutes.",
            site="reuters.com", day=9),
    article("en3", "en", "Electric cars sales grow in Europe",
            "Sales of electric cars grew by a fifth in Europe while diesel sales kept "
            "falling, an industry report said.",
            site="bbc.co.uk", day=10),
    article("fr1", "fr", "Les élections municipales à Paris",
            "Les électeurs parisiens choisissent leur maire dimanche. Les sondages "
            "annoncent un second tour serré.",
            site="lemonde.fr", day=11),
    article("es1", "es", "Las elecciones en Madrid",
            "Los votantes de Madrid eligen a su alcalde el domingo. Las encuestas "
            "anuncian una segunda vuelta reñida.",
            site="elpais.com", day=12),
]

#: (language of the query, query, ids that must be in the top 5).
RELEVANCE = [
    ("de", "Delegationen", {"de1"}),
    ("de", "Klimaziele", {"de2"}),
    ("de", "Gewerkschaften Zug", {"de3"}),
    ("de", "Bahnhof", {"de3"}),
    ("th", "ไฮฟอง", {"th1"}),
    ("th", "กรุงเทพมหานคร", {"th2"}),
    ("th", "น้ำท่วม", {"th2"}),
    ("th", "นายกรัฐมนตรี", {"th1"}),
    ("vi", "hai phong", {"vi1", "vi3"}),
    ("vi", "khoa hoc", {"vi2"}),
    ("vi", "Hà Nội", {"vi2"}),
    ("vi", "cang bien", {"vi1"}),
    ("en", "interest rate", {"en1"}),
    ("en", "runner", {"en2"}),
    ("en", "electric car", {"en3"}),
    ("en", "inflation prices", {"en1"}),
]
