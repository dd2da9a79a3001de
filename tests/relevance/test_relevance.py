"""The relevance suite on both backends (real SQLite, real OpenSearch): the figures are
printed and reported in docs/search-relevance.md (``python -m bench.relevance``); the cases
of issue 17 are regression tests here."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from bench.relevance import evaluate, per_language
from newsflow.events import Article
from newsflow.services.indexer.backends.base import ArticleIndex, QueryError, SearchQuery
from newsflow.services.indexer.backends.opensearch import OpenSearchIndex
from newsflow.services.indexer.backends.sqlite import SqliteIndex
from tests.relevance import corpus_blind
from tests.relevance.corpus import ARTICLES

pytestmark = pytest.mark.integration
LANGUAGE = {a.id: a.language for a in ARTICLES}


def _built(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory,
           name: str, articles: list[Article], batch_size: int) -> Iterator[ArticleIndex]:
    """``articles`` in a new index of the backend the fixture's parameter names (its own
    SQLite file, or its own index on the shared OpenSearch node), dropped afterwards."""
    built: ArticleIndex
    if request.param == "sqlite":
        built = SqliteIndex(tmp_path_factory.mktemp(name) / "index.sqlite3", batch_size=batch_size)
    else:
        url = request.getfixturevalue("opensearch_url")
        built = OpenSearchIndex(url, f"{name}-{uuid.uuid4().hex[:8]}", batch_size=batch_size)
    built.upsert(articles)
    yield built
    if isinstance(built, OpenSearchIndex):
        built.drop()
    built.close()


@pytest.fixture(scope="module", params=["sqlite", "opensearch"])
def index(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[ArticleIndex]:
    yield from _built(request, tmp_path_factory, "relevance", ARTICLES, 20)


@pytest.fixture(scope="module", params=["sqlite", "opensearch"])
def blind_index(request: pytest.FixtureRequest,
                tmp_path_factory: pytest.TempPathFactory) -> Iterator[ArticleIndex]:
    """The blind set (corpus_blind.py) on its own index (on the same OpenSearch node)."""
    yield from _built(request, tmp_path_factory, "relevance-blind", corpus_blind.ARTICLES, 60)


def ids(index: ArticleIndex, text: str, language: str | None = None) -> list[str]:
    return [h.id for h in index.search(SearchQuery(text=text, language=language))]


def test_the_suite_reports_recall_and_mrr_per_language(index: ArticleIndex) -> None:
    stats = per_language(evaluate(index))
    print("\n" + "\n".join(f"{lang}: n={n} recall@5={r:.3f} MRR={m:.3f}" for lang, (n, r, m) in stats.items()))
    assert set(stats) >= {"vi", "th", "de", "en", "fr", "es", "zh", "ja", "ko"}


def test_the_blind_set_reports_recall_and_mrr_per_language(blind_index: ArticleIndex) -> None:
    stats = per_language(evaluate(blind_index, corpus_blind.QUERIES))
    print("\n" + "\n".join(f"{lang}: n={n} recall@5={r:.3f} MRR={m:.3f}" for lang, (n, r, m) in stats.items()))
    assert set(stats) >= {"vi", "th", "de", "en", "fr", "es", "zh", "ja", "ko"}


@pytest.mark.parametrize(("query", "found"), [
    ("부산에서", "bko1"), ("월세를", "bko2"), ("청년월세", "bko2"), ("전기차공장", "bko3"),
    ("d'énergie", "bfr1"), ("e-mail", "ben2"), ("台灣", "bzh1"), ("半导体", "bzh1"),
    ("電影節", "bzh6"), ("AI", "bzh2"), ("2027", "bzh2"), ("タコ焼き", "bja4"),
])
def test_the_blind_sets_failures_are_found(blind_index: ArticleIndex, query: str, found: str) -> None:
    """The classes the blind set found failing before any fix: Korean particles and spacing,
    French elision, a hyphenated word's language, Chinese traditional/simplified,
    full-width forms, katakana/hiragana."""
    assert found in ids(blind_index, query)[:5]


def test_one_character_finds_both_spellings(blind_index: ArticleIndex) -> None:
    """bzh1 is written in traditional characters (臺灣): a one-character query in either
    spelling finds it (``fold.spellings``), on both backends."""
    assert "bzh1" in ids(blind_index, "湾") and "bzh1" in ids(blind_index, "台")


@pytest.mark.parametrize(("query", "found"), [
    ("北京", "zh1"), ("スマートフォン", "ja1"), ("新幹線", "ja2"), ("부산", "ko1"), ("스타트업", "ko2"),
    ("Unternehmen", "de1"), ("Berlin", "de1"), ("Innovationszentrum", "de1"),
    ("น้ำ ท่วม", "th2"), ("มหาวิทยาลัย", "th3"), ("กรุงเทพ", "th2"), ("ส่งออก ข้าว", "th4"),
    ("tecnologia", "es1"), ("tecnología", "es1"),
])
def test_issue_17_words_are_found(index: ArticleIndex, query: str, found: str) -> None:
    assert found in ids(index, query)[:5]


def test_innovation_finds_the_compound(index: ArticleIndex) -> None:
    assert {"de1", "de5"} <= set(ids(index, "Innovation", "de"))


def test_a_sub_word_does_not_match_inside_a_name(index: ArticleIndex) -> None:
    found = ids(index, "ฟอง")
    assert "th5" in found and "th1" not in found  # ฟองน้ำ (sponge) yes, ไฮฟอง (Hai Phong) no


def test_other_languages_stemmers_do_not_fire(index: ArticleIndex) -> None:
    assert "en3" not in ids(index, "tourisme")
    assert "de5" not in ids(index, "innovations")


@pytest.mark.parametrize("query", ["Hải Phòng", "hai phong", "da nang"])
def test_vietnamese_articles_rank_first_for_vietnamese_names(index: ArticleIndex, query: str) -> None:
    assert LANGUAGE[ids(index, query)[0]] == "vi"


def test_exact_diacritics_rank_above_folded_and_phrases_above_scattered(index: ArticleIndex) -> None:
    top = ids(index, "Hải Phòng")
    assert top.index("vi1") < top.index("vi8") and top.index("vi2") < top.index("vi8")
    within = ids(index, "hai phong", "vi")
    assert within.index("vi5") > max(within.index(i) for i in ("vi1", "vi2", "vi8"))  # "Hai quỹ … văn phòng"
    assert ids(index, "da nang")[0] != "vi4"  # "Đà Lạt … năng lượng"


def test_query_syntax(index: ArticleIndex) -> None:
    assert ids(index, '"interest rates"') == ["en2"]
    assert ids(index, '"rates interest"') == []
    assert "en5" in ids(index, "electr*")
    assert set(ids(index, "Bangkok OR Hanoi")) >= {"en6", "en7"}
    assert "en7" not in ids(index, "Bangkok OR Hanoi -flooding")
    assert ids(index, 'marathon -"old quarter"') == []
    for bad in ('"interest', "OR rates", "-rates"):
        with pytest.raises(QueryError):
            index.search(SearchQuery(text=bad))


#: The full-text tables of earlier layouts: 4 (before issue 17), 5 (untagged stems, ``lang``),
#: 6 (tagged stems; with content, Thai compounds split into their tokens), 7 (contentless,
#: East Asian variants not folded), 8 (the same table as 7, East Asian variants folded: the
#: unicode61 tokenizer that layout 9's ``ascii`` replaced).
OLD_LAYOUTS = {
    4: "CREATE VIRTUAL TABLE articles_fts USING fts5(title, text)",
    5: "CREATE VIRTUAL TABLE articles_fts USING fts5(title, text, title_folded, text_folded, "
       "title_stemmed, text_stemmed, lang)",
    6: "CREATE VIRTUAL TABLE articles_fts USING fts5(title, text, title_folded, text_folded, "
       "title_stemmed, text_stemmed)",
    7: "CREATE VIRTUAL TABLE articles_fts USING fts5(title, text, title_folded, text_folded, "
       "title_stemmed, text_stemmed, tokenize = \"unicode61 remove_diacritics 0 categories "
       "'L* N* Co M*' tokenchars '''-'\", content = '')",
}
OLD_LAYOUTS[8] = OLD_LAYOUTS[7]


@pytest.mark.parametrize("layout", sorted(OLD_LAYOUTS))
def test_an_old_layout_index_is_rebuilt_by_reindex(tmp_path: Path, layout: int) -> None:
    """An older layout is refused; `newsflow reindex`'s stage/promote replaces it with the
    current layout, which then serves the new analysis (CJK bigrams, language-tagged stems)."""
    import sqlite3

    from newsflow.services.indexer.backends.sqlite import SCHEMA_VERSION, IndexLayoutError
    from newsflow.settings import Settings

    path = tmp_path / "index" / "articles.sqlite3"
    path.parent.mkdir()
    old = sqlite3.connect(path)
    old.executescript(f"{OLD_LAYOUTS[layout]}; PRAGMA user_version = {layout};")
    old.close()
    with pytest.raises(IndexLayoutError, match="newsflow reindex"):
        SqliteIndex(path)
    settings = Settings(data_dir=tmp_path, index_path=path, opensearch_url=None)
    staged = SqliteIndex.stage(settings)
    staged.upsert(ARTICLES)
    staged.promote()
    rebuilt = SqliteIndex(path, read_only=True)
    assert int(rebuilt.db.execute("PRAGMA user_version").fetchone()[0]) == SCHEMA_VERSION
    assert "zh1" in [h.id for h in rebuilt.search(SearchQuery(text="北京"))]
    assert {"de1", "de5"} <= {h.id for h in rebuilt.search(SearchQuery(text="Innovation", language="de"))}
    # Layout 7: a Thai word inside a compound token, found through the sub-word column.
    assert "th2" in [h.id for h in rebuilt.search(SearchQuery(text="กรุงเทพ"))]
    # Layout 8: the traditional spelling finds the simplified text.
    assert "zh5" in [h.id for h in rebuilt.search(SearchQuery(text="旅遊"))]
    assert rebuilt.db.execute(
        "SELECT count(*) FROM sqlite_master WHERE name = 'articles_fts_content'").fetchone()[0] == 0
    rebuilt.close()
