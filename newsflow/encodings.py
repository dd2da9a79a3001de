"""Text encodings of the web, and the legacy Vietnamese ones Python has no codec for.

Both the fetcher and the parser turn bytes into text, so the rules live here, once:

- ``web_codec(label)``: a declared charset is believed only when it is a label of the WHATWG
  Encoding Standard (https://encoding.spec.whatwg.org/#names-and-labels), or one of the
  legacy Vietnamese labels below; it is then mapped to the Python codec that decodes it as
  browsers do. ``unicode_escape``, ``rot13``, ``base64`` and any other codec Python happens
  to know are not text encodings of the web and give None.
- ``decode_vietnamese(data, name)``: TCVN3 (ABC; decoded with the TCVN 5712:1993 VN1
  table, of which VN3 is the subset old pages use), VISCII (RFC 1456) and VNI (VNI-Win,
  where a letter is a base letter followed by a byte for its marks), always NFC-composed.
- ``sniff_vietnamese(data)``: which of them undeclared bytes are, when the decoded words are
  clearly Vietnamese syllables and the Latin-1 reading is clearly not.
- ``utf16_without_bom(data)``: UTF-16 recognised by where its NUL bytes fall.
"""

from __future__ import annotations

import re
import unicodedata

#: WHATWG encoding name -> its labels (the Encoding Standard, "Names and labels").
WHATWG_LABELS: dict[str, tuple[str, ...]] = {
    "UTF-8": ("unicode-1-1-utf-8", "unicode11utf8", "unicode20utf8", "utf-8", "utf8", "x-unicode20utf8"),
    "IBM866": ("866", "cp866", "csibm866", "ibm866"),
    "ISO-8859-2": ("csisolatin2", "iso-8859-2", "iso-ir-101", "iso8859-2", "iso88592", "iso_8859-2",
                   "iso_8859-2:1987", "l2", "latin2"),
    "ISO-8859-3": ("csisolatin3", "iso-8859-3", "iso-ir-109", "iso8859-3", "iso88593", "iso_8859-3",
                   "iso_8859-3:1988", "l3", "latin3"),
    "ISO-8859-4": ("csisolatin4", "iso-8859-4", "iso-ir-110", "iso8859-4", "iso88594", "iso_8859-4",
                   "iso_8859-4:1988", "l4", "latin4"),
    "ISO-8859-5": ("csisolatincyrillic", "cyrillic", "iso-8859-5", "iso-ir-144", "iso8859-5", "iso88595",
                   "iso_8859-5", "iso_8859-5:1988"),
    "ISO-8859-6": ("arabic", "asmo-708", "csiso88596e", "csiso88596i", "csisolatinarabic", "ecma-114",
                   "iso-8859-6", "iso-8859-6-e", "iso-8859-6-i", "iso-ir-127", "iso8859-6", "iso88596",
                   "iso_8859-6", "iso_8859-6:1987"),
    "ISO-8859-7": ("csisolatingreek", "ecma-118", "elot_928", "greek", "greek8", "iso-8859-7", "iso-ir-126",
                   "iso8859-7", "iso88597", "iso_8859-7", "iso_8859-7:1987", "sun_eu_greek"),
    "ISO-8859-8": ("csiso88598e", "csisolatinhebrew", "hebrew", "iso-8859-8", "iso-8859-8-e", "iso-ir-138",
                   "iso8859-8", "iso88598", "iso_8859-8", "iso_8859-8:1988", "visual"),
    "ISO-8859-8-I": ("csiso88598i", "iso-8859-8-i", "logical"),
    "ISO-8859-10": ("csisolatin6", "iso-8859-10", "iso-ir-157", "iso8859-10", "iso885910", "l6", "latin6"),
    "ISO-8859-13": ("iso-8859-13", "iso8859-13", "iso885913"),
    "ISO-8859-14": ("iso-8859-14", "iso8859-14", "iso885914"),
    "ISO-8859-15": ("csisolatin9", "iso-8859-15", "iso8859-15", "iso885915", "iso_8859-15", "l9"),
    "ISO-8859-16": ("iso-8859-16",),
    "KOI8-R": ("cskoi8r", "koi", "koi8", "koi8-r", "koi8_r"),
    "KOI8-U": ("koi8-ru", "koi8-u"),
    "macintosh": ("csmacintosh", "mac", "macintosh", "x-mac-roman"),
    "windows-874": ("dos-874", "iso-8859-11", "iso8859-11", "iso885911", "tis-620", "windows-874"),
    "windows-1250": ("cp1250", "windows-1250", "x-cp1250"),
    "windows-1251": ("cp1251", "windows-1251", "x-cp1251"),
    "windows-1252": ("ansi_x3.4-1968", "ascii", "cp1252", "cp819", "csisolatin1", "ibm819", "iso-8859-1",
                     "iso-ir-100", "iso8859-1", "iso88591", "iso_8859-1", "iso_8859-1:1987", "l1", "latin1",
                     "us-ascii", "windows-1252", "x-cp1252"),
    "windows-1253": ("cp1253", "windows-1253", "x-cp1253"),
    "windows-1254": ("cp1254", "csisolatin5", "iso-8859-9", "iso-ir-148", "iso8859-9", "iso88599",
                     "iso_8859-9", "iso_8859-9:1989", "l5", "latin5", "windows-1254", "x-cp1254"),
    "windows-1255": ("cp1255", "windows-1255", "x-cp1255"),
    "windows-1256": ("cp1256", "windows-1256", "x-cp1256"),
    "windows-1257": ("cp1257", "windows-1257", "x-cp1257"),
    "windows-1258": ("cp1258", "windows-1258", "x-cp1258"),
    "x-mac-cyrillic": ("x-mac-cyrillic", "x-mac-ukrainian"),
    "GBK": ("chinese", "csgb2312", "csiso58gb231280", "gb2312", "gb_2312", "gb_2312-80", "gbk", "iso-ir-58",
            "x-gbk"),
    "gb18030": ("gb18030",),
    "Big5": ("big5", "big5-hkscs", "cn-big5", "csbig5", "x-x-big5"),
    "EUC-JP": ("cseucpkdfmtjapanese", "euc-jp", "x-euc-jp"),
    "ISO-2022-JP": ("csiso2022jp", "iso-2022-jp"),
    "Shift_JIS": ("csshiftjis", "ms932", "ms_kanji", "shift-jis", "shift_jis", "sjis", "windows-31j",
                  "x-sjis"),
    "EUC-KR": ("cseuckr", "csksc56011987", "euc-kr", "iso-ir-149", "korean", "ks_c_5601-1987",
               "ks_c_5601-1989", "ksc5601", "ksc_5601", "windows-949"),
    "replacement": ("csiso2022kr", "hz-gb-2312", "iso-2022-cn", "iso-2022-cn-ext", "iso-2022-kr",
                    "replacement"),
    "UTF-16BE": ("unicodefffe", "utf-16be"),
    "UTF-16LE": ("csunicode", "iso-10646-ucs-2", "ucs-2", "unicode", "unicodefeff", "utf-16", "utf-16le"),
    "x-user-defined": ("x-user-defined",),
}
#: The Python codec that decodes each WHATWG encoding as browsers do (GBK pages are read
#: with the gb18030 decoder, Big5 with HKSCS, Shift_JIS and EUC-KR with Windows' supersets).
#: "replacement" has none: those labels name encodings browsers refuse to decode.
_PYTHON_CODECS = {
    "UTF-8": "utf-8", "IBM866": "cp866", "ISO-8859-2": "iso8859-2", "ISO-8859-3": "iso8859-3",
    "ISO-8859-4": "iso8859-4", "ISO-8859-5": "iso8859-5", "ISO-8859-6": "iso8859-6",
    "ISO-8859-7": "iso8859-7",
    "ISO-8859-8": "iso8859-8", "ISO-8859-8-I": "iso8859-8", "ISO-8859-10": "iso8859-10",
    "ISO-8859-13": "iso8859-13", "ISO-8859-14": "iso8859-14", "ISO-8859-15": "iso8859-15",
    "ISO-8859-16": "iso8859-16", "KOI8-R": "koi8-r", "KOI8-U": "koi8-u", "macintosh": "mac-roman",
    "windows-874": "cp874", "windows-1250": "cp1250", "windows-1251": "cp1251", "windows-1252": "cp1252",
    "windows-1253": "cp1253", "windows-1254": "cp1254", "windows-1255": "cp1255", "windows-1256": "cp1256",
    "windows-1257": "cp1257", "windows-1258": "cp1258", "x-mac-cyrillic": "mac-cyrillic",
    "GBK": "gb18030", "gb18030": "gb18030", "Big5": "big5hkscs", "EUC-JP": "euc_jp",
    "ISO-2022-JP": "iso2022_jp", "Shift_JIS": "cp932", "EUC-KR": "cp949", "UTF-16BE": "utf-16-be",
    "UTF-16LE": "utf-16-le", "x-user-defined": "cp1252",
}
#: Legacy Vietnamese labels pages and servers use (no WHATWG label names them).
VIETNAMESE_LABELS = {
    "tcvn3": ("tcvn", "tcvn3", "tcvn-3", "tcvn5712", "tcvn-5712", "tcvn5712-1", "tcvn5712-3",
              "tcvn5712-1:1993", "vn3", "abc", "x-viet-tcvn", "x-viet-tcvn5712", "x-viet-tcvn3"),
    "viscii": ("viscii", "viscii1.1-1", "csviscii", "x-viet-viscii"),
    "vni": ("vni", "vni-win", "vni-windows", "x-viet-vni"),
}
_LABEL_TO_CODEC = {label: _PYTHON_CODECS[name] for name, labels in WHATWG_LABELS.items()
                   for label in labels if name in _PYTHON_CODECS}
