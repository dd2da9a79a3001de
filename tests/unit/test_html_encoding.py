"""Bytes to text: HTTP charset, then <meta charset>, then detection; legacy Vietnamese."""

from __future__ import annotations

import unicodedata

import pytest

from newsflow.services.parser.html.encoding import codec_name, decode_html, meta_charset
from newsflow.services.parser.parts import ParseError

VIETNAMESE = ("Sở Khoa học và Công nghệ thành phố Hải Phòng đã tổ chức hội nghị tổng kết "
              "công tác năm, đánh giá kết quả thực hiện nhiệm vụ và triển khai kế hoạch mới.")


def to_windows_1258(text: str) -> bytes:
    """Encode as windows-1258 does: base letters with tone marks as combining characters."""
    out = bytearray()
    for ch in text:
        try:
            out += ch.encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        base, *marks = unicodedata.normalize("NFD", ch)
        for mark in marks:  # keep circumflex, breve or horn on the base when the code page has it
            composed = unicodedata.normalize("NFC", base + mark)
            if len(composed) == 1 and composed.encode("cp1258", errors="ignore"):
                base = composed
                marks.remove(mark)
                break
        out += (base + "".join(marks)).encode("cp1258")
    return bytes(out)


def page(body: bytes, head: bytes = b"") -> bytes:
    return b"<html><head>" + head + b"</head><body><p>" + body + b"</p></body></html>"


def test_windows_1258_declared_in_meta_decodes_to_nfc() -> None:
    data = page(to_windows_1258(VIETNAMESE), b'<meta charset="windows-1258">')
    assert to_windows_1258(VIETNAMESE) != VIETNAMESE.encode("utf-8")
    decoded = decode_html(data)
    assert decoded.encoding == "cp1258"
    assert decoded.decided_by == "meta"
    assert VIETNAMESE in decoded.text
    assert unicodedata.is_normalized("NFC", decoded.text)


def test_http_charset_wins_when_it_decodes() -> None:
    data = page("Grüße aus Köln".encode("iso-8859-15"), b'<meta charset="utf-8">')
    decoded = decode_html(data, "ISO-8859-15")
    assert decoded.decided_by == "http"
    assert "Grüße aus Köln" in decoded.text


def test_wrong_http_charset_falls_back_to_meta() -> None:
    data = page(to_windows_1258(VIETNAMESE),
                b'<meta http-equiv="Content-Type" content="text/html; charset=windows-1258">')
    decoded = decode_html(data, "utf-8")
    assert decoded.decided_by == "meta"
    assert VIETNAMESE in decoded.text


def test_unknown_declared_charset_falls_back() -> None:
    decoded = decode_html(page(VIETNAMESE.encode("utf-8")), "x-no-such-charset")
    assert VIETNAMESE in decoded.text


def test_undeclared_legacy_text_is_detected() -> None:
    decoded = decode_html(page(to_windows_1258(VIETNAMESE) * 3))
    assert decoded.decided_by == "detected"
    assert VIETNAMESE in decoded.text


def test_utf8_nfd_text_is_normalised() -> None:
    decomposed = unicodedata.normalize("NFD", VIETNAMESE)
    decoded = decode_html(page(decomposed.encode("utf-8")))
    assert VIETNAMESE in decoded.text


@pytest.mark.parametrize(("data", "error_class"), [
    (b"", "empty_document"),
    (b"   \n\t ", "empty_document"),
    (bytes(range(256)) * 20, "binary_content"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 64, "binary_content"),
])
def test_not_text(data: bytes, error_class: str) -> None:
    with pytest.raises(ParseError) as caught:
        decode_html(data)
    assert caught.value.error_class == error_class


def test_names() -> None:
    assert codec_name("Windows-1258") == "cp1258"
    assert codec_name("ISO-8859-1") == "cp1252"
    assert codec_name("nonsense") is None
    assert meta_charset(b'<meta http-equiv="content-type" content="text/html; charset=Shift_JIS">') == "Shift_JIS"
