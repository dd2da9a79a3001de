"""The OpenSearch backend: for users who outgrow one machine. Used when
``NEWSFLOW_OPENSEARCH_URL`` is set.

Articles are read and written through an alias (``<prefix>-articles``) that points at one
physical index (``<alias>-<timestamp>``) created from an index template, so a rebuild
(``stage`` ... ``promote``) writes a fresh index and swaps the alias in one atomic call.

Each article's title and text are analysed by our own code, the same as for the SQLite
backend (``services/indexer/analysis.py``: CJK bigrams, Thai/Lao/Khmer dictionary words,
German compounds, folding, Snowball stems) and indexed as space-separated tokens in
``*_exact``, ``*_folded`` and ``*_stemmed`` (a ``whitespace`` analyzer): both backends see
the same tokens, so they find the same articles, and the node needs no analysis plugin
(``analysis-icu``, ``-nori``, ``-kuromoji``, ``-smartcn`` are not published on Maven
Central for 2.19). A query is parsed by ``parse_query`` (phrases, prefixes, exclusions,
OR) and becomes a bool query of phrases over those fields, with the SQLite backend's
weights; an article in the query's language scores ``LANGUAGE_FACTOR`` times more
(``function_score``), and the plain terms as a phrase or within ``NEAR_SLOP`` positions
add to it. No character of the user's text reaches a query-string parser.

The client is ``opensearch-py``: its transport retries a request that timed out, could not
connect or got a 502/503/504 (``MAX_RETRIES`` times), and writes go through its bulk helper
with ``update``/``doc_as_upsert``, so an unchanged article is a no-op (and not counted) and
a changed one replaces the old version; a bulk item rejected with 429 is retried with
back-off. Every client error becomes an ``OpenSearchError`` with the reason. The adapter is
synchronous like the SQLite one (the indexer runs it off the event loop).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, Self

from opensearchpy import OpenSearch, exceptions
from opensearchpy.helpers import streaming_bulk

from newsflow.events import Article
from newsflow.language.fold import fold_token
from newsflow.services.indexer.analysis import (
    Clause,
    QueryTerm,
    analyse,
    highlight_terms,
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

# The client logs every request at INFO: one line per batch would drown the service's log.
logging.getLogger("opensearch").setLevel(logging.WARNING)

#: Per field, its weight: the same as the SQLite backend's bm25 weights.
EXACT_FIELDS = {"title_exact": 6.0, "text_exact": 2.0}
FOLDED_FIELDS = {**EXACT_FIELDS, "title_folded": 3.0, "text_folded": 1.0}
STEMMED_FIELDS = {"title_stemmed": 2.0, "text_stemmed": 0.7}
#: The exact spelling of a term with diacritics counts this much more than its folded form.
#: OpenSearch weighs each field by its own statistics, where a folded form, which many
#: articles share, is worth less than it is to FTS5's bm25 over all columns: without this,
#: "Hai Phong" in a short title outranked "Hải Phòng" for the query "Hải Phòng".
EXACT_BOOST = 2.0
#: An article in one of the query's languages scores this many times more (as on SQLite).
LANGUAGE_FACTOR = 4.0
#: Tokens of the plain terms within this many positions rank an article higher.
NEAR_SLOP = 6
#: How many words a prefix (``word*``) expands to.
PREFIX_EXPANSIONS = 500
#: Retries of one request by the client's transport (timeouts, refused connections,
#: 502/503/504), and of a bulk item the cluster rejected as overloaded (429).
MAX_RETRIES = 3


class OpenSearchError(RuntimeError):
    """OpenSearch answered with an error or could not be reached; the reason says which."""


def template_body(alias: str) -> dict[str, Any]:
    properties: dict[str, Any] = {
        "id": {"type": "keyword"},
        "language": {"type": "keyword"},
        "site": {"type": "keyword"},
        "story_id": {"type": "keyword"},
        "content_hash": {"type": "keyword"},
        "published_at": {"type": "date"},
        "article": {"type": "object", "enabled": False},
    }
    for name in {**FOLDED_FIELDS, **STEMMED_FIELDS}:
        properties[name] = {"type": "text", "analyzer": "newsflow_tokens"}
    return {
        "index_patterns": [f"{alias}-*"],
        "template": {
            "settings": {
                "number_of_shards": 1,
                "number_of_replicas": 0,
                "max_result_window": 10_100,
                # The text arrives analysed (services/indexer/analysis.py, as for SQLite):
                # space-separated tokens, which is all this analyzer splits on.
                "analysis": {"analyzer": {"newsflow_tokens": {
                    "type": "custom", "tokenizer": "whitespace", "filter": []}}},
            },
            "mappings": {"dynamic": "strict", "properties": properties},
        },
    }


def article_text(article: Article) -> str:
    return "\n\n".join(filter(None, [article.lead, article.body, *article.captions]))


def document(article: Article) -> dict[str, Any]:
    """The indexed form of an article: its token streams as the SQLite backend has them
    (a folded field is null where it would repeat the exact one; the stemmed fields are
    null for a language without a stemmer)."""
    doc: dict[str, Any] = {
        "id": article.id,
        "language": article.language,
        "site": article.site,
        "story_id": article.story_id,
        "content_hash": article.content_hash,
        "published_at": article.published_at.isoformat() if article.published_at else None,
        "article": article.model_dump(mode="json"),
    }
    for part, text in (("title", article.title), ("text", article_text(article))):
        analysed = analyse(text, article.language)
        exact, folded = " ".join(analysed.exact), " ".join(analysed.folded)
        doc[f"{part}_exact"] = exact
        doc[f"{part}_folded"] = folded if folded != exact else None
        doc[f"{part}_stemmed"] = " ".join(analysed.stemmed) or None
    return doc


def _phrase(tokens: list[str], fields: dict[str, float], *, prefix: bool = False,
            slop: int = 0) -> dict[str, Any]:
    body: dict[str, Any] = {
        "query": " ".join(tokens), "type": "phrase_prefix" if prefix else "phrase",
        "fields": [f"{name}^{weight}" for name, weight in fields.items()], "tie_breaker": 1.0,
    }
    if prefix:
        body["max_expansions"] = PREFIX_EXPANSIONS
    if slop:
        body["slop"] = slop
    return {"multi_match": body}


def term_query(term: QueryTerm) -> dict[str, Any]:
    """A term matches exactly in the exact fields, folded in the exact and folded ones or,
    in an article of a query language, as its stem in that language."""
    options = []
    if term.exact != term.folded:
        exact = _phrase(term.exact, EXACT_FIELDS, prefix=term.prefix)
        exact["multi_match"]["boost"] = EXACT_BOOST
        options.append(exact)
    options.append(_phrase(term.folded, FOLDED_FIELDS, prefix=term.prefix))
    options += [{"bool": {"must": [_phrase(stems, STEMMED_FIELDS)],
                          "filter": [{"term": {"language": language}}]}}
                for language, stems in term.stem_variants if stems]
    options += [subword_query(term, language, units) for language, units in term.subwords]
    return {"bool": {"should": options, "minimum_should_match": 1}}


def subword_query(term: QueryTerm, language: str, units: list[str]) -> dict[str, Any]:
    """Every unit as a (folded) word or as a sub-word of an article in ``language``."""
    if units == term.exact and len(units) == 1:  # the word itself is an option already
        must = [_phrase(units, STEMMED_FIELDS)]
    else:
        must = [{"bool": {"should": [_phrase([fold_token(u)], FOLDED_FIELDS),
                                     _phrase([u], STEMMED_FIELDS)], "minimum_should_match": 1}}
                for u in units]
    return {"bool": {"must": must, "filter": [{"term": {"language": language}}]}}


def clause_query(clause: Clause) -> dict[str, Any]:
    if len(clause.options) == 1:
        return term_query(clause.options[0])
    return {"bool": {"should": [term_query(t) for t in clause.options], "minimum_should_match": 1}}


def search_body(query: SearchQuery) -> dict[str, Any]:
    parsed = parse_query(query.text, query.language)
    should: list[dict[str, Any]] = []
    near = parsed.proximity_terms()
    if near:
        words = [w for t in near for w in t.folded]
        should += [_phrase(words, FOLDED_FIELDS), _phrase(words, FOLDED_FIELDS, slop=NEAR_SLOP)]
        spelled = [w for t in near for w in t.exact]
        if spelled != words:
            exact = _phrase(spelled, EXACT_FIELDS)
            exact["multi_match"]["boost"] = EXACT_BOOST
            should.append(exact)
    filters: list[dict[str, Any]] = [
        {"term": {field: value}}
        for field, value in (("language", query.language), ("site", query.site),
                             ("story_id", query.story_id))
        if value
    ]
    if query.published_from or query.published_to:
        bounds = {}
        if query.published_from:
            bounds["gte"] = query.published_from.isoformat()
        if query.published_to:
            bounds["lte"] = query.published_to.isoformat()
        filters.append({"range": {"published_at": bounds}})
    matching: dict[str, Any] = {"bool": {
        "must": [clause_query(c) for c in parsed.required],
        "must_not": [clause_query(c) for c in parsed.excluded],
        "should": should, "filter": filters,
    }}
    if parsed.languages:
        matching = {"function_score": {
            "query": matching,
            "functions": [{"filter": {"terms": {"language": list(parsed.languages)}},
                           "weight": LANGUAGE_FACTOR}],
            "score_mode": "multiply", "boost_mode": "multiply",
        }}
    sort: list[Any] = (
        ["_score", {"id": "asc"}] if query.sort == "relevance"
        else [{"published_at": {"order": "desc", "missing": "_last"}}, "_score", {"id": "asc"}]
    )
    return {
        "query": matching,
        "sort": sort,
        "track_scores": True,
        # Exact duplicates (same content_hash) collapse into their best hit; the inner hits'
        # total counts the group.
        "collapse": {"field": "content_hash",
                     "inner_hits": {"name": "same_content", "size": 0, "track_scores": False}},
        "from": query.offset,
        "size": query.limit,
        "_source": ["article"],
    }


def _group_size(raw_hit: dict[str, Any]) -> int:
    """How many matching articles a collapsed hit stands for (itself included)."""
    total = raw_hit.get("inner_hits", {}).get("same_content", {}).get("hits", {}).get("total", 1)
    return int(total["value"] if isinstance(total, dict) else total)


class OpenSearchIndex(ArticleIndex):
    backend = "opensearch"

    def __init__(self, url: str, alias: str, *, timeout: float = 30.0, batch_size: int = 500,
                 target: str | None = None, read_only: bool = False) -> None:
        self.url = url.rstrip("/")
        self.alias = alias
        self.timeout = timeout
        self.batch_size = batch_size
        self.staged = False
        self.client = OpenSearch(hosts=[self.url], timeout=timeout, max_retries=MAX_RETRIES,
                                 retry_on_timeout=True)
        if read_only:
            if not self._alias_exists():
                self.close()
                raise NoIndexYet(
                    f"no index behind the alias {alias} at {self.url}: start the indexer "
                    "(newsflow worker indexer) or run `newsflow reindex` first"
                )
        else:
            with self._calling("put the index template"):
                self.client.indices.put_index_template(name=alias, body=template_body(alias))
        if target is None:
            if not read_only and not self._alias_exists():
                self._create_first_index(self.new_index_name())
            target = alias
        self.target = target

    @classmethod
    def from_settings(cls, settings: Settings, *, read_only: bool = False) -> Self:
        if not settings.opensearch_url:
            raise ValueError("set NEWSFLOW_OPENSEARCH_URL to use the OpenSearch backend")
        return cls(settings.opensearch_url, settings.resolved_opensearch_alias,
                   timeout=settings.opensearch_timeout, batch_size=settings.index_batch_size,
                   read_only=read_only)

    # --- the client ---------------------------------------------------------------------

    @contextmanager
    def _calling(self, action: str) -> Iterator[None]:
        """Client errors, after the client's own retries, as an ``OpenSearchError``."""
        try:
            yield
        except exceptions.ConnectionError as exc:  # timeouts too
            raise OpenSearchError(f"OpenSearch at {self.url} is unreachable ({action}): "
                                  f"{exc.info or exc.error}") from None
        except exceptions.TransportError as exc:
            raise OpenSearchError(
                f"{action}: HTTP {exc.status_code}: {str(exc.info)[:2000]}") from None
        except exceptions.OpenSearchException as exc:
            raise OpenSearchError(f"{action}: {exc}") from None

    def _alias_exists(self) -> bool:
        with self._calling(f"look up the alias {self.alias}"):
            return bool(self.client.indices.exists_alias(name=self.alias))

    def served_indices(self) -> list[str]:
        """The physical indices behind the alias (one, except in the middle of a swap)."""
        if not self._alias_exists():
            return []
        with self._calling(f"look up the alias {self.alias}"):
            return sorted(self.client.indices.get_alias(name=self.alias))

    def _create_first_index(self, name: str) -> None:
        """The physical index ``name`` behind the alias. The client retries a create that
        timed out (``retry_on_timeout``), and the first try may have made the index by
        then: the retry's "already exists" is success when the alias stands now (seen in the
        outage test on a loaded host, where the indexer stopped on it)."""
        try:
            with self._calling("create the first index"):
                self.client.indices.create(index=name, body={"aliases": {self.alias: {}}})
        except OpenSearchError as exc:
            if "resource_already_exists_exception" not in str(exc) or not self._alias_exists():
                raise

    def new_index_name(self) -> str:
        return f"{self.alias}-{time.strftime('%Y%m%d%H%M%S')}-{time.time_ns() % 1_000_000:06d}"

    def _bulk(self, actions: Iterable[dict[str, Any]], *, counted: tuple[str, ...],
              missing_ok: bool = False) -> int:
        """Run bulk actions (refreshed, so a search sees them); how many items ended with a
        ``result`` in ``counted``. A failed item raises, unless it is a 404 and
        ``missing_ok``."""
        done = 0
        with self._calling("bulk request"):
            for ok, item in streaming_bulk(
                self.client, actions, chunk_size=self.batch_size, raise_on_error=False,
                max_retries=MAX_RETRIES, initial_backoff=1, max_backoff=10, refresh="true",
            ):
                [(operation, result)] = item.items()
                if not ok and not (missing_ok and result.get("status") == 404):
                    raise OpenSearchError(f"bulk {operation} of {result.get('_id')} failed: "
                                          f"{result.get('error')}")
                done += result.get("result") in counted
        return done

    # --- the interface ----------------------------------------------------------------

    def _write_batch(self, articles: Sequence[Article]) -> int:
        return self._bulk(
            ({"_op_type": "update", "_index": self.target, "_id": article.id,
              "doc": document(article), "doc_as_upsert": True} for article in articles),
            counted=("created", "updated"),
        )

    def delete(self, article_ids: Iterable[str]) -> int:
        return self._bulk(
            ({"_op_type": "delete", "_index": self.target, "_id": i} for i in article_ids),
            counted=("deleted",), missing_ok=True,
        )

    def search(self, query: SearchQuery) -> list[SearchHit]:
        body = search_body(query)
        with self._calling("search"):
            try:
                answer = self.client.search(index=self.target, body=body)
            except exceptions.RequestError as exc:
                raise QueryError(f"the index could not run the query: {exc}") from None
        terms = highlight_terms(parse_query(query.text, query.language))
        hits = []
        for raw in answer["hits"]["hits"]:
            article = Article.model_validate(raw["_source"]["article"])
            snippet, highlights = make_snippet(article_text(article), terms, language=article.language)
            hits.append(SearchHit(
                id=article.id, title=article.title, language=article.language, site=article.site,
                url=article.url, source_url=article.source_url, published_at=article.published_at,
                story_id=article.story_id, score=round(float(raw.get("_score") or 0.0), 4),
                snippet=snippet, highlights=highlights,
                duplicates=max(0, _group_size(raw) - 1),
            ))
        return hits

    def get(self, article_id: str) -> Article | None:
        with self._calling(f"get {article_id}"):
            answer = self.client.get(index=self.target, id=article_id, ignore=404)
        if not answer.get("found"):
            return None
        return Article.model_validate(answer["_source"]["article"])

    def story(self, story_id: str, limit: int = 50) -> list[Article]:
        body = {"query": {"term": {"story_id": story_id}}, "size": limit, "_source": ["article"]}
        with self._calling(f"story {story_id}"):
            answer = self.client.search(index=self.target, body=body)
        articles = [Article.model_validate(hit["_source"]["article"]) for hit in answer["hits"]["hits"]]
        return sorted(articles, key=lambda article: article.id)  # sorting on _id is deprecated

    def count(self) -> int:
        with self._calling("count"):
            return int(self.client.count(index=self.target)["count"])

    def health(self) -> dict[str, object]:
        with self._calling("cluster health"):
            cluster = self.client.cluster.health()
        return {"backend": "opensearch", "url": self.url, "alias": self.alias,
                "index": self.target, "status": cluster["status"], "articles": self.count()}

    def close(self) -> None:
        self.client.close()

    # --- rebuilds ---------------------------------------------------------------------

    @classmethod
    def stage(cls, settings: Settings) -> Self:
        """A fresh, empty physical index from the template, not behind the alias."""
        served = cls.from_settings(settings)  # puts the template; creates a first index
        name = served.new_index_name()
        with served._calling(f"create the index {name}"):
            served.client.indices.create(index=name)
        served.target, served.staged = name, True
        return served

    def _staged_only(self) -> None:
        if not self.staged:
            raise RuntimeError(f"{self.target} is the served index, not a staged one")

    def promote(self) -> str:
        """Point the alias at this index in one atomic step; delete the indices it left."""
        self._staged_only()
        old = self.served_indices()
        actions: list[dict[str, Any]] = [{"remove": {"index": i, "alias": self.alias}} for i in old]
        actions.append({"add": {"index": self.target, "alias": self.alias}})
        with self._calling(f"swap the alias {self.alias}"):
            self.client.indices.update_aliases(body={"actions": actions})
            for index in old:
                if index != self.target:
                    self.client.indices.delete(index=index)
        self.close()
        return f"{self.url}/{self.alias} -> {self.target}"

    def discard(self) -> None:
        self._staged_only()
        with self._calling(f"delete the index {self.target}"):
            self.client.indices.delete(index=self.target, ignore=404)
        self.close()

    def drop(self) -> None:
        """Delete every index of the alias, served or staged, and the template (tests,
        teardown)."""
        with self._calling(f"drop {self.alias}"):
            for index in self.client.indices.get(index=f"{self.alias}-*"):
                self.client.indices.delete(index=index)
            self.client.indices.delete_index_template(name=self.alias, ignore=404)
