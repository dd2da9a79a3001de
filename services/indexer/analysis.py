"""Text analysis for search: the same on documents and on queries, for both backends.

Every text becomes three token streams (``newsflow.language.segment`` makes the tokens:
CJK bigrams, Thai/Lao/Khmer dictionary words, words split at hyphens): ``exact``
(lower-cased, diacritics kept), ``folded`` (diacritics removed) and ``stemmed``: under the
article's language, the Snowball stems for the languages with a stemmer (German compounds
are split into their parts first, ``newsflow.language.decompound``), the sub-words for Thai
(every word inside a compound token, ``thai_parts``) and for Chinese, Japanese and Korean
(the single characters, ``cjk_unigrams``); nothing for the other languages. A query word
finds a Thai compound that holds it, or a CJK character anywhere, through these: one
posting list, where splitting the tokens themselves made every Thai query walk very common
fragments and a one-character query was a prefix over every bigram starting with it.

A query is parsed (``parse_query``) into clauses: every clause must match, an excluded
one must not. The syntax, and only it:

- ``"words in quotes"``: a phrase (the words in this order);
- ``word*``: any word starting with ``word`` (two letters at least);
- ``-word`` or ``-"a phrase"``: articles with it are left out;
- ``a OR b``: either (``OR`` in capitals, between two terms).

An unquoted word written with an elided article or preposition (``l'Europe``,
``d'énergie``) is matched without it, whichever elision the text wrote. An unquoted Korean
word is also matched without a particle at its end (``부산에서`` finds ``부산``) and as the
two words it may be written apart as (``청년월세`` finds ``청년 월세``): ``korean_variants``.

Anything else is text; an unclosed quote, an ``OR`` without a term on each side or a query
of exclusions only is a ``QueryError`` with the reason. An unquoted term that makes several
tokens (a hyphenated word, CJK, Thai) matches them as a phrase.

Each term matches its exact form, its folded form or, in articles of the query's language,
its stem. The query's language is the language filter when given; else it is read from
the query itself (``query_languages``): its script (Thai, Hangul, kana, Han ...), then
Vietnamese letters, then for Latin words how frequent they are in each language
(wordfreq) with py3langid's guess. Only that language's stemmer is used (and a second's
when the two are too close to tell), so French "tourisme" does not find English "tourism"
by its stem. Articles in the query's language(s) rank higher (see the backends).
"""

from __future__ import annotations

import gc
import re
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import chain
from typing import Any

from newsflow.language import native, warm_up
from newsflow.language.decompound import LEXICALISED_ZIPF, split_compound, zipf
from newsflow.language.fold import fold_text, fold_token, spellings
from newsflow.language.frequency import LATIN_CANDIDATES, latin_identifier, zipf_frequency
from newsflow.language.segment import (
    bigrams,
    cjk_unigrams,
    forms_cache,
    has_index_forms,
    index_forms,
    is_cjk,
    is_thai,
    lower,
    thai_parts,
    token_spans,
    tokens,
)
from newsflow.services.indexer.backends.base import QueryError

#: ISO 639-1 code -> Snowball algorithm. Languages without one are matched unstemmed.
STEMMERS = {"de": "german", "en": "english", "fr": "french", "es": "spanish"}
#: Languages whose stemmed stream holds sub-words instead of stems (see the module doc).
THAI_LANGUAGE = "th"
CJK_LANGUAGES = frozenset({"zh", "ja", "ko"})
#: A language scoring within this of the best one is a query language too.
LANGUAGE_MARGIN = 0.4
MAX_STEM_LANGUAGES = 2
#: The likeliest language with a stemmer is a query language too when this close to the best.
STEMMER_MARGIN = 2.0
#: Letters only Vietnamese writes (after NFC).
VIETNAMESE_LETTERS = re.compile(
    "[ăâđơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịĩọỏốồổỗộớờởỡợụủũứừửữựỳỵỷỹ]", re.IGNORECASE)
