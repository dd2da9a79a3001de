"""The embedded index: SQLite FTS5 in one file, the default backend.

Articles are stored as JSON in ``articles``; ``articles_fts`` holds their analysed text in
six columns (title and text, each exact, diacritic-folded and stemmed; see ``analysis``).
Every query term matches its exact, its folded or one of its stemmed forms, and bm25 weighs
exact matches and title matches higher. A stem is tagged with its article's language
(``de-regier``), so a stem matches only in articles of the language whose stemmer made it
without a second phrase in the query, and a language filter is the SQL ``a.language = ?``
alone. A column that would only repeat another is left empty, which spares FTS5 a third to
two thirds of its work on such articles: the stemmed columns of a language without a
stemmer, and a folded column equal to its exact one (folded query words are matched
against the exact columns too: an exact word equal to a folded query word is already
folded, so this finds nothing the folded column would not). ``user_version`` records the
layout: a file of another layout is refused with a pointer to ``newsflow reindex``.

A search scores its matches with bm25 (at most ``CANDIDATES`` of them, the newest), then
multiplies the score of an article in the query's language by ``LANGUAGE_FACTOR`` and of
one with the plain query words near each other by ``NEAR_FACTOR`` (and as a phrase by
``PHRASE_FACTOR`` more). The proximity is asked by unscored FTS5 queries over the
candidates' rowid range: inside the scored query, bm25 would first count the rows holding
the phrase over the whole index (its IDF), which for two common words costs more than the
search itself. For the same reason the score itself is ``newsflow_bm25`` when it is built
(``_fts5rank.c``): bm25() from the phrases' counts of rows, which ``PhraseCounts`` keeps
for a few minutes instead of bm25() counting them again for every query.

A rebuild writes a staging file beside the served one (``articles.sqlite3.rebuild``) and
``os.replace``s it over the served file when complete. Stop the indexer worker while
rebuilding: it holds the old file open and would keep writing into the replaced one.
"""

from __future__ import annotations

import os
import random
import re
import sqlite3
import time
from collections.abc import Iterable, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Self

from newsflow.events import Article
from newsflow.language import native
from newsflow.language.fold import fold_token
from newsflow.services.indexer.analysis import (
    Clause,
    ParsedQuery,
    QueryTerm,
    highlight_terms,
    index_columns,
    parse_query,
)
from newsflow.services.indexer.backends.base import (
    ArticleIndex,
    NoIndexYet,
    QueryError,
    SearchHit,
    SearchQuery,
)
from newsflow.services.indexer.snippets import make_snippet
from newsflow.settings import Settings

