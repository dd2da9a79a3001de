"""Bylines in any language: the people named, without the role labels and words around them.

"Bài và ảnh: Hương Giang", "Text and photos: Jane Doe", "Texto y fotos: Ana Ruiz" name one
person each; "Bài: Minh Anh - Ảnh: Thành Đạt" names two; "By Jane Doe", "Von Anna Beispiel",
"Posted by Jane Doe" and "Theo TTXVN" ("according to") name who wrote or supplied the text.
Several people joined by " - ", ",", ";", "/", "&" or the word "and" of the language ("và",
"und", "et", "y" ...) are kept as several, in order, each once.

The rules are about the shape of a byline: a short label before a colon, a leading word
that introduces a name, separators between names, names that are short and end without a
full stop. The word lists hold only such general words (the "by" and "and" of the
languages we carry), never a site's or a person's name. The seed format (``seedformat``)
and the HTML metadata (``services/parser/html/metadata.py``) both read bylines here.
"""

from __future__ import annotations

import re

from newsflow.language.normalize import WORD_LETTER, clean_line

#: How an article event carries several authors: ", ".join(names).
AUTHOR_SEPARATOR = ", "
#: A name is short; a longer "byline" is a sentence of the text.
NAME_MAX_CHARS = 40
NAME_MAX_WORDS = 6
#: A role label is one to four words before a colon ("Bài và ảnh:", "Text and photos:",
#: "Tác giả:", "Autor:"), at the start or after a separator between names.
#: A letter of a word, the vowel signs of Indic and Thai scripts included (``normalize.WORD_LETTER``).
_WORD_CHAR = WORD_LETTER
_LABEL = re.compile(rf"(?:^|(?<=[-–—,;/&|(]))\s*(?:{_WORD_CHAR}+\.?\s+){{0,3}}{_WORD_CHAR}+\.?\s*[:：]\s*")
#: A leading word that introduces a name: "By", "Von", "Theo" (Vietnamese "according to").
_LEADING = re.compile(
    r"^(?:(?:by|von|par|por|di|door|av|af|przez|bởi|theo|nguồn|от|από|about|über|sobre|oleh)(?:\s+|$)|"
    r"(?:โดย|ໂດຍ|ដោយ)\s+)",  # Thai, Lao, Khmer "by": a space apart ("โดยรวม" is "overall")
    re.IGNORECASE)
#: A reporter's title beside the name: Korean "홍길동 기자" (after it), Chinese and Japanese
#: "记者 张三", "本报记者 张三" (before it), Vietnamese "Phóng viên Minh Anh", "PV Minh Anh"; the
#: Korean dateline before the name ("워싱턴=박민수 특파원").
_ROLE_AFFIX = re.compile(r"\s*(?:\S{0,3}기자|특파원|논설위원)$|^[^\s=]+=(?=\S)|"
                         r"^(?:\S{0,4}(?:记者|記者)|通讯员|通訊員)\s*(?=\S)|(?<=\S)\s*(?:記者|记者|編集委員|特派員)$|"
                         r"^(?:phóng\s+viên|pv|ctv|nhà\s+báo)\s+(?=\S)", re.IGNORECASE)
#: "Posted by", "Written by", "Story by": a word before an English "by" (never a name particle);
#: the same phrases in German, French, Spanish, Italian ("Erstellt von", "Publié par").
_POSTED_BY = re.compile(
    r"^(?:[^\W\d_]+\s+by|(?:erstellt|geschrieben|verfasst|veröffentlicht|gepostet|(?:ein\s+)?(?:beitrag|artikel|"
    r"text|interview))\s+von|(?:publié|écrit|rédigé|posté)\s+par|(?:escrito|publicado)\s+por|"
    r"(?:scritto|pubblicato)\s+da)\s+",
    re.IGNORECASE,
)
#: Degrees after a name ("Grant Tinsley, PhD"): not a second author.
_CREDENTIALS = re.compile(r"^(?:ph\.?\s?d|m\.?d|msc|m\.?sc|mba|mph|rd|rn|bsc|dds|ma|llm|dipl\.?-?\w*)\.?$",
                          re.IGNORECASE)
