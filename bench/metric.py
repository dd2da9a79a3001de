"""The article-body metric of the extraction benchmark (pure functions, no I/O).

Tokens are ``\\w+`` matches; shingles are runs of 4 consecutive tokens counted as a
multiset. Per page, tp/fp/fn are normalised by their sum so long pages do not weigh more;
precision and recall are averaged over pages and F1 is taken of the averages.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

_TOKEN = re.compile(r"\w+")
SHINGLE_SIZE = 4


def shingles(text: str, size: int = SHINGLE_SIZE) -> Counter[tuple[str, ...]]:
    tokens = _TOKEN.findall(text)
    if len(tokens) < size:
        return Counter([tuple(tokens)]) if tokens else Counter()
    return Counter(tuple(tokens[i : i + size]) for i in range(len(tokens) - size + 1))


@dataclass(frozen=True)
class PageScore:
    precision: float
    recall: float


def page_score(predicted: str, expected: str) -> PageScore:
    got, want = shingles(predicted), shingles(expected)
    tp = sum((got & want).values())
    fp = sum((got - want).values())
    fn = sum((want - got).values())
    total = tp + fp + fn
    if total == 0:
        return PageScore(1.0, 1.0)
    tp_n, fp_n, fn_n = tp / total, fp / total, fn / total
    precision = 1.0 if fp_n == 0 and fn_n == 0 else (0.0 if tp_n == 0 and fp_n == 0 else tp_n / (tp_n + fp_n))
    recall = 1.0 if fp_n == 0 and fn_n == 0 else (0.0 if tp_n == 0 and fn_n == 0 else tp_n / (tp_n + fn_n))
    return PageScore(precision, recall)


@dataclass(frozen=True)
class Summary:
    precision: float
    recall: float
    f1: float
    pages: int


def summarise(scores: Iterable[PageScore]) -> Summary:
    scores = list(scores)
    if not scores:
        return Summary(0.0, 0.0, 0.0, 0)
    precision = sum(s.precision for s in scores) / len(scores)
    recall = sum(s.recall for s in scores) / len(scores)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return Summary(precision, recall, f1, len(scores))
