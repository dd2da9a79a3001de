"""``content_of``: the content's bytes as ``content_bytes`` makes them, and the text only
where decoding those bytes gives it back as it is."""

from __future__ import annotations

import base64

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from newsflow.events import RawDocument
from newsflow.services.parser.document import content_of

CHARSETS = [None, "utf-8", "UTF8", "utf_8", "latin-1", "cp1252", "utf-8-sig", "no-such-charset"]
TEXTS = st.text(alphabet=st.sampled_from(["a", "é", "ệ", "ไ", "\x00", "\r", "\n", "\ud800",
                                           "\udfff", "😀", "\ufeff", " "]), max_size=30)


def _raw(content: str, charset: str | None, encoding: str = "text") -> RawDocument:
    return RawDocument.model_construct(**{**RawDocument.from_seed("x.txt", "").model_dump(),
                                          "content": content, "charset": charset,
                                          "content_encoding": encoding})


@given(TEXTS, st.sampled_from(CHARSETS))
@example("a\ud800b", "utf-8")
@example("Hà Nội", None)
def test_content_of_is_content_bytes_and_their_text(content: str, charset: str | None) -> None:
    raw = _raw(content, charset)
    try:
        expected = raw.content_bytes()
    except LookupError:
        with pytest.raises(LookupError):
            content_of(raw)
        return
    data, text = content_of(raw)
    assert data == expected
    if text is not None:
        assert text == data.decode(charset or "utf-8") == content


def test_the_text_is_given_for_utf8_text_only() -> None:
    assert content_of(_raw("Hà Nội", "UTF-8"))[1] == "Hà Nội"
    assert content_of(_raw("a\ud800", "utf-8")) == (b"a?", None)
    assert content_of(_raw("Hà", "latin-1"))[1] is None
    page = base64.b64encode("Hà".encode()).decode()
    assert content_of(_raw(page, "utf-8", "base64")) == ("Hà".encode(), None)
