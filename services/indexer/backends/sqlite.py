"""The embedded index: SQLite FTS5 in one file, the default backend.

Articles are stored as JSON in ``articles``; ``articles_fts`` holds their analysed text in
four columns (title and text, each exact and diacritic-folded; see ``analysis``). Every
query term matches either its exact or its folded form, and bm25 weighs exact matches and
title matches higher.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from pathlib import Path

from newsflow.events import Article
from services.indexer.analysis import Analysed, analyse, query_groups
from services.indexer.backends.base import ArticleIndex, QueryError, SearchHit, SearchQuery
from services.indexer.snippets import make_snippet

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
CREATE INDEX IF NOT EXISTS articles_language ON articles(language);
CREATE INDEX IF NOT EXISTS articles_site ON articles(site);
CREATE INDEX IF NOT EXISTS articles_story ON articles(story_id);
CREATE INDEX IF NOT EXISTS articles_published ON articles(published_at);
CREATE VIRTUAL TABLE IF NOT EXISTS articles_fts USING fts5(
    title, text, title_folded, text_folded,
    tokenize = "unicode61 remove_diacritics 0 tokenchars '''-'"
);
"""
#: bm25 weights of title, text, title_folded, text_folded.
WEIGHTS = (6.0, 2.0, 3.0, 1.0)


def _fts_phrase(tokens: list[str]) -> str:
    return '"' + " ".join(t.replace('"', '""') for t in tokens) + '"'


def match_expression(groups: list[Analysed]) -> str:
    """Each group matches exactly in the exact columns or folded in the folded ones."""
    clauses = [
        f"({{title text}} : {_fts_phrase(g.exact)} OR "
        f"{{title_folded text_folded}} : {_fts_phrase(g.folded)})"
        for g in groups
    ]
    return " AND ".join(clauses)


def article_text(article: Article) -> str:
    return "\n\n".join(filter(None, [article.lead, article.body, *article.captions]))


class SqliteIndex(ArticleIndex):
    def __init__(self, path: Path, *, read_only: bool = False, batch_size: int = 500) -> None:
        self.path = path
        self.batch_size = batch_size
        if read_only:
            if not path.exists():
                raise FileNotFoundError(
                    f"no index at {path}: start the indexer (newsflow worker indexer) first"
                )
            self.db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=30)
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            self.db = sqlite3.connect(path, timeout=30)
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA synchronous=NORMAL")
            self.db.executescript(SCHEMA)

    def _write_batch(self, articles: Sequence[Article]) -> int:
        written = 0
        with self.db:
            for article in articles:
                doc = article.model_dump_json()
                row = self.db.execute(
                    "SELECT rowid, doc FROM articles WHERE id = ?", (article.id,)
                ).fetchone()
                if row is not None and row[1] == doc:
                    continue
                values = (
                    article.content_hash, article.language, article.site, article.story_id,
                    article.published_at.isoformat() if article.published_at else None,
                    article.fetched_at.isoformat(), doc,
                )
                if row is None:
                    rowid = self.db.execute(
                        "INSERT INTO articles (id, content_hash, language, site, story_id, "
                        "published_at, fetched_at, doc) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                        (article.id, *values),
                    ).lastrowid
                else:
                    rowid = row[0]
                    self.db.execute(
                        "UPDATE articles SET content_hash = ?, language = ?, site = ?, "
                        "story_id = ?, published_at = ?, fetched_at = ?, doc = ? WHERE rowid = ?",
                        (*values, rowid),
                    )
                    self.db.execute("DELETE FROM articles_fts WHERE rowid = ?", (rowid,))
                title = analyse(article.title, article.language)
                text = analyse(article_text(article), article.language)
                self.db.execute(
                    "INSERT INTO articles_fts (rowid, title, text, title_folded, text_folded) "
                    "VALUES (?, ?, ?, ?, ?)",
                    (rowid, " ".join(title.exact), " ".join(text.exact),
                     " ".join(title.folded), " ".join(text.folded)),
                )
                written += 1
        return written

    def delete(self, article_ids: Iterable[str]) -> int:
        deleted = 0
        with self.db:
            for article_id in article_ids:
                row = self.db.execute(
                    "SELECT rowid FROM articles WHERE id = ?", (article_id,)
                ).fetchone()
                if row is None:
                    continue
                self.db.execute("DELETE FROM articles_fts WHERE rowid = ?", (row[0],))
                self.db.execute("DELETE FROM articles WHERE rowid = ?", (row[0],))
                deleted += 1
        return deleted

    def search(self, query: SearchQuery) -> list[SearchHit]:
        groups = query_groups(query.text, query.language)
        if not groups:
            raise QueryError(f"the query {query.text!r} has no words to search for")
        where = ["articles_fts MATCH ?"]
        params: list[object] = [match_expression(groups)]
        for column, value in (
            ("a.language", query.language), ("a.site", query.site), ("a.story_id", query.story_id)
        ):
            if value:
                where.append(f"{column} = ?")
                params.append(value)
        if query.published_from:
            where.append("a.published_at >= ?")
            params.append(query.published_from.isoformat())
        if query.published_to:
            where.append("a.published_at <= ?")
            params.append(query.published_to.isoformat())
        order = "score" if query.sort == "relevance" else "a.published_at DESC NULLS LAST, score"
        sql = (
            f"SELECT a.doc, bm25(articles_fts, {', '.join(map(str, WEIGHTS))}) AS score "
            "FROM articles_fts JOIN articles a ON a.rowid = articles_fts.rowid "
            f"WHERE {' AND '.join(where)} ORDER BY {order} LIMIT ? OFFSET ?"
        )
        params += [query.limit, query.offset]
        try:
            rows = self.db.execute(sql, params).fetchall()
        except sqlite3.OperationalError as exc:
            raise QueryError(f"the index could not run the query: {exc}") from None
        terms = {t for g in groups for t in g.folded}
        hits = []
        for doc, score in rows:
            article = Article.model_validate_json(doc)
            snippet, highlights = make_snippet(article_text(article), terms)
            hits.append(
                SearchHit(
                    id=article.id, title=article.title, language=article.language,
                    site=article.site, url=article.url, source_url=article.source_url,
                    published_at=article.published_at, story_id=article.story_id,
                    score=-float(score), snippet=snippet, highlights=highlights,
                )
            )
        return hits

    def get(self, article_id: str) -> Article | None:
        row = self.db.execute("SELECT doc FROM articles WHERE id = ?", (article_id,)).fetchone()
        return Article.model_validate_json(row[0]) if row else None

    def count(self) -> int:
        return int(self.db.execute("SELECT count(*) FROM articles").fetchone()[0])

    def ids(self) -> set[str]:
        return {row[0] for row in self.db.execute("SELECT id FROM articles")}

    def health(self) -> dict[str, object]:
        self.db.execute("SELECT 1").fetchone()
        return {"backend": "sqlite-fts5", "path": str(self.path), "articles": self.count()}

    def close(self) -> None:
        self.db.close()