_LABEL_TO_VIETNAMESE = {label: name for name, labels in VIETNAMESE_LABELS.items() for label in labels}
#: The encodings ``decode_vietnamese`` knows.
VIETNAMESE_ENCODINGS = tuple(VIETNAMESE_LABELS)


def _label(charset: str) -> str:
    # the Encoding Standard strips ASCII white space; pages also quote it
    return charset.strip().strip("\"'").strip().lower()


def web_codec(charset: str | None) -> str | None:
    """The codec for a declared charset: a Python codec name, a name of ``VIETNAMESE_ENCODINGS``,
    or None when the label is no text encoding of the web."""
    if not charset:
        return None
    label = _label(charset)
    return _LABEL_TO_CODEC.get(label) or _LABEL_TO_VIETNAMESE.get(label)


def is_refused_label(charset: str | None) -> bool:
    """A WHATWG label of the "replacement" encoding (ISO-2022-KR, HZ...): never decoded."""
    return bool(charset) and _label(charset or "") in WHATWG_LABELS["replacement"]


# --- VISCII (RFC 1456): six C0 positions and the whole upper half are Vietnamese letters ---
_VISCII_C0 = {0x02: "Ẳ", 0x05: "Ẵ", 0x06: "Ẫ", 0x14: "Ỷ", 0x19: "Ỹ", 0x1E: "Ỵ"}
_VISCII_HIGH = (
    "ẠẮẰẶẤẦẨẬẼẸẾỀỂỄỆỐ"  # 0x80
    "ỒỔỖỘỢỚỜỞỊỎỌỈỦŨỤỲ"  # 0x90
    "Õắằặấầẩậẽẹếềểễệố"  # 0xA0
    "ồổỗỠƠộờởịỰỨỪỬơớƯ"  # 0xB0
    "ÀÁÂÃẢĂẳẵÈÉÊẺÌÍĨỳ"  # 0xC0
    "ĐứÒÓÔạỷừửÙÚỹỵÝỡư"  # 0xD0
    "àáâãảăữẫèéêẻìíĩỉ"  # 0xE0
    "đựòóôõỏọụùúũủýợỮ"  # 0xF0
)
# --- TCVN 5712:1993 VN1 (VN3, the ABC fonts' subset, is what old pages use) ---
_TCVN_C0 = {0x01: "Ú", 0x02: "Ụ", 0x04: "Ừ", 0x05: "Ử", 0x06: "Ữ", 0x11: "Ứ", 0x12: "Ự", 0x13: "Ỳ",
            0x14: "Ỷ", 0x15: "Ỹ", 0x16: "Ý", 0x17: "Ỵ"}
