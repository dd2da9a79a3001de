"""``decode_event`` parses with pydantic's JSON parser and falls back to ``json.loads`` for
what that refuses: the same values and the same errors as ``json.loads`` alone."""

from __future__ import annotations

import json
import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newsflow.events import DecodeError, RawDocument, _json_value, decode_raw_document

JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=12,
)


@given(JSON, st.booleans())
def test_the_value_is_json_loads(value: object, ascii_only: bool) -> None:
    data = json.dumps(value, ensure_ascii=ascii_only).encode("utf-8", "surrogatepass")
    try:
        expected = json.loads(data)
    except (UnicodeDecodeError, json.JSONDecodeError):
        with pytest.raises(DecodeError):
            _json_value(data)
        return
    assert _json_value(data) == expected


@pytest.mark.parametrize("data", [
    b'{"a":"\\ud800"}',  # an escaped lone surrogate: json.loads keeps it
    b'\xef\xbb\xbf{"a":1}',  # a UTF-8 byte order mark
    '{"a":"\u00e9"}'.encode("utf-16"),  # UTF-16, which json.loads detects
    b'{"a":1,"a":2}', b'{"a":NaN}', b'{"a":1e400}', b'{"a":-Infinity}',
])
def test_what_json_loads_accepts_is_accepted_the_same(data: bytes) -> None:
    value, expected = _json_value(data), json.loads(data)
    assert repr(value) == repr(expected) or (
        isinstance(value, dict) and isinstance(expected, dict)
        and all(math.isnan(value[k]) and math.isnan(expected[k]) for k in expected))


@pytest.mark.parametrize("data", [b'{"a":"x\ny"}', b'{"a":1} x', b"[1,]", b'{"a":01}',
                                  b'{"a":"\xff"}', b"{not json", b"\xff\xfe"])
def test_what_json_loads_refuses_is_invalid_json_with_its_reason(data: bytes) -> None:
    try:
        json.loads(data)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        reason = f"not valid JSON: {exc}"
    with pytest.raises(DecodeError) as caught:
        decode_raw_document(data)
    assert caught.value.error_class == "invalid_json"
    assert caught.value.reason == reason


def test_a_raw_document_decodes_to_itself() -> None:
    raw = RawDocument.from_seed("a.txt", "Ảnh: ไฮฟอง \u2028 “quoted” \\ \"x\"\n")
    assert decode_raw_document(raw.to_bytes()) == raw