SCHEMA = """
CREATE TABLE IF NOT EXISTS articles (
    rowid INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    content_hash TEXT NOT NULL,
    language TEXT NOT NULL,
    site TEXT,
    story_id TEXT,
    published_at TEXT,
    fetched_at TEXT NOT NULL,
    doc TEXT NOT NULL
);
-- Contentless (content = ''): the index keeps no copy of the analysed text, which nothing
-- reads (bm25 needs only the index; snippets come from articles.doc), so a write stores the
-- text once. SQLite 3.40 has no contentless_delete: replacing or deleting an article's
-- row issues FTS5's 'delete' command with its old analysed values (``_forget``).
-- The tokenizer takes combining marks (M*) as part of a token, as our analysis does: by
-- default unicode61 splits at them, which cut every Thai word at its vowel and tone marks
-- into short, very common fragments ("เกี่ยวข้อง" -> "เก", "ยวข", "อง"), so a Thai
-- query was a phrase of fragments walking long posting lists (layouts up to 6).
-- Since layout 9 the tokenizer is FTS5's ascii: every value is already our analysis's
-- tokens, lower-cased and joined by single spaces, so a tokenizer need only split at the
-- spaces. ascii takes every non-ASCII code point as a token character and splits at ASCII
-- separators (hyphen and apostrophe kept: de-regier); on what analyse() emits it makes the
-- same tokens as layout 8's unicode61 with categories 'L* N* Co M*', without looking up
-- each code point's category and case (a unit test compares the two on texts of every
-- script and punctuation).
-- No secondary indexes: every search starts from the full-text match (see search()) and
-- filters the matching rows by rowid lookups, so an index on language, site, story or date
-- would only be written, never read.
CREATE VIRTUAL TABLE IF NOT EXISTS articles_fts USING fts5(
    title, text, title_folded, text_folded, title_stemmed, text_stemmed,
    tokenize = "ascii tokenchars '''-'",
    content = ''
);
"""
#: bm25 weights of title, text, title_folded, text_folded, title_stemmed, text_stemmed.
WEIGHTS = (6.0, 2.0, 3.0, 1.0, 2.0, 0.7)
#: The layout of the file (PRAGMA user_version); bump when the columns or their analysis
#: change. 5: search tokens (CJK bigrams, Thai/Lao/Khmer words, hyphens split, German
#: compounds decompounded in the stemmed columns). 6: stems tagged with their language
#: (``de-regier``), no ``lang`` column. 7: contentless; combining marks inside tokens; Thai
#: tokens whole, a Thai compound's sub-words and the single CJK characters in the stemmed
#: columns. 8: the folded columns fold East Asian variants (traditional Han as simplified,
#: full-width Latin and digits as ASCII, katakana as hiragana: ``newsflow.language.fold``).
#: 9: FTS5's ``ascii`` tokenizer (the same tokens as layout 8's unicode61, for less work).
SCHEMA_VERSION = 9
#: How long a phrase's count of rows (what its IDF is made of; ``PhraseCounts``) is kept,
#: and how many are kept (all are forgotten when full).
PHRASE_COUNT_SECONDS = 300.0
PHRASE_COUNTS_LIMIT = 50_000
#: A phrase of a MATCH expression as ``_fts_phrase`` and ``in_columns`` write it: FTS5
#: numbers the phrases in the order they are written.
_PHRASE = re.compile(r'(?:\{[^}]*\} : )?"(?:[^"]|"")*"(?: \*)?')
#: An article in one of the query's languages scores this many times more.
LANGUAGE_FACTOR = 4.0
#: An article with the plain query words within ``NEAR_DISTANCE`` tokens of each other
#: scores this many times more, and with them as a phrase ``PHRASE_FACTOR`` times more again
#: (as on OpenSearch, where the phrase and the sloppy phrase each add to the score).
NEAR_FACTOR = 1.5
PHRASE_FACTOR = 2.0
#: The most matches one query ranks: the newest ``CANDIDATES`` (by insertion order) of a
#: query matching more; FTS5 walks its matches newest first and stops there, so a query
#: matching half the index costs no more than one matching a thousand articles. The cap
#: costs recall on common words: on the 96 relevance-sorted bench queries matching more
#: than 1,000 of 100,000 articles, the capped top 10 holds 0.425 of the top 10 over every
#: match with 1,000, 0.585 with 1,500, 0.693 with 2,000; CPU per query p99 11.2-12.2,
#: 11.9-12.7 and 13.6-14.8 ms (alternating runs of the 500 queries): 1,500 is level with
#: 1,000 within the noise, 2,000 is not.
CANDIDATES = 1500
#: Tokens of the plain terms within this distance of each other rank an article higher.
NEAR_DISTANCE = 6
_EXACT_COLUMNS = "{title text}"
_FOLDED_COLUMNS = "{title text title_folded text_folded}"
_STEMMED_COLUMNS = "{title_stemmed text_stemmed}"


def _fts_phrase(tokens: list[str], prefix: bool = False) -> str:
    return '"' + " ".join(t.replace('"', '""') for t in tokens) + '"' + (" *" if prefix else "")


def tagged_stem(language: str, stem: str) -> str:
    """A stem as the stemmed columns hold it: tagged with the language whose stemmer made it."""
    return f"{language}-{stem}"


def in_columns(columns: str, tokens: list[str], prefix: bool = False) -> str:
    """The phrase of ``tokens`` looked for in ``columns``. The column filter is written for
    a prefix only: a whole token can be in no other column (every token of a stemmed column
    carries a language tag, ``de-regier``, and no exact or folded token holds a hyphen; a
    token with diacritics is never a folded one, folding being idempotent: a unit test
    checks both on the relevance corpus), so the filter changes no match and no bm25
    score, but FTS5 reads every position list to apply it. Without it the SQL of a query is
    15-30% faster ("me en" 15.8 -> 11.9 ms, "da" 2.6 -> 1.9, same rows and scores). A
    prefix ("es" *) would reach the language tags."""
    phrase = _fts_phrase(tokens, prefix)
    return f"{columns} : {phrase}" if prefix else phrase


