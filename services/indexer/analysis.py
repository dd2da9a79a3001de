"""Text analysis for search: the same on documents and on queries.

Every text becomes two token streams: ``exact`` (lower-cased words, diacritics kept) and
``folded`` (diacritics removed). Matching uses both, so "Hai Phong" finds "Hải Phòng" and
the exact spelling scores higher. Thai is segmented into words first (newsflow.language).
"""

from __future__ import annotations

from dataclasses import dataclass

from newsflow.language.fold import fold_token
from newsflow.language.tokenize import words


@dataclass(frozen=True)
class Analysed:
    exact: list[str]
    folded: list[str]


def analyse(text: str, language: str | None = None) -> Analysed:
    exact = [w.lower() for w in words(text)]
    return Analysed(exact=exact, folded=[fold_token(w) for w in exact])


def query_groups(query: str, language: str | None = None) -> list[Analysed]:
    """A query's terms: each whitespace-separated chunk is one group (a phrase when the
    chunk splits into several words, as a Thai word written without spaces does)."""
    groups = []
    for chunk in query.split():
        analysed = analyse(chunk, language)
        if analysed.exact:
            groups.append(analysed)
    return groups
