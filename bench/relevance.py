"""The multilingual relevance suite (tests/relevance/corpus.py) on both backends: recall@5
and MRR per language, and how often the two backends agree on the top hit.

    .venv/bin/python -m bench.relevance [--suite first|blind] [--backends sqlite,opensearch] [--report PATH]

``--suite blind``: the second set (tests/relevance/corpus_blind.py), written before it was
run by someone who had not tuned the analysis; ``first`` (the default): corpus.py.

OpenSearch: ``NEWSFLOW_OPENSEARCH_URL`` if set, else a dev node provisioned from Maven
Central (as the tests do). The goals (issue 17) are reported, never asserted as timings:
recall@5 >= 0.97 and MRR >= 0.95 in every language, the same top hit on >= 95% of queries.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import tempfile
import uuid
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from newsflow.events import Article
from newsflow.services.indexer.backends.base import ArticleIndex, QueryError, SearchQuery
from tests.relevance import corpus, corpus_blind
from tests.relevance.corpus import Q

#: suite -> (its module's name, articles, queries)
SUITES: dict[str, tuple[str, list[Article], list[Q]]] = {
    "first": ("tests/relevance/corpus.py", corpus.ARTICLES, corpus.QUERIES),
    "blind": ("tests/relevance/corpus_blind.py", corpus_blind.ARTICLES, corpus_blind.QUERIES),
}

RECALL_GOAL, MRR_GOAL, SAME_TOP_GOAL = 0.97, 0.95, 0.95
DEPTH = 5


@dataclass(frozen=True)
class Outcome:
    language: str
    text: str
    filter: str | None
    expected: frozenset[str]
    ranked: list[str]

    @property
    def recall(self) -> float:
        return len(self.expected & set(self.ranked[:DEPTH])) / len(self.expected)

    @property
    def reciprocal_rank(self) -> float:
        for rank, found in enumerate(self.ranked, 1):
            if found in self.expected:
                return 1 / rank
        return 0.0


def evaluate(index: ArticleIndex, queries: list[Q] = corpus.QUERIES) -> list[Outcome]:
    outcomes = []
    for language, text, expected, filtered in queries:
        try:
            ranked = [h.id for h in index.search(SearchQuery(text=text, language=filtered, limit=10))]
        except QueryError:
            ranked = []
        outcomes.append(Outcome(language, text, filtered, expected, ranked))
    return outcomes


def per_language(outcomes: list[Outcome]) -> dict[str, tuple[int, float, float]]:
    """language -> (queries, recall@5, MRR); "all" for the whole set."""
    groups: dict[str, list[Outcome]] = defaultdict(list)
    for outcome in outcomes:
        groups[outcome.language].append(outcome)
        groups["all"].append(outcome)
    return {language: (len(group), sum(o.recall for o in group) / len(group),
                       sum(o.reciprocal_rank for o in group) / len(group))
            for language, group in groups.items()}


def same_top_hit(first: list[Outcome], second: list[Outcome]) -> float:
    agree = sum((a.ranked[:1] == b.ranked[:1]) for a, b in zip(first, second, strict=True))
    return agree / len(first)


@contextmanager
def built_index(backend: str, workdir: Path,
                articles: list[Article] = corpus.ARTICLES) -> Iterator[ArticleIndex]:
    index: ArticleIndex
    if backend == "sqlite":
        from newsflow.services.indexer.backends.sqlite import SqliteIndex

        index = SqliteIndex(workdir / f"relevance-{uuid.uuid4().hex[:6]}.sqlite3", batch_size=20)
    else:
        from newsflow.services.indexer.backends.opensearch import OpenSearchIndex

        url = os.environ.get("NEWSFLOW_OPENSEARCH_URL") or os.environ.get("NEWSFLOW_TEST_OPENSEARCH_URL")
        node_dir = None
        if not url:
            from newsflow.ops.dev import opensearch

            node_dir = workdir / "node"
            url = opensearch.start(node_dir, Path(os.environ.get("NEWSFLOW_CACHE_DIR", ".cache"))).url
        index = OpenSearchIndex(url, f"relevance-{uuid.uuid4().hex[:8]}", batch_size=20)
    try:
        index.upsert(articles)
        yield index
    finally:
        drop = getattr(index, "drop", None)
        if drop is not None:
            drop()
        index.close()
        if backend != "sqlite" and node_dir is not None:
            from newsflow.ops.dev import opensearch

            opensearch.stop(node_dir)


def report(results: dict[str, list[Outcome]]) -> str:
    backends = list(results)
    stats = {b: per_language(o) for b, o in results.items()}
    languages = [lang for lang in stats[backends[0]] if lang != "all"] + ["all"]
    header = "| language | queries | " + " | ".join(
        f"{b} recall@5 | {b} MRR" for b in backends) + " |"
    lines = [header, "|---|---:|" + "---:|---:|" * len(backends)]
    for language in languages:
        count = stats[backends[0]][language][0]
        cells = []
        for backend in backends:
            _, recall, mrr = stats[backend][language]
            cells.append(f"{recall:.3f}{'' if recall >= RECALL_GOAL else ' ✗'} | "
                         f"{mrr:.3f}{'' if mrr >= MRR_GOAL else ' ✗'}")
        name = f"**{language}**" if language == "all" else language
        lines.append(f"| {name} | {count} | " + " | ".join(cells) + " |")
    text = "\n".join(lines) + "\n"
    if len(backends) == 2:
        rate = same_top_hit(results[backends[0]], results[backends[1]])
        text += (f"\nSame top hit on both backends: {rate:.1%} of {len(results[backends[0]])} queries "
                 f"(goal ≥ {SAME_TOP_GOAL:.0%}).\n")
    misses = [(b, o) for b in backends for o in results[b] if o.recall < 1 or o.reciprocal_rank < 1]
    if misses:
        text += "\nQueries below a perfect score (backend, query, expected, top 5 found):\n\n"
        text += "\n".join(f"- {b}: `{o.text}`" + (f" (language={o.filter})" if o.filter else "")
                          + f" expected {sorted(o.expected)}, got {o.ranked[:5]}" for b, o in misses)
        text += "\n"
    return text


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--backends", default="sqlite,opensearch")
    parser.add_argument("--suite", choices=sorted(SUITES), default="first",
                        help="first: tests/relevance/corpus.py; blind: corpus_blind.py")
    parser.add_argument("--report", type=Path, help="Write the Markdown report here.")
    parser.add_argument("--title", default="", help="A line saying what code was measured.")
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="newsflow-relevance-"))
    workdir.chmod(0o755)
    results: dict[str, list[Outcome]] = {}
    module, articles, queries = SUITES[args.suite]
    try:
        for backend in args.backends.split(","):
            with built_index(backend, workdir, articles) as index:
                results[backend] = evaluate(index, queries)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    text = report(results)
    print(text)
    if args.report:
        args.report.parent.mkdir(parents=True, exist_ok=True)
        args.report.write_text(
            "# Search relevance\n\n"
            f"Measured {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, Python {platform.python_version()}, "
            f"{args.title}\n\nThe suite: `{module}`, {len(articles)} articles and "
            f"{len(queries)} queries in nine languages written for it; recall@5 is the share of a "
            "query's expected articles in its top 5, MRR the mean of 1/rank of its first expected "
            f"article. Goals: recall@5 ≥ {RECALL_GOAL} and MRR ≥ {MRR_GOAL} in every language, the "
            f"same top hit on both backends for ≥ {SAME_TOP_GOAL:.0%} of queries (✗: below).\n\n"
            f"Command:\n\n    .venv/bin/python -m bench.relevance --suite {args.suite} "
            f"--backends {args.backends} --report {args.report}\n\n" + text)


if __name__ == "__main__":
    main()
