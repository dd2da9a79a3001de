"""Word frequencies and a Latin-script language guess for short texts (search queries).

Both load data on first use (wordfreq's lists, py3langid's model: about four seconds
together), so ``newsflow.language.warm_up`` loads them when a service starts.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

#: Latin-script languages a query without a filter is told apart among.
LATIN_CANDIDATES = ("de", "en", "fr", "es", "vi", "it", "pt", "nl")


@lru_cache(maxsize=1)
def latin_identifier() -> Any:
    """py3langid restricted to ``LATIN_CANDIDATES``."""
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    identifier.set_languages(list(LATIN_CANDIDATES))
    return identifier


def zipf_frequency(word: str, language: str) -> float:
    """wordfreq's Zipf frequency of ``word`` in ``language`` (0 for an unknown word)."""
    from wordfreq import zipf_frequency as frequency

    return float(frequency(word, language))


def warm_up() -> None:
    """Load the word lists of every candidate language and the identifier now."""
    for language in LATIN_CANDIDATES:
        zipf_frequency("news", language)
    latin_identifier().rank("warm up")
