"""Snippets: a window of the original text around the first match, with match offsets."""

from __future__ import annotations

from newsflow.language.segment import token_spans
from newsflow.services.indexer.analysis import matches_highlight

WINDOW = 220


def make_snippet(
    text: str, terms: set[str], window: int = WINDOW, language: str | None = None
) -> tuple[str, list[tuple[int, int]]]:
    """The part of ``text`` around the first matching token; terms are folded words, folded
    stems (a token matches when its folded form or a stem in ``language`` does) or prefixes
    ending in "*"."""
    spans = [(s, e) for s, e, w in token_spans(text) if matches_highlight(w, terms, language)]
    merged: list[tuple[int, int]] = []
    for start, end in spans:  # overlapping CJK bigrams become one range
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    spans = merged
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
