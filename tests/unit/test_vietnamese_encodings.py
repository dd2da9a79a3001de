"""Legacy Vietnamese encodings (TCVN3, VISCII, VNI), web charset labels and UTF-16 without a BOM."""

from __future__ import annotations

import shutil
import subprocess
import unicodedata

import pytest

from newsflow.encodings import (
    decode_vietnamese,
    encode_vietnamese,
    sniff_vietnamese,
    utf16_without_bom,
    web_codec,
)
from newsflow.services.parser.html import parts_from_html
from newsflow.services.parser.html.encoding import decode_html

SENTENCES = [
    "Sở Khoa học và Công nghệ thành phố Hải Phòng tổ chức hội nghị tổng kết công tác năm.",
    "Người dân được hưởng lợi ích từ những ứng dụng mới của khoa học, kỹ thuật và đổi mới sáng tạo.",
    "Trường Đại học Hàng hải Việt Nam ký kết hợp tác với các doanh nghiệp ở Đà Nẵng, Huế và Cần Thơ.",
    "ĐỒNG CHÍ NGUYỄN VĂN THƯỞNG PHÁT BIỂU TẠI LỄ KHAI MẠC; Ông nói: “Chúng ta phải nỗ lực hơn nữa”.",
    "Mưa lũ kéo dài khiến nhiều tuyến đường bị ngập sâu, giao thông ùn tắc suốt buổi chiều thứ Bảy.",
]
ENCODINGS = ("tcvn3", "viscii", "vni")


def page(body: bytes, head: bytes = b"") -> bytes:
    return (b"<html><head>" + head + b"<title>Tin</title></head><body><article>" + body
            + b"</article></body></html>")


@pytest.mark.parametrize("encoding", ENCODINGS)
@pytest.mark.parametrize("sentence", SENTENCES)
def test_round_trip(encoding: str, sentence: str) -> None:
    sentence = sentence.replace("“", '"').replace("”", '"')  # none of them has curly quotes
    data = encode_vietnamese(sentence, encoding)
    assert not data.isascii()
    assert decode_vietnamese(data, encoding) == sentence
    # decomposed input (as some editors write it) encodes the same
    assert encode_vietnamese(unicodedata.normalize("NFD", sentence), encoding) == data


def test_well_known_byte_sequences() -> None:
    # the mojibake every Vietnamese reader knows: TCVN3 read as Latin-1 shows "Hµ Néi"
    assert decode_vietnamese("Hµ Néi".encode("cp1252"), "tcvn3") == "Hà Nội"
    assert decode_vietnamese(b"Vi\xd6t Nam", "tcvn3") == "Việt Nam"
    assert decode_vietnamese(b"\xa7\xb5 N\xb5ng", "tcvn3") == "Đà Nàng"
    # TCVN 5712 also writes tone marks as combining bytes (0xB0-0xB4): composed to NFC
    assert decode_vietnamese(b"a\xb3", "tcvn3") == "á"
    # VISCII (RFC 1456): 0xAE is ệ, 0xF0 đ, and six C0 positions are capitals (0x02 Ẳ)
    assert decode_vietnamese(b"Vi\xaet Nam", "viscii") == "Việt Nam"
    assert decode_vietnamese(b"\xf0i \x02", "viscii") == "đi Ẳ"
    # VNI: a letter, then a byte for its marks ("Vieät Nam", "Tröôøng Ñaïi hoïc" in a VNI font)
    for vni, text in (("Vieät Nam", "Việt Nam"), ("Tröôøng Ñaïi hoïc", "Trường Đại học"),
                      ("thaønh phoá Hoà Chí Minh", "thành phố Hồ Chí Minh"), ("Ñaø Naüng", "Đà Nẵng"),
                      ("lòch söû", "lịch sử"), ("nghóa", "nghĩa"), ("VIEÄT NAM", "VIỆT NAM")):
        assert decode_vietnamese(vni.encode("cp1252"), "vni") == text


@pytest.mark.skipif(shutil.which("iconv") is None, reason="no iconv on this machine")
@pytest.mark.parametrize(("ours", "glibc"), [("viscii", "VISCII"), ("tcvn3", "TCVN5712-1")])
def test_tables_agree_with_glibc_iconv(ours: str, glibc: str) -> None:
    data = bytes(range(256))
    reference = subprocess.run(["iconv", "-f", glibc, "-t", "UTF-8"], input=data, capture_output=True,
                               check=True).stdout.decode("utf-8")
    assert decode_vietnamese(data, ours) == unicodedata.normalize("NFC", reference)


