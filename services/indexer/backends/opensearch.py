"""The OpenSearch backend: for users who outgrow one machine. Used when
``NEWSFLOW_OPENSEARCH_URL`` is set.

Articles are read and written through an alias (``<prefix>-articles``) that points at one
physical index (``<alias>-<timestamp>``) created from an index template, so a rebuild
(``stage`` ... ``promote``) writes a fresh index and swaps the alias in one atomic call.

Each article's title and text are indexed three ways, as in the SQLite backend: ``*_exact``
(lower-cased, diacritics kept), ``*_folded`` (``asciifolding``: "Hải Phòng" -> "hai phong")
and ``*_<lang>`` with the language's own analyzer (``german``, ``english``, ``french``,
``spanish``, ``thai``), filled only for articles in that language. A query term matches as
a phrase in any of them; the boosts rank exact and title matches higher. Queries never go
through a query parser, so no character of the user's text is syntax.

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
from newsflow.services.indexer.analysis import highlight_terms, query_terms
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

#: Articles in these languages also get fields analysed by OpenSearch's language analyzer.
LANGUAGE_ANALYZERS = {"de": "german", "en": "english", "fr": "french", "es": "spanish", "th": "thai"}
BOOSTS = {"title_exact": 6.0, "text_exact": 2.0, "title_folded": 3.0, "text_folded": 1.0}
LANGUAGE_BOOSTS = {"title": 2.0, "text": 0.7}
#: Retries of one request by the client's transport (timeouts, refused connections,
#: 502/503/504), and of a bulk item the cluster rejected as overloaded (429).
MAX_RETRIES = 3


class OpenSearchError(RuntimeError):
    """OpenSearch answered with an error or could not be reached; the reason says which."""


def _text_field(analyzer: str) -> dict[str, Any]:
    return {"type": "text", "analyzer": analyzer}


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
    for part in ("title", "text"):
        properties[f"{part}_exact"] = _text_field("newsflow_exact")
        properties[f"{part}_folded"] = _text_field("newsflow_folded")
        for language, analyzer in LANGUAGE_ANALYZERS.items():
            properties[f"{part}_{language}"] = _text_field(analyzer)
    return {
        "index_patterns": [f"{alias}-*"],
        "template": {
            "settings": {
                "number_of_shards": 1,
                "number_of_replicas": 0,
                "max_result_window": 10_100,
                "analysis": {
                    "analyzer": {
                        "newsflow_exact": {"type": "custom", "tokenizer": "standard",
                                           "filter": ["lowercase"]},
                        "newsflow_folded": {"type": "custom", "tokenizer": "standard",
                                            "filter": ["lowercase", "asciifolding"]},
                    }
                },
            },
            "mappings": {"dynamic": "strict", "properties": properties},
        },
    }


def article_text(article: Article) -> str:
    return "\n\n".join(filter(None, [article.lead, article.body, *article.captions]))


def document(article: Article) -> dict[str, Any]:
    """The indexed form of an article; every language field is present (null when unused),
    so an article that changes language loses its old language fields."""
    text = article_text(article)
    doc: dict[str, Any] = {
        "id": article.id,
        "language": article.language,
        "site": article.site,
        "story_id": article.story_id,
        "content_hash": article.content_hash,
        "published_at": article.published_at.isoformat() if article.published_at else None,
        "article": article.model_dump(mode="json"),
        "title_exact": article.title, "text_exact": text,
        "title_folded": article.title, "text_folded": text,
    }
    for language in LANGUAGE_ANALYZERS:
        own = language == article.language
        doc[f"title_{language}"] = article.title if own else None
        doc[f"text_{language}"] = text if own else None
    return doc


def search_body(query: SearchQuery) -> dict[str, Any]:
    terms = query_terms(query.text, query.language)
    if not terms:
        raise QueryError(f"the query {query.text!r} has no words to search for")
    fields = [f"{name}^{boost}" for name, boost in BOOSTS.items()]
    languages = [query.language] if query.language in LANGUAGE_ANALYZERS else list(LANGUAGE_ANALYZERS)
    for language in languages:
        fields += [f"{part}_{language}^{boost}" for part, boost in LANGUAGE_BOOSTS.items()]
    must = [
        {"multi_match": {"query": term.text, "type": "phrase", "fields": fields}}
        for term in terms
    ]
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
    sort: list[Any] = (
        ["_score", {"id": "asc"}] if query.sort == "relevance"
        else [{"published_at": {"order": "desc", "missing": "_last"}}, "_score", {"id": "asc"}]
    )
    return {
        "query": {"bool": {"must": must, "filter": filters}},
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
                with self._calling("create the first index"):
                    self.client.indices.create(index=self.new_index_name(),
                                               body={"aliases": {alias: {}}})
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
        terms = highlight_terms(query_terms(query.text, query.language))
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