#: A part that is only a role, naming nobody: "Bài", "ảnh" (of "Bài, ảnh: …"), "Nhóm
#: phóng viên" (the reporters' team), "Text and photos", "Video".
_ROLE = (r"(?:bài\s*(?:viết)?(?:\s*(?:và|,|&|/)\s*ảnh)?|ảnh(?:\s*(?:và|,|&|/)\s*bài)?|"
         r"ảnh\s*minh\s*họa|video|clip|đồ\s*họa|thiết\s*kế|thực\s*hiện|tác\s*giả|"
         r"nhóm\s*(?:phóng\s*viên|pv)|phóng\s*viên|pv|ctv|cộng\s*tác\s*viên|biên\s*tập|"
         r"text(?:\s*and\s*photos?)?|photos?|fotos?|by)")
_ROLE_ONLY = re.compile(rf"^(?:{_ROLE})$", re.IGNORECASE)
#: A Chinese or Japanese role before its name: "文・山田太郎", "文/张三 图/李四", "写真／鈴木".
_CJK_ROLE = re.compile(r"(?:^|(?<=\s))(?:文|文字|写真|撮影|構成|取材|图|圖|摄影|攝影|文图|文圖|图文|圖文)"
                       r"\s*[・/／|｜]\s*")
#: A Korean agency's dateline around the reporter's name, "(서울=연합뉴스) 홍길동 기자 =", and
#: an e-mail address after a name: neither is the name.
_DATELINE_IN_BRACKETS = re.compile(r"^[(（\[][^()（）\[\]]*=[^()（）\[\]]*[)）\]]\s*|\s*=$")
_ADDRESS = re.compile(r"\s*\S+@\S+\.\w+|\s*(?<!\S)@\w+")
#: A reporter's job after the name, as its own part ("Jane Doe, Staff Writer", "Marie Dupont,
#: envoyée spéciale à Kyiv") or closing it ("Jane Doe Senior Correspondent"): not a name.
_JOB = (r"(?:(?:senior|chief|staff|special|political|foreign|business|sports?|deputy|associate|contributing|"
        r"managing|news|science|health|legal|white\s+house|washington|europe|asia)\s+)*"
        r"(?:writer|reporter|correspondent|editor|columnist|contributor|journalist|photographer|analyst)s?|"
        r"(?:leitende[rn]?\s+)?(?:redakteur|korrespondent|reporter|journalist)(?:in)?|"
        r"envoyée?\s+spéciale?|correspondante?|journaliste|rédact(?:eur|rice)|"
        r"enviad[oa]\s+especial|corresponsal|redactora?|periodista|"
        r"inviat[oa](?:\s+speciale)?|corrispondente|giornalista|correspondente|repórter|jornalista")
_JOB_PART = re.compile(rf"^(?:{_JOB})\b", re.IGNORECASE)
#: ... and what follows the job up to the next name ("corresponsal en Lima": "en" is also Dutch "and").
_JOB_CLAUSE = re.compile(rf"\s*(?:,|\s[|–—-])\s*(?:{_JOB})\b[^,;|]*", re.IGNORECASE)
_JOB_AFTER = re.compile(rf"(?<=\S)\s+(?:{_JOB})$", re.IGNORECASE)
#: A date after the name ("Written by Jane Doe on March 3, 2024", "Von Anna Berg am 3. März").
_ON_A_DATE = re.compile(r"\s+(?:on|am|le|el|il|em|op)\s+\S*.*\d.*$", re.IGNORECASE)
#: Chinese reporters after "记者" ("记者 张三 李四"): names of two to four Han characters set
#: apart by spaces alone are several (a Japanese byline spaces one name: "山田 太郎").
_CHINESE_REPORTERS = re.compile(r"^(?:\S{0,4}记者|通讯员)\s*"
                                r"((?:[\u4e00-\u9fff]{2,4}\s+)+[\u4e00-\u9fff]{2,4})$")
#: Between two names.
_SEPARATORS = re.compile(r"\s+[-–—|·•]\s+|\s*[,;/&、，·・]\s*|\s+(?:và|and|und|et|y|e|en|og|och|i|и|และ)\s+",
                         re.IGNORECASE)


