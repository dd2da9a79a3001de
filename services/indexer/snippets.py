"""Snippets: a window of the original text around the first match, with match offsets."""

from __future__ import annotations

from collections.abc import Set as AbstractSet
from functools import lru_cache

from newsflow.language.decompound import MIN_WORD
from newsflow.language.fold import FOLDS_AS_IS, first_letters, fold_text, fold_token
from newsflow.language.segment import (
    JOINERS,
    NEEDS_SEGMENTING,
    RUN,
    is_thai,
    run_token_spans,
)
from newsflow.services.indexer.analysis import STEMMERS, matches_highlight, matches_thai_part

WINDOW = 220
#: The most verdicts one matcher keeps (it forgets them all when full).
VERDICTS_LIMIT = 100_000


class HighlightMatcher:
    """``matches_highlight`` for one set of terms, stemming only the tokens that can match.

    A Snowball stem starts with its word's first (folded) letter, and so does a prefix, so
    a token whose first letter starts no term is not stemmed at all. A German compound
    (``MIN_WORD`` letters or more) stands for its parts' stems, which start anywhere in it:
    the German stemmer keeps a word's first three letters (its R1 region starts at the
    fourth at the earliest; "ae", "oe", "ue" become "a", "o", "u"), so such a token is
    stemmed only when a term's first three letters occur in it. Both were checked on
    wordfreq's 100,000 (German: 300,000) most frequent words of each stemmed language.
    This spares most of a snippet's stemming (most of a search's time on long articles).

    A verdict depends on the token alone, so each is kept (``verdicts``): one matcher serves
    every hit of a query (``matcher``), and the words news text repeats are decided once."""

    def __init__(self, terms: AbstractSet[str], language: str | None) -> None:
        self.terms = terms
        self.verdicts: dict[str, bool] = {}
        #: In a language without a stemmer a token matches only when a term (or prefix)
        #: occurs in its folded form (``can_match``): a run holding none is not segmented.
        self.words = None if language in STEMMERS else [t.rstrip("*") for t in terms]
        self.language = language
        self.firsts = frozenset(t[0] for t in terms if t)
        self.heads = tuple({t.rstrip("*")[:3] for t in terms if t.rstrip("*")})
        self.compounds = language == "de"
        #: Thai terms can match inside a Thai compound token (its sub-words).
        self.thai = any(is_thai(t) for t in terms)
        #: A token whose first letter folds to none of ``firsts`` cannot match (but a
        #: Thai term's or a German compound's), read from ``first_letters`` in place.
        self.by_first_letter = not self.thai
        self.long_word = MIN_WORD if self.compounds else 1 << 30

    def __call__(self, token: str) -> bool:
        verdict = self.verdicts.get(token)
        if verdict is None:
            if len(self.verdicts) >= VERDICTS_LIMIT:
                self.verdicts.clear()
            verdict = self.verdicts[token] = self._decide(token)
        return verdict

    def may_hold(self, run: str) -> bool:
        """False only when no token of ``run`` can match (see ``words``); asked of the runs
        that are segmented (a run of another script is one token, and its verdict kept)."""
        return (self.words is None or NEEDS_SEGMENTING.search(run) is None
                or holds_a_word(run, self.words))

    def _decide(self, token: str) -> bool:
        lowered = token.lower()
        folded = fold_token(lowered)
        if folded in self.terms:
            return True
        if not folded:
            return False
        if self.thai and matches_thai_part(lowered, self.terms):
            return True
        if folded[0] not in self.firsts:
            if not (self.compounds and len(token) >= MIN_WORD):
                return False
            unfolded = folded.replace("ae", "a").replace("oe", "o").replace("ue", "u")
            if not any(h in folded or h in unfolded for h in self.heads):
                return False
        return matches_highlight(token, self.terms, self.language)


@lru_cache(maxsize=64)
def matcher(terms: frozenset[str], language: str | None) -> HighlightMatcher:
    """The matcher of one query's terms in one language, shared by its hits (and kept for
    the next queries: a few dozen term sets)."""
    return HighlightMatcher(terms, language)


def can_match(text: str, terms: set[str], language: str | None) -> bool:
    """False only when no token of ``text`` matches: in a language without a stemmer a
    token matches when its folded form is a term or starts with a prefix, so that term
    or prefix occurs in the folded text. An article matched by its title or by another
    column would otherwise be read to its end (in Thai, segmenting every run on the way:
    the slowest snippets of all)."""
    if language in STEMMERS:
        return True
    return holds_a_word(text, [t.rstrip("*") for t in terms])


