"""Bytes to text for HTML pages: the HTTP charset, then ``<meta charset>``, then detection.

A declared charset is only believed when the bytes decode under it; otherwise the next
piece of evidence is tried. Legacy Vietnamese encodings (windows-1258, which writes tone
marks as combining characters, and TCVN3/VISCII when Python knows them) are decoded and
then NFC-normalised so that "ế" is one code point whatever the source wrote.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from dataclasses import dataclass

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
#: Names pages declare that Python spells differently (or that are lies browsers correct).
_ALIASES = {"iso-8859-1": "windows-1252", "latin1": "windows-1252", "ascii": "windows-1252",
            "us-ascii": "windows-1252", "x-user-defined": "windows-1252", "utf8": "utf-8",
            "unicode": "utf-8", "utf-16": "utf-16"}


@dataclass(frozen=True)
class DecodedPage:
    text: str
    encoding: str
    #: Which evidence decided: "bom", "http", "meta", "detected" or "fallback".
    decided_by: str


def looks_binary(data: bytes) -> bool:
    sample = data[:4096]
    if b"\x00" in sample and not sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return True
    controls = sum(b < 9 or 13 < b < 32 for b in sample)
    return controls > BINARY_CONTROL_SHARE * max(len(sample), 1)


def codec_name(charset: str | None) -> str | None:
    """Python's codec name for a declared charset; None if unknown or empty."""
    if not charset:
        return None
    name = charset.strip().strip("\"'").lower()
    name = _ALIASES.get(name, name)
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def meta_charset(data: bytes) -> str | None:
    match = _META_CHARSET.search(data[:META_SCAN_BYTES])
    return match.group(1).decode("ascii", errors="replace") if match else None


def _strict(data: bytes, encoding: str) -> str | None:
    """The text if ``data`` decodes under ``encoding`` and reads as markup; else None.

    A wrong charset can decode without error (UTF-16 over UTF-8 bytes gives CJK soup), so
    the text must also show the markup's "<" early on.
    """
    try:
        text = data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None
    return text if "<" in text[:MARKUP_WITHIN_CHARS] else None


def _detected(data: bytes) -> str | None:
    from charset_normalizer import from_bytes

    best = from_bytes(data[:200_000]).best()
    return codec_name(best.encoding) if best is not None else None


def decode_html(data: bytes, http_charset: str | None = None) -> DecodedPage:
    """The page's text, NFC-normalised; ParseError when the bytes are not text."""
    if not data.strip():
        raise ParseError("empty_document", "the page is empty")
    for bom, bom_encoding in _BOMS:
        if data.startswith(bom):
            bom_text = _strict(data, bom_encoding)
            if bom_text is not None:
                return DecodedPage(unicodedata.normalize("NFC", bom_text), bom_encoding, "bom")
    if looks_binary(data):
        raise ParseError("binary_content", "the page is binary data (control bytes), not HTML")
    tried: list[str] = []
    for decided_by, declared in (("http", http_charset), ("meta", meta_charset(data))):
        encoding = codec_name(declared)
        if declared and encoding is None:
            tried.append(f"{decided_by} charset {declared!r} is unknown")
            continue
        if encoding:
            text = _strict(data, encoding)
            if text is not None:
                return DecodedPage(unicodedata.normalize("NFC", text), encoding, decided_by)
            tried.append(f"{decided_by} charset {declared!r} does not decode the bytes")
    utf8 = _strict(data, "utf-8")
    if utf8 is not None:
        return DecodedPage(unicodedata.normalize("NFC", utf8), "utf-8", "detected")
    detected = _detected(data)
    if detected:
        text = _strict(data, detected)
        if text is not None:
            return DecodedPage(unicodedata.normalize("NFC", text), detected, "detected")
    raise ParseError(
        "wrong_charset",
        "the page does not decode under any charset: "
        + ("; ".join(tried) if tried else "no charset declared")
        + "; detection found none that fits",
    )