def term_expression(term: QueryTerm) -> str:
    """A term matches exactly in the exact columns, folded in the exact and folded ones or,
    in an article of a query language, as its stem in that language."""
    options = []
    if term.exact != term.folded:
        options.append(in_columns(_EXACT_COLUMNS, term.exact, term.prefix))
    options.append(in_columns(_FOLDED_COLUMNS, term.folded, term.prefix))
    options += [in_columns(_STEMMED_COLUMNS, [tagged_stem(lang, s) for s in stems])
                for lang, stems in term.stem_variants if stems]
    options += [subword_expression(term, language, units) for language, units in term.subwords]
    return "(" + " OR ".join(options) + ")"


def subword_expression(term: QueryTerm, language: str, units: list[str]) -> str:
    """Every unit as a (folded) word or as a sub-word of an article in ``language``."""
    if units == term.exact and len(units) == 1:  # the word itself is an option already
        return in_columns(_STEMMED_COLUMNS, [tagged_stem(language, units[0])])
    return "(" + " AND ".join(
        f"({in_columns(_FOLDED_COLUMNS, [fold_token(u)])} OR "
        f"{in_columns(_STEMMED_COLUMNS, [tagged_stem(language, u)])})" for u in units) + ")"


def clause_expression(clause: Clause) -> str:
    return "(" + " OR ".join(term_expression(t) for t in clause.options) + ")"


def match_expression(parsed: ParsedQuery) -> str:
    """Every required clause and none of the excluded ones (the language filter is SQL)."""
    expression = "(" + " AND ".join(clause_expression(c) for c in parsed.required) + ")"
    if parsed.excluded:
        expression += " NOT (" + " OR ".join(clause_expression(c) for c in parsed.excluded) + ")"
    return expression


def proximity_expressions(parsed: ParsedQuery) -> tuple[str, str] | None:
    """The plain terms near each other, and as a phrase (ranking only); None without two."""
    near = parsed.proximity_terms()
    if not near:
        return None
    words = [t.folded for t in near]
    close = "NEAR(" + " ".join(_fts_phrase(ws) for ws in words) + f", {NEAR_DISTANCE})"
    # In the folded and exact columns, as ``in_columns`` writes it: without the filter.
    return close, in_columns(_FOLDED_COLUMNS, [w for ws in words for w in ws])


def article_text(article: Article) -> str:
    return "\n\n".join(filter(None, [article.lead, article.body, *article.captions]))


def fts_columns(article: Article) -> tuple[str, str, str, str, str, str]:
    """title, text, title_folded, text_folded, title_stemmed, text_stemmed."""
    tag = tagged_stem(article.language.lower(), "")
    title, title_folded, title_stemmed = index_columns(article.title, article.language, tag)
    text, text_folded, text_stemmed = index_columns(article_text(article), article.language, tag)
    return title, text, title_folded, text_folded, title_stemmed, text_stemmed


@lru_cache(maxsize=1)
def rank_function() -> bool:
    """Whether ``newsflow_bm25`` (``_fts5rank.c``: FTS5's bm25() with the phrases' counts
    given) is on the SQLite connections this process opens from now on: the module built,
    loaded (which registers it), and Python's sqlite3 on the SQLite library it is linked
    against. Otherwise, and with ``NEWSFLOW_NATIVE=0``, the index ranks with bm25(): the
    same scores, each query counting its phrases' rows anew."""
    if not native.enabled():
        return False
    try:
        from newsflow.services.indexer.backends import _fts5rank
    except ImportError:
        return False
    probe = sqlite3.connect(":memory:")
    try:
        probe.execute("CREATE VIRTUAL TABLE probe USING fts5(a)")
        probe.execute("INSERT INTO probe VALUES ('a')")
        probe.execute("SELECT newsflow_bm25(probe, '1') FROM probe WHERE probe MATCH 'a'").fetchall()
    except sqlite3.OperationalError:
        return False
    finally:
        probe.close()
    return bool(_fts5rank.registered)


