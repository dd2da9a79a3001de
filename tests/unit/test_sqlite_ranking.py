"""The SQLite backend's ranking step, pure: duplicates collapse, date order, and asking
only some candidates about proximity gives the page that asking all of them gives."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from newsflow.services.indexer.backends.sqlite import (
    NEAR_FACTOR,
    PHRASE_FACTOR,
    Candidate,
    rank_page,
    rows_to_check,
)

candidates = st.lists(
    st.tuples(st.integers(0, 30).map(str), st.sampled_from([None, "2026-01-01", "2026-01-02"]),
              st.floats(-50, -0.1), st.sampled_from([1.0, NEAR_FACTOR, NEAR_FACTOR * PHRASE_FACTOR])),
    max_size=60,
)


def boosted(found: list[Candidate], factors: dict[int, float], asked: set[int]) -> list[Candidate]:
    return [c._replace(rank=c.rank * factors[c.row]) if c.row in asked else c for c in found]


@given(candidates, st.sampled_from(["relevance", "date"]), st.integers(0, 5), st.integers(1, 10))
def test_proximity_asked_of_some_rows_gives_the_page_of_all(
    drawn: list[tuple[str, str | None, float, float]], sort: str, offset: int, limit: int
) -> None:
    found = [Candidate(row, f"id{row}", content, published, rank)
             for row, (content, published, rank, _) in enumerate(drawn)]
    factors = {row: factor for row, (*_, factor) in enumerate(drawn)}
    asked = set(rows_to_check(found, sort, offset + limit))
    everyone = rank_page(boosted(found, factors, set(factors)), sort, offset, limit)
    assert rank_page(boosted(found, factors, asked), sort, offset, limit) == everyone


def test_duplicates_collapse_into_their_best_and_date_orders_newest_first() -> None:
    found = [Candidate(1, "a", "h1", "2026-01-01", -3.0), Candidate(2, "b", "h1", "2026-01-02", -5.0),
             Candidate(3, "c", "h2", None, -9.0), Candidate(4, "d", "h3", "2026-01-02", -1.0)]
    by_rank = rank_page(found, "relevance", 0, 10)
    assert [(h.candidate.id, h.duplicates) for h in by_rank] == [("c", 0), ("b", 1), ("d", 0)]
    assert [h.candidate.id for h in rank_page(found, "date", 0, 10)] == ["b", "d", "c"]
    assert [h.candidate.id for h in rank_page(found, "relevance", 1, 1)] == ["b"]