_SCRIPTS: list[tuple[re.Pattern[str], tuple[str, ...]]] = [
    (re.compile(r"[\u0e00-\u0e7f]"), ("th",)),
    (re.compile(r"[\u0e80-\u0eff]"), ("lo",)),
    (re.compile(r"[\u1780-\u17ff]"), ("km",)),
    (re.compile(r"[\u1000-\u109f]"), ("my",)),
    (re.compile(r"[\uac00-\ud7af\u1100-\u11ff\u3130-\u318f]"), ("ko",)),
    (re.compile(r"[\u3040-\u30ff\u31f0-\u31ff\uff66-\uff9f]"), ("ja",)),
    (re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]"), ("zh", "ja")),
]


@dataclass(frozen=True)
class Analysed:
    exact: list[str]
    folded: list[str]
    #: Stems, or sub-words (Thai, CJK); empty for the other languages.
    stemmed: list[str]


@lru_cache(maxsize=8)
def _stemmer(algorithm: str) -> Any:
    import snowballstemmer

    stemmer = snowballstemmer.stemmer(algorithm)
    # PyStemmer's own word cache (10,000 words) is emptied and refilled as new words come:
    # 12 us a new word against 0.3 without it, and ``stem`` has its own cache.
    if hasattr(stemmer, "maxCacheSize"):
        stemmer.maxCacheSize = 0
    return stemmer


@lru_cache(maxsize=200_000)
def stem(word: str, language: str | None) -> str:
    """The folded Snowball stem of a lower-cased word; the folded word without a stemmer.

    Spanish is stemmed after folding and loses a last vowel, so that "tecnologia",
    "tecnología" and "tecnológica" share one stem whatever accents a reader types."""
    algorithm = STEMMERS.get(language or "")
    if algorithm is None:
        return fold_token(word)
    if language == "es":
        stemmed = str(_stemmer(algorithm).stemWord(fold_token(word)))
        return stemmed[:-1] if len(stemmed) > 4 and stemmed[-1] in "aeiou" else stemmed
    return fold_token(str(_stemmer(algorithm).stemWord(word)))


@lru_cache(maxsize=200_000)
def stems(word: str, language: str | None) -> tuple[str, ...]:
    """The stems a word stands for: one, or each part's of a German compound."""
    if language == "de":
        whole = stem(word, "de")
        # A compound whose stem is a frequent word is one word in all its forms: the
        # query "Bahnhof" and the text "Bahnhöfen" must both stay whole.
        if zipf(whole) >= LEXICALISED_ZIPF:
            return (whole,)
        return tuple(stem(part, "de") for part in split_compound(word))
    return (stem(word, language),)


#: Per language, the folded form and the stems (or sub-words) of each lower-cased token met
#: so far: a text's new tokens are folded and stemmed once, and its columns are then looked
#: up with ``map`` (C, no Python code per token). A language's tables are emptied when they
#: reach ``FORMS_LIMIT`` tokens.
_FORMS: dict[str | None, tuple[dict[str, str], dict[str, tuple[str, ...]]]] = {}
FORMS_LIMIT = 300_000


def _forms_tables(language: str | None) -> tuple[dict[str, str], dict[str, tuple[str, ...]]]:
    tables = _FORMS.get(language)
    if tables is None or len(tables[0]) >= FORMS_LIMIT:
        tables = _FORMS[language] = ({}, {})
    return tables


def _sub_forms(token: str, language: str | None) -> tuple[str, ...]:
    if language in STEMMERS:
        return stems(token, language)
    return thai_parts(token) if language == THAI_LANGUAGE else ()


def _has_sub_forms(language: str | None) -> bool:
    """Whether a language's stemmed stream is its tokens' forms (stems, Thai sub-words)."""
    return language in STEMMERS or language == THAI_LANGUAGE


