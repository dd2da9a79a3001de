"""Articles for the web-page tests: the repository's seeds through the parser's pure
functions, the Vietnamese original of the Thai seed (a translation's story), and hostile
articles whose every field tries to break out of the page."""

from __future__ import annotations

from datetime import UTC, datetime

from newsflow.events import Article, RawDocument, stable_id
from newsflow.services.parser.document import parse_document
from tests.conftest import SEEDS

#: Set by any hostile markup that gets to run.
PWNED = "window.__pwned = 1"
#: A word only the hostile articles hold, to search them.
HOSTILE_WORD = "Giftschlange"


def seed_articles() -> list[Article]:
    return [parse_document(RawDocument.from_seed(path.name, path.read_text(encoding="utf-8")))
            for path in sorted(SEEDS.glob("*.txt"))]


def thai_seed(articles: list[Article]) -> Article:
    [thai] = [a for a in articles if a.language == "th"]
    return thai


#: The Vietnamese original of the Thai seed, in the seed format (its first line the title).
ORIGINAL_TEXT = (
    "Bí thư Thành ủy Lê Tiến Châu làm việc với Viện Khoa học và Công nghệ Hàn Quốc (KIST)\n"
    "Bí thư Thành ủy Hải Phòng Lê Tiến Châu đã tiếp và làm việc với Tiến sĩ Chang Jun Yeon, "
    "Phó Viện trưởng Viện Khoa học và Công nghệ Hàn Quốc, về hợp tác khoa học, công nghệ và "
    "đổi mới sáng tạo giữa thành phố Hải Phòng và KIST.\n"
    "Hai bên thống nhất thúc đẩy chuyển giao công nghệ và chuyển đổi số tại Hải Phòng.\n")


def original_document(translation: Article) -> RawDocument:
    """The raw document of the original a translation names on its source line: a
    Vietnamese text fetched from that URL."""
    assert translation.source_url
    return RawDocument(document_id=stable_id("test", translation.source_url), origin="http",
                       url=translation.source_url, fetched_at=datetime.now(UTC),
                       media_type="text/plain", charset="utf-8", content=ORIGINAL_TEXT)


def original_of(translation: Article) -> Article:
    """That original as the parser makes it: the same story as the translation."""
    original = parse_document(original_document(translation))
    assert original.language == "vi" and original.story_id == translation.story_id
    return original


def poison_document() -> RawDocument:
    """A raw document the parser dead-letters (``empty_document``)."""
    return RawDocument(document_id="poison-empty", origin="http", url="http://evil.example/empty",
                       fetched_at=datetime.now(UTC), media_type="text/plain", content=" ")


def hostile_articles() -> list[Article]:
    """Articles from a hostile web: markup, attribute breakers and script URLs everywhere."""
    script = f"<script>{PWNED}</script>"
    breaker = f'"><img src=x onerror="{PWNED}">'
    single = f"' onmouseover='{PWNED}' x='"
    now = datetime.now(UTC)
    body = "\n\n".join([
        f"{HOSTILE_WORD} {script} im Text.",
        f"Ein Bild {breaker} und ein Attribut {single}.",
        f"<a href=\"javascript:{PWNED}\">klick</a> </p></div></main><iframe src=javascript:{PWNED}>",
    ])
    base = {
        "document_id": "hostile-doc", "title_source": "explicit", "fetched_at": now,
        "published_at": now, "content_hash": "0" * 64, "body": body,
    }
    return [
        Article(id="hostile-1", url=f"javascript:{PWNED}", source_url=f"javascript:{PWNED}",
                site=f"<b>{breaker}</b>", language="de",
                title=f"{HOSTILE_WORD} {script}{breaker}", lead=f"Vorspann {single}{script}",
                captions=[f"</li>{script}", breaker], author=f"{breaker}{script}",
                tags=[script], section=single, story_id=f"story{breaker}", **base),
        Article(id=f'hostile"><script>{PWNED}</script>', url=f"data:text/html,{script}",
                source_url=f"JaVaScRiPt:{PWNED}", site="evil.example",
                language=f'de" onmouseover="{PWNED}', title=f"{HOSTILE_WORD} zwei {single}",
                lead=None, captions=[], author=None, story_id=None,
                **{**base, "content_hash": "1" * 64}),
    ]
