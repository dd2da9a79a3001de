"""The embedded index on a real SQLite file: upserts, multilingual matching, safety."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsflow.events import RawDocument
from newsflow.services.indexer.backends.base import QueryError, SearchQuery
from newsflow.services.indexer.backends.sqlite import SqliteIndex
from newsflow.services.parser.document import parse_document
from tests.conftest import SEEDS
from tests.unit.test_seedtext import VIETNAMESE


@pytest.fixture
def index(tmp_path: Path) -> SqliteIndex:
    index = SqliteIndex(tmp_path / "index.sqlite3")
    articles = [parse_document(RawDocument.from_seed(p.name, p.read_text(encoding="utf-8")))
                for p in sorted(SEEDS.glob("*.txt"))]
    articles.append(parse_document(RawDocument.from_seed("vi.txt", VIETNAMESE)))
    index.upsert(articles)
    return index


def languages(index: SqliteIndex, text: str) -> list[str]:
    return [hit.language for hit in index.search(SearchQuery(text=text))]


def test_upserts_are_idempotent_and_updates_replace(index: SqliteIndex) -> None:
    assert index.count() == 3
    article = next(a for a in map(index.get, index.ids()) if a and a.language == "de")
    assert index.upsert([article]) == 0
    changed = article.model_copy(update={"title": "Neuer Titel Zebrafisch"})
    assert index.upsert([changed]) == 1
    assert index.count() == 3
    assert languages(index, "Zebrafisch") == ["de"]


def test_the_stored_document_is_the_articles_json_as_text(index: SqliteIndex) -> None:
    """Written from the serializer's bytes (CAST to TEXT), read back as the str that
    model_dump_json() gives, of type text, for a new row and for a replaced one."""
    article = next(a for a in map(index.get, index.ids()) if a and a.language == "vi")
    changed = article.model_copy(update={"title": "Đà Nẵng đón khách"})
    assert index.upsert([changed]) == 1 and index.upsert([changed]) == 0
    for a in [changed, *(a for a in map(index.get, index.ids()) if a and a.id != article.id)]:
        doc, kind = index.db.execute("SELECT doc, typeof(doc) FROM articles WHERE id = ?",
                                     (a.id,)).fetchone()
        assert (doc, kind) == (a.model_dump_json(), "text")


def test_thai_word_inside_a_sentence_is_found(index: SqliteIndex) -> None:
    assert languages(index, "ไฮฟอง") == ["th"]


def test_vietnamese_without_diacritics_finds_and_exact_ranks_higher(index: SqliteIndex) -> None:
    assert languages(index, "cong nghe cao") == ["vi"]
    assert languages(index, "công nghệ cao") == ["vi"]


def test_snippets_highlight_the_match(index: SqliteIndex) -> None:
    hit = index.search(SearchQuery(text="Pangyo"))[0]
    start, end = hit.highlights[0]
    assert hit.snippet[start:end] == "Pangyo"


@pytest.mark.parametrize("text", ['"', "a OR (b", "NEAR(x y)", "*", "title:x", "\u0000x", "ย่ำ" * 200,
                                  "AND", "a NOT b", "{title}: x", "x^2", '"a" *'])
def test_fts5_syntax_in_a_query_is_text_or_a_query_error(index: SqliteIndex, text: str) -> None:
    """Only our syntax is syntax: FTS5's own never reaches it, and what is not ours is
    either searched as text or refused with a reason (never an OperationalError)."""
    try:
        index.search(SearchQuery(text=text))
    except QueryError as exc:
        assert "could not run" not in str(exc)


def test_delete(index: SqliteIndex) -> None:
    some_id = next(iter(index.ids()))
    assert index.delete([some_id]) == 1
    assert index.count() == 2


def test_a_changed_or_deleted_article_leaves_no_words_in_the_contentless_index(
        index: SqliteIndex) -> None:
    """The full-text table keeps no content: a replaced or deleted article's old tokens are
    taken out with FTS5's 'delete' and the re-analysed stored document."""
    from tests.unit.test_sqlite_ranking import article

    def found(text: str) -> list[str]:
        return [hit.id for hit in index.search(SearchQuery(text=text))]

    old = article("fish", "Quastenflosser leben tief", 1)
    assert index.upsert([old]) == 1 and found("Quastenflosser") == ["fish"]
    assert index.upsert([old.model_copy(update={"body": "Zebrafische leben flach"})]) == 1
    assert found("Zebrafische") == ["fish"] and found("Quastenflosser") == []
    assert index.upsert([old]) == 1
    assert found("Zebrafische") == [] and found("Quastenflosser") == ["fish"]
    assert index.delete(["fish"]) == 1
    assert found("Quastenflosser") == [] and found("leben") == []
    index.db.execute("INSERT INTO articles_fts (articles_fts, rank) VALUES ('integrity-check', 0)")