_TCVN_HIGH = (
    "ÀẢÃÁẠẶẬÈẺẼÉẸỆÌỈĨ"  # 0x80
    "ÍỊÒỎÕÓỌỘỜỞỠỚỢÙỦŨ"  # 0x90
    "\u00a0ĂÂÊÔƠƯĐăâêôơưđẰ"  # 0xA0
    "\u0300\u0309\u0303\u0301\u0323àảãáạẲằẳẵắẴ"  # 0xB0: the five tone marks, then letters
    "ẮẦẨẪẤỀặầẩẫấậèỂẻẽ"  # 0xC0
    "éẹềểễếệìỉỄẾỒĩíịò"  # 0xD0
    "Ổỏõóọồổỗốộờởỡớợù"  # 0xE0
    "ỖủũúụừửữứựỳỷỹýỵỐ"  # 0xF0
)


def _single_byte_table(c0: dict[int, str], high: str) -> str:
    table = [chr(b) for b in range(0x80)]
    for byte, char in c0.items():
        table[byte] = char
    assert len(high) == 128, len(high)
    return "".join(table) + high


_VISCII_TABLE = _single_byte_table(_VISCII_C0, _VISCII_HIGH)
_TCVN_TABLE = _single_byte_table(_TCVN_C0, _TCVN_HIGH)

