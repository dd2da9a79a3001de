"""The snippets' first-letter table (``fold.first_letters``): a run whose first letter
folds to no term's first letter is passed over, so the table must give, for every letter
it holds, the first letter of the fold of every word that starts with it."""

from __future__ import annotations

import unicodedata

from newsflow.language.fold import FOLDS_AS_IS, first_letters, fold_text, fold_token
from newsflow.language.segment import RUN
from newsflow.services.indexer.snippets import make_snippet, matcher

#: Words of our own, in the scripts the plain path reads (no segmenting, no joiner):
#: capitals, ligatures, dotted capitals, final sigma, precomposed and decomposed letters,
#: Indic two-part vowels written in two characters.
TEXTS = (
    "Ứng dụng Đà Nẵng phòng thí nghiệm ĐẠI HỌC Hải Phòng",
    "Straße Öffentlichkeit Ärzte Übergang Innovationszentrum ﬁnanziell ﬂughafen",
    "İstanbul IŞIK ılık Çağ Şehir",
    "ΣΟΦΙΑ Σύνταξη ΆΘΗΝΑ ὈΔΥΣΣΕΥΣ",
    "Москва Ёлка ЁЖИК Україна Її",
    "ஔவை ஒளவை கொ கொ ೇ ැ ශ්‍රී",  # decomposed Tamil AU and O, Kannada, Sinhala
    "ভো ভো ଭୋ ଭୋ",  # Bengali and Oriya O, decomposed and precomposed
    "e\u0301te\u0301 A\u030angstro\u0308m Ǆemal ǅ ǲ",
    "القاهرة עברית ﺍﻟﻘﺎﻫﺮﺓ",
)


def test_each_word_folds_to_the_first_letter_the_table_gives() -> None:
    table = first_letters()
    for text in TEXTS:
        for word in RUN.findall(text):
            if word[0] in table:
                assert table[word[0]] == fold_token(word.lower())[:1], word


def test_no_following_mark_changes_a_letter_of_the_table() -> None:
    """Folding drops the marks of a non-zero combining class; the others (Indic vowel
    signs) stay, and NFC may compose one with the letter before it: every letter of the
    table followed by each character that is the second part of a canonical pair."""
    seconds = set()
    for code in range(0x110000):
        parts = unicodedata.decomposition(chr(code)).split()
        if len(parts) == 2 and not parts[0].startswith("<"):
            seconds.add(chr(int(parts[1], 16)))
    followers = [*sorted(c for c in seconds if unicodedata.combining(c) == 0), "a", "\u0301"]
    table = first_letters()
    assert len(table) > 5000
    for letter, first in table.items():
        for follower in followers:
            assert fold_text((letter + follower).lower())[:1] == first, (letter, follower)


def test_snippets_are_those_of_a_matcher_that_decides_every_word() -> None:
    """The same windows and highlights with the table as without it (a matcher whose every
    run is decided), on our texts and on terms of each kind: words, stems, prefixes."""
    body = " ".join(TEXTS) * 3
    cases = [({"strasse", "istanbul"}, None), ({"innov*", "finanz*"}, None),
             ({"zentrum"}, "de"), ({"σοφια", "ελκα"}, None), ({"ёлка", "ஔவை"}, None),
             ({"ete", "angstrom"}, "fr"), ({"phong", "dai"}, "vi"), ({"ভো"}, None)]
    for terms, language in cases:
        fast = make_snippet(body, terms, 80, language)
        slow_matcher = matcher(frozenset(terms), language)
        slow_matcher.by_first_letter = False
        try:
            slow = make_snippet(body, terms, 80, language)
        finally:
            slow_matcher.by_first_letter = True
        assert fast == slow, terms
        assert fast[1], terms  # each case finds something: the comparison is not empty


def test_text_that_folds_as_it_is() -> None:
    """``FOLDS_AS_IS``: every character it takes, lower-cased, folds to itself, and so do
    mixed runs of them (Hangul syllables after ASCII, Thai with its marks)."""
    characters = [chr(c) for c in range(0x110000) if FOLDS_AS_IS.fullmatch(chr(c).lower())]
    assert len(characters) > 11_000
    for character in characters:
        assert fold_text(character.lower()) == character.lower(), hex(ord(character))
    for text in ("부산에서 2024년", "สตาร์ทอัพ กรุงเทพฯ", "ai스타트업을", "ที่ 3 ของ"):
        assert FOLDS_AS_IS.fullmatch(text.lower())
        assert fold_text(text) == text.lower()
    assert not FOLDS_AS_IS.fullmatch("Hải"), "a Vietnamese word folds"
