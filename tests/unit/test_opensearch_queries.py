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


def test_every_term_is_a_phrase_over_exact_folded_and_language_fields() -> None:
    body = search_body(SearchQuery(text='"Hải Phòng" cảng'))
    must = body["query"]["bool"]["must"]
    assert [m["multi_match"]["query"] for m in must] == ["Hải Phòng", "cảng"]
    fields = must[0]["multi_match"]["fields"]
    assert "title_exact^6.0" in fields and "text_folded^1.0" in fields and "text_th^0.7" in fields


def test_a_language_filter_narrows_fields_and_hits() -> None:
    body = search_body(SearchQuery(text="Delegationen", language="de", site="x.de",
                                   published_from=datetime(2026, 1, 1, tzinfo=UTC), sort="date"))
    fields = body["query"]["bool"]["must"][0]["multi_match"]["fields"]
    assert "title_de^2.0" in fields and not any(f.startswith("title_en") for f in fields)
    filters = body["query"]["bool"]["filter"]
    assert {"term": {"language": "de"}} in filters and {"term": {"site": "x.de"}} in filters
    assert filters[-1]["range"]["published_at"] == {"gte": "2026-01-01T00:00:00+00:00"}
    assert body["sort"][0] == {"published_at": {"order": "desc", "missing": "_last"}}


def test_a_query_without_words_is_a_query_error() -> None:
    with pytest.raises(QueryError):
        search_body(SearchQuery(text='"" ?!'))


def test_documents_fill_only_their_own_language_fields() -> None:
    german = document(CORPUS[0])
    assert german["title_de"] == CORPUS[0].title
    assert german["title_en"] is None and german["title_th"] is None
    mapping = template_body("a")["template"]["mappings"]["properties"]
    assert set(german) == set(mapping)
    assert mapping["text_th"]["analyzer"] == "thai"


def test_an_unreachable_cluster_is_an_error_naming_it() -> None:
    """A real connection to a port nobody listens on: refused, retried by the client, then
    one OpenSearchError that says where (no traceback of the client's internals)."""
    url = f"http://127.0.0.1:{find_free_port()}"
    with pytest.raises(OpenSearchError, match=f"OpenSearch at {url} is unreachable"):
        OpenSearchIndex(url, "nowhere", timeout=2, read_only=True)