# --- VNI (VNI-Win): a base letter, then one byte (a Windows-1252 letter) for its marks ---
_ACUTE, _GRAVE, _HOOK, _TILDE, _DOT = "\u0301", "\u0300", "\u0309", "\u0303", "\u0323"
_CIRCUMFLEX, _BREVE, _HORN = "\u0302", "\u0306", "\u031b"
#: Mark bytes (lower- and uppercase forms mean the same) -> the marks they add.
_VNI_MARKS = {
    "ù": _ACUTE, "ø": _GRAVE, "û": _HOOK, "õ": _TILDE, "ï": _DOT,
    "â": _CIRCUMFLEX, "á": _CIRCUMFLEX + _ACUTE, "à": _CIRCUMFLEX + _GRAVE, "å": _CIRCUMFLEX + _HOOK,
    "ã": _CIRCUMFLEX + _TILDE, "ä": _CIRCUMFLEX + _DOT,
    "ê": _BREVE, "é": _BREVE + _ACUTE, "è": _BREVE + _GRAVE, "ú": _BREVE + _HOOK, "ü": _BREVE + _TILDE,
    "ë": _BREVE + _DOT,
}
_VNI_MARKS.update({k.upper(): v for k, v in list(_VNI_MARKS.items())})
#: Bytes that are a letter by themselves.
_VNI_LETTERS = {"ñ": "đ", "Ñ": "Đ", "ô": "ơ", "Ô": "Ơ", "ö": "ư", "Ö": "Ư", "í": "í", "Í": "Í",
                "ì": "ì", "Ì": "Ì", "æ": "ỉ", "Æ": "Ỉ", "ó": "ĩ", "Ó": "Ĩ", "ò": "ị", "Ò": "Ị",
                "î": "ỵ", "Î": "Ỵ"}
_TONES = {_ACUTE, _GRAVE, _HOOK, _TILDE, _DOT}
_VNI_PAIR = re.compile("([aeouyAEOUYơƠưƯ])([" + re.escape("".join(_VNI_MARKS)) + "])")


def _vni_compose(match: re.Match[str]) -> str:
    base, mark_byte = match.group(1), match.group(2)
    marks = _VNI_MARKS[mark_byte]
    lower = base.lower()
    if (marks[0] == _CIRCUMFLEX and lower not in "aeo") or (marks[0] == _BREVE and lower != "a"):
        return match.group(0)  # not a mark this letter takes: the byte is the Latin-1 letter it shows
    return unicodedata.normalize("NFC", base + marks)


def _decode_vni(data: bytes) -> str:
    text = data.decode("cp1252", errors="replace")
    text = "".join(_VNI_LETTERS.get(ch, ch) for ch in text)
    return _VNI_PAIR.sub(_vni_compose, text)


def decode_vietnamese(data: bytes, name: str) -> str:
    """``data`` in one of ``VIETNAMESE_ENCODINGS``, as NFC Unicode (every byte decodes)."""
    if name == "viscii":
        text = _charmap(data, _VISCII_TABLE)
    elif name == "tcvn3":
        text = _charmap(data, _TCVN_TABLE)
    elif name == "vni":
        text = _decode_vni(data)
    else:
        raise LookupError(f"not a legacy Vietnamese encoding: {name}")
    return unicodedata.normalize("NFC", text)


def _charmap(data: bytes, table: str) -> str:
    import codecs

    return codecs.charmap_decode(data, "strict", table)[0]


