"""Bytes to text for HTML pages: BOM, the HTTP charset, then ``<meta charset>``, then detection.

A declared charset is believed only when it is a web encoding (a WHATWG Encoding Standard
label, or a legacy Vietnamese one: ``newsflow.encodings``) and the bytes decode under it;
otherwise the next piece of evidence is tried. UTF-16 without a BOM is recognised by its
NUL bytes; undeclared TCVN3, VISCII and VNI by their words. Every page is NFC-normalised,
so that "ế" is one code point whatever the source wrote (windows-1258 and TCVN3 write tone
marks as combining characters).
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from dataclasses import dataclass

from newsflow.encodings import (
    VIETNAMESE_ENCODINGS,
    decode_vietnamese,
    is_refused_label,
    sniff_vietnamese,
    utf16_without_bom,
    web_codec,
)
from newsflow.services.parser.parts import ParseError

#: How far into the page a <meta charset> may stand (the HTML standard says 1024 bytes;
#: real pages put scripts before it, so look further).
META_SCAN_BYTES = 8192
#: Above this share of control characters the bytes are not a text document.
BINARY_CONTROL_SHARE = 0.10
#: A decoded page shows a "<" within this many characters, or the charset was wrong.
MARKUP_WITHIN_CHARS = 4096
_META_CHARSET = re.compile(
    rb"""<meta[^>]+?charset\s*=\s*["']?\s*([A-Za-z0-9_.:\-]+)""", re.IGNORECASE
)
_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
#: The declared codecs a page in a legacy Vietnamese font encoding usually claims.
_LATIN1_CODECS = frozenset({"cp1252"})


@dataclass(frozen=True)
class DecodedPage:
    text: str
    encoding: str
    #: Which evidence decided: "bom", "http", "meta", "detected" or "fallback".
    decided_by: str


_CONTROL_BYTES = bytes(b for b in range(32) if b < 9 or b > 13)


def looks_binary(data: bytes) -> bool:
    sample = data[:4096]
    if b"\x00" in sample and not sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return True
    controls = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
    return controls > BINARY_CONTROL_SHARE * max(len(sample), 1)


#: The bytes ``sniff_vietnamese`` reads (its own sample).
SNIFF_SAMPLE_BYTES = 200_000
#: A run of ASCII letters, control and non-ASCII bytes with at least one of the last two: the
#: only runs in which any of the readings ``sniff_vietnamese`` compares has a non-ASCII letter
#: (printable ASCII, tab and newlines read the same in all of them, and none is a letter).
_NON_ASCII_WORDS = re.compile(rb"[A-Za-z]*(?:[^\t\n\r\x20-\x7e][A-Za-z]*)+")


def _sniffed(data: bytes) -> str | None:
    """``sniff_vietnamese`` of the page, given only its words with a non-ASCII byte: the same
    verdict (it counts only those words) at a fraction of the cost on a mostly-ASCII page."""
    return sniff_vietnamese(b" ".join(_NON_ASCII_WORDS.findall(data[:SNIFF_SAMPLE_BYTES])))


def codec_name(charset: str | None) -> str | None:
    """The codec for a declared web charset (see ``newsflow.encodings.web_codec``); None if the
    label is empty, unknown, or names no text encoding of the web."""
    return web_codec(charset)


def meta_charset(data: bytes) -> str | None:
    match = _META_CHARSET.search(data[:META_SCAN_BYTES])
    return match.group(1).decode("ascii", errors="replace") if match else None


def _strict(data: bytes, encoding: str) -> str | None:
    """The text if ``data`` decodes under ``encoding`` and reads as markup; else None.

    A wrong charset can decode without error (UTF-16 over UTF-8 bytes gives CJK soup), so
    the text must also show the markup's "<" early on.
    """
    try:
        text = decode_vietnamese(data, encoding) if encoding in VIETNAMESE_ENCODINGS \
            else data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None
    return text if "<" in text[:MARKUP_WITHIN_CHARS] else None


def _detected(data: bytes) -> str | None:
    """charset-normalizer's guess, when it is a web encoding."""
    from charset_normalizer import from_bytes

    best = from_bytes(data[:200_000]).best()
    if best is None:
        return None
    try:
        name = codecs.lookup(best.encoding).name
    except LookupError:
        return None
    return name if name in _WEB_CODECS else None


_WEB_CODECS = frozenset(codecs.lookup(name).name for name in (
    "utf-8", "cp866", "iso8859-2", "iso8859-3", "iso8859-4", "iso8859-5", "iso8859-6", "iso8859-7",
    "iso8859-8", "iso8859-10", "iso8859-13", "iso8859-14", "iso8859-15", "iso8859-16", "koi8-r",
    "koi8-u", "mac-roman", "cp874", "cp1250", "cp1251", "cp1252", "cp1253", "cp1254", "cp1255",
    "cp1256", "cp1257", "cp1258", "mac-cyrillic", "gb18030", "gbk", "gb2312", "big5", "big5hkscs",
    "euc_jp", "iso2022_jp", "shift_jis", "cp932", "euc_kr", "cp949", "utf-16-le", "utf-16-be"))


def _page(text: str, encoding: str, decided_by: str) -> DecodedPage:
    return DecodedPage(unicodedata.normalize("NFC", text), encoding, decided_by)


def decode_html(data: bytes, http_charset: str | None = None) -> DecodedPage:
    """The page's text, NFC-normalised; ParseError when the bytes are not text."""
    if not data.strip():
        raise ParseError("empty_document", "the page is empty")
    for bom, bom_encoding in _BOMS:
        if data.startswith(bom):
            bom_text = _strict(data, bom_encoding)
            if bom_text is not None:
                return _page(bom_text, bom_encoding, "bom")
    utf16 = utf16_without_bom(data) if b"\x00" in data[:4096] else None  # its NULs
    if utf16 is not None:
        utf16_text = _strict(data, utf16)
        if utf16_text is not None:
            return _page(utf16_text, utf16, "detected")
    if looks_binary(data):
        raise ParseError("binary_content", "the page is binary data (control bytes), not HTML")
    tried: list[str] = []
    for decided_by, declared in (("http", http_charset), ("meta", meta_charset(data))):
        if not declared:
            continue
        encoding = codec_name(declared)
        if encoding is None:
            reason = "names an encoding browsers refuse" if is_refused_label(declared) \
                else "is not a text encoding of the web"
            tried.append(f"{decided_by} charset {declared!r} {reason}")
            continue
        if decided_by == "meta" and encoding.startswith("utf-16"):
            encoding = "utf-8"  # a <meta> read as ASCII cannot be UTF-16 (the HTML standard)
        if encoding in _LATIN1_CODECS:
            # pages in TCVN3/VNI fonts declare Latin-1: their words say otherwise
            sniffed = _sniffed(data)
            sniffed_text = _strict(data, sniffed) if sniffed else None
            if sniffed and sniffed_text is not None:
                return _page(sniffed_text, sniffed, "detected")
        text = _strict(data, encoding)
        if text is not None:
            return _page(text, encoding, decided_by)
        tried.append(f"{decided_by} charset {declared!r} does not decode the bytes")
    utf8 = _strict(data, "utf-8")
    if utf8 is not None:
        return _page(utf8, "utf-8", "detected")
    for detected in (_sniffed(data), _detected(data)):
        if detected:
            text = _strict(data, detected)
            if text is not None:
                return _page(text, detected, "detected")
    raise ParseError(
        "wrong_charset",
        "the page does not decode under any charset: "
        + ("; ".join(tried) if tried else "no charset declared")
        + "; detection found none that fits",
    )
