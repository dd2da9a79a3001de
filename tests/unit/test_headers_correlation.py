"""``correlation_id`` reads one header without decoding the others, with the answers of its
definition (``decode_headers(raw).get(CORRELATION_ID) or fallback``)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from newsflow.headers import CORRELATION_ID, correlation_id, decode_headers

NAMES = st.sampled_from([CORRELATION_ID, "producer", "Correlation_Id", ""])
VALUES = st.binary(max_size=6) | st.sampled_from([b"", b"doc-1", b"\xff\xfe", "text"])


@given(st.lists(st.tuples(NAMES, VALUES), max_size=5), st.none() | st.text(max_size=3),
       st.booleans())
def test_correlation_id_is_its_definition(pairs: list[tuple[str, bytes]], fallback: str | None,
                                          as_mapping: bool) -> None:
    raw = dict(pairs) if as_mapping else pairs
    assert correlation_id(raw, fallback) == (decode_headers(raw).get(CORRELATION_ID) or fallback)


def test_correlation_id_examples() -> None:
    assert correlation_id(None, "key") == "key"
    assert correlation_id([(CORRELATION_ID, b"a"), (CORRELATION_ID, b"b")]) == "b"
    assert correlation_id([(CORRELATION_ID, b"")], "key") == "key"
