"""Language detection from the text, with the declared language as evidence only."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

import pycld2

from newsflow.language.tokenize import has_thai

#: The Thai characters that are letters (not vowel or tone marks, digits or signs).
THAI_ALPHA = re.compile("[" + "".join(c for c in map(chr, range(0x0E00, 0x0E80)) if c.isalpha()) + "]")
LETTER = re.compile(r"[^\W\d_]")
#: Every byte of the Thai code page (cp874) but those of the Thai letters: what is left of a
#: text encoded in it, after these are deleted, is one byte per Thai letter.
_NOT_THAI_ALPHA_CP874 = bytes(set(range(256)) - set(
    "".join(c for c in map(chr, range(0x0E00, 0x0E80)) if c.isalpha()).encode("cp874")))
#: langid is as sure of a language from 600 characters of prose as from the whole text, and its cost
#: grows with the length: only the start is read.
SAMPLE_CHARS = 600
#: It reads the first 200 first and the rest of the sample only when that left it less than
#: ``SURE`` (about a fifth of prose): a third of the cost for the others. On the 90 real
#: pages of extraction-dev, the seeds and the benchmark corpus, 200 characters alone already
#: gave the 600-character answer every time.
FIRST_SAMPLE_CHARS = 200
SURE = 0.99
#: Below this (normalised) probability the declared language, when given, wins.
CONFIDENT = 0.90
KANA = re.compile(r"[\u3040-\u30ff]")
#: CLD2 is asked only from this many characters on: on shorter texts (a headline, a few
#: sentences of two languages) py3langid was right more often.
CLD2_MIN_CHARS = 200
#: ... and taken only when it puts this share of the text (percent) in its top language.
CLD2_MIN_PERCENT = 90
#: It reads this many characters first, and the whole sample only when it is not sure of
#: them: its cost grows with the length (about 20, 28 and 52 us for 200, 300 and 600
#: characters of bench prose here, loaded). On 6,587 texts (the seeds, 3,000 bench seed
#: documents, 3,000 varied ones of bench/parser_identity.py, the tuning parts' 480 real
#: pages, the test set of tests/unit/test_language_id.py alone, joined and tripled) the
#: answer differed from the whole sample's on 5 varied texts of three scripts mixed, where
#: the first 300 characters' language (es, en) replaced py3langid's guess for the mixture
#: (ext, gcf, tg).
CLD2_FIRST_CHARS = 300


@lru_cache(maxsize=1)
def _identifier() -> Any:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


@lru_cache(maxsize=1)
def _langid_codes() -> frozenset[str]:
    return frozenset(_identifier().nb_classes)


def _cld2_language(sample: str) -> str | None:
    """CLD2's answer (Google's compact language detector, in C++: about a seventh of
    py3langid's cost) when it is one to take: CLD2 says it is reliable, puts at least
    ``CLD2_MIN_PERCENT`` of the text in it, the language is one
    py3langid knows, and it is not Japanese for text without kana (CLD2 calls Han-only
    Chinese Japanese). Else None, and py3langid decides."""
    try:
        reliable, _, details = pycld2.detect(sample)
    except (pycld2.error, UnicodeEncodeError):  # e.g. a lone surrogate
        return None
    code, percent = str(details[0][1]).split("-")[0], details[0][2]
    if not reliable or percent < CLD2_MIN_PERCENT or code not in _langid_codes():
        return None
    if code == "ja" and KANA.search(sample) is None:
        return None
    return code


def thai_letter_count(text: str) -> int:
    """``len(THAI_ALPHA.findall(text))`` in a fourteenth of its time on Thai prose: the text
    in the Thai code page (in C; a character it lacks becomes "?"), less every byte that is
    not a Thai letter's (``bytes.translate``, in C). The code page maps each of its
    characters to a byte of its own, so a Thai letter's byte comes from that letter only."""
    return len(text.encode("cp874", "replace").translate(None, _NOT_THAI_ALPHA_CP874))


def _script_language(sample: str) -> str | None:
    """"th" when over 30% of the letters are Thai: langid is not needed for that."""
    if not has_thai(sample):
        return None
    thai = thai_letter_count(sample)
    if thai > 0.3 * len(sample):  # then over 30% of the letters too: no need to count them
        return "th"
    letters = len(LETTER.findall(sample))
    if letters and thai / letters > 0.3:
        return "th"
    return None


def normalise_code(code: str | None) -> str | None:
    """'de-DE' -> 'de', 'VI' -> 'vi'; None for empty or malformed codes."""
    if not code:
        return None
    primary = code.strip().replace("_", "-").split("-")[0].lower()
    return primary if primary.isalpha() and 2 <= len(primary) <= 3 else None


def detect_language(text: str, declared: str | None = None) -> str:
    """ISO 639-1 code of ``text``; ``declared`` (e.g. <html lang>) breaks unsure calls.

    CLD2 answers first; py3langid (pure Python) only where CLD2 is unsure, or disagrees with
    the declared language (then py3langid's probability decides, as before CLD2).

    Returns "und" when there is nothing to go on.
    """
    declared_code = normalise_code(declared)
    sample = text[:SAMPLE_CHARS]
    by_script = _script_language(sample)
    if by_script:
        return by_script
    if LETTER.search(sample) is None:
        return declared_code or "und"
    quick = None
    if len(sample) >= CLD2_MIN_CHARS:
        first = _cld2_language(sample[:CLD2_FIRST_CHARS])
        if first is not None and (declared_code is None or declared_code == first):
            return first
        quick = _cld2_language(sample) if len(sample) > CLD2_FIRST_CHARS else first
    if quick is not None and (declared_code is None or declared_code == quick):
        return quick
    language, probability = _identifier().classify(sample[:FIRST_SAMPLE_CHARS])
    if probability < SURE and len(sample) > FIRST_SAMPLE_CHARS:
        language, probability = _identifier().classify(sample)
    if declared_code and declared_code != language and probability < CONFIDENT:
        return declared_code
    return str(language)