def test_thai_compounds_and_cjk_characters_are_found_through_their_sub_words(
        tmp_path: Path) -> None:
    from newsflow.language.segment import tokens
    from tests.unit.test_sqlite_ranking import article

    # An ordinary word is not cut into common fragments ("เหล่า" is not "เห" + "ล่า").
    assert tokens("เหล่านั้น") == ["เหล่า", "นั้น"]
    index = SqliteIndex(tmp_path / "index.sqlite3")
    index.upsert([article("th", "น้ำท่วมหนักในกรุงเทพมหานคร เมืองไฮฟอง", 1).model_copy(
                      update={"language": "th", "title": "ข่าว"}),
                  article("zh", "北京市的新闻", 2).model_copy(
                      update={"language": "zh", "title": "新闻"})])
    found = [h.id for h in index.search(SearchQuery(text="กรุงเทพ"))]
    assert found == ["th"] and index.search(SearchQuery(text="กรุงเทพ"))[0].highlights
    assert [h.id for h in index.search(SearchQuery(text="ฟอง"))] == []
    # FTS5 keeps a Thai word whole (its vowel and tone marks inside the token): no fragment
    # of it is a term ("ท่วม" was "ท" + "วม").
    assert [h.id for h in index.search(SearchQuery(text="น้ำท่วม"))] == ["th"]
    assert [h.id for h in index.search(SearchQuery(text="วม"))] == []
    # Unquoted, Thai words are found inside compounds; a quoted phrase stays a phrase.
    assert [h.id for h in index.search(SearchQuery(text="หนัก กรุงเทพ"))] == ["th"]
    assert [h.id for h in index.search(SearchQuery(text='"หนัก ใน กรุงเทพ"'))] == []
    # "市" ends its run: no bigram starts with it, its own posting finds it.
    assert [h.id for h in index.search(SearchQuery(text="市"))] == ["zh"]
    assert [h.id for h in index.search(SearchQuery(text="北"))] == ["zh"]
    assert [h.id for h in index.search(SearchQuery(text="南"))] == []


def test_a_word_written_with_soft_hyphens_or_joiners_is_found_whole(index: SqliteIndex) -> None:
    """The text keeps the soft hyphens and zero-width (non-)joiners it was written with;
    search reads the words through them, and the snippet marks the word as written."""
    article = next(a for a in map(index.get, index.ids()) if a and a.language == "de")
    written = "Die Bundes\u00adnetz\u00adagentur und die Stadt Mi\u200cxelburg."
    changed = article.model_copy(update={"body": article.body + "\n\n" + written})
    assert written in changed.body
    index.upsert([changed])
    for query in ("Bundesnetzagentur", "Mixelburg", "bundesnetzagentur mixelburg"):
        hits = index.search(SearchQuery(text=query))
        assert [h.language for h in hits] == ["de"], query
    hit = index.search(SearchQuery(text="Bundesnetzagentur"))[0]
    start, end = hit.highlights[0]
    assert hit.snippet[start:end] == "Bundes\u00adnetz\u00adagentur"


def test_a_reader_maps_the_file_and_sees_what_a_writer_adds(index: SqliteIndex) -> None:
    """Searches read the file through ``mmap`` (``READ_MMAP_BYTES``), and still see the
    articles a writer adds after the reader opened it (WAL)."""
    reader = SqliteIndex(index.path, read_only=True)
    try:
        assert reader.db.execute("PRAGMA mmap_size").fetchone()[0] > 0
        assert languages(reader, "Quokkaschwanz") == []
        article = next(a for a in map(index.get, index.ids()) if a and a.language == "de")
        index.upsert([article.model_copy(update={"title": "Das Quokkaschwanz-Register"})])
        assert languages(reader, "Quokkaschwanz") == ["de"]
    finally:
        reader.close()


def test_column_filters_left_out_of_queries_could_not_change_a_match() -> None:
    """``in_columns`` leaves the column filter out of a whole-token phrase: it relies on a
    stemmed column's tokens all carrying a language tag (a hyphen), on no exact or folded
    token holding one, and on a folded token being folded already (so a token with
    diacritics is never in a folded column). Checked on every article of the relevance
    corpus, and a prefix keeps its filter (``"de" *`` would match every tag ``de-``)."""
    from newsflow.language.fold import fold_token
    from newsflow.services.indexer.analysis import parse_query
    from newsflow.services.indexer.backends.sqlite import fts_columns, match_expression
    from tests.relevance.corpus import ARTICLES

    for article in ARTICLES:
        title, text, title_folded, text_folded, title_stemmed, text_stemmed = fts_columns(article)
        for column in (title, text, title_folded, text_folded):
            assert not any("-" in token for token in column.split())
        for column in (title_folded, text_folded):
            assert all(fold_token(token) == token for token in column.split())
        for column in (title_stemmed, text_stemmed):
            assert all("-" in token for token in column.split())
    assert "{title text title_folded text_folded} : \"de\" *" in match_expression(parse_query("de*"))
    assert "{" not in match_expression(parse_query("Hải Phòng"))


def test_traditional_and_simplified_find_each_other_down_to_one_character(tmp_path: Path) -> None:
    from tests.unit.test_sqlite_ranking import article

    index = SqliteIndex(tmp_path / "index.sqlite3")
    index.upsert([article("t", "臺北的消息", 1).model_copy(update={"language": "zh", "title": "臺灣"}),
                  article("s", "上海的消息", 2).model_copy(update={"language": "zh", "title": "新闻"})])
    for query in ("臺灣", "台湾", "台灣", "臺", "台", "湾"):
        assert [h.id for h in index.search(SearchQuery(text=query))] == ["t"], query
    assert {h.id for h in index.search(SearchQuery(text="消息"))} == {"t", "s"}
    assert [h.id for h in index.search(SearchQuery(text="新聞"))] == ["s"]
