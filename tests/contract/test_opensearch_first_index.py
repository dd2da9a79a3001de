"""The first index's create, retried after a timeout, on a real OpenSearch node: the
retry's "already exists" is success when the alias stands, an error when it does not."""

from __future__ import annotations

import uuid

import pytest

from newsflow.services.indexer.backends.opensearch import OpenSearchError, OpenSearchIndex

pytestmark = pytest.mark.integration


def test_a_create_the_first_try_already_made_is_success(opensearch_url: str) -> None:
    alias = f"first-{uuid.uuid4().hex[:8]}"
    index = OpenSearchIndex(opensearch_url, alias)  # creates the first index, as a first try would
    try:
        (made,) = index.served_indices()
        index._create_first_index(made)  # the client's retry of the same create
        assert index.served_indices() == [made]
    finally:
        index.drop()
        index.close()


def test_an_existing_index_without_the_alias_is_still_an_error(opensearch_url: str) -> None:
    alias = f"first-{uuid.uuid4().hex[:8]}"
    index = OpenSearchIndex(opensearch_url, alias)
    other = f"unaliased-{uuid.uuid4().hex[:8]}"  # not under the alias's "{alias}-*"
    try:
        index.client.indices.create(index=other)
        index.drop()  # the alias and its index gone; the other index stays
        with pytest.raises(OpenSearchError, match="resource_already_exists_exception"):
            index._create_first_index(other)
    finally:
        index.client.indices.delete(index=other, ignore_unavailable=True)
        index.close()
