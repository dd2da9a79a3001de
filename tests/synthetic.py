"""Synthetic seed-format documents and poison messages for the reliability tests.

Each document is a small report in one of several languages with its own source URL, so
each is a distinct article. The expected article ids come from the real parser run
in-process (``expected_article_ids``), never from a hard-coded list.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime

from newsflow.events import RawDocument
from newsflow.services.parser.document import parse_document

FETCHED_AT = datetime(2025, 8, 12, 9, 30, tzinfo=UTC)

#: (language, label of the source line, lead, paragraph, comment label) per language.
LANGUAGES: dict[str, tuple[str, str, str, str]] = {
    "de": ("Quelle",
           "Die Delegation besuchte am Dienstag das Innovationszentrum und sprach mit den Gründern.",
           "Beide Seiten diskutierten ausführlich über die Zusammenarbeit in den Bereichen "
           "Wissenschaft, Technologie und digitale Transformation sowie über neue Projekte.",
           "Kommentar"),
    "en": ("Source",
           "The delegation visited the innovation centre on Tuesday and met its founders.",
           "Both sides discussed cooperation in science, technology and digital transformation "
           "in detail and agreed to start several new projects before the end of the year.",
           "Comments"),
    "vi": ("Nguồn",
           "Đoàn đại biểu đã đến thăm trung tâm đổi mới sáng tạo vào thứ Ba và gặp các nhà sáng lập.",
           "Hai bên đã thảo luận chi tiết về hợp tác trong lĩnh vực khoa học, công nghệ và chuyển "
           "đổi số, đồng thời nhất trí triển khai nhiều dự án mới trước cuối năm nay.",
           "Bình luận"),
    "fr": ("Source",
           "La délégation a visité le centre d'innovation mardi et a rencontré ses fondateurs.",
           "Les deux parties ont longuement discuté de la coopération dans les domaines de la "
           "science, de la technologie et de la transformation numérique avant la fin de l'année.",
           "Commentaires"),
    "th": ("ที่มา",
           "คณะผู้แทนได้เยี่ยมชมศูนย์นวัตกรรมเมื่อวันอังคารและพบกับผู้ก่อตั้ง",
           "ทั้งสองฝ่ายได้หารือกันอย่างละเอียดเกี่ยวกับความร่วมมือด้านวิทยาศาสตร์ เทคโนโลยี "
           "และการเปลี่ยนผ่านสู่ดิจิทัล และตกลงที่จะเริ่มโครงการใหม่หลายโครงการก่อนสิ้นปีนี้",
           "การแสดงความคิดเห็น"),
}


def seed_text(number: int, language: str) -> str:
    label, lead, paragraph, comments = LANGUAGES[language]
    return "\n".join([
        f"{lead} ({number})",
        f"{paragraph} {number}.",
        f"{paragraph} #{number * 7 % 1000}.",
        "Khanh Lan",
        f"{label}: https://news{number % 13}.example.org/{language}/article-{number}.html",
        f"{comments} ({number % 5})",
    ])


def synthetic_documents(count: int) -> list[RawDocument]:
    """``count`` distinct raw documents in several languages, with stable ids."""
    languages = sorted(LANGUAGES)
    return [
        RawDocument.from_seed(f"synthetic-{n:05d}.txt", seed_text(n, languages[n % len(languages)]),
                              fetched_at=FETCHED_AT)
        for n in range(count)
    ]


def expected_article_ids(documents: list[RawDocument]) -> set[str]:
    return {parse_document(d).id for d in documents}


@dataclass(frozen=True)
class Poison:
    """A message the pipeline must dead-letter, and the error class it must get."""

    key: bytes
    value: bytes
    error_class: str


def poison_messages(max_document_bytes: int) -> list[Poison]:
    oversized = RawDocument.from_seed(
        "oversized.txt", "Title line\n" + "x" * (max_document_bytes + 1000), fetched_at=FETCHED_AT
    )
    newer = json.loads(synthetic_documents(1)[0].to_bytes())
    newer.update(schema_version=99, document_id="from-the-future")
    return [
        Poison(b"poison-invalid-json", b"{not json at all", "invalid_json"),
        Poison(b"poison-wrong-schema", json.dumps({"hello": "world"}).encode(), "wrong_schema"),
        Poison(b"poison-empty", b"", "empty_message"),
        Poison(b"poison-oversized", oversized.to_bytes(), "document_too_large"),
        Poison(b"poison-newer-schema", json.dumps(newer).encode(), "unknown_schema_version"),
    ]