def analyse(text: str, language: str | None = None) -> Analysed:
    lowered = text.lower()
    exact = tokens(lowered)
    folds, subs = _forms_tables(language)
    new = set(exact).difference(folds)
    # fold_text, not the cached fold_token: the forms table is the cache of these tokens.
    folds.update(zip(new, map(fold_text, new), strict=True))
    folded = list(map(folds.__getitem__, exact))
    if _has_sub_forms(language):
        subs.update((token, _sub_forms(token, language)) for token in new)
        stemmed = list(chain.from_iterable(map(subs.__getitem__, exact)))
    elif language in CJK_LANGUAGES:
        stemmed = cjk_unigrams(lowered)
    else:
        stemmed = []
    return Analysed(exact=exact, folded=folded, stemmed=stemmed)


def joined_columns(analysed: Analysed, tag: str) -> tuple[str, str, str]:
    """An analysis as the index's three columns of a text: its exact, folded and stemmed
    tokens, each joined by single spaces; every stem written after ``tag`` (``de-``); the
    folded column empty when it would only repeat the exact one."""
    exact, folded = " ".join(analysed.exact), " ".join(analysed.folded)
    return exact, "" if folded == exact else folded, tagged_join(analysed.stemmed, tag)


def tagged_join(forms: list[str], tag: str) -> str:
    """``forms`` joined by single spaces, ``tag`` before each ('' for none)."""
    return (tag + (" " + tag).join(forms)) if forms else ""


#: Per language, the ``FormsCache`` of ``index_columns``: the forms tables of the C path
#: (each token's fold and sub-forms, looked up there without a str made for the token),
#: emptied, as the tables are, at ``FORMS_LIMIT`` tokens.
_FORMS_CACHES: dict[str | None, native.TokenForms] = {}


def _forms_cache(language: str | None) -> native.TokenForms:
    cache = _FORMS_CACHES.get(language)
    if cache is None or len(cache) >= FORMS_LIMIT:
        cache = _FORMS_CACHES[language] = forms_cache()
    return cache


def index_columns(text: str, language: str | None, tag: str) -> tuple[str, str, str]:
    """``joined_columns(analyse(text, language), tag)``, written in C when the extension is
    built (``segment.index_forms``: each token looked up in the language's ``FormsCache``
    and copied into the columns as it is found, where the lists of ``analyse`` and their
    joins cost some 100 ns a token in Python, and making each token a str and hashing it
    most of the rest)."""
    if not has_index_forms():
        return joined_columns(analyse(text, language), tag)
    lowered = lower(text)
    cache = _forms_cache(language)
    with_subs = _has_sub_forms(language)
    joined = index_forms(lowered, cache, with_subs, tag)
    if isinstance(joined, list):  # tokens new to the cache: folded and stemmed once, here
        for token in set(joined):
            # fold_text, not the cached fold_token: the cache is the cache of these tokens.
            cache.add(token, fold_text(token), _sub_forms(token, language) if with_subs else None)
        joined = index_forms(lowered, cache, with_subs, tag)
        assert not isinstance(joined, list)
    if language in CJK_LANGUAGES:
        return joined[0], joined[1], tagged_join(cjk_unigrams(lowered), tag)
    return joined


# --- queries --------------------------------------------------------------------------


def warm_up_search() -> None:
    """``newsflow.language.warm_up`` for a process that answers queries, then what it holds
    by then (the word lists, the models, the modules) moved out of the garbage collector's
    reach (``gc.freeze``): they live as long as the process, and a full collection walking
    them took 47-58 ms after the warm-up (0.0 once frozen), inside whichever query it fell
    on (the slowest query of the 05:20 and 06:55 benchmark runs, 157 and 136 ms of CPU,
    where the benchmark's own corpus made it 140-180 ms)."""
    warm_up(index=True, queries=True)
    gc.collect()
    gc.freeze()




