"""Layout 9's ``ascii`` tokenizer makes the same FTS5 tokens as layout 8's unicode61 on
what the analysis emits: every column's (token, column, position) of articles written in
every script, with the punctuation, marks, symbols and invisible characters news text holds.

Two kinds of token differ, and are left out of these texts (``test_the_known_differences``):
the 13 code points unicode61's case folding maps and ``str.lower`` keeps (final sigma, the
Greek symbol variants, long s, the micro sign: a mid-word and a final sigma are two
letters now, in documents and queries alike), and a CJK punctuation mark that
``cjk_unigrams`` emits as a unigram (``ja-・``, which unicode61 cut to the useless ``ja-``)."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest

from newsflow.events import Article
from newsflow.services.indexer.backends.base import SearchQuery
from newsflow.services.indexer.backends.sqlite import (
    SCHEMA,
    SCHEMA_VERSION,
    IndexLayoutError,
    SqliteIndex,
    fts_columns,
    staging_path,
)

#: Layout 8's tokenizer, which layout 9 replaced.
UNICODE61 = "unicode61 remove_diacritics 0 categories 'L* N* Co M*' tokenchars '''-'"

TEXTS = {
    "en": "ÉCOLE İstanbul ǅungla — “Quoted” U.S. C++ e-mail x@y.org https://a.b/c?d=1 "
          "#tag 1,500.25 3½ ①② ™ ℃ soft\u00adhyphen zero\u200bwidth no\u2060join 🙂👍🏽 "
          "it's l’avion ‘single’ a/b a\\b a|b a~b «guillemets» ¿qué? ¡sí! …",
    "de": "Hightech-Unternehmen Berlin‐Adlershof STRAẞE Straße Ärzte–Verband "
          "Innovationszentrum, Bahnhöfen; „Zitat“ § 12 Abs. 3 · Punkt",
    "fr": "L’Europe d'énergie aujourd’hui ŒUVRE Œuvre « élan » — fin",
    "es": "TECNOLÓGICA tecnología ¿Cómo? Ñandú año 2026",
    "vi": "Hải Phòng ĐÀ NẴNG Đà Lạt năng lượng quỹ văn phòng Hai quỹ…",
    "th": "น้ำท่วม มหาวิทยาลัยเชียงใหม่ กรุงเทพมหานคร ส่งออกข้าว ๑๒๓ ฯลฯ ไฮฟอง",
    "zh": "北京市。上海，深圳！「引号」《书名》臺灣 ＡＢＣ１２３ 中文、日本",
    "ja": "カタカナとひらがな「東京」ｶﾀｶﾅ ー 〜 東京都。",
    "ko": "부산에서 스타트업을 청년월세, ＫＯＲＥＡ 「서울」 ㈜회사",
    "ru": "МОСКВА «Санкт-Петербург» ёлка — Ёж",
    "ar": "القاهرة، مصر؛ «الخبر» ٢٠٢٦ \u200fمرحبا\u200e",
    "el": "ΟΔΥΣΣΕΑ Σίσυφο ΆΘΗΝΑ",
    "hi": "नई दिल्ली। हिन्दी भाषा॥",
    "lo": "ວຽງຈັນ ປະເທດລາວ",
    "km": "ភ្នំពេញ ប្រទេសកម្ពុជា",
    "my": "ရန်ကုန် မြန်မာ",
}


def _article(language: str, text: str) -> Article:
    return Article(
        id=f"a-{language}", document_id=f"d-{language}", url=f"https://example.test/{language}", site="example.test",
        language=language, title=text[:40], body=text, fetched_at=datetime(2026, 1, 1, tzinfo=UTC),
        content_hash=f"h-{language}",
    )


def _instances(path: Path, tokenizer: str, rows: list[tuple[str, ...]]) -> list[tuple[object, ...]]:
    db = sqlite3.connect(path)
    schema = SCHEMA.replace(SCHEMA[SCHEMA.index("tokenize ="):SCHEMA.rindex("content = ''")],
                            f'tokenize = "{tokenizer}",\n    ')
    db.executescript(schema)
    db.executemany(
        "INSERT INTO articles_fts (rowid, title, text, title_folded, text_folded, "
        "title_stemmed, text_stemmed) VALUES (?, ?, ?, ?, ?, ?, ?)",
        [(n, *columns) for n, columns in enumerate(rows, 1)])
    db.execute("CREATE VIRTUAL TABLE temp.v USING fts5vocab(main, articles_fts, instance)")
    out = db.execute("SELECT term, doc, col, offset FROM temp.v ORDER BY doc, col, offset").fetchall()
    db.close()
    return out


def test_the_schema_uses_the_ascii_tokenizer() -> None:
    assert "tokenize = \"ascii tokenchars '''-'\"" in SCHEMA


@pytest.mark.parametrize("language", sorted(TEXTS))
def test_ascii_and_unicode61_make_the_same_tokens(tmp_path: Path, language: str) -> None:
    rows = [fts_columns(_article(language, TEXTS[language]))]
    layout8 = _instances(tmp_path / "u.sqlite3", UNICODE61, rows)
    layout9 = _instances(tmp_path / "a.sqlite3", "ascii tokenchars '''-'", rows)
    assert layout8, "the article made no tokens"
    assert layout9 == layout8


def test_the_known_differences(tmp_path: Path) -> None:
    rows = [("οδυσσευς", "", "", "", "", "ja-・")]
    layout8 = _instances(tmp_path / "u.sqlite3", UNICODE61, rows)
    layout9 = _instances(tmp_path / "a.sqlite3", "ascii tokenchars '''-'", rows)
    assert sorted(t for t, *_ in layout8) == ["ja-", "οδυσσευσ"]
    assert sorted(t for t, *_ in layout9) == ["ja-・", "οδυσσευς"]


def test_a_layout_8_file_is_refused_and_a_rebuild_replaces_it(tmp_path: Path) -> None:
    target = tmp_path / "articles.sqlite3"
    old = sqlite3.connect(target)
    layout8 = SCHEMA.replace(SCHEMA[SCHEMA.index("tokenize ="):SCHEMA.rindex("content = ''")],
                             f'tokenize = "{UNICODE61}",\n    ')
    old.executescript(f"{layout8} PRAGMA user_version = 8;")
    old.close()
    for read_only in (False, True):
        with pytest.raises(IndexLayoutError, match="newsflow reindex"):
            SqliteIndex(target, read_only=read_only)
    # What `newsflow reindex` does with the topic's articles (reindex.rebuild): a staged
    # file of this layout, promoted over the served one.
    staged = SqliteIndex(staging_path(target), replaces=target)
    staged.upsert([_article(language, text) for language, text in TEXTS.items()])
    staged.promote()
    served = SqliteIndex(target, read_only=True)
    try:
        assert served.db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 9
        assert "ascii" in served.db.execute(
            "SELECT sql FROM sqlite_master WHERE name = 'articles_fts'").fetchone()[0]
        hits = served.search(SearchQuery(text="Unternehmen", language="de"))
        assert [h.id for h in hits] == ["a-de"]
        assert [h.id for h in served.search(SearchQuery(text="北京"))] == ["a-zh"]
    finally:
        served.close()
