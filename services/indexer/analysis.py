"""Text analysis for search: the same on documents and on queries.

Every text becomes three token streams: ``exact`` (lower-cased words, diacritics kept),
``folded`` (diacritics removed) and ``stemmed`` (folded Snowball stems under the text's
language, for the languages that have a stemmer; the folded word otherwise). Matching uses
all three, so "Hai Phong" finds "Hải Phòng", "Delegationen" finds "Delegation", and the
exact spelling scores higher. Thai is segmented into words first (newsflow.language).

A query is a list of ``QueryTerm``: each whitespace-separated chunk is one term, and so is
each ``"quoted phrase"``; a term with several words (a phrase, or a Thai word written
without spaces that segments into several) matches those words in order. A query has no
other syntax: every character is text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from newsflow.language.fold import fold_token
from newsflow.language.tokenize import words

#: ISO 639-1 code -> Snowball algorithm. Languages without one are matched unstemmed.
STEMMERS = {"de": "german", "en": "english", "fr": "french", "es": "spanish"}


@dataclass(frozen=True)
class Analysed:
    exact: list[str]
    folded: list[str]
    stemmed: list[str]


@dataclass(frozen=True)
class QueryTerm:
    """One unit of a query: all of it must match, as one phrase."""

    text: str
    exact: list[str]
    folded: list[str]
    #: (language, the stemmed phrase under its stemmer) for each candidate language.
    stem_variants: list[tuple[str, list[str]]]
    quoted: bool = False


@lru_cache(maxsize=8)
def _stemmer(algorithm: str) -> Any:
    import snowballstemmer

    return snowballstemmer.stemmer(algorithm)


@lru_cache(maxsize=200_000)
def stem(word: str, language: str | None) -> str:
    """The folded Snowball stem of a lower-cased word; the folded word without a stemmer."""
    algorithm = STEMMERS.get(language or "")
    if algorithm is None:
        return fold_token(word)
    return fold_token(str(_stemmer(algorithm).stemWord(word)))


#: Per language, the (folded, stemmed) forms of each lower-cased word met so far: one dict
#: lookup per word of a document instead of a fold and a stem (about half the indexer's
#: Python time went there). A table is emptied when it reaches ``FORMS_LIMIT`` words.
_FORMS: dict[str | None, dict[str, tuple[str, str]]] = {}
FORMS_LIMIT = 300_000


def _forms_table(language: str | None) -> dict[str, tuple[str, str]]:
    table = _FORMS.get(language)
    if table is None or len(table) >= FORMS_LIMIT:
        table = _FORMS[language] = {}
    return table


def analyse(text: str, language: str | None = None) -> Analysed:
    # lower-casing the whole text first is one C call instead of one per word
    exact = words(text.lower())
    table = _forms_table(language)
    forms = []
    for word in exact:
        found = table.get(word)
        if found is None:
            found = table[word] = (fold_token(word), stem(word, language))
        forms.append(found)
    return Analysed(
        exact=exact,
        folded=[folded for folded, _ in forms],
        stemmed=[stemmed for _, stemmed in forms],
    )


def stem_languages(language: str | None, index_languages: Iterable[str] = STEMMERS) -> list[str]:
    """The languages whose stems a query tries: the filtered one (if it has a stemmer), else
    every stemmed language. A stem only matches articles of its own language."""
    candidates = [language] if language else sorted(index_languages)
    return [c for c in candidates if c in STEMMERS]


_QUOTED = re.compile(r'"([^"]*)"')


def split_query(query: str) -> list[tuple[str, bool]]:
    """Chunks of a query with whether each was quoted. An unpaired quote is plain text."""
    chunks: list[tuple[str, bool]] = []
    position = 0
    for match in _QUOTED.finditer(query):
        chunks += [(c, False) for c in query[position:match.start()].split()]
        if match.group(1).strip():
            chunks.append((match.group(1).strip(), True))
        position = match.end()
    chunks += [(c, False) for c in query[position:].split()]
    return chunks


def query_terms(query: str, language: str | None = None) -> list[QueryTerm]:
    """A query's terms, each analysed as documents are (see the module doc)."""
    terms = []
    for chunk, quoted in split_query(query):
        analysed = analyse(chunk)
        if not analysed.exact:
            continue
        variants = [(candidate, [stem(w, candidate) for w in analysed.exact])
                    for candidate in stem_languages(language)]
        terms.append(QueryTerm(text=chunk, exact=analysed.exact, folded=analysed.folded,
                               stem_variants=variants, quoted=quoted))
    return terms


def highlight_terms(terms: list[QueryTerm]) -> set[str]:
    """Folded words and stems a snippet highlights."""
    found = {w for t in terms for w in t.folded}
    found |= {s for t in terms for _, v in t.stem_variants for s in v}
    return found
