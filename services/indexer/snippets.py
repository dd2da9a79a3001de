"""Snippets: a window of the original text around the first match, with match offsets."""

from __future__ import annotations

from newsflow.language.fold import fold_token
from newsflow.language.tokenize import THAI_RUN, WORD, segment_thai
from newsflow.services.indexer.analysis import stem

WINDOW = 220


def _word_spans(text: str) -> list[tuple[int, int, str]]:
    spans: list[tuple[int, int, str]] = []
    for match in WORD.finditer(text):
        token, start = match.group(0), match.start()
        if THAI_RUN.search(token):
            cursor = start
            for word in segment_thai(token) if THAI_RUN.fullmatch(token) else (token,):
                found = text.find(word, cursor)
                if found < 0:
                    break
                spans.append((found, found + len(word), word))
                cursor = found + len(word)
        else:
            spans.append((start, match.end(), token))
    return spans


def make_snippet(
    text: str, terms: set[str], window: int = WINDOW, language: str | None = None
) -> tuple[str, list[tuple[int, int]]]:
    """The part of ``text`` around the first matching word; terms are folded words or
    folded stems (a word matches when its folded form or its stem in ``language`` does)."""
    spans = [
        (s, e) for s, e, w in _word_spans(text)
        if fold_token(w.lower()) in terms or stem(w.lower(), language) in terms
    ]
    if not spans:
        cut = text[:window]
        return (cut + ("…" if len(text) > window else "")), []
    first = spans[0][0]
    start = max(0, first - window // 3)
    if start > 0:
        space = text.rfind(" ", 0, start)
        start = space + 1 if space >= 0 and first - space < window // 2 else start
    end = min(len(text), start + window)
    prefix = "…" if start > 0 else ""
    suffix = "…" if end < len(text) else ""
    snippet = prefix + text[start:end] + suffix
    shift = len(prefix) - start
    highlights = [(s + shift, e + shift) for s, e in spans if s >= start and e <= end]
    return snippet, highlights
