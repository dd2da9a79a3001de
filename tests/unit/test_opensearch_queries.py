"""The OpenSearch request bodies, built without a server (the contract suite runs them),
and what a cluster that cannot be reached gives."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from newsflow.ops.dev.processes import find_free_port
from newsflow.services.indexer.backends.base import QueryError, SearchQuery
from newsflow.services.indexer.backends.opensearch import (
    OpenSearchError,
    OpenSearchIndex,
    document,
    search_body,
    template_body,
)
from tests.contract.corpus import CORPUS


def test_every_term_is_a_phrase_of_its_tokens_over_exact_and_folded_fields() -> None:
    body = search_body(SearchQuery(text='"Hải Phòng" cảng'))
    query = body["query"]["function_score"]
    assert query["functions"][0]["filter"] == {"terms": {"language": ["vi"]}}
    must = query["query"]["bool"]["must"]
    options = must[0]["bool"]["should"]
    assert [o["multi_match"]["query"] for o in options] == ["hải phòng", "hai phong"]
    assert "title_exact^6.0" in options[1]["multi_match"]["fields"]
    assert "text_folded^1.0" in options[1]["multi_match"]["fields"]


def test_a_language_filter_narrows_fields_and_hits() -> None:
    body = search_body(SearchQuery(text="Delegationen", language="de", site="x.de",
                                   published_from=datetime(2026, 1, 1, tzinfo=UTC), sort="date"))
    inner = body["query"]["function_score"]["query"]["bool"]
    [stemmed] = [o for o in inner["must"][0]["bool"]["should"] if "bool" in o]
    assert stemmed["bool"]["filter"] == [{"term": {"language": "de"}}]
    assert stemmed["bool"]["must"][0]["multi_match"]["query"] == "delegation"
    filters = inner["filter"]
    assert {"term": {"language": "de"}} in filters and {"term": {"site": "x.de"}} in filters
    assert filters[-1]["range"]["published_at"] == {"gte": "2026-01-01T00:00:00+00:00"}
    assert body["sort"][0] == {"published_at": {"order": "desc", "missing": "_last"}}


def test_a_query_without_words_is_a_query_error() -> None:
    with pytest.raises(QueryError):
        search_body(SearchQuery(text='"" ?!'))


def test_documents_carry_the_analysed_token_streams() -> None:
    german = document(CORPUS[0])
    assert german["title_exact"] == "delegation aus berlin besucht vietnam"
    assert german["title_folded"] is None  # the same as the exact stream
    assert german["title_stemmed"]
    vietnamese = document(next(a for a in CORPUS if a.language == "vi"))
    assert vietnamese["title_stemmed"] is None and " " in vietnamese["title_exact"]
    thai = document(next(a for a in CORPUS if a.language == "th"))
    # Whole words in the exact stream, the words inside a compound in the stemmed one.
    exact, parts = thai["title_exact"].split(), thai["title_stemmed"].split()
    assert " " in thai["title_exact"] and not set(parts) <= set(exact)
    mapping = template_body("a")["template"]["mappings"]["properties"]
    assert set(german) == set(mapping)
    assert mapping["text_exact"]["analyzer"] == "newsflow_tokens"


def test_an_unreachable_cluster_is_an_error_naming_it() -> None:
    """A real connection to a port nobody listens on: refused, retried by the client, then
    one OpenSearchError that says where (no traceback of the client's internals)."""
    url = f"http://127.0.0.1:{find_free_port()}"
    with pytest.raises(OpenSearchError, match=f"OpenSearch at {url} is unreachable"):
        OpenSearchIndex(url, "nowhere", timeout=2, read_only=True)
