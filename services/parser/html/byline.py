"""Bylines of Vietnamese news pages: the people named, without the role words around them.

"Bài và ảnh: Hương Giang" names Hương Giang; "Bài: Minh Anh - Ảnh: Thành Đạt" names two
people; "Theo TTXVN" names the agency the text comes from; "Tác giả: Thanh Hải" and
"Nhóm phóng viên" carry a label. Several people are written joined by " - ", "," or "và",
and are kept as several (in page order, each once). The site extractors use this on the
author blocks of their templates; the article event carries them as one string,
``", ".join(names)`` (``AUTHOR_SEPARATOR``).
"""

from __future__ import annotations

import re

from newsflow.language.normalize import clean_line

AUTHOR_SEPARATOR = ", "
#: A name is short; a longer "byline" is a sentence of the text.
NAME_MAX_CHARS = 40
NAME_MAX_WORDS = 6
_ROLE = (r"(?:bài\s*(?:viết)?(?:\s*(?:và|,|&|/)\s*ảnh)?|ảnh(?:\s*(?:và|,|&|/)\s*bài)?|"
         r"ảnh\s*minh\s*họa|video|clip|đồ\s*họa|thiết\s*kế|thực\s*hiện|tác\s*giả|"
         r"nhóm\s*(?:phóng\s*viên|pv)|phóng\s*viên|pv|ctv|cộng\s*tác\s*viên|biên\s*tập|"
         r"text(?:\s*and\s*photos?)?|photos?|by)")
#: A role label before a colon ("Bài và ảnh:", "Ảnh:", "Tác giả:"), anywhere in the line.
_LABEL = re.compile(rf"(?:^|(?<=[\s,;\-–(]))(?:{_ROLE})\s*[:：]\s*", re.IGNORECASE)
#: A leading word that is not a name: "Theo TTXVN", "By Jane Doe", "Nhóm phóng viên".
_LEADING = re.compile(r"^(?:theo|by|nguồn\s*[:：]?)\s+", re.IGNORECASE)
_LABEL_ONLY = re.compile(rf"^(?:{_ROLE})$", re.IGNORECASE)
#: Between two names: " - ", "–", ",", ";", "/", "&" or the word "và" ("and").
_SEPARATORS = re.compile(r"\s+[-–—]\s+|\s*[,;/&]\s*|\s+và\s+|\s+and\s+", re.IGNORECASE)


def author_names(byline: str) -> list[str]:
    """The people a byline names, in order, each once; [] when it names nobody."""
    text = _unwrap(clean_line(byline).strip(" ."))
    if not text:
        return []
    text = _LABEL.sub(" ; ", text)
    names: list[str] = []
    for part in _SEPARATORS.split(text):
        name = _unwrap(_LEADING.sub("", _unwrap(part)))
        if not name or _LABEL_ONLY.match(name):
            continue
        if len(name) > NAME_MAX_CHARS or len(name.split()) > NAME_MAX_WORDS or name.endswith("."):
            return []  # a sentence, not a byline
        if name not in names:
            names.append(name)
    return names


def _unwrap(text: str) -> str:
    """Without the punctuation around it, and without brackets that close nothing:
    "(Minh Anh)." -> "Minh Anh"; "Thu Hà (TTXVN)" stays."""
    text = text.strip(" .:;")
    if text.startswith(("(", "[")) and text.endswith((")", "]")):
        text = text[1:-1].strip(" .:;")
    if text.count("(") != text.count(")"):
        text = text.strip("()").strip(" .:;")
    return text


def join_authors(names: list[str]) -> str | None:
    return AUTHOR_SEPARATOR.join(names) or None


def names_a_publication(name: str, site_name: str | None) -> bool:
    """An author field naming the paper itself ("Báo Nhân Dân điện tử"), not a person."""
    folded = name.casefold().strip()
    if site_name and folded == site_name.casefold().strip():
        return True
    return folded.startswith(("báo ", "tạp chí ", "cổng thông tin", "trang thông tin")) or \
        folded.endswith(("điện tử", ".vn", ".com"))