#: "ByJ.R. Stone": a "By" that the page's layout set apart from the name, glued to it in the text.
_GLUED_BY = re.compile(r"^(?:By|BY|Von|VON)(?=[A-ZÀ-ÖØ-Þ][a-zà-öø-ÿ.])")


def author_names(byline: str | None) -> list[str]:
    """The people a byline names, in order, each once; [] when it names nobody or is a sentence."""
    text = _GLUED_BY.sub("", _unwrap(clean_line(byline or "").strip(" .")))
    if not text or "://" in text:
        return []
    text = _POSTED_BY.sub("", text)
    if "=" in text or "@" in text:
        text = _ADDRESS.sub("", _DATELINE_IN_BRACKETS.sub("", text)).strip()
    if any(ch.isdigit() for ch in text):
        text = _ON_A_DATE.sub("", text)
    text = _JOB_CLAUSE.sub("", text)
    reporters = _CHINESE_REPORTERS.match(text)
    if reporters:
        text = " ; ".join(reporters.group(1).split())
    text = _CJK_ROLE.sub(" ; ", text)
    text = _LABEL.sub(" ; ", text)
    names: list[str] = []
    for part in _SEPARATORS.split(text):
        name = _unwrap(_ROLE_AFFIX.sub("", _LEADING.sub("", _unwrap(part))))
        if _JOB_AFTER.search(name) and len(_JOB_AFTER.sub("", name).split()) >= 2:
            name = _JOB_AFTER.sub("", name)
        if not name or not any(ch.isalpha() for ch in name) or any(ch.isdigit() for ch in name) \
                or _CREDENTIALS.match(name) or _ROLE_ONLY.match(name) or _JOB_PART.match(name):
            continue  # punctuation, a date or a count beside the names, a degree after one
        if len(name) > NAME_MAX_CHARS or len(name.split()) > NAME_MAX_WORDS or name.endswith("."):
            return []  # a sentence, not a byline
        if name not in names:
            names.append(name)
    return names


#: A line that says it is a byline: "By Jane Doe", "Von Anna Beispiel", "Autor: Petra Ruland".
_INTRODUCED = re.compile(r"^(?:(?:posted|written|story|words|text)\s+by\s*[:：]?|"
                         r"by|von|par|por|door|av|af|przez|bởi|"
                         r"(?:autor(?:in)?|author|auteur|autore|texte?|text|tác\s+giả|bài)\s*[:：])\s+\S",
                         re.IGNORECASE)


def introduces_a_name(text: str) -> bool:
    """The text begins like a byline ("By ", "Von ", "Autor: "), whatever follows."""
    return bool(_INTRODUCED.match(text.lstrip()[:2 * NAME_MAX_CHARS] + " x"))


def introduced_names(line: str) -> list[str]:
    """The names of a line that introduces them ("Von Anna Beispiel"); [] for any other line."""
    line = clean_line(line)
    if not _INTRODUCED.match(line) or len(line) > 2 * NAME_MAX_CHARS:
        return []
    return author_names(line)


def _unwrap(text: str) -> str:
    """Without the punctuation around it, and without brackets that close nothing:
    "(Minh Anh)." -> "Minh Anh"; "Thu Hà (TTXVN)" stays."""
    text = text.strip(" .:;·•")
    if text.startswith(("(", "[", "（")) and text.endswith((")", "]", "）")):
        text = text[1:-1].strip(" .:;")
    if text.count("(") != text.count(")"):
        text = text.strip("()").strip(" .:;")
    return text


def join_authors(names: list[str]) -> str | None:
    return AUTHOR_SEPARATOR.join(names) or None


def split_authors(author: str | None) -> list[str]:
    """The names of an author field that ``join_authors`` made, in order: exact, as no name
    holds a comma (``author_names`` splits at every one)."""
    return [name.strip() for name in (author or "").split(AUTHOR_SEPARATOR.strip()) if name.strip()]


def names_a_publication(name: str, site_name: str | None) -> bool:
    """An author field naming the paper itself ("Báo Nhân Dân điện tử"), not a person."""
    folded = name.casefold().strip()
    if site_name and folded == site_name.casefold().strip():
        return True
    return folded.startswith(("báo ", "tạp chí ", "cổng thông tin", "trang thông tin")) or \
        folded.endswith(("điện tử", ".vn", ".com"))
