"""Rebuilds on both backends, on real servers (a SQLite file, an OpenSearch node): a staged
index is invisible until promoted, then replaces the served one as a whole; a discarded
one leaves the served index as it was. And the read-only count (`indexed_count`)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from newsflow.services.indexer.backends import indexed_count, open_index, stage_index
from newsflow.services.indexer.backends.base import NoIndexYet
from newsflow.services.indexer.backends.opensearch import OpenSearchIndex
from newsflow.services.indexer.backends.sqlite import staging_path
from newsflow.settings import Settings
from tests.contract.corpus import CORPUS

pytestmark = pytest.mark.integration

STALE = CORPUS[0].model_copy(update={"id": "stale", "content_hash": "e" * 64})
IDS = {"stale", *(a.id for a in CORPUS)}


@pytest.fixture(params=["sqlite", "opensearch"])
def settings(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Settings]:
    """Settings that select one backend, at a place where nothing is indexed yet."""
    if request.param == "sqlite":
        yield Settings(data_dir=tmp_path, index_path=tmp_path / "index" / "articles.sqlite3",
                       opensearch_url=None, index_batch_size=5)
        return
    url = request.getfixturevalue("opensearch_url")
    alias = f"lifecycle-{uuid.uuid4().hex[:8]}"
    yield Settings(data_dir=tmp_path, opensearch_url=url, opensearch_alias=alias,
                   index_batch_size=5)
    OpenSearchIndex(url, alias).drop()


def served(settings: Settings) -> set[str]:
    """The ids that a fresh read-only open of the served index holds."""
    index = open_index(settings, read_only=True)
    try:
        found = {i for i in IDS if index.get(i) is not None}
        assert index.count() == len(found)
        return found
    finally:
        index.close()


def serve_stale(settings: Settings) -> None:
    index = open_index(settings)
    index.upsert([STALE])
    index.close()


def physical_indices(settings: Settings) -> list[str]:
    """What serves: the SQLite files in the index folder (their WAL aside), or the indices
    behind the alias."""
    if not settings.opensearch_url:
        folder = settings.resolved_index_path.parent
        return sorted(p.name for p in folder.iterdir() if not p.name.endswith(("-wal", "-shm")))
    live = OpenSearchIndex(settings.opensearch_url, settings.resolved_opensearch_alias,
                           read_only=True)
    try:
        return live.served_indices()
    finally:
        live.close()


def test_a_staged_index_is_served_only_once_promoted(settings: Settings) -> None:
    serve_stale(settings)
    staged = stage_index(settings)
    assert staged.count() == 0
    assert staged.upsert(CORPUS) == len(CORPUS)
    assert served(settings) == {"stale"}  # readers still see the served index only
    assert staged.promote()
    assert served(settings) == IDS - {"stale"}  # replaced as a whole
    assert indexed_count(settings) == len(CORPUS)
    if settings.opensearch_url:
        assert len(physical_indices(settings)) == 1  # the old index was deleted
    else:
        assert not staging_path(settings.resolved_index_path).exists()


def test_a_discarded_index_leaves_the_served_one_as_it_was(settings: Settings) -> None:
    serve_stale(settings)
    before = physical_indices(settings)
    staged = stage_index(settings)
    staged.upsert(CORPUS)
    staged.discard()
    assert served(settings) == {"stale"}
    assert physical_indices(settings) == before


def test_a_first_rebuild_creates_the_served_index(settings: Settings) -> None:
    assert indexed_count(settings) is None
    with pytest.raises(NoIndexYet):
        open_index(settings, read_only=True)
    staged = stage_index(settings)
    staged.upsert(CORPUS[:3])
    staged.promote()
    assert indexed_count(settings) == 3


def test_only_a_staged_index_can_be_promoted_or_discarded(settings: Settings) -> None:
    index = open_index(settings)
    try:
        with pytest.raises(RuntimeError, match="not a staged one"):
            index.promote()
        with pytest.raises(RuntimeError, match="not a staged one"):
            index.discard()
    finally:
        index.close()


def test_a_rebuild_starts_empty_after_one_that_died(settings: Settings) -> None:
    """A rebuild killed before it could discard leaves its staging index behind; the next
    one starts from nothing all the same, and the served index never saw it."""
    serve_stale(settings)
    abandoned = stage_index(settings)
    abandoned.upsert(CORPUS)
    abandoned.close()
    staged = stage_index(settings)
    assert staged.count() == 0
    staged.upsert(CORPUS[:2])
    assert served(settings) == {"stale"}
    staged.promote()
    assert served(settings) == {a.id for a in CORPUS[:2]}