class PhraseCounts:
    """The number of rows holding each phrase of a MATCH expression, as bm25() counts them
    (its IDF), kept for ``PHRASE_COUNT_SECONDS``: bm25() counts them again for every query,
    walking every position list of a phrase's words over the whole index (9-10 ms of a
    20 ms query for a phrase of two common words at 100,000 articles). A count read a few
    minutes before differs from the current one by what was indexed since: a score
    changes by the IDF's change, which for a growing index of thousands of articles is in
    the third decimal."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db
        self.counts: dict[str, tuple[int, float]] = {}

    def __call__(self, expression: str) -> str:
        """The counts of the expression's phrases, in order, as ``newsflow_bm25`` reads them."""
        now = time.monotonic()
        found = []
        for phrase in _PHRASE.findall(expression):
            kept = self.counts.get(phrase)
            if kept is None or now - kept[1] > PHRASE_COUNT_SECONDS:
                if len(self.counts) >= PHRASE_COUNTS_LIMIT:
                    self.counts.clear()
                rows = self.db.execute("SELECT count(*) FROM articles_fts WHERE articles_fts "
                                       "MATCH ?", (phrase,)).fetchone()[0]
                kept = self.counts[phrase] = (int(rows), now)
            found.append(str(kept[0]))
        return " ".join(found)


class IndexLayoutError(RuntimeError):
    """The file was written by a version of newsflow with other columns."""


def staging_path(target: Path) -> Path:
    """Where the rebuild of the index at ``target`` is written."""
    return target.with_name(target.name + ".rebuild")


def _remove_files(path: Path, suffixes: Iterable[str] = ("", "-wal", "-shm", "-journal")) -> None:
    for suffix in suffixes:
        Path(str(path) + suffix).unlink(missing_ok=True)


#: The page size of a new file (an existing one keeps its own): 16 KiB pages hold the long
#: rows and FTS5 segments of news text in fewer pages than the default 4 KiB. At 100,000
#: bench articles the file is 765 against 842 MiB; indexing per CPU second +2-8% over three
#: alternating sets (within the machine's noise), query CPU time unchanged.
PAGE_SIZE = 16384
#: FTS5's ``hashsize``: how many bytes of pending index entries a writer keeps in memory
#: before it flushes them as a new segment (FTS5's default is 1 MiB). A batch of 500 news
#: articles is several MiB of entries: with 1 MiB it became several small segments for
#: the automerge to merge again, most of an insert's SQLite work; with this, one segment a
#: batch. The setting is kept in the file (its ``articles_fts_config`` table) and set on
#: every writer's open, so existing files take it too; it changes no search result.
FTS_HASH_BYTES = 16 * 2**20
#: How much of the file a reader maps into memory (``mmap_size``; SQLite's default is 0):
#: a search reads its pages in place instead of copying each 16 KiB page through a read
#: call into a page cache of 2 MiB. The join of a query's 1,000 candidates to ``articles``
#: touches ~1,000 pages of long rows: 2.2-3.3 -> 0.5-0.7 ms (SQL alone, best of 3); CPU of
#: the 500 bench queries 2.22/2.17 -> 2.07/1.80 s, p99 13.0 -> 11.5/10.7 ms (alternating).
#: The pages are the OS's page cache, shared by every reader of the file (no process
#: memory of its own, unlike ``cache_size``, which gave nothing more beside it). SQLite
#: clamps the value to its build's limit (2 GiB here); a larger file is mapped that far.
READ_MMAP_BYTES = 2**32
#: How long a writer waits for another to release the file (busy timeout, and the start-up retries).
LOCK_WAIT_SECONDS = 30.0