@pytest.mark.parametrize(("label", "encoding"), [
    ("TCVN3", "tcvn3"), ("tcvn", "tcvn3"), ("ABC", "tcvn3"), ("x-viet-tcvn5712", "tcvn3"),
    ("VISCII", "viscii"), ("VNI", "vni"), ("vni-win", "vni"),
])
def test_declared_legacy_charset_decodes(label: str, encoding: str) -> None:
    assert web_codec(label) == encoding
    text = " ".join(s.replace("“", '"').replace("”", '"') for s in SENTENCES)
    data = page(encode_vietnamese(text, encoding), f'<meta charset="{label}">'.encode())
    decoded = decode_html(data)
    assert decoded.encoding == encoding and decoded.decided_by == "meta"
    assert text in decoded.text


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_undeclared_legacy_text_is_sniffed(encoding: str) -> None:
    text = " ".join(s.replace("“", '"').replace("”", '"') for s in SENTENCES)
    data = page(b"<p>" + encode_vietnamese(text, encoding) + b"</p>")
    assert sniff_vietnamese(data) == encoding
    decoded = decode_html(data)
    assert decoded.encoding == encoding and text in decoded.text
    # pages in TCVN3 or VNI fonts often claim Latin-1: their words say otherwise
    assert text in decode_html(data, "iso-8859-1").text


@pytest.mark.parametrize("text", [
    "Grüße aus Köln: Die Straßenbahn fährt über die Brücke, während Bürger à la carte speisen. " * 3,
    "À côté de l’église, les élèves étudient l’histoire très sérieusement; où est la fenêtre? " * 3,
    "Las niñas españolas celebran la Navidad con canciones, turrón y mucha alegría en diciembre. " * 3,
])
def test_latin1_text_is_not_taken_for_vietnamese(text: str) -> None:
    data = page(b"<p>" + text.encode("cp1252") + b"</p>")
    assert sniff_vietnamese(data) is None
    assert text in decode_html(data, "windows-1252").text
    assert decode_html(data).encoding not in {"tcvn3", "viscii", "vni"}


@pytest.mark.parametrize("label", ["unicode_escape", "rot13", "rot_13", "base64", "hex", "zlib", "punycode",
                                   "idna", "raw_unicode_escape", "utf-7", "mbcs", "palmos"])
def test_python_only_codecs_are_not_believed(label: str) -> None:
    body = "Tin mới: \\u0041\\x42 không đổi. ".encode() * 5
    data = page(b"<p>" + body + b"</p>", f'<meta charset="{label}">'.encode())
    assert web_codec(label) is None
    for decoded in (decode_html(data), decode_html(data, label)):
        assert decoded.encoding == "utf-8" and decoded.decided_by == "detected"
        assert "Tin mới: \\u0041\\x42 không đổi." in decoded.text


def test_whatwg_labels() -> None:
    assert web_codec(" ISO-8859-1 ") == "cp1252"
    assert web_codec("latin1") == "cp1252"
    assert web_codec("GB2312") == "gb18030"
    assert web_codec("shift_jis") == "cp932"
    assert web_codec("windows-1258") == "cp1258"
    assert web_codec("iso-2022-kr") is None  # the "replacement" encoding: browsers refuse it
    assert web_codec("utf-32") is None
    assert web_codec("") is None and web_codec(None) is None


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom_is_decoded(codec: str) -> None:
    html = ("<html><head><title>Tin Hải Phòng</title></head><body><article><h1>Tin Hải Phòng</h1>"
            + "".join(f"<p>{s}</p>" for s in SENTENCES) + "</article></body></html>")
    data = html.encode(codec)
    assert utf16_without_bom(data) == codec
    decoded = decode_html(data)
    assert decoded.encoding == codec and SENTENCES[0] in decoded.text
    parts = parts_from_html(data, url="https://example.vn/tin", charset=None)
    assert parts.title == "Tin Hải Phòng" and SENTENCES[1] in parts.paragraphs


def test_binary_is_not_taken_for_utf16() -> None:
    assert utf16_without_bom(bytes(range(256)) * 20) is None
    assert utf16_without_bom(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 64) is None