@dataclass(frozen=True)
class QueryTerm:
    """One word, hyphenated word or phrase of a query: all its tokens, in order."""

    text: str
    exact: list[str]
    folded: list[str]
    #: (language, the stemmed tokens under its stemmer) for each query language.
    stem_variants: list[tuple[str, list[str]]]
    quoted: bool = False
    #: The last token is a prefix (``word*``).
    prefix: bool = False
    #: (language, units): the term also matches an article of that language holding every
    #: unit as a word or as a sub-word of its stemmed stream (a Thai word inside a compound,
    #: a CJK character); see ``subword_variants``.
    subwords: list[tuple[str, list[str]]] = field(default_factory=list)


@dataclass(frozen=True)
class Clause:
    """Terms of which one must match (more than one: joined by OR); or, ``excluded``, none."""

    options: list[QueryTerm]
    excluded: bool = False


@dataclass(frozen=True)
class ParsedQuery:
    clauses: list[Clause]
    #: The languages the query is in (the filter's, or guessed from the query).
    languages: tuple[str, ...] = ()
    stem_languages: tuple[str, ...] = field(default=())

    @property
    def required(self) -> list[Clause]:
        return [c for c in self.clauses if not c.excluded]

    @property
    def excluded(self) -> list[Clause]:
        return [c for c in self.clauses if c.excluded]

    def proximity_terms(self) -> list[QueryTerm]:
        """The plain terms (one option, not quoted, no prefix) whose nearness ranks an
        article higher; empty unless there are two or more."""
        plain = [c.options[0] for c in self.required
                 if len(c.options) == 1 and not c.options[0].quoted and not c.options[0].prefix]
        return plain if len(plain) >= 2 else []


@lru_cache(maxsize=20_000)
def query_languages(text: str, language: str | None = None) -> tuple[str, ...]:
    """The languages a query is in, best first: the filter's, else by script, Vietnamese
    letters, and word frequencies with langid (see the module doc)."""
    if language:
        return (language,)
    for pattern, languages in _SCRIPTS:
        if pattern.search(text):
            return languages
    if VIETNAMESE_LETTERS.search(text):
        return ("vi",)
    # A hyphenated word counts as its parts of two letters or more and as written joined:
    # "e-mail" is English by "mail" and "email", where the "e" read as Italian "and".
    words: list[str] = []
    for chunk in text.lower().split():
        parts = [w for w in tokens(chunk) if w.isalpha()]
        if len(parts) > 1 and "-" in chunk:
            words += [w for w in parts if len(w) > 1] + ["".join(parts)]
        else:
            words += parts
    if not words:
        return ()
    guesses = dict(latin_identifier().rank(" ".join(words)))
    scores = {
        candidate: sum(zipf_frequency(w, candidate) for w in words) / len(words)
        + 1.5 * float(guesses.get(candidate, 0.0))
        for candidate in LATIN_CANDIDATES
    }
    best = max(scores.values())
    ranked = sorted((c for c in scores if scores[c] >= best - LANGUAGE_MARGIN),
                    key=lambda c: -scores[c])
    # The likeliest language with a stemmer, when not far behind: "tecnologia" (without its
    # accent, more Portuguese or Italian than Spanish) is still stemmed as Spanish.
    stemmed = max(STEMMERS, key=lambda c: scores[c])
    if stemmed not in ranked and scores[stemmed] >= best - STEMMER_MARGIN:
        ranked.append(stemmed)
    return tuple(ranked)