class SqliteIndex(ArticleIndex):
    backend = "sqlite"

    def __init__(self, path: Path, *, read_only: bool = False, batch_size: int = 500,
                 replaces: Path | None = None) -> None:
        self.path = path
        self.batch_size = batch_size
        #: The served file a staged index replaces when promoted (None: this one is served).
        self.replaces = replaces
        #: Whether searches rank with ``newsflow_bm25`` and ``phrase_counts`` (it must be
        #: known before the connection opens: the function is put on new ones).
        self.counted_rank = rank_function()
        if read_only:
            if not path.exists():
                raise NoIndexYet(
                    f"no index at {path}: start the indexer (newsflow worker indexer) first"
                )
            self.db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=30)
            self.db.execute(f"PRAGMA mmap_size = {READ_MMAP_BYTES}")
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            self.db = sqlite3.connect(path, timeout=LOCK_WAIT_SECONDS)
            self._prepare_writer()
        if read_only:
            self._check_layout()
        self.phrase_counts = PhraseCounts(self.db)

    def _prepare_writer(self) -> None:
        """WAL mode, the layout check and the schema, retried while another writer holds the file.

        Two writers opening a new file at once (two indexers starting together) can deadlock on
        the lock upgrade; SQLite then answers "database is locked" at once instead of waiting
        (its busy handler is skipped to break the deadlock), so the loser backs off and retries.
        """
        deadline = time.monotonic() + LOCK_WAIT_SECONDS
        while True:
            try:
                self.db.execute(f"PRAGMA page_size = {PAGE_SIZE}")  # before WAL: then it is fixed
                self.db.execute("PRAGMA journal_mode=WAL")
                self.db.execute("PRAGMA synchronous=NORMAL")
                self._check_layout()
                # One transaction: a reader never sees the tables without their layout version.
                self.db.executescript(
                    f"BEGIN; {SCHEMA} PRAGMA user_version = {SCHEMA_VERSION}; "
                    "INSERT INTO articles_fts (articles_fts, rank) "
                    f"VALUES ('hashsize', {FTS_HASH_BYTES}); COMMIT;")
                return
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc) or time.monotonic() > deadline:
                    self.db.close()
                    raise
                if self.db.in_transaction:
                    self.db.rollback()
                time.sleep(random.uniform(0.01, 0.1))

    @classmethod
    def from_settings(cls, settings: Settings, *, read_only: bool = False) -> Self:
        return cls(settings.resolved_index_path, read_only=read_only,
                   batch_size=settings.index_batch_size)

    def _check_layout(self) -> None:
        # One statement, so one snapshot: another writer may create the tables in between.
        version, has_tables = self.db.execute(
            "SELECT (SELECT user_version FROM pragma_user_version), "
            "(SELECT count(*) FROM sqlite_master WHERE name = 'articles_fts')"
        ).fetchone()
        if has_tables and version != SCHEMA_VERSION:
            self.db.close()
            raise IndexLayoutError(
                f"the index at {self.path} has layout {version}, this version needs "
                f"{SCHEMA_VERSION}: rebuild it with `newsflow reindex`"
            )

    def _write_batch(self, articles: Sequence[Article]) -> int:
        written = 0
        with self.db:
            for article in articles:
                # The serializer's UTF-8, stored as TEXT by CAST (SQLite takes the bytes as
                # they are, the file's encoding being UTF-8): the same text as binding
                # model_dump_json()'s str, without decoding the UTF-8 into a str that the
                # binding encodes back (13 us of an article's 35 for a row of 8 KB).
                doc = article.to_bytes()
                row = self.db.execute(
                    "SELECT rowid, CAST(doc AS BLOB) FROM articles WHERE id = ?", (article.id,)
                ).fetchone()
                if row is not None and row[1] == doc:
                    continue
                values = (
                    article.content_hash, article.language, article.site, article.story_id,
                    article.published_at.isoformat() if article.published_at else None,
                    article.fetched_at.isoformat(), doc,
                )
                if row is not None:
                    self._forget(row[0], row[1])
                if row is None:
                    rowid = self.db.execute(
                        "INSERT INTO articles (id, content_hash, language, site, story_id, "
                        "published_at, fetched_at, doc) VALUES (?, ?, ?, ?, ?, ?, ?, "
                        "CAST(? AS TEXT))",
                        (article.id, *values),
                    ).lastrowid
                else:
                    rowid = row[0]
                    self.db.execute(
                        "UPDATE articles SET content_hash = ?, language = ?, site = ?, "
                        "story_id = ?, published_at = ?, fetched_at = ?, doc = CAST(? AS TEXT) "
                        "WHERE rowid = ?",
                        (*values, rowid),
                    )
                self.db.execute(
                    "INSERT INTO articles_fts (rowid, title, text, title_folded, text_folded, "
                    "title_stemmed, text_stemmed) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (rowid, *fts_columns(article)),
                )
                written += 1
        return written

    def _forget(self, rowid: int, doc: str | bytes) -> None:
        """Take an article's row out of the contentless full-text table: FTS5's 'delete'
        needs the values that were inserted, which the stored document gives again (the
        same analysis: a change to it is a new layout, and a rebuild)."""
        self.db.execute(
            "INSERT INTO articles_fts (articles_fts, rowid, title, text, title_folded, "
            "text_folded, title_stemmed, text_stemmed) VALUES ('delete', ?, ?, ?, ?, ?, ?, ?)",
            (rowid, *fts_columns(Article.model_validate_json(doc))),
        )

    def delete(self, article_ids: Iterable[str]) -> int:
        deleted = 0
        with self.db:
            for article_id in article_ids:
                row = self.db.execute(
                    "SELECT rowid, doc FROM articles WHERE id = ?", (article_id,)
                ).fetchone()
                if row is None:
                    continue
                self._forget(row[0], row[1])
                self.db.execute("DELETE FROM articles WHERE rowid = ?", (row[0],))
                deleted += 1
        return deleted

    def search(self, query: SearchQuery) -> list[SearchHit]:
        parsed = parse_query(query.text, query.language)
        where = ["articles_fts MATCH :match"]
        expression = match_expression(parsed)
        params: dict[str, object] = {"match": expression, "limit": query.limit,
                                     "offset": query.offset}
        for column, value in (
            ("language", query.language), ("site", query.site), ("story_id", query.story_id)
        ):
            if value:
                where.append(f"a.{column} = :{column}")
                params[column] = value
        if query.published_from:
            where.append("a.published_at >= :published_from")
            params["published_from"] = query.published_from.isoformat()
        if query.published_to:
            where.append("a.published_at <= :published_to")
            params["published_to"] = query.published_to.isoformat()
        for number, language in enumerate(parsed.languages):
            params[f"l{number}"] = language
        languages = ", ".join(f":l{n}" for n in range(len(parsed.languages))) or "NULL"
        order = "score" if query.sort == "relevance" else "published_at DESC NULLS LAST, score"
        page_order = order.replace("published_at", "page.published_at")
        # At most CANDIDATES matches are scored, the newest: FTS5 yields its matches in
        # rowid order and bm25() runs only on the rows the LIMIT lets through (a
        # materialised CTE: bm25() cannot run inside the aggregate below).
        weights = ", ".join(map(str, WEIGHTS))
        if self.counted_rank:
            params["counts"] = self.phrase_counts(expression)
            rank = f"newsflow_bm25(articles_fts, :counts, {weights})"
        else:
            rank = f"bm25(articles_fts, {weights})"
        ctes = [
            "hits AS MATERIALIZED (SELECT a.rowid AS row, a.id, a.content_hash, a.published_at, "
            f"{rank} "
            f"* (CASE WHEN a.language IN ({languages}) THEN {LANGUAGE_FACTOR} ELSE 1.0 END) AS rank "
            # CROSS JOIN keeps the full-text match the outer loop: with a filter the planner
            # would otherwise walk the filter's index and run the match once per row.
            "FROM articles_fts CROSS JOIN articles a ON a.rowid = articles_fts.rowid "
            f"WHERE {' AND '.join(where)} ORDER BY articles_fts.rowid DESC LIMIT {CANDIDATES})"
        ]
        proximity = proximity_expressions(parsed)
        scored = "hits"
        if proximity is not None:
            params["near"], params["phrase"] = proximity
            # Unscored, and walked over the candidates' rowid range only (FTS5 takes the
            # bounds; ``rowid IN (...)`` would seek every term's doclist once per row).
            ctes += [
                "close AS MATERIALIZED (SELECT rowid AS row FROM articles_fts WHERE articles_fts "
                "MATCH :near AND rowid BETWEEN (SELECT min(row) FROM hits) "
                "AND (SELECT max(row) FROM hits))",
                "exact AS MATERIALIZED (SELECT rowid AS row FROM articles_fts WHERE articles_fts "
                "MATCH :phrase AND rowid BETWEEN (SELECT min(row) FROM close) "
                "AND (SELECT max(row) FROM close))",
                "boosted AS (SELECT row, id, content_hash, published_at, rank "
                f"* (CASE WHEN row IN close THEN {NEAR_FACTOR} ELSE 1.0 END) "
                f"* (CASE WHEN row IN exact THEN {PHRASE_FACTOR} ELSE 1.0 END) AS rank FROM hits)",
            ]
            scored = "boosted"
        # Exact duplicates (same content_hash) collapse into their best hit: SQLite takes the
        # bare columns (row, published_at) from the row holding the min() score. Only the
        # page's documents are read.
        ctes.append(
            "page AS MATERIALIZED (SELECT row, id, min(rank) AS score, count(*) - 1 AS duplicates, "
            f"published_at FROM {scored} GROUP BY content_hash ORDER BY {order}, id "
            "LIMIT :limit OFFSET :offset)"
        )
        sql = ("WITH " + ", ".join(ctes) + " SELECT a.doc, page.score, page.duplicates FROM page "
               f"JOIN articles a ON a.rowid = page.row ORDER BY {page_order}, page.id")
        try:
            rows = self.db.execute(sql, params).fetchall()
        except sqlite3.OperationalError as exc:
            raise QueryError(f"the index could not run the query: {exc}") from None
        terms = highlight_terms(parsed)
        hits = []
        for doc, score, duplicates in rows:
            article = Article.model_validate_json(doc)
            snippet, highlights = make_snippet(article_text(article), terms,
                                               language=article.language)
            hits.append(
                SearchHit(
                    id=article.id, title=article.title, language=article.language,
                    site=article.site, url=article.url, source_url=article.source_url,
                    published_at=article.published_at, story_id=article.story_id,
                    score=-float(score), snippet=snippet, highlights=highlights,
                    duplicates=duplicates,
                )
            )
        return hits

    def get(self, article_id: str) -> Article | None:
        row = self.db.execute("SELECT doc FROM articles WHERE id = ?", (article_id,)).fetchone()
        return Article.model_validate_json(row[0]) if row else None

    def story(self, story_id: str, limit: int = 50) -> list[Article]:
        rows = self.db.execute("SELECT doc FROM articles WHERE story_id = ? ORDER BY id LIMIT ?",
                               (story_id, limit))
        return [Article.model_validate_json(row[0]) for row in rows]

    def count(self) -> int:
        return int(self.db.execute("SELECT count(*) FROM articles").fetchone()[0])

    def ids(self) -> set[str]:
        return {row[0] for row in self.db.execute("SELECT id FROM articles")}

    def health(self) -> dict[str, object]:
        self.db.execute("SELECT 1").fetchone()
        return {"backend": "sqlite-fts5", "path": str(self.path), "articles": self.count()}

    def close(self) -> None:
        self.db.close()

    # --- rebuilds ---------------------------------------------------------------------

    @classmethod
    def stage(cls, settings: Settings) -> Self:
        """A new, empty file beside the served one (what an earlier rebuild left is removed)."""
        target = settings.resolved_index_path
        staged = staging_path(target)
        _remove_files(staged)
        return cls(staged, batch_size=settings.index_batch_size, replaces=target)

    def _served_path(self) -> Path:
        if self.replaces is None:
            raise RuntimeError(f"{self.path} is the served index, not a staged one")
        return self.replaces

    def promote(self) -> str:
        """Move this file over the served one (``os.replace``: one atomic rename)."""
        target = self._served_path()
        # One self-contained file (no WAL beside it) to move into place.
        self.db.execute("PRAGMA journal_mode=DELETE")
        self.close()
        target.parent.mkdir(parents=True, exist_ok=True)
        _remove_files(target, ("-wal", "-shm"))
        os.replace(self.path, target)
        return str(target)

    def discard(self) -> None:
        self._served_path()
        self.close()
        _remove_files(self.path)
