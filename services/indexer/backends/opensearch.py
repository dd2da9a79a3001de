"""The OpenSearch backend: for users who outgrow one machine. Used when
``NEWSFLOW_OPENSEARCH_URL`` is set.

Articles are read and written through an alias (``<prefix>-articles``) that points at one
physical index (``<alias>-<timestamp>``) created from an index template, so ``rebuild``
writes a fresh index and swaps the alias in one atomic ``_aliases`` call.

Each article's title and text are indexed three ways, as in the SQLite backend: ``*_exact``
(lower-cased, diacritics kept), ``*_folded`` (``asciifolding``: "Hải Phòng" -> "hai phong")
and ``*_<lang>`` with the language's own analyzer (``german``, ``english``, ``french``,
``spanish``, ``thai``), filled only for articles in that language. A query term matches as
a phrase in any of them; the boosts rank exact and title matches higher. Queries never go
through a query parser, so no character of the user's text is syntax.

Writes use the bulk API with ``update``/``doc_as_upsert``, so an unchanged article is a
no-op (and not counted) and a changed one replaces the old version. The HTTP client is the
standard library's: the adapter is thin and synchronous like the SQLite one.
"""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterable, Sequence
from typing import Any

from newsflow.events import Article
from newsflow.services.indexer.analysis import highlight_terms, query_terms
from newsflow.services.indexer.backends.base import ArticleIndex, QueryError, SearchHit, SearchQuery
from newsflow.services.indexer.snippets import make_snippet

#: Articles in these languages also get fields analysed by OpenSearch's language analyzer.
LANGUAGE_ANALYZERS = {"de": "german", "en": "english", "fr": "french", "es": "spanish", "th": "thai"}
BOOSTS = {"title_exact": 6.0, "text_exact": 2.0, "title_folded": 3.0, "text_folded": 1.0}
LANGUAGE_BOOSTS = {"title": 2.0, "text": 0.7}


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
    def __init__(self, url: str, alias: str, *, timeout: float = 30.0, batch_size: int = 500,
                 target: str | None = None, read_only: bool = False) -> None:
        self.url = url.rstrip("/")
        self.alias = alias
        self.timeout = timeout
        self.batch_size = batch_size
        if read_only:
            if not self._exists(f"/_alias/{alias}"):
                raise OpenSearchError(
                    f"no index behind the alias {alias} at {self.url}: start the indexer "
                    "(newsflow worker indexer) or run `newsflow reindex` first"
                )
        else:
            self._request("PUT", f"/_index_template/{alias}", template_body(alias))
        if target is None:
            if not read_only and not self._exists(f"/_alias/{alias}"):
                self._request("PUT", f"/{self.new_index_name()}", {"aliases": {alias: {}}})
            target = alias
        self.target = target

    # --- HTTP -------------------------------------------------------------------------

    def _request(self, method: str, path: str, body: Any = None, *, ndjson: str | None = None,
                 params: dict[str, str] | None = None) -> Any:
        url = self.url + path + ("?" + urllib.parse.urlencode(params) if params else "")
        data = ndjson.encode() if ndjson is not None else (
            json.dumps(body).encode() if body is not None else None
        )
        content_type = "application/x-ndjson" if ndjson is not None else "application/json"
        request = urllib.request.Request(url, data=data, method=method,
                                         headers={"Content-Type": content_type})
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                return json.loads(response.read() or b"null")
        except urllib.error.HTTPError as exc:
            detail = exc.read().decode(errors="replace")[:2000]
            raise OpenSearchError(f"{method} {path}: HTTP {exc.code}: {detail}") from None
        except OSError as exc:
            raise OpenSearchError(f"OpenSearch at {self.url} is unreachable: {exc}") from None

    def _exists(self, path: str) -> bool:
        try:
            self._request("GET", path)
        except OpenSearchError as exc:
            if "HTTP 404" in str(exc):
                return False
            raise
        return True

    def new_index_name(self) -> str:
        return f"{self.alias}-{time.strftime('%Y%m%d%H%M%S')}-{time.time_ns() % 1_000_000:06d}"

    # --- the interface ----------------------------------------------------------------

    def _write_batch(self, articles: Sequence[Article]) -> int:
        lines = []
        for article in articles:
            lines.append(json.dumps({"update": {"_index": self.target, "_id": article.id}}))
            lines.append(json.dumps({"doc": document(article), "doc_as_upsert": True},
                                    ensure_ascii=False))
        answer = self._request("POST", "/_bulk", ndjson="\n".join(lines) + "\n",
                               params={"refresh": "true"})
        written = 0
        for item in answer["items"]:
            result = item["update"]
            if "error" in result:
                raise OpenSearchError(f"bulk write of {result.get('_id')} failed: {result['error']}")
            written += result.get("result") in ("created", "updated")
        return written

    def delete(self, article_ids: Iterable[str]) -> int:
        lines = [json.dumps({"delete": {"_index": self.target, "_id": i}}) for i in article_ids]
        if not lines:
            return 0
        answer = self._request("POST", "/_bulk", ndjson="\n".join(lines) + "\n",
                               params={"refresh": "true"})
        return sum(item["delete"].get("result") == "deleted" for item in answer["items"])

    def search(self, query: SearchQuery) -> list[SearchHit]:
        body = search_body(query)
        try:
            answer = self._request("POST", f"/{self.target}/_search", body)
        except OpenSearchError as exc:
            if "HTTP 400" in str(exc):
                raise QueryError(f"the index could not run the query: {exc}") from None
            raise
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
        quoted = urllib.parse.quote(article_id, safe="")
        try:
            answer = self._request("GET", f"/{self.target}/_doc/{quoted}")
        except OpenSearchError as exc:
            if "HTTP 404" in str(exc):
                return None
            raise
        return Article.model_validate(answer["_source"]["article"])

    def count(self) -> int:
        return int(self._request("GET", f"/{self.target}/_count")["count"])

    def health(self) -> dict[str, object]:
        cluster = self._request("GET", "/_cluster/health")
        return {"backend": "opensearch", "url": self.url, "alias": self.alias,
                "index": self.target, "status": cluster["status"], "articles": self.count()}

    # --- rebuilds ---------------------------------------------------------------------

    def staging(self) -> OpenSearchIndex:
        """A fresh, empty physical index from the template, not yet behind the alias."""
        name = self.new_index_name()
        self._request("PUT", f"/{name}", {})
        return OpenSearchIndex(self.url, self.alias, timeout=self.timeout,
                               batch_size=self.batch_size, target=name)

    def swap_in(self, staged: OpenSearchIndex) -> list[str]:
        """Point the alias at ``staged`` in one atomic step; delete the indices it left."""
        try:
            old = list(self._request("GET", f"/_alias/{self.alias}"))
        except OpenSearchError as exc:
            if "HTTP 404" not in str(exc):
                raise
            old = []
        actions: list[dict[str, Any]] = [{"remove": {"index": i, "alias": self.alias}} for i in old]
        actions.append({"add": {"index": staged.target, "alias": self.alias}})
        self._request("POST", "/_aliases", {"actions": actions})
        for index in old:
            if index != staged.target:
                self._request("DELETE", f"/{index}")
        return old

    def drop(self) -> None:
        """Delete every index behind the alias and the template (tests, teardown)."""
        try:
            for index in self._request("GET", f"/_alias/{self.alias}"):
                self._request("DELETE", f"/{index}")
        except OpenSearchError as exc:
            if "HTTP 404" not in str(exc):
                raise
        self._request("DELETE", f"/_index_template/{self.alias}")