def stem_languages(languages: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(c for c in languages if c in STEMMERS)[:MAX_STEM_LANGUAGES]


#: The elided articles, pronouns and prepositions of French (and Italian): "l'", "d'", "qu'"...
ELISION = re.compile(r"^(?:[cdjlmnst]|qu|jusqu|lorsqu|puisqu|quoiqu)['\u2019](?=\w)", re.IGNORECASE)
HANGUL_WORD = re.compile("[\uac00-\ud7a3]+")
#: Korean particles (josa) a noun is written with, longest first.
KOREAN_PARTICLES = ("에서는", "에게서", "으로서", "으로써", "에서", "에게", "한테", "으로", "까지",
                    "부터", "처럼", "보다", "마다", "에는", "에도", "이나", "이며", "와", "과", "을",
                    "를", "은", "는", "이", "가", "에", "의", "로", "도", "만")


def korean_variants(word: str) -> list[list[str]]:
    """The bigram phrases a Korean query word also matches (see the module doc): the word
    without a particle at its end (two syllables left at least), and the word, with or
    without it, as two words of two syllables or more written apart (the bigram across
    the space left out). Nothing for a word that is not all Hangul or is shorter than 3."""
    if len(word) < 3 or not HANGUL_WORD.fullmatch(word):
        return []
    stems = [word]
    for particle in KOREAN_PARTICLES:
        if word.endswith(particle) and len(word) - len(particle) >= 2:
            stems.append(word[: -len(particle)])
            break
    variants = [bigrams(stems[-1])] if len(stems) > 1 else []
    for stem_word in stems:
        for cut in range(2, len(stem_word) - 1):
            variants.append(bigrams(stem_word[:cut]) + bigrams(stem_word[cut:]))
    return variants


_LEXEME = re.compile(r'\s*(?:(-?)"([^"]*)("?)|(\S[^\s"]*))')


def _lex(text: str) -> list[tuple[str, str, bool, bool]]:
    """(kind, text, excluded, prefix) items: kind is "word", "phrase" or "or"."""
    items: list[tuple[str, str, bool, bool]] = []
    position = 0
    while True:
        match = _LEXEME.match(text, position)
        if match is None or match.end() == position:
            break
        position = match.end()
        minus, phrase, closing, chunk = match.groups()
        if phrase is not None:
            if not closing:
                raise QueryError('the query has an unclosed quote: add the closing " (or remove '
                                 "the opening one)")
            items.append(("phrase", phrase, bool(minus), False))
        elif chunk == "OR":
            items.append(("or", chunk, False, False))
        else:
            excluded = chunk.startswith("-") and len(chunk) > 1
            word = chunk[1:] if excluded else chunk
            prefix = word.endswith("*") and len(word.rstrip("*")) > 0
            items.append(("word", word.rstrip("*") if prefix else word, excluded, prefix))
    return items


def subword_variants(exact: list[str], languages: tuple[str, ...]) -> list[tuple[str, list[str]]]:
    """The (language, units) a term's tokens also match as sub-words (``QueryTerm.subwords``):
    one CJK character, in each of its ``spellings`` ("台": "臺" too), in each CJK query
    language (the index keeps single characters as written); Thai
    words in Thai articles, each as a word or inside a compound token ("ราคาทอง", tokens
    "ราคา" "ทอง", finds "ราคาทองคำ").
    A compound in the query is not split: the text's compounds are segmented by the same
    ICU word break, and its halves alone ("ตัว" and "อย่าง" for "ตัวอย่าง") would match
    nearly every Thai article."""
    if len(exact) == 1 and len(exact[0]) == 1 and is_cjk(exact[0]):
        return [(c, [spelling]) for spelling in spellings(exact[0])
                for c in languages if c in CJK_LANGUAGES]
    if THAI_LANGUAGE in languages and all(is_thai(w) for w in exact):
        return [(THAI_LANGUAGE, exact)]
    return []


def _term(text: str, languages: tuple[str, ...], *, quoted: bool, prefix: bool) -> QueryTerm | None:
    if not quoted:
        text = ELISION.sub("", text)
    exact = tokens(text.lower())
    if not exact:
        return None
    if prefix and not is_cjk(exact[-1]) and len(exact[-1]) < 2:
        raise QueryError(f"a prefix needs at least two letters before the *: {text + '*'!r}")
    # A quoted phrase of several words stays a phrase (its words are not matched apart).
    subwords = [] if prefix or (quoted and len(exact) > 1) else subword_variants(exact, languages)
    if len(exact) == 1 and is_cjk(exact[0]) and len(exact[0]) == 1 and not subwords:
        prefix = True  # one CJK character, no CJK language: every bigram that starts with it
    variants = [] if prefix else [
        (candidate, [s for w in exact for s in stems(w, candidate)])
        for candidate in stem_languages(languages)
    ]
    return QueryTerm(text=text, exact=exact, folded=[fold_token(w) for w in exact],
                     stem_variants=variants, quoted=quoted, prefix=prefix, subwords=subwords)


def _korean_terms(word: str) -> list[QueryTerm]:
    return [QueryTerm(text=word, exact=units, folded=units, stem_variants=[])
            for units in korean_variants(word)]


def parse_query(text: str, language: str | None = None) -> ParsedQuery:
    """The clauses of a query (see the module doc); a ``QueryError`` says what is wrong."""
    languages = query_languages(text, language)
    items = _lex(text)
    groups: list[tuple[list[tuple[str, str, bool, bool]], bool]] = []
    joining = False
    for item in items:
        kind, _, excluded, _ = item
        if kind == "or":
            if not groups or joining:
                raise QueryError("OR needs a term on each side, as in: hanoi OR saigon")
            joining = True
            continue
        if joining:
            if excluded or groups[-1][1]:
                raise QueryError("an excluded term (-word) cannot be a side of OR")
            groups[-1][0].append(item)
            joining = False
        else:
            groups.append(([item], excluded))
    if joining:
        raise QueryError("OR needs a term on each side, as in: hanoi OR saigon")
    clauses = []
    for group, excluded in groups:
        options = [t for kind, body, _, prefix in group
                   if (t := _term(body, languages, quoted=kind == "phrase", prefix=prefix))]
        options += [variant for kind, body, _, prefix in group
                    if kind == "word" and not prefix
                    for variant in _korean_terms(body.lower())]
        if options:
            clauses.append(Clause(options=options, excluded=excluded))
    parsed = ParsedQuery(clauses=clauses, languages=languages,
                         stem_languages=stem_languages(languages))
    if not parsed.required:
        if parsed.excluded:
            raise QueryError("the query only excludes (-word): add a term to search for")
        raise QueryError(f"the query {text!r} has no words to search for")
    return parsed


def query_terms(query: str, language: str | None = None) -> list[QueryTerm]:
    """The terms of a query's required clauses (every option of each)."""
    return [t for c in parse_query(query, language).required for t in c.options]


def highlight_terms(parsed: ParsedQuery) -> set[str]:
    """Folded words and stems a snippet highlights (a prefix: the prefix, marked '*')."""
    found: set[str] = set()
    for clause in parsed.required:
        for term in clause.options:
            words = list(term.folded)
            if term.prefix or (len(words) == 1 and len(words[0]) == 1 and is_cjk(words[0])):
                found.add(words.pop() + "*")  # one CJK character: the bigrams it starts
            found.update(words)
            found.update(s for _, v in term.stem_variants for s in v)
            found.update(fold_token(u) for language, units in term.subwords
                         if language == THAI_LANGUAGE for u in units)
    return found


def matches_thai_part(token: str, terms: AbstractSet[str]) -> bool:
    """Whether a Thai token holds a term as one of its sub-words (``thai_parts``)."""
    return is_thai(token) and any(fold_token(p) in terms for p in thai_parts(token.lower()))


def matches_highlight(token: str, terms: AbstractSet[str], language: str | None) -> bool:
    folded = fold_token(token.lower())
    if folded in terms or any(s in terms for s in stems(token.lower(), language)):
        return True
    if matches_thai_part(token, terms):
        return True
    return any(t.endswith("*") and folded.startswith(t[:-1]) for t in terms)


__all__ = ["CJK_LANGUAGES", "STEMMERS", "THAI_LANGUAGE", "Analysed", "Clause", "ParsedQuery",
           "QueryTerm", "analyse", "highlight_terms", "index_columns", "joined_columns",
           "korean_variants", "matches_highlight", "matches_thai_part", "parse_query",
           "query_languages", "query_terms", "stem", "stems", "subword_variants", "tagged_join",
           "token_spans", "warm_up_search"]
