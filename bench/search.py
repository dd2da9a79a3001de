"""Search benchmark: indexing throughput and query latency of both backends on a realistic
multilingual corpus.

    .venv/bin/python -m bench.search --articles 100000 --queries 1000 --baseline 52dab48 \
        --report docs/search-benchmark.md

The corpus (``Corpus``): articles in vi, en, de, fr, es, th, zh, ja, ko whose words are drawn
from each language's real word frequencies (wordfreq's lists; for Thai, PyThaiNLP's Thai
National Corpus counts), so the vocabulary is open and Zipf-distributed: a title, a lead and
a body of a few hundred words in paragraphs, with a few topic words per article repeated as
news text repeats its names. Chinese, Japanese and Thai are written without spaces between
words, Korean with its particles attached to the word before them.

The queries (``make_queries``): one to three words drawn by frequency from the same lists
(the most frequent words, function words, left out), in five kinds: ``mixed`` (by
frequency), ``common`` (the ~2,000 most frequent content words: many thousand matches
each), ``rare`` (drawn evenly from the long tail), ``phrase`` (two or three consecutive
words of an article, quoted) and ``title`` (words of an article's title); a quarter with a
language filter, a tenth sorted by date.

Indexing is measured in a child process per run on the same corpus file, for this checkout
and, with ``--baseline REV[,REV...]``, for the code of each commit REV (a git worktree under
/tmp, removed afterwards), alternating (the order reversed every other round), so that
all see the same machine load; docs/s is wall time, and docs per CPU second is the child's
own CPU time. Query latency is measured on the index
this checkout built, after ``analysis.warm_up_search()`` (the first query's cold cost is
reported apart) and with the index file read once (``preload``); what each query waited
on (preemption by other processes, the disk) is counted and reported (``waits``). The
machine's speed is a fixed pure-Python loop measured at the start and
the end of the run.

OpenSearch is the node at NEWSFLOW_OPENSEARCH_URL, else a dev node this script starts (and
stops) in a temporary directory. ``--backends sqlite`` skips it.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
LANGUAGES = ("vi", "en", "de", "fr", "es", "th", "zh", "ja", "ko")
SITES = {"vi": "nhandan.vn", "en": "reuters.com", "de": "tagesschau.de", "fr": "lemonde.fr",
         "es": "elpais.com", "th": "thairath.co.th", "zh": "xinhuanet.com", "ja": "nhk.or.jp",
         "ko": "yna.co.kr"}
#: Words of each list drawn from (the most frequent ones; all of a shorter list).
VOCABULARY_SIZE = 100_000
#: The most frequent words of a list are function words: never a query word.
STOP_RANKS = 150
COMMON_RANKS = 2_000
RARE_RANKS = (5_000, 50_000)
UNSPACED = frozenset({"th", "zh", "ja"})
_SPACED_LATIN = frozenset({"vi", "en", "de", "fr", "es"})
#: Korean particles and endings that wordfreq lists as words of their own: attached to
#: the word before them, as Korean is written.
KOREAN_ATTACHED = frozenset({"이", "는", "을", "를", "은", "가", "에", "의", "도", "로", "와", "과",
                             "에서", "으로", "하", "다", "고", "한", "할", "해"})
_THAI_WORD = re.compile(r"[\u0e00-\u0e7f]+")
QUERY_KINDS = ("mixed", "common", "rare", "phrase", "title")


# --- the corpus -----------------------------------------------------------------------


@dataclass
class Vocabulary:
    words: list[str]
    cumulative: list[float]

    @classmethod
    def of(cls, language: str) -> Vocabulary:
        pairs: list[tuple[str, float]]
        if language == "th":
            from pythainlp.corpus import tnc

            # ties broken by the word: the list comes in an order that changes with the
            # process's hash seed, and so did the Thai corpus and queries
            pairs = sorted(((w, float(n)) for w, n in tnc.word_freqs() if _THAI_WORD.fullmatch(w)),
                           key=lambda p: (-p[1], p[0]))
        else:
            from wordfreq import available_languages, get_frequency_dict

            size = "large" if language in available_languages("large") else "small"
            pairs = [(w, f) for w, f in get_frequency_dict(language, size).items()
                     if w.isalpha() and (len(w) > 1 if language in _SPACED_LATIN else not w.isascii())]
        pairs = pairs[:VOCABULARY_SIZE]
        total, cumulative = 0.0, []
        for _, weight in pairs:
            total += weight
            cumulative.append(total)
        return cls(words=[w for w, _ in pairs], cumulative=cumulative)

    def draw(self, rng: random.Random, count: int, low: int = 0, high: int | None = None) -> list[str]:
        """``count`` words by frequency among the ranks [low, high)."""
        high = min(high or len(self.words), len(self.words))
        floor = self.cumulative[low - 1] if low else 0.0
        chosen = rng.choices(range(low, high), cum_weights=[c - floor for c in self.cumulative[low:high]],
                             k=count) if high - low < 5_000 else None
        if chosen is None:  # a long range: draw by bisection on the whole table
            import bisect

            span = self.cumulative[high - 1] - floor
            chosen = [bisect.bisect_left(self.cumulative, floor + rng.random() * span, low, high - 1)
                      for _ in range(count)]
        return [self.words[i] for i in chosen]


def _join(words: list[str], language: str) -> str:
    if language in UNSPACED:
        return "".join(words)
    if language == "ko":
        out: list[str] = []
        for word in words:
            if out and word in KOREAN_ATTACHED:
                out[-1] += word
            else:
                out.append(word)
        return " ".join(out)
    return " ".join(words)


class Corpus:
    """Deterministic articles (see the module doc); ``seed`` picks the corpus."""

    def __init__(self, seed: int = 7) -> None:
        self.seed = seed
        self.vocabularies = {language: Vocabulary.of(language) for language in LANGUAGES}
        self._fast = {language: _FastDraw(v, seed * 100 + number)
                      for number, (language, v) in enumerate(self.vocabularies.items())}

    def sentence(self, rng: random.Random, language: str, count: int, topic: list[str]) -> str:
        words = self._fast[language].draw(rng, count)
        for _ in range(rng.choice((0, 0, 1, 1, 2))):
            words.insert(rng.randrange(len(words) + 1), rng.choice(topic))
        text = _join(words, language)
        if language in ("zh", "ja"):
            return text + "。"
        if language == "th":
            return text
        return text[:1].upper() + text[1:] + "."

    def articles(self, count: int) -> Iterator[dict[str, Any]]:
        rng = random.Random(self.seed)
        start = datetime(2026, 1, 1, tzinfo=UTC)
        for number in range(count):
            language = LANGUAGES[number % len(LANGUAGES)]
            vocabulary = self.vocabularies[language]
            topic = vocabulary.draw(rng, 3, STOP_RANKS, 20_000)
            title = self.sentence(rng, language, rng.randint(6, 12), topic).rstrip(".。")
            lead = self.sentence(rng, language, rng.randint(15, 30), topic)
            paragraphs = [" ".join(self.sentence(rng, language, rng.randint(8, 22), topic)
                                   for _ in range(rng.randint(2, 5)))
                          for _ in range(rng.randint(4, 8))]
            body = "\n\n".join(paragraphs)
            published = start + timedelta(minutes=5 * number)
            yield {
                "id": f"bench-{number}", "document_id": f"doc-{number}",
                "url": f"https://{SITES[language]}/{number}", "site": SITES[language],
                "language": language, "title": title, "lead": lead, "body": body,
                "published_at": published.isoformat(), "fetched_at": published.isoformat(),
                "content_hash": hashlib.sha256(body.encode()).hexdigest(),
                "word_count": len(body.split()),
            }


class _FastDraw:
    """Frequency draws over a whole vocabulary, taken from a buffer that numpy refills
    (a draw per word in Python would be most of the corpus's cost)."""

    BUFFER = 200_000

    def __init__(self, vocabulary: Vocabulary, seed: int) -> None:
        import numpy as np

        self.words = np.array(vocabulary.words, dtype=object)
        self.cumulative = np.array(vocabulary.cumulative)
        self.generator = np.random.default_rng(seed)
        self.buffer: list[str] = []
        self.position = 0

    def draw(self, rng: random.Random, count: int) -> list[str]:
        if self.position + count > len(self.buffer):
            points = self.generator.random(self.BUFFER) * self.cumulative[-1]
            ranks = self.cumulative.searchsorted(points).clip(0, len(self.words) - 1)
            self.buffer = self.words[ranks].tolist()
            self.position = 0
        out = self.buffer[self.position:self.position + count]
        self.position += count
        return out


def write_corpus(path: Path, count: int, seed: int = 7) -> Corpus:
    corpus = Corpus(seed)
    with path.open("w", encoding="utf-8") as out:
        for article in corpus.articles(count):
            out.write(json.dumps(article, ensure_ascii=False) + "\n")
    return corpus


# --- the queries ----------------------------------------------------------------------


@dataclass(frozen=True)
class BenchQuery:
    kind: str
    text: str
    language: str | None
    sort: str


def _query_text(words: list[str], quoted: bool = False) -> str:
    text = " ".join(words)
    return f'"{text}"' if quoted else text


def make_queries(corpus: Corpus, corpus_file: Path, count: int, seed: int = 11) -> list[BenchQuery]:
    rng = random.Random(seed)
    # Titles and sentences of articles to take phrases and title words from: the first
    # 5,000 lines of the file are enough and spread over every language.
    samples: dict[str, list[dict[str, Any]]] = defaultdict(list)
    with corpus_file.open(encoding="utf-8") as lines:
        for number, line in enumerate(lines):
            if number >= 5_000:
                break
            article = json.loads(line)
            samples[article["language"]].append(article)
    out = []
    for number in range(count):
        language = LANGUAGES[number % len(LANGUAGES)]
        vocabulary = corpus.vocabularies[language]
        kind = QUERY_KINDS[rng.choices(range(5), weights=(40, 15, 15, 15, 15))[0]]
        size = rng.choices((1, 2, 3), weights=(45, 35, 20))[0]
        quoted = False
        if kind == "mixed":
            words = vocabulary.draw(rng, size, STOP_RANKS)
        elif kind == "common":
            words = vocabulary.draw(rng, min(size, 2), STOP_RANKS, COMMON_RANKS)
        elif kind == "rare":
            low, high = RARE_RANKS
            high = min(high, len(vocabulary.words))
            words = [vocabulary.words[rng.randrange(min(low, high // 2), high)]
                     for _ in range(min(size, 2))]
        else:
            article = rng.choice(samples[language])
            source = article["title"] if kind == "title" else rng.choice(article["body"].split("\n\n"))
            from newsflow.language.segment import tokens

            found = [t for t in tokens(source.lower()) if t.isalpha()]
            if language in ("zh", "ja"):  # bigrams: a stretch of the text, as readers type
                runs = [r for r in re.findall(r"\w+", source) if len(r) >= 2]
                run_text = rng.choice(runs) if runs else ""
                begin = rng.randrange(max(1, len(run_text) - 2))
                found = [run_text[begin:begin + rng.randint(2, 5)]] if run_text else []
            elif language == "ko":
                found = [w for w in re.findall(r"\w+", source) if len(w) >= 2]
            if not found:
                words = vocabulary.draw(rng, 1, STOP_RANKS)
            elif kind == "phrase":
                width = min(len(found), rng.choice((2, 3)))
                begin = rng.randrange(len(found) - width + 1)
                words, quoted = found[begin:begin + width], language not in ("zh", "ja", "ko")
            else:
                stop = set(vocabulary.words[:STOP_RANKS])
                content = [w for w in found if w not in stop] or found
                words = rng.sample(content, k=min(size, len(content)))
        filtered = language if rng.random() < 0.25 else None
        sort = "date" if rng.random() < 0.10 else "relevance"
        out.append(BenchQuery(kind, _query_text(words, quoted), filtered, sort))
    return out


# --- measuring ------------------------------------------------------------------------


def percentile(values: Sequence[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def cpu_speed(seconds: float = 1.0) -> float:
    """Iterations per second of a fixed pure-Python loop (a machine-speed yardstick)."""
    best = 0.0
    for _ in range(3):
        began, done = time.perf_counter(), 0
        while time.perf_counter() - began < seconds / 3:
            total = 0
            for i in range(10_000):
                total += i * i % 7
            done += 1
        best = max(best, done * 10_000 / (time.perf_counter() - began))
    return best


def read_batches(corpus_file: Path, count: int, batch: int) -> Iterator[list[Any]]:
    from newsflow.events import Article

    pending: list[Any] = []
    with corpus_file.open(encoding="utf-8") as lines:
        for number, line in enumerate(lines):
            if number >= count:
                break
            pending.append(Article.model_validate_json(line))
            if len(pending) == batch:
                yield pending
                pending = []
    if pending:
        yield pending


def index_corpus(index: Any, corpus_file: Path, count: int, batch: int) -> dict[str, float]:
    """Upsert the corpus in batches; only the upserts are timed (reading is not)."""
    wall = cpu = 0.0
    written = 0
    for articles in read_batches(corpus_file, count, batch):
        began, began_cpu = time.perf_counter(), time.process_time()
        index.upsert(articles)
        wall += time.perf_counter() - began
        cpu += time.process_time() - began_cpu
        written += len(articles)
    return {"articles": float(written), "seconds": wall, "cpu_seconds": cpu,
            "docs_per_s": written / wall, "docs_per_cpu_s": written / cpu}


def index_in_child(code_root: Path, corpus_file: Path, db: Path, count: int, batch: int) -> dict[str, float]:
    """Index with the code at ``code_root`` (this checkout or a worktree) in a new process."""
    env = dict(os.environ, PYTHONPATH=str(code_root))
    result = subprocess.run(
        [sys.executable, str(Path(__file__).resolve()), "--child-index", str(corpus_file),
         "--child-db", str(db), "--articles", str(count), "--batch", str(batch)],
        env=env, cwd=str(code_root), check=True, capture_output=True, text=True)
    return dict(json.loads(result.stdout.strip().splitlines()[-1]))


def child_index(corpus_file: Path, db: Path, count: int, batch: int) -> None:
    from newsflow.services.indexer.backends.sqlite import SqliteIndex

    index = SqliteIndex(db, batch_size=batch)
    # Warm the analysis (word lists, Thai dictionary, stemmers) outside the timing, as a
    # worker does at start.
    index_corpus(index, corpus_file, min(count, 27), batch)
    index.close()
    for suffix in ("", "-wal", "-shm"):
        Path(str(db) + suffix).unlink(missing_ok=True)
    index = SqliteIndex(db, batch_size=batch)
    result = index_corpus(index, corpus_file, count, batch)
    result["file_mib"] = db.stat().st_size / 2**20
    index.close()
    print(json.dumps(result))


@dataclass
class Latencies:
    milliseconds: list[float] = field(default_factory=list)
    #: The CPU time of this thread per query (SQLite runs the whole search in it): what a
    #: query costs on a core of its own, apart from the waits of a shared, loaded machine.
    cpu_milliseconds: list[float] = field(default_factory=list)
    #: Per query, what its thread waited on (``resource.getrusage`` of the thread): the
    #: times another process took the core from it (involuntary context switches) and the
    #: pages it had to wait for the disk for (major page faults; reads through ``mmap``).
    preempted: list[int] = field(default_factory=list)
    page_faults: list[int] = field(default_factory=list)
    empty: int = 0
    errors: int = 0
    by_kind: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    hits: list[list[str]] = field(default_factory=list)


def measure_queries(index: Any, queries: list[BenchQuery]) -> Latencies:
    import resource

    from newsflow.services.indexer.backends.base import QueryError, SearchQuery

    out = Latencies()
    for query in queries:
        request = SearchQuery(text=query.text, language=query.language, sort=query.sort)  # type: ignore[arg-type]
        usage = resource.getrusage(resource.RUSAGE_THREAD)
        began, began_cpu = time.perf_counter(), time.thread_time()
        try:
            found = [h.id for h in index.search(request)]
        except QueryError:
            found = []
            out.errors += 1
        elapsed = (time.perf_counter() - began) * 1000
        out.cpu_milliseconds.append((time.thread_time() - began_cpu) * 1000)
        after = resource.getrusage(resource.RUSAGE_THREAD)
        out.preempted.append(after.ru_nivcsw - usage.ru_nivcsw)
        out.page_faults.append(after.ru_majflt - usage.ru_majflt)
        out.milliseconds.append(elapsed)
        out.by_kind[query.kind].append(elapsed)
        out.empty += not found
        out.hits.append(found)
    return out


def preload(path: Path) -> float:
    """Read a file once, so that its pages are in the OS page cache as a served index's
    are; the seconds it took. The page cache of this machine is shared with other work and
    holds a few GiB: an index built an hour before is mostly evicted, and its queries then
    wait for the disk (the first query set on such a file read 337 MiB)."""
    began = time.perf_counter()
    with path.open("rb") as stream:
        while stream.read(2**22):
            pass
    return time.perf_counter() - began


def waits(latencies: Latencies, slowest: int = 5) -> str:
    """Where the wall-clock time over the CPU time went, over all queries and the slowest."""
    order = sorted(range(len(latencies.milliseconds)), key=lambda i: -latencies.milliseconds[i])
    top = order[:slowest]
    wall, cpu = sum(latencies.milliseconds) / 1000, sum(latencies.cpu_milliseconds) / 1000
    return (f"{wall:.2f} s wall against {cpu:.2f} s of CPU in all; the query's thread preempted "
            f"{sum(latencies.preempted)} times (another process took its core) and waiting on the "
            f"disk {sum(latencies.page_faults)} times (major page faults). "
            f"The {slowest} slowest: " + ", ".join(
                f"{latencies.milliseconds[i]:.0f} ms ({latencies.cpu_milliseconds[i]:.0f} CPU, "
                f"{latencies.preempted[i]} preempted, {latencies.page_faults[i]} faults)" for i in top))


def cold_first_query(code_root: Path, db: Path, query: BenchQuery) -> float:
    """The first query of a new process, without a warm-up (what ``warm_up`` spares)."""
    script = (
        "import time, sys\n"
        "from pathlib import Path\n"
        "from newsflow.services.indexer.backends.sqlite import SqliteIndex\n"
        "from newsflow.services.indexer.backends.base import SearchQuery\n"
        "index = SqliteIndex(Path(sys.argv[1]), read_only=True)\n"
        "began = time.perf_counter()\n"
        "index.search(SearchQuery(text=sys.argv[2]))\n"
        "print((time.perf_counter() - began) * 1000)\n"
    )
    result = subprocess.run([sys.executable, "-c", script, str(db), query.text], check=True,
                            capture_output=True, text=True, cwd=str(code_root),
                            env=dict(os.environ, PYTHONPATH=str(code_root)))
    return float(result.stdout.strip().splitlines()[-1])


# --- the run --------------------------------------------------------------------------


@dataclass
class Run:
    args: argparse.Namespace
    speed_start: float = 0.0
    speed_end: float = 0.0
    load: tuple[float, float, float] = (0.0, 0.0, 0.0)
    generation_s: float = 0.0
    corpus_words: float = 0.0
    indexing: dict[str, list[dict[str, float]]] = field(default_factory=lambda: defaultdict(list))
    queries: dict[str, Latencies] = field(default_factory=dict)
    cold_ms: float | None = None
    #: Seconds to read the index file into the page cache before the queries.
    preload_s: float | None = None
    reused_index: bool = False
    cap_overlap: float | None = None
    cap_queries: int = 0
    query_kinds: dict[str, int] = field(default_factory=dict)


def baselines(args: argparse.Namespace) -> list[str]:
    return [rev for rev in (args.baseline or "").split(",") if rev]


def baseline_worktree(rev: str) -> Path:
    path = Path(tempfile.gettempdir()) / f"newsflow-bench-{rev[:12]}-{os.getpid()}"
    subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", str(path), rev],
                   check=True, capture_output=True)
    return path


def remove_worktree(path: Path) -> None:
    subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(path)],
                   check=False, capture_output=True)
    shutil.rmtree(path, ignore_errors=True)


def cap_recall(db: Path, queries: list[BenchQuery], capped: list[list[str]]) -> tuple[float, int]:
    """The share of the uncapped top 10 that the capped search returns too, over the
    relevance-sorted queries that match more than ``CANDIDATES`` articles."""
    from newsflow.services.indexer.analysis import parse_query
    from newsflow.services.indexer.backends import sqlite as backend

    index = backend.SqliteIndex(db, read_only=True)
    cap = backend.CANDIDATES
    shares = []
    try:
        for query, found in zip(queries, capped, strict=True):
            if query.sort != "relevance" or len(found) < 10:
                continue
            backend.CANDIDATES = 10**9
            try:
                full = measure_queries(index, [query]).hits[0]
            finally:
                backend.CANDIDATES = cap
            parsed = parse_query(query.text, query.language)
            matches = index.db.execute(
                "SELECT count(*) FROM articles_fts CROSS JOIN articles a ON a.rowid = "
                "articles_fts.rowid WHERE articles_fts MATCH ? AND (? IS NULL OR a.language = ?)",
                (backend.match_expression(parsed), query.language, query.language)).fetchone()[0]
            if matches <= cap:
                continue
            shares.append(len(set(full) & set(found)) / len(full))
    finally:
        index.close()
    return (statistics.mean(shares) if shares else 1.0), len(shares)


def kept(path: Path) -> bool:
    """Whether a file of a ``--keep`` directory was completed by an earlier run."""
    return path.exists() and Path(str(path) + ".complete").exists()


def mark_kept(path: Path) -> None:
    Path(str(path) + ".complete").touch()


def run_all(args: argparse.Namespace) -> Run:
    run = Run(args=args)
    run.speed_start = cpu_speed()
    if args.keep:
        workdir = args.keep.resolve()
        workdir.mkdir(parents=True, exist_ok=True)
    else:
        workdir = Path(tempfile.mkdtemp(prefix="newsflow-bench-"))
    workdir.chmod(0o755)
    corpus_file = workdir / f"corpus-{args.articles}.jsonl"
    worktrees: dict[str, Path] = {}
    node_dir: Path | None = None
    try:
        began = time.perf_counter()
        if kept(corpus_file):
            print(f"corpus: reusing {corpus_file}", flush=True)
            corpus = Corpus()
        else:
            print(f"corpus: writing {args.articles} articles …", flush=True)
            corpus = write_corpus(corpus_file, args.articles)
            mark_kept(corpus_file)
        run.generation_s = time.perf_counter() - began
        with corpus_file.open(encoding="utf-8") as lines:
            run.corpus_words = statistics.mean(
                json.loads(line)["word_count"] for _, line in zip(range(2_000), lines, strict=False))
        queries = make_queries(corpus, corpus_file, args.queries)
        run.query_kinds = {k: sum(q.kind == k for q in queries) for k in QUERY_KINDS}
        for rev in baselines(args):
            worktrees[rev] = baseline_worktree(rev)
        from newsflow.services.indexer.backends.sqlite import SCHEMA_VERSION

        # Named by layout: a kept index is reused only by code that writes the same one.
        db = workdir / f"bench-{args.articles}-layout{SCHEMA_VERSION}.sqlite3"
        if "sqlite" in args.backends.split(","):
            # Throughput: alternating child runs on the first --compare-articles articles.
            codes = [("this", ROOT), *worktrees.items()]
            for round_number in range(args.rounds):
                for name, root in codes if round_number % 2 == 0 else codes[::-1]:
                    target = workdir / f"compare-{name}.sqlite3"
                    print(f"sqlite: indexing {args.compare_articles} with {name} …", flush=True)
                    result = index_in_child(root, corpus_file, target, args.compare_articles, args.batch)
                    print(f"  {result}", flush=True)
                    run.indexing[name].append(result)
                    for suffix in ("", "-wal", "-shm"):
                        Path(str(target) + suffix).unlink(missing_ok=True)
            if kept(db):
                print(f"sqlite: reusing the index {db}", flush=True)
                run.reused_index = True
            else:
                print(f"sqlite: indexing {args.articles} articles (this checkout) …", flush=True)
                result = index_in_child(ROOT, corpus_file, db, args.articles, args.batch)
                print(f"  {result}", flush=True)
                run.indexing["this-full"].append(result)
                mark_kept(db)
            run.cold_ms = cold_first_query(ROOT, db, queries[1])
            from newsflow.services.indexer.analysis import warm_up_search
            from newsflow.services.indexer.backends.sqlite import SqliteIndex

            warm_up_search()  # as a search API warms up (the corpus's objects frozen too)
            run.preload_s = preload(db)
            index = SqliteIndex(db, read_only=True)
            measure_queries(index, queries[: min(50, len(queries))])
            run.queries["sqlite"] = measure_queries(index, queries)
            index.close()
            run.cap_overlap, run.cap_queries = cap_recall(db, queries, run.queries["sqlite"].hits)
            print(f"sqlite: {summary(run.queries['sqlite'])}", flush=True)
        if "opensearch" in args.backends.split(","):
            from newsflow.services.indexer.backends.opensearch import OpenSearchIndex

            url = os.environ.get("NEWSFLOW_OPENSEARCH_URL")
            if not url:
                from newsflow.ops.dev import opensearch

                node_dir = workdir / "node"
                cache = Path(os.environ.get("NEWSFLOW_CACHE_DIR", ROOT / ".cache"))
                url = opensearch.start(node_dir, cache).url
            search_index = OpenSearchIndex(url, f"bench-{uuid.uuid4().hex[:8]}", batch_size=args.batch)
            print(f"opensearch: indexing {args.articles} articles …", flush=True)
            run.indexing["opensearch"].append(
                index_corpus(search_index, corpus_file, args.articles, args.batch))
            print(f"  {run.indexing['opensearch'][-1]}", flush=True)
            measure_queries(search_index, queries[: min(50, len(queries))])
            run.queries["opensearch"] = measure_queries(search_index, queries)
            print(f"opensearch: {summary(run.queries['opensearch'])}", flush=True)
            search_index.drop()
            search_index.close()
    finally:
        if node_dir is not None:
            from newsflow.ops.dev import opensearch

            opensearch.stop(node_dir)
        for worktree in worktrees.values():
            remove_worktree(worktree)
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)
    run.speed_end = cpu_speed()
    run.load = os.getloadavg()
    return run


def summary(latencies: Latencies) -> dict[str, float]:
    ms = latencies.milliseconds
    return {"p50": statistics.median(ms), "p95": percentile(ms, 0.95), "p99": percentile(ms, 0.99),
            "max": max(ms), "empty": float(latencies.empty)}


# --- the report -----------------------------------------------------------------------

TARGET_P99_MS = 20.0


def _median(results: list[dict[str, float]], key: str) -> float:
    return statistics.median(r[key] for r in results)


def report(run: Run) -> str:
    args = run.args
    lines = [
        "| code | runs | articles | docs/s (wall, median) | docs per CPU s (median) | all runs, docs/s |",
        "|---|---:|---:|---:|---:|---|",
    ]
    names = {"this": "this checkout", "this-full": "this checkout, whole corpus",
             "opensearch": "OpenSearch (bulk, refresh per batch)"}
    for name, results in run.indexing.items():
        label = names.get(name, f"commit {name}")
        lines.append(f"| {label} | {len(results)} | {results[0]['articles']:.0f} | "
                     f"{_median(results, 'docs_per_s'):.0f} | {_median(results, 'docs_per_cpu_s'):.0f} | "
                     + ", ".join(f"{r['docs_per_s']:.0f}" for r in results) + " |")
    indexing = "\n".join(lines)
    for rev in baselines(args):
        if not (run.indexing.get(rev) and run.indexing.get("this")):
            continue
        ratio = _median(run.indexing["this"], "docs_per_cpu_s") / _median(run.indexing[rev],
                                                                         "docs_per_cpu_s")
        verdict = "met" if ratio >= 1.0 else "missed"
        indexing += (f"\n\nIndexing throughput against commit {rev}, per CPU second: "
                     f"{ratio:.2f}× (target ≥ 1.00×: **{verdict}**).")
    rows = ["| backend | queries | p50 ms | p95 ms | p99 ms | max ms | no hits | target p99 < 20 ms |",
            "|---|---:|---:|---:|---:|---:|---:|---|"]
    for backend, latencies in run.queries.items():
        s = summary(latencies)
        mark = "(no target)"
        if backend == "sqlite":
            mark = "**met**" if s["p99"] < TARGET_P99_MS else "**missed**"
        rows.append(f"| {backend} | {len(latencies.milliseconds)} | {s['p50']:.1f} | {s['p95']:.1f} | "
                    f"{s['p99']:.1f} | {s['max']:.1f} | {s['empty']:.0f} | {mark} |")
        if backend == "sqlite":
            cpu = latencies.cpu_milliseconds
            cpu_mark = "**met**" if percentile(cpu, 0.99) < TARGET_P99_MS else "**missed**"
            rows.append(f"| sqlite, CPU time of the query | {len(cpu)} | {statistics.median(cpu):.1f} | "
                        f"{percentile(cpu, 0.95):.1f} | {percentile(cpu, 0.99):.1f} | {max(cpu):.1f} | "
                        f"| {cpu_mark} on a core of its own |")
    kinds = ["| backend | " + " | ".join(f"{k} ({run.query_kinds.get(k, 0)}) p50 / p99" for k in QUERY_KINDS)
             + " |", "|---|" + "---:|" * len(QUERY_KINDS)]
    for backend, latencies in run.queries.items():
        cells = []
        for kind in QUERY_KINDS:
            ms = latencies.by_kind.get(kind) or [0.0]
            cells.append(f"{statistics.median(ms):.1f} / {percentile(ms, 0.99):.1f}")
        kinds.append(f"| {backend} | " + " | ".join(cells) + " |")
    command = (f".venv/bin/python -m bench.search --articles {args.articles} --queries {args.queries} "
               f"--compare-articles {args.compare_articles} --rounds {args.rounds} --batch {args.batch} "
               f"--backends {args.backends}" + (f" --baseline {args.baseline}" if args.baseline else "")
               + (f" --keep {args.keep}" if args.keep else "") + f" --report {args.report}")
    extra = []
    if run.reused_index:
        extra.append("- The whole-corpus index was built by an earlier run of the same layout "
                     "(`--keep`) and reused here: its indexing was not measured again.")
    if run.cold_ms is not None:
        extra.append(f"- The first query of a process that did not call `warm_up()`: {run.cold_ms:.0f} ms "
                     "(word lists and the language model loading); the figures above are after it.")
    if "sqlite" in run.queries:
        extra.append(f"- Waits of the SQLite queries (the index file read once before them, "
                     f"{run.preload_s or 0.0:.1f} s, so that its pages are cached): "
                     + waits(run.queries["sqlite"]))
    if run.cap_overlap is not None:
        extra.append(f"- The candidate cap (the newest {_cap()} matches ranked): over the {run.cap_queries} "
                     "relevance-sorted queries matching more than that, the capped top 10 holds "
                     f"{run.cap_overlap:.1%} of the top 10 ranked over every match.")
    return (
        f"Measured {datetime.now(UTC):%Y-%m-%d %H:%M} UTC on {platform.machine()}, {os.cpu_count()} cores "
        f"(shared with other work: load average {run.load[0]:.1f} / {run.load[1]:.1f} / {run.load[2]:.1f} "
        f"at the end), Python {platform.python_version()}. Machine speed (a fixed pure-Python loop, "
        f"`cpu_speed`): {run.speed_start / 1e6:.1f} M iterations/s at the start, "
        f"{run.speed_end / 1e6:.1f} M at the end.\n\n"
        f"Corpus: {args.articles} articles in {len(LANGUAGES)} languages ({', '.join(LANGUAGES)}), "
        f"{run.corpus_words:.0f} body words on average, words drawn by real frequency from "
        f"up to {VOCABULARY_SIZE:,} words per language (see `bench/search.py`); {args.queries} queries "
        "of one to three words (kinds below), a quarter with a language filter, a tenth sorted by "
        f"date, limit 10; batches of {args.batch}.\n\nCommand:\n\n    {command}\n\n"
        f"## Indexing (SQLite; each run a new process on the same corpus)\n\n{indexing}\n\n"
        f"## Query latency at {args.articles} articles\n\n" + "\n".join(rows) + "\n\nBy kind of query:\n\n"
        + "\n".join(kinds) + "\n\n" + "\n".join(extra) + "\n"
    )


def _cap() -> int:
    from newsflow.services.indexer.backends.sqlite import CANDIDATES

    return CANDIDATES


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--queries", type=int, default=500)
    parser.add_argument("--batch", type=int, default=500)
    parser.add_argument("--compare-articles", type=int, default=20_000,
                        help="Articles per alternating throughput run.")
    parser.add_argument("--rounds", type=int, default=2, help="Alternating throughput runs per code.")
    parser.add_argument("--baseline", help="Commits (comma-separated) whose indexing to measure "
                        "in the same run.")
    parser.add_argument("--backends", default="sqlite,opensearch")
    parser.add_argument("--report", type=Path, help="Write a Markdown report here.")
    parser.add_argument("--keep", type=Path, metavar="DIR",
                        help="Keep the corpus and the whole-corpus index in DIR, and reuse them "
                        "when an earlier run left them there (an index is reused by code of the "
                        "same SQLite layout); the query figures are then on the reused index.")
    parser.add_argument("--child-index", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--child-db", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child_index:
        child_index(args.child_index, args.child_db, args.articles, args.batch)
        return
    args.compare_articles = min(args.compare_articles, args.articles)
    run = run_all(args)
    text = report(run)
    print(text)
    if args.report:
        args.report.parent.mkdir(parents=True, exist_ok=True)
        previous = args.report.read_text(encoding="utf-8") if args.report.exists() else ""
        notes = previous.split("\n## Notes\n", 1)[1] if "\n## Notes\n" in previous else ""
        args.report.write_text("# Search benchmark\n\n" + text
                               + ("\n## Notes\n" + notes if notes else ""), encoding="utf-8")


if __name__ == "__main__":
    main()