def encode_vietnamese(text: str, name: str) -> bytes:
    """``text`` in a legacy Vietnamese encoding (for tests and fixtures); ValueError if it cannot be."""
    text = unicodedata.normalize("NFC", text)
    if name in {"viscii", "tcvn3"}:
        table = _VISCII_TABLE if name == "viscii" else _TCVN_TABLE
        reverse = {ch: i for i, ch in enumerate(table) if i >= 0x80 or ch != chr(i)}
        out = bytearray()
        for ch in text:
            if ch in reverse:
                out.append(reverse[ch])
            elif ord(ch) < 0x80 and table[ord(ch)] == ch:
                out.append(ord(ch))
            else:
                raise ValueError(f"{ch!r} has no code in {name}")
        return bytes(out)
    if name == "vni":
        letters = {v: k for k, v in _VNI_LETTERS.items()}
        marks = {v: k for k, v in _VNI_MARKS.items() if k.islower()}
        upper_marks = {v: k for k, v in _VNI_MARKS.items() if k.isupper()}
        out_text = []
        for ch in text:
            if ch in letters:
                out_text.append(letters[ch])
                continue
            decomposed = unicodedata.normalize("NFD", ch)
            base, rest = decomposed[0], list(decomposed[1:])
            if base in "oOuU" and _HORN in rest:
                rest.remove(_HORN)
                base = {"o": "ô", "O": "Ô", "u": "ö", "U": "Ö"}[base]
            combined = "".join(sorted(rest, key=lambda m: m not in {_CIRCUMFLEX, _BREVE}))
            if combined:
                mark_bytes = upper_marks if base.isupper() else marks
                if combined not in mark_bytes:
                    raise ValueError(f"{ch!r} has no code in vni")
                out_text.append(base + mark_bytes[combined])
            else:
                out_text.append(ch)
        return "".join(out_text).encode("cp1252")
    raise LookupError(f"not a legacy Vietnamese encoding: {name}")


# --- sniffing ---
_VOWELS = "aăâeêioôơuưy"
_TONED = {unicodedata.normalize("NFC", v + t) for v in _VOWELS for t in ("", *_TONES)}
_VIETNAMESE_LETTERS = frozenset(_TONED | {"đ"} | {c.upper() for c in _TONED | {"đ"}})
_ONSET = "(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdđghklmnprstvx])?"
_CODA = "(?:ng|nh|ch|[cmnpt])?"
_NUCLEUS = f"[{_VOWELS}{''.join(sorted(_TONED))}]{{1,3}}"
_SYLLABLE = re.compile(f"^{_ONSET}{_NUCLEUS}{_CODA}$")
_WORD = re.compile(r"[^\W\d_]+")
#: Words with a non-ASCII letter that must be read for a verdict, and the share of them that
#: must be Vietnamese syllables (a Latin-1 reading of Vietnamese bytes scores near 0).
SNIFF_MIN_WORDS = 12
SNIFF_MIN_SHARE = 0.85


def vietnamese_share(text: str) -> tuple[int, float]:
    """(words with a non-ASCII letter, share of them that are well-formed Vietnamese syllables).

    A syllable has one vowel group and at most one tone mark; a letter outside Vietnamese
    (ß, ñ, ¸ read as part of a word...) makes the word fail.
    """
    words = [w for w in _WORD.findall(text[:200_000]) if not w.isascii()]
    if not words:
        return 0, 0.0
    good = 0
    for word in words:
        lower = word.lower()
        tones = sum(1 for ch in unicodedata.normalize("NFD", lower) if ch in _TONES)
        if tones <= 1 and all(ch.isascii() or ch in _VIETNAMESE_LETTERS for ch in word) \
                and _SYLLABLE.match(lower):
            good += 1
    return len(words), good / len(words)


def sniff_vietnamese(data: bytes) -> str | None:
    """The legacy Vietnamese encoding of undeclared bytes, when the evidence is clear; else None.

    Each candidate reading must make at least ``SNIFF_MIN_SHARE`` of its non-ASCII words
    Vietnamese syllables, and clearly more than the Windows-1252 reading does.
    """
    sample = data[:200_000]
    if sample.isascii():
        return None
    _count, latin_share = vietnamese_share(sample.decode("cp1252", errors="replace"))
    best: tuple[float, str] | None = None
    for name in VIETNAMESE_ENCODINGS:
        count, share = vietnamese_share(decode_vietnamese(sample, name))
        if count >= SNIFF_MIN_WORDS and share >= SNIFF_MIN_SHARE and share > latin_share + 0.3 \
                and (best is None or share > best[0]):
            best = (share, name)
    return best[1] if best else None


def utf16_without_bom(data: bytes) -> str | None:
    """"utf-16-le" or "utf-16-be" when NUL bytes fall on one side of the byte pairs; else None.

    Markup is ASCII, so UTF-16 text has a NUL in most pairs, always on the same side; binary
    data has NULs on both sides.
    """
    sample = data[:4096]
    pairs = len(sample) // 2
    if pairs < 8:
        return None
    even = sum(1 for i in range(0, 2 * pairs, 2) if sample[i] == 0)
    odd = sum(1 for i in range(1, 2 * pairs, 2) if sample[i] == 0)
    if odd >= 0.3 * pairs and even <= 0.01 * pairs:
        return "utf-16-le"
    if even >= 0.3 * pairs and odd <= 0.01 * pairs:
        return "utf-16-be"
    return None