def holds_a_word(text: str, words: list[str]) -> bool:
    """Whether one of ``words`` (folded) occurs in ``text`` lower-cased or folded."""
    lowered = text.lower()
    if any(w in lowered for w in words):
        return True  # the usual case, found without folding
    if lowered.isascii() or FOLDS_AS_IS.fullmatch(lowered):
        return False  # folding such a text only lower-cases it (a Korean or Thai run)
    folded = fold_text(text)
    return any(w in folded for w in words)


def _open_window(text: str, first: int, window: int) -> tuple[int, int]:
    """The window a first match at ``first`` opens: from a word start before it."""
    start = max(0, first - window // 3)
    if start > 0:
        space = text.rfind(" ", 0, start)
        start = space + 1 if space >= 0 and first - space < window // 2 else start
    return start, min(len(text), start + window)


def make_snippet(
    text: str, terms: set[str], window: int = WINDOW, language: str | None = None
) -> tuple[str, list[tuple[int, int]]]:
    """The part of ``text`` around the first matching token; terms are folded words, folded
    stems (a token matches when its folded form or a stem in ``language`` does) or prefixes
    ending in "*". The text is read only as far as the window's end, and not at all when no
    token can match (``can_match``)."""
    matches = matcher(frozenset(terms), language)
    if NEEDS_SEGMENTING.search(text) is None and not any(j in text for j in JOINERS):
        # Reading such a text costs less than folding it whole for ``can_match`` (a
        # Vietnamese text and a query without its diacritics: 250 -> 150 us a snippet).
        return _cut(text, window, *_plain_spans(text, matches, window))
    if not can_match(text, terms, language):
        return _cut(text, window, -1, -1, [])
    return _cut(text, window, *_spans(text, matches, window))


#: (start, end, spans): the window and the matches in it; no spans, no window.
Window = tuple[int, int, list[tuple[int, int]]]


def _plain_spans(text: str, matches: HighlightMatcher, window: int) -> Window:
    """``_spans`` of a text whose every run is one token (no script to segment, no
    joiner): the runs read in one loop, each verdict looked up in place. A run whose first
    letter rules it out (``HighlightMatcher.by_first_letter``) is passed over without a
    verdict: on a text matched by its title or a stem, most of them (the verdicts of a
    query start empty, and deciding a token costs ten times this look-up)."""
    verdict = matches.verdicts.get
    table = first_letters() if matches.by_first_letter else {}
    first_of = table.get
    firsts, long_word = matches.firsts, matches.long_word
    spans: list[tuple[int, int]] = []
    start = end = -1
    for run_match in RUN.finditer(text):
        if spans and run_match.start() >= end:
            break
        word = run_match.group(0)
        first = first_of(word[0])
        if first is not None and first not in firsts and len(word) < long_word:
            continue
        found = verdict(word)
        if found is None:
            found = matches(word)
        if not found:
            continue
        if not spans:
            start, end = _open_window(text, run_match.start(), window)
        spans.append(run_match.span())
    return start, end, spans


def _spans(text: str, matches: HighlightMatcher, window: int) -> Window:
    """The matching tokens from the first one to the end of the window it opens."""
    spans: list[tuple[int, int]] = []
    start = end = -1
    for run_match in RUN.finditer(text):
        if spans and run_match.start() >= end:
            break
        run = run_match.group(0)
        if not matches.may_hold(run):
            continue
        for token_start, token_end, token in run_token_spans(run, run_match.start()):
            if spans and token_start >= end:
                break
            if not matches(token):
                continue
            if not spans:
                start, end = _open_window(text, token_start, window)
            if spans and token_start < spans[-1][1]:  # overlapping CJK bigrams become one range
                spans[-1] = (spans[-1][0], max(token_end, spans[-1][1]))
            else:
                spans.append((token_start, token_end))
    return start, end, spans


def _cut(text: str, window: int, start: int, end: int,
         spans: list[tuple[int, int]]) -> tuple[str, list[tuple[int, int]]]:
    """The snippet text[start:end] with its highlights; the text's start without a match."""
    if not spans:
        cut = text[:window]
        return (cut + ("…" if len(text) > window else "")), []
    prefix = "…" if start > 0 else ""
    suffix = "…" if end < len(text) else ""
    snippet = prefix + text[start:end] + suffix
    shift = len(prefix) - start
    highlights = [(s + shift, e + shift) for s, e in spans if s >= start and e <= end]
    return snippet, highlights
