"""Search benchmark: indexing throughput and query latency of both backends on synthetic
multilingual articles (de, en, fr, es, vi, th).

    .venv/bin/python -m bench.search --articles 100000 --queries 500 \
        --report docs/search-benchmark.md

OpenSearch is the node at NEWSFLOW_OPENSEARCH_URL, else a dev node this script starts
(and stops) in a temporary directory. ``--backends sqlite`` skips it.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import platform
import random
import shutil
import statistics
import tempfile
import time
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

from newsflow.events import Article
from newsflow.services.indexer.backends.base import ArticleIndex, QueryError, SearchQuery


def _words(text: str) -> list[str]:
    return text.split()


VOCABULARY = {
    "de": _words("Regierung Delegation Wirtschaft Häfen Forschung Klimaziel Bahnhof Gewerkschaft "
           "Ministerin Abgeordnete Handel Windkraft Küste Verkehr Schule Gericht Polizei "
           "Wahlen Haushalt Steuern Krankenhaus Universität Zusammenarbeit Entwicklung"),
    "en": _words("government delegation economy ports research climate station union minister "
           "trade wind coast traffic school court police elections budget taxes hospital "
           "university cooperation development markets inflation runners"),
    "fr": _words("gouvernement délégation économie ports recherche climat gare syndicat ministre "
           "commerce vent côte circulation école tribunal police élections budget impôts "
           "hôpital université coopération développement"),
    "es": _words("gobierno delegación economía puertos investigación clima estación sindicato "
           "ministra comercio viento costa tráfico escuela tribunal policía elecciones "
           "presupuesto impuestos hospital universidad cooperación desarrollo"),
    "vi": _words("chính phủ đoàn đại biểu kinh tế cảng biển nghiên cứu khí hậu nhà ga công đoàn bộ "
           "trưởng thương mại gió bờ biển giao thông trường học tòa án công an bầu cử ngân "
           "sách thuế bệnh viện đại học hợp tác phát triển Hải Phòng Hà Nội khoa học"),
    "th": _words("รัฐบาล คณะผู้แทน เศรษฐกิจ ท่าเรือ การวิจัย ภูมิอากาศ สถานีรถไฟ สหภาพแรงงาน "
           "รัฐมนตรี การค้า ลม ชายฝั่ง การจราจร โรงเรียน ศาล ตำรวจ การเลือกตั้ง งบประมาณ "
           "ภาษี โรงพยาบาล มหาวิทยาลัย ความร่วมมือ การพัฒนา กรุงเทพมหานคร"),
}
SITES = {"de": "tagesschau.de", "en": "reuters.com", "fr": "lemonde.fr", "es": "elpais.com",
         "vi": "nhandan.vn", "th": "thairath.co.th"}


def sentence(rng: random.Random, language: str, words: int) -> str:
    chosen = rng.choices(VOCABULARY[language], k=words)
    joiner = "" if language == "th" and rng.random() < 0.5 else " "
    return joiner.join(chosen) + ("" if language == "th" else ".")


def synthetic_articles(count: int, seed: int = 7) -> Iterator[Article]:
    rng = random.Random(seed)
    languages = list(VOCABULARY)
    start = datetime(2026, 1, 1, tzinfo=UTC)
    for number in range(count):
        language = languages[number % len(languages)]
        body = "\n\n".join(" ".join(sentence(rng, language, rng.randint(6, 14)) for _ in range(3))
                           for _ in range(3))
        published = start + timedelta(minutes=number)
        yield Article(
            id=f"bench-{number}", document_id=f"doc-{number}", url=f"https://{SITES[language]}/{number}",
            site=SITES[language], language=language, title=sentence(rng, language, 6), body=body,
            published_at=published, fetched_at=published,
            content_hash=hashlib.sha256(body.encode()).hexdigest(), word_count=len(body.split()),
        )


def queries(count: int, seed: int = 11) -> list[SearchQuery]:
    rng = random.Random(seed)
    out = []
    for number in range(count):
        language = rng.choice(list(VOCABULARY))
        words = rng.sample(VOCABULARY[language], k=rng.choice([1, 1, 2]))
        filtered = language if number % 4 == 0 else None
        sort = "date" if number % 5 == 0 else "relevance"
        out.append(SearchQuery(text=" ".join(words), language=filtered, sort=sort))  # type: ignore[arg-type]
    return out


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def run(index: ArticleIndex, articles: int, query_count: int, batch: int) -> dict[str, float]:
    started = time.perf_counter()
    pending: list[Article] = []
    for article in synthetic_articles(articles):
        pending.append(article)
        if len(pending) == batch:
            index.upsert(pending)
            pending = []
    index.upsert(pending)
    indexing = time.perf_counter() - started
    latencies = []
    empty = 0
    for query in queries(query_count):
        began = time.perf_counter()
        try:
            hits = index.search(query)
        except QueryError:
            hits = []
        latencies.append((time.perf_counter() - began) * 1000)
        empty += not hits
    return {
        "articles": float(index.count()), "seconds": indexing, "docs_per_s": articles / indexing,
        "p50_ms": statistics.median(latencies), "p99_ms": percentile(latencies, 0.99),
        "queries": float(query_count), "empty": float(empty),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--batch", type=int, default=500)
    parser.add_argument("--backends", default="sqlite,opensearch")
    parser.add_argument("--report", type=Path, help="Write a Markdown report here.")
    args = parser.parse_args()
    results: dict[str, dict[str, float]] = {}
    workdir = Path(tempfile.mkdtemp(prefix="newsflow-bench-"))
    workdir.chmod(0o755)
    node_dir: Path | None = None
    try:
        for backend in args.backends.split(","):
            index: ArticleIndex
            if backend == "sqlite":
                from newsflow.services.indexer.backends.sqlite import SqliteIndex

                index = SqliteIndex(workdir / "bench.sqlite3", batch_size=args.batch)
            else:
                from newsflow.services.indexer.backends.opensearch import OpenSearchIndex

                url = os.environ.get("NEWSFLOW_OPENSEARCH_URL")
                if not url:
                    from newsflow.ops.dev import opensearch

                    node_dir = workdir / "node"
                    url = opensearch.start(node_dir, Path(os.environ.get("NEWSFLOW_CACHE_DIR", ".cache"))).url
                index = OpenSearchIndex(url, f"bench-{uuid.uuid4().hex[:8]}", batch_size=args.batch)
            print(f"{backend}: indexing {args.articles} articles …", flush=True)
            results[backend] = run(index, args.articles, args.queries, args.batch)
            print(f"{backend}: {results[backend]}", flush=True)
            drop = getattr(index, "drop", None)
            if drop is not None:
                drop()
            index.close()
    finally:
        if node_dir is not None:
            from newsflow.ops.dev import opensearch

            opensearch.stop(node_dir)
        shutil.rmtree(workdir, ignore_errors=True)
    table = [
        "| backend | articles | indexing s | docs/s | queries | p50 ms | p99 ms | empty results |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for backend, r in results.items():
        table.append(f"| {backend} | {r['articles']:.0f} | {r['seconds']:.1f} | {r['docs_per_s']:.0f} | "
                     f"{r['queries']:.0f} | {r['p50_ms']:.1f} | {r['p99_ms']:.1f} | {r['empty']:.0f} |")
    print("\n".join(table))
    if args.report:
        command = (f".venv/bin/python -m bench.search --articles {args.articles} --queries {args.queries} "
                   f"--batch {args.batch} --backends {args.backends} --report {args.report}")
        args.report.parent.mkdir(parents=True, exist_ok=True)
        args.report.write_text(
            "# Search benchmark\n\n"
            f"Measured {datetime.now(UTC):%Y-%m-%d %H:%M} UTC on {platform.machine()}, "
            f"{os.cpu_count()} cores (shared with other work while it ran), Python "
            f"{platform.python_version()}. OpenSearch 2.19.1 single node, -Xmx512m, 1 shard; "
            f"bulk writes with refresh=true per batch of {args.batch}. Synthetic articles in "
            "de/en/fr/es/vi/th (~100 words each); queries of 1-2 words, a quarter with a language "
            "filter, a fifth sorted by date, limit 10. Indexing includes our Python analysis "
            "(Thai segmentation, folding, stemming) for SQLite and the JSON/HTTP round trips for "
            "OpenSearch.\n\n"
            f"Command:\n\n    {command}\n\n" + "\n".join(table) + "\n"
        )


if __name__ == "__main__":
    main()
