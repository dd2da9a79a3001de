"""End-to-end and stage benchmarks on the real broker, with raw Kafka as the reference.

Everything in one run, on the same machine and broker, because absolute numbers on shared
machines drift: what we report is mostly ratios against a reference measured alongside.

    python -m bench e2e --n 5000        # writes docs/benchmarks.md and docs/bench-*.png
"""

from __future__ import annotations

import asyncio
import json
import os
import platform
import re
import signal
import sqlite3
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from aiokafka import AIOKafkaConsumer
from aiokafka.admin import AIOKafkaAdminClient, NewTopic

from bench.corpus import expected_article_id, nhandan_html, seed_documents, sokhcn_html
from newsflow.events import Article, RawDocument, stable_id, utcnow
from newsflow.kafka.admin import ensure_topics
from newsflow.kafka.config import client_config
from newsflow.kafka.offsets import end_offsets
from newsflow.kafka.producer import make_producer
from newsflow.observability.topics_report import describe_groups
from newsflow.ops.dev import kafka as dev_kafka
from newsflow.ops.dev import opensearch as dev_opensearch
from newsflow.ops.launch import Process, ServiceProcess, stop_all
from newsflow.services.indexer.backends.base import ArticleIndex, SearchQuery
from newsflow.settings import Settings
from newsflow.topics import TopicName, topic_name

ROOT = Path(__file__).resolve().parents[1]


@dataclass
class Report:
    command: str
    n: int
    figures: dict[str, Any] = field(default_factory=dict)
    series: dict[str, list[float]] = field(default_factory=dict)
    profiles: dict[str, list[tuple[str, float, float]]] = field(default_factory=dict)
    run_at: str = field(default_factory=lambda: time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()))

    def put(self, key: str, value: Any) -> None:
        self.figures[key] = value
        print(f"  {key}: {value}", flush=True)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    index = min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))
    return ordered[index]


# --- processes ----------------------------------------------------------------------------


def service_env(settings: Settings) -> dict[str, str]:
    env = dict(os.environ)
    env.update(KAFKA_BOOTSTRAP_SERVERS=settings.bootstrap_servers(),
               NEWSFLOW_DATA_DIR=str(settings.data_dir),
               NEWSFLOW_TOPIC_PREFIX=settings.topic_prefix,
               NEWSFLOW_INDEX_BATCH_SECONDS=str(settings.index_batch_seconds),
               NEWSFLOW_LOG_LEVEL="WARNING", PYTHONPATH=str(ROOT))
    return env


@contextmanager
def services(settings: Settings, names: list[str], log_dir: Path) -> Iterator[list[ServiceProcess]]:
    env = service_env(settings)
    processes = [ServiceProcess(name, env=env, log_path=log_dir / f"{name}-{i}.log")
                 for i, name in enumerate(names)]
    try:
        for process in processes:
            process.start()
        yield processes
    finally:
        stop_all(processes, grace=20)


def run_fetcher_replay(settings: Settings, folder: Path, log_dir: Path) -> tuple[float, float]:
    """``python -m newsflow.services.fetcher FOLDER`` to its end; returns its peak RSS in MiB and the
    CPU seconds it used.

    The peak is the process's own VmHWM, read every 20 ms while it runs (not the rusage of
    the child: after a vfork that counts this, much larger, benchmark process).
    """
    process = ServiceProcess("fetcher", [str(folder)], log_path=log_dir / "fetcher.log",
                             env=dict(service_env(settings), NEWSFLOW_FETCH_FOLLOW_SOURCES="false"))
    process.start()
    peak = cpu = 0.0
    while process.running():
        with suppress(FileNotFoundError, ProcessLookupError, IndexError):  # it has just ended
            peak = max(peak, peak_rss_mib(process.pid))
            cpu = max(cpu, cpu_seconds(process.pid))
        time.sleep(0.02)
    if process.returncode != 0:
        raise RuntimeError(f"the fetcher exited with {process.returncode}: see {log_dir / 'fetcher.log'}")
    return peak, cpu


def cpu_seconds(pid: int) -> float:
    """User plus system CPU time the process has used so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def peak_rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def wait_until(condition: Callable[[], bool], timeout: float, poll: float = 0.05) -> float:
    """Seconds until ``condition`` held; raises TimeoutError."""
    start = time.perf_counter()
    while time.perf_counter() - start < timeout:
        if condition():
            return time.perf_counter() - start
        time.sleep(poll)
    raise TimeoutError(f"not done within {timeout}s")


class IndexWatcher:
    """Polls the SQLite index for new article ids and records when each first appeared."""

    def __init__(self, path: Path, interval: float = 0.01) -> None:
        self.path, self.interval = path, interval
        self.seen: dict[str, float] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> IndexWatcher:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        last = 0
        db: sqlite3.Connection | None = None
        while not self._stop.is_set():
            if db is None and self.path.exists():
                db = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True)
            if db is not None:
                try:
                    rows = db.execute("SELECT rowid, id FROM articles WHERE rowid > ?",
                                      (last,)).fetchall()
                except sqlite3.OperationalError:
                    rows = []
                now = time.perf_counter()
                for rowid, article_id in rows:
                    self.seen.setdefault(article_id, now)
                    last = max(last, rowid)
            time.sleep(self.interval)


@contextmanager
def profiled(processes: dict[str, int], folder: Path) -> Iterator[dict[str, Path]]:
    """Sample the processes with py-spy (if installed) while the block runs."""
    spy = Path(sys.executable).with_name("py-spy")
    outputs: dict[str, Path] = {}
    samplers = []
    if spy.exists():
        for name, pid in processes.items():
            outputs[name] = folder / f"profile-{name}.txt"
            samplers.append(Process([str(spy), "record", "--pid", str(pid), "--format", "raw",
                                     "--rate", "50", "--nonblocking", "--output", str(outputs[name])]))
    try:
        for sampler in samplers:
            sampler.start()
        yield outputs
    finally:
        stop_all(samplers, sig=signal.SIGINT, grace=30)  # py-spy writes its file on SIGINT


def top_frames(collapsed: Path, limit: int = 12) -> list[tuple[str, float, float]]:
    """(function, self %, total %) from py-spy's collapsed stacks, busiest first."""
    own: dict[str, int] = {}
    total: dict[str, int] = {}
    samples = 0
    for line in collapsed.read_text().splitlines():
        stack, _, count_text = line.rpartition(" ")
        if not stack or not count_text.isdigit():
            continue
        count = int(count_text)
        samples += count
        # "function (path/file.py:123)" -> "function (path/file.py)": one row per function.
        frames = [re.sub(r":\d+\)$", ")", frame) for frame in stack.split(";")]
        own[frames[-1]] = own.get(frames[-1], 0) + count
        for frame in set(frames):
            total[frame] = total.get(frame, 0) + count
    if not samples:
        return []
    busiest = sorted(own, key=lambda f: own[f], reverse=True)[:limit]
    return [(f, 100 * own[f] / samples, 100 * total[f] / samples) for f in busiest]


# --- Kafka helpers -------------------------------------------------------------------------


async def produce(settings: Settings, topic: str, messages: list[tuple[bytes, bytes]],
                  rate: float | None = None, sent_at: dict[bytes, float] | None = None) -> float:
    """Send all messages (at ``rate`` per second if given); returns the seconds it took."""
    producer = make_producer(settings, linger_ms=5)
    await producer.start()
    try:
        start = time.perf_counter()
        futures = []
        for i, (key, value) in enumerate(messages):
            if rate:
                delay = start + i / rate - time.perf_counter()
                if delay > 0:
                    await asyncio.sleep(delay)
            if sent_at is not None:
                sent_at[key] = time.perf_counter()
            futures.append(await producer.send(topic, value=value, key=key))
        await producer.flush()
        await asyncio.gather(*futures)
        return time.perf_counter() - start
    finally:
        await producer.stop()


async def raw_passthrough(settings: Settings, messages: list[tuple[bytes, bytes]]) -> dict[str, float]:
    """The reference: produce and consume the same messages on the same broker."""
    topic = f"{settings.topic_prefix}.bench.passthrough"
    admin = AIOKafkaAdminClient(**client_config(settings))
    await admin.start()
    try:
        await admin.create_topics([NewTopic(name=topic, num_partitions=4, replication_factor=1,
                                            topic_configs={"max.message.bytes": "10485760"})])
    finally:
        await admin.close()
    consumer = AIOKafkaConsumer(topic, **client_config(settings), auto_offset_reset="earliest",
                                group_id=f"bench-{uuid.uuid4().hex[:6]}",
                                max_partition_fetch_bytes=20 * 1024 * 1024)
    await consumer.start()
    try:
        # Join the group before the clock starts: the services are timed once they are running
        # too, so the reference must not pay for the group join either.
        while not consumer.assignment():
            await consumer.getmany(timeout_ms=100)
        start = time.perf_counter()
        producing = asyncio.create_task(produce(settings, topic, messages))
        received = 0
        while received < len(messages):
            batch = await consumer.getmany(timeout_ms=500, max_records=5000)
            received += sum(len(records) for records in batch.values())
        elapsed = time.perf_counter() - start
        await producing
    finally:
        await consumer.stop()
    return {"messages_per_s": len(messages) / elapsed, "seconds": elapsed}


# --- stages in-process ---------------------------------------------------------------------


def stage_parser(n: int, report: Report, extraction_dev: Path | None) -> None:
    from bench.extraction import Page, load_body_pages, newsflow, run_all, trafilatura_default
    from bench.metric import summarise
    from newsflow.services.parser.document import parse_document

    docs = [d.raw() for d in seed_documents(n, seed=3)]
    for doc in docs[:12]:  # warm-up: loads the language model and the Thai dictionary
        parse_document(doc)
    start = time.perf_counter()
    for doc in docs:
        parse_document(doc)
    report.put("parser_seed_docs_per_s_one_core", round(n / (time.perf_counter() - start), 1))

    # The two configured sites in turn, each page through its own site extractor.
    pages = [nhandan_html(i) if i % 2 == 0 else sokhcn_html(i) for i in range(n)]
    urls = [f"https://nhandan.vn/bench-{i}-post{200000 + i}.html" if i % 2 == 0
            else f"https://sokhcn.haiphong.gov.vn/tin-hoat-dong-chung/bench-{i}.html"
            for i in range(n)]
    raws = [RawDocument(document_id=stable_id("b", str(i)), origin="http", url=urls[i],
                        fetched_at=utcnow(), media_type="text/html", charset="utf-8",
                        content=page.decode()) for i, page in enumerate(pages)]
    parse_document(raws[0])
    start = time.perf_counter()
    for raw in raws:
        parse_document(raw)
    report.put("parser_html_docs_per_s_one_core", round(n / (time.perf_counter() - start), 1))

    # The whole HTML path beside trafilatura on the same pages (both sites' markup), timed
    # interleaved (bench.extraction). Under a host that is no configured site, a page takes
    # the generic path.
    try:
        import trafilatura  # noqa: F401
    except ImportError:
        report.put("trafilatura_html_pages_per_s", "not installed")
        return
    synthetic = [Page("synthetic", str(i), "https://example.org/news/article.html", page)
                 for i, page in enumerate(pages[:min(n, 300)])]
    # Best of two rounds, as bench.extraction times them: the first pays each library's one-time
    # loads (trafilatura's set-up, dateparser's ~200 languages on the first string no language
    # reads: 1.2-1.6 s of CPU) inside whichever extractor meets them first.
    run = run_all([("newsflow", newsflow), ("trafilatura", trafilatura_default)], synthetic, 2)
    report.put("generic_extractor_pages_per_s_synthetic",
               round(len(synthetic) / run.seconds[("newsflow", "synthetic")], 1))
    report.put("trafilatura_pages_per_s_synthetic",
               round(len(synthetic) / run.seconds[("trafilatura", "synthetic")], 1))
    if extraction_dev is not None and (extraction_dev / "ground-truth.json").exists():
        real = load_body_pages(extraction_dev)
        run = run_all([("newsflow", newsflow), ("trafilatura", trafilatura_default)], real, 2)
        for name, label in (("newsflow", "generic_extractor"), ("trafilatura", "trafilatura")):
            report.put(f"{label}_pages_per_s_real_pages",
                       round(len(real) / run.seconds[(name, "extraction-dev")], 1))
            scores = [score for part in ("tuning", "untouched")
                      for score in run.tally(name, "extraction-dev", part).scores]
            report.put(f"{label}_f1_real_pages", round(summarise(scores).f1, 4))


QUERIES = ["Delegation", "Innovationszentrum", "hai phong", "công nghệ cao", "ไฮฟอง",
           "research institutes", "coopération", "tecnológico", "startups venture"]


def index_and_query(index: ArticleIndex, name: str, articles: list[Article], report: Report,
                    batch: int = 500) -> None:
    """Index ``articles`` in batches (docs/s), then time the query set 20 times (p50, p99)."""
    start = time.perf_counter()
    for i in range(0, len(articles), batch):
        index.upsert(articles[i:i + batch])
    report.put(f"indexer_{name}_docs_per_s", round(len(articles) / (time.perf_counter() - start), 1))
    latencies = []
    for _ in range(20):
        for q in QUERIES:
            began = time.perf_counter()
            index.search(SearchQuery(text=q))
            latencies.append((time.perf_counter() - began) * 1000)
    report.put(f"search_{name}_p50_ms", round(percentile(latencies, 50), 2))
    report.put(f"search_{name}_p99_ms", round(percentile(latencies, 99), 2))


def stage_indexer_and_search(n: int, report: Report, work: Path, opensearch_url: str | None) -> None:
    """Both backends on the same parsed articles of the seed corpus."""
    from newsflow.services.indexer.backends.opensearch import OpenSearchIndex
    from newsflow.services.indexer.backends.sqlite import SqliteIndex
    from newsflow.services.parser.document import parse_document

    articles = [parse_document(d.raw()) for d in seed_documents(n, seed=5)]
    sqlite_index = SqliteIndex(work / "stage-index.sqlite3")
    index_and_query(sqlite_index, "sqlite", articles, report)
    sqlite_index.close()
    if opensearch_url is None:
        report.put("indexer_opensearch_docs_per_s", "not measured (--no-opensearch)")
        return
    search_index = OpenSearchIndex(opensearch_url, f"bench-{uuid.uuid4().hex[:8]}")
    try:
        index_and_query(search_index, "opensearch", articles, report)
    finally:
        search_index.drop()
        search_index.close()


# --- end to end ----------------------------------------------------------------------------


def fresh_settings(bootstrap: str, work: Path, name: str) -> Settings:
    settings = Settings(kafka_bootstrap_servers=bootstrap, data_dir=work / name,
                        topic_prefix=f"bench{uuid.uuid4().hex[:8]}")
    asyncio.run(ensure_topics(settings=settings))
    return settings


def raw_messages(start: int, n: int) -> tuple[list[tuple[bytes, bytes]], list[str]]:
    docs = list(seed_documents(start + n, seed=1))[start:]
    messages = [(d.raw().document_id.encode(), d.raw().to_bytes()) for d in docs]
    return messages, [expected_article_id(d) for d in docs]


def write_corpus(n: int, folder: Path) -> list[str]:
    """The seed corpus as files (what the fetcher replays); returns the expected article ids."""
    folder.mkdir(parents=True)
    ids = []
    for document in seed_documents(n, seed=1):
        (folder / f"bench-{document.number:07d}.txt").write_text(document.text, encoding="utf-8")
        ids.append(expected_article_id(document))
    return ids


@dataclass
class ReplayRun:
    """What one replay through the three services measured."""

    seconds: float
    cpu: dict[str, float]
    peak_rss_mib: dict[str, float]
    profiles: dict[str, list[tuple[str, float, float]]]


def parsers_assigned(settings: Settings, raw_topic: str) -> int:
    """How many members of the parsers' consumer group hold partitions of ``raw_topic``, the
    group settled ("Stable")."""
    group = f"{settings.topic_prefix}-parser"
    state, members = asyncio.run(describe_groups(settings, [group], {raw_topic})).get(group, ("", []))
    return sum(bool(m.assigned) for m in members) if state == "Stable" else 0


def replay_run(settings: Settings, corpus: Path, ids: list[str], work: Path, name: str,
               broker_pid: int | None, warmup_number: int, parsers: int = 1) -> ReplayRun:
    """The parser (``parsers`` workers of its consumer group) and the indexer running (warmed
    up by one document); the fetcher replays ``corpus``; timed from its start until every one
    of ``ids`` is in the index. CPU time of each process (the parsers' together, and the
    broker's when it is ours) over that time says where the cores went; py-spy samples the
    first parser and the indexer."""
    raw_topic = topic_name(TopicName.RAW_DOCUMENTS, settings)
    warmup, _ = raw_messages(warmup_number, 1)  # a seed document that is not in the corpus
    logs = work / f"logs-{name}"
    (work / name).mkdir(parents=True, exist_ok=True)
    with services(settings, ["parser"] * parsers + ["indexer"], logs) as procs:
        with IndexWatcher(settings.resolved_index_path) as watcher:
            asyncio.run(produce(settings, raw_topic, warmup))
            wait_until(lambda: len(watcher.seen) >= 1, timeout=120)
            if parsers > 1:  # every parser holds partitions before the clock starts
                wait_until(lambda: parsers_assigned(settings, raw_topic) == parsers, timeout=120)
            pids = {"parser": procs[0].pid, "indexer": procs[-1].pid}
            measured = {f"parser-{i}": p.pid for i, p in enumerate(procs[:-1])}
            measured.update(indexer=procs[-1].pid, **({"broker": broker_pid} if broker_pid else {}))
            cpu_before = {name: cpu_seconds(pid) for name, pid in measured.items()}
            with profiled(pids, work / name) as profiles:
                start = time.perf_counter()
                fetcher_rss, fetcher_cpu = run_fetcher_replay(settings, corpus, logs)
                wait_until(lambda: all(i in watcher.seen for i in ids), timeout=3600, poll=0.5)
                spent = {name: cpu_seconds(pid) - cpu_before[name] for name, pid in measured.items()}
            last = max(watcher.seen[i] for i in ids)
        cpu = {"parser": sum(v for k, v in spent.items() if k.startswith("parser-")),
               **{k: v for k, v in spent.items() if not k.startswith("parser-")}, "fetcher": fetcher_cpu}
        rss = {"fetcher": fetcher_rss, "parser": max(peak_rss_mib(p.pid) for p in procs[:-1]),
               "indexer": peak_rss_mib(procs[-1].pid)}
    return ReplayRun(last - start, cpu, rss,
                     {name: top_frames(path) for name, path in profiles.items() if path.exists()})


def put_cpu(report: Report, run: ReplayRun, n: int, unit: str) -> None:
    """CPU ms per ``unit`` (article, html_page) of each process and in all."""
    for name in ("fetcher", "parser", "indexer", "broker"):
        if name in run.cpu:
            report.put(f"cpu_ms_per_{unit}_{name}", round(1000 * run.cpu[name] / n, 3))
    report.put(f"cpu_ms_per_{unit}_total", round(1000 * sum(run.cpu.values()) / n, 3))


def e2e_throughput(bootstrap: str, n: int, work: Path, report: Report,
                   broker_pid: int | None) -> None:
    """All three services: the fetcher replays n seed files; timed from its start to the
    moment the last article is searchable in the embedded index. CPU time per article of
    each process (and of the broker, when it is ours) says where the cores went."""
    settings = fresh_settings(bootstrap, work, "throughput")
    messages, _ = raw_messages(0, n)
    reference = asyncio.run(raw_passthrough(settings, messages))
    del messages
    report.put("raw_kafka_passthrough_msgs_per_s", round(reference["messages_per_s"], 1))
    ids = write_corpus(n, work / "corpus")
    run = replay_run(settings, work / "corpus", ids, work, "throughput", broker_pid, n)
    report.profiles.update(run.profiles)
    rate = n / run.seconds
    report.put("e2e_articles_per_s", round(rate, 1))
    report.put("e2e_ratio_to_raw_kafka", round(rate / reference["messages_per_s"], 3))
    put_cpu(report, run, n, "article")
    report.put("cores_busy_during_e2e", round(sum(run.cpu.values()) / run.seconds, 2))
    for name, mib in run.peak_rss_mib.items():
        report.put(f"{name}_peak_rss_mib_at_n_{n}", round(mib, 1))
        report.put(f"{name}_peak_rss_mib", round(mib, 1))


def html_pages(synthetic: int, extraction_dev: list[Path]) -> Iterator[tuple[str, str, bytes]]:
    """Saved pages, each as (kind, URL, bytes): the real pages of the development sets, then
    ``synthetic`` pages in the two configured sites' markup (nhandan.vn, sokhcn), in turn."""
    from bench.extraction import load_body_pages, load_snippet_pages

    for folder in extraction_dev:
        if (folder / "ground-truth.json").exists():
            yield from (("real", page.url, page.data) for page in load_body_pages(folder))
        if (folder / "evaldata.json").exists():
            yield from (("real", page.url, page.data) for page in load_snippet_pages(folder))
    for i in range(synthetic):
        if i % 2 == 0:
            yield "sites", f"https://nhandan.vn/bench-{i}-post{200000 + i}.html", nhandan_html(i)
        else:
            yield ("sites", f"https://sokhcn.haiphong.gov.vn/tin-hoat-dong-chung/bench-{i}.html",
                   sokhcn_html(i))


def write_html_corpus(pages: Iterable[tuple[str, str, bytes]], folder: Path) -> tuple[int, list[str], float]:
    """The pages as saved files (with the URL a browser notes on saving), each parsed here
    once as well: returns how many pages, the article ids they make (a refused page makes
    none) and the parser's in-process rate on them (pages/s, one core)."""
    from newsflow.services.fetcher.replay import seed_document
    from newsflow.services.parser.handler import handle_raw_message
    from newsflow.stage import Message

    folder.mkdir(parents=True)
    ids: set[str] = set()
    seconds = 0.0
    count = 0
    for count, (_, url, data) in enumerate(pages, start=1):
        path = folder / f"page-{count:07d}.html"
        mark = f"<!-- saved from url=({len(url):04d}){url} -->\n".encode() if url.startswith("http") else b""
        path.write_bytes(mark + data)
        value = seed_document(path).to_bytes()
        began = time.perf_counter()
        parsed = handle_raw_message(value, Message(), max_bytes=5_000_000)
        seconds += time.perf_counter() - began
        if parsed.article is not None:
            ids.add(parsed.article.id)
    return count, sorted(ids), count / seconds if seconds else 0.0


#: The HTML run's two sets of pages, each replayed on its own, by the name its profiles go
#: by: the development sets' real pages (other sites, mostly through the generic extractor)
#: and pages in the two configured sites' markup (through their own extractors).
HTML_KINDS = {"real": "real pages", "sites": "sites' pages"}


def e2e_html(bootstrap: str, synthetic: int, extraction_dev: list[Path], work: Path,
             report: Report, broker_pid: int | None) -> None:
    """The same three services on saved HTML pages instead of seed text: the real pages of
    the development sets, then pages in the two sites' markup, each set a run of its own
    (their costs differ tenfold; a mixed run's rate says neither), and each again with two
    parser workers in the parsers' group (scale-out, as operators run it on more cores)."""
    pages = list(html_pages(synthetic, extraction_dev))
    totals = {"pages": 0, "seconds": 0.0, "cpu": 0.0, "in_process_seconds": 0.0}
    for kind, label in HTML_KINDS.items():
        chosen = [page for page in pages if page[0] == kind]
        if not chosen:
            continue
        corpus = work / f"html-{kind}-corpus"
        count, ids, in_process = write_html_corpus(chosen, corpus)
        report.put(f"html_{kind}_pages", count)
        report.put(f"html_{kind}_articles_indexed", len(ids))
        report.put(f"parser_html_{kind}_pages_per_s_in_process", round(in_process, 1))
        settings = fresh_settings(bootstrap, work, f"html-{kind}")
        run = replay_run(settings, corpus, ids, work, f"html-{kind}", broker_pid, 0)
        report.profiles.update({f"{name} (HTML run, {label})": frames
                                for name, frames in run.profiles.items()})
        rate = count / run.seconds
        report.put(f"e2e_html_{kind}_pages_per_s", round(rate, 1))
        report.put(f"e2e_html_{kind}_ratio_to_parser_in_process", round(rate / in_process, 3))
        put_cpu(report, run, count, f"html_{kind}_page")
        for name, mib in run.peak_rss_mib.items():
            report.put(f"{name}_peak_rss_mib_html_{kind}_run", round(mib, 1))
        totals["pages"] += count
        totals["seconds"] += run.seconds
        totals["cpu"] += sum(run.cpu.values())
        totals["in_process_seconds"] += count / in_process
        # what the second core gives where the parser is the stage waited on
        settings = fresh_settings(bootstrap, work, f"html-{kind}-two-parsers")
        run = replay_run(settings, corpus, ids, work, f"html-{kind}-two-parsers", broker_pid, 0, parsers=2)
        report.put(f"e2e_html_{kind}_pages_per_s_two_parsers", round(count / run.seconds, 1))
        put_cpu(report, run, count, f"html_{kind}_page_two_parsers")
    if totals["pages"]:  # both sets one after the other, as one replay of all the pages takes them
        report.put("html_pages_replayed", totals["pages"])
        report.put("e2e_html_pages_per_s", round(totals["pages"] / totals["seconds"], 1))
        report.put("cpu_ms_per_html_page_total", round(1000 * totals["cpu"] / totals["pages"], 3))
        report.put("parser_html_pages_per_s_in_process_same_pages",
                   round(totals["pages"] / totals["in_process_seconds"], 1))


#: One throughput run of a checkout, in its own interpreter: the checkout's own code (its
#: bench/e2e.py and services), on our broker. Prints its figures as one JSON line.
_CHECKOUT_RUN = """
import json, sys, tempfile
from pathlib import Path
from bench.e2e import Report, e2e_throughput
report = Report(command="before/after", n={n})
with tempfile.TemporaryDirectory(prefix="newsflow-bench-ab-") as tmp:
    e2e_throughput({bootstrap!r}, {n}, Path(tmp), report, {broker_pid!r})
print("FIGURES " + json.dumps(report.figures))
"""


def checkout_throughput(checkout: Path, bootstrap: str, n: int, broker_pid: int | None) -> dict[str, Any]:
    import subprocess

    env = dict(os.environ, PYTHONPATH=str(checkout), KAFKA_BOOTSTRAP_SERVERS=bootstrap)
    code = _CHECKOUT_RUN.format(n=n, bootstrap=bootstrap, broker_pid=broker_pid)
    done = subprocess.run([sys.executable, "-c", code], cwd=checkout, env=env,
                          capture_output=True, text=True, check=False)
    lines = [line for line in done.stdout.splitlines() if line.startswith("FIGURES ")]
    if done.returncode != 0 or not lines:
        raise RuntimeError(f"the throughput run of {checkout} failed:\n{done.stderr[-3000:]}")
    figures: dict[str, Any] = json.loads(lines[-1].removeprefix("FIGURES "))
    return figures


BEFORE_AFTER = ("cpu_ms_per_article_total", "cpu_ms_per_article_parser", "cpu_ms_per_article_indexer",
                "cpu_ms_per_article_broker", "cpu_ms_per_article_fetcher", "e2e_articles_per_s",
                "e2e_ratio_to_raw_kafka", "raw_kafka_passthrough_msgs_per_s")


def before_after(baseline: Path, bootstrap: str, n: int, rounds: int, broker_pid: int | None,
                 report: Report) -> None:
    """The baseline checkout's throughput run and ours, alternating, ``rounds`` times each on
    the same broker; the median of each figure, before and after."""
    import statistics

    runs: dict[str, list[dict[str, Any]]] = {"before": [], "after": []}
    for _ in range(rounds):
        for label, checkout in (("before", baseline), ("after", ROOT)):
            runs[label].append(checkout_throughput(checkout, bootstrap, n, broker_pid))
    commit = _git_head(baseline)
    report.put("baseline_commit", commit)
    report.put("before_after_runs", f"{rounds} each, alternating, n = {n}")
    for key in BEFORE_AFTER:
        for label, figures in runs.items():
            values = [f[key] for f in figures if isinstance(f.get(key), int | float)]
            if values:
                report.put(f"{key}_{label}", round(statistics.median(values), 3))
                report.put(f"{key}_{label}_runs", values)
    before, after = (report.figures.get(f"cpu_ms_per_article_total_{x}") for x in ("before", "after"))
    if isinstance(before, int | float) and isinstance(after, int | float) and before:
        report.put("cpu_per_article_after_to_before", round(after / before, 3))


def _git_head(checkout: Path) -> str:
    import subprocess

    done = subprocess.run(["git", "-C", str(checkout), "rev-parse", "--short", "HEAD"],
                          capture_output=True, text=True, check=False)
    return done.stdout.strip() or str(checkout)


def e2e_latency(bootstrap: str, rate: float, seconds: float, work: Path, report: Report) -> None:
    settings = fresh_settings(bootstrap, work, f"latency{int(rate)}")
    raw_topic = topic_name(TopicName.RAW_DOCUMENTS, settings)
    n = int(rate * seconds)
    messages, ids = raw_messages(0, n)
    key_to_id = {key: article_id for (key, _), article_id in zip(messages, ids, strict=True)}
    warmup, _ = raw_messages(n, 1)
    sent_at: dict[bytes, float] = {}
    with (services(settings, ["parser", "indexer"], work / f"logs-latency{int(rate)}"),
          IndexWatcher(settings.resolved_index_path) as watcher):
        asyncio.run(produce(settings, raw_topic, warmup))
        wait_until(lambda: len(watcher.seen) >= 1, timeout=120)
        asyncio.run(produce(settings, raw_topic, messages, rate=rate, sent_at=sent_at))
        wait_until(lambda: all(i in watcher.seen for i in ids), timeout=600, poll=0.2)
    latencies = [(watcher.seen[key_to_id[k]] - t) * 1000 for k, t in sent_at.items()]
    report.series[f"latency_ms_at_{int(rate)}_per_s"] = latencies
    for q in (50, 95, 99):
        report.put(f"e2e_latency_p{q}_ms_at_{int(rate)}_per_s", round(percentile(latencies, q), 1))


def parser_scaling(bootstrap: str, n: int, work: Path, report: Report) -> None:
    for workers in (1, 2):
        settings = fresh_settings(bootstrap, work, f"scaling{workers}")
        raw_topic = topic_name(TopicName.RAW_DOCUMENTS, settings)
        articles = topic_name(TopicName.ARTICLES, settings)
        messages, _ = raw_messages(0, n)
        asyncio.run(produce(settings, raw_topic, messages))

        def parsed(settings: Settings = settings, articles: str = articles) -> int:
            return sum(asyncio.run(end_offsets([articles], settings)).get(articles, {}).values())

        with services(settings, ["parser"] * workers, work / f"logs-scaling{workers}"):
            wait_until(lambda: parsed() >= 1, timeout=120, poll=0.02)
            start = time.perf_counter()
            first = parsed()
            wait_until(lambda: parsed() >= n, timeout=600, poll=0.2)
            elapsed = time.perf_counter() - start
        report.put(f"parser_docs_per_s_{workers}_worker{'s' if workers > 1 else ''}",
                   round((n - first) / elapsed, 1))


# --- output --------------------------------------------------------------------------------

#: End to end as a share of raw Kafka pass-through in the same run (issue 20's target).
RATIO_GOAL = 0.25

TARGETS = [
    ("cpu_per_article_after_to_before", "<=", 1 / 3,
     "CPU per seed-format article, all four processes, after / before (same run, alternating)"),
    ("e2e_articles_per_s", ">=", 2000, "End to end, seed-format articles/s into the embedded index"),
    ("e2e_ratio_to_raw_kafka", ">=", RATIO_GOAL, "End to end as a share of raw Kafka pass-through"),
    ("e2e_latency_p99_ms_at_200_per_s", "<", 500, "p99 produce-to-searchable at 200 articles/s (ms)"),
    ("e2e_latency_p99_ms_at_1000_per_s", "<", 1000, "p99 produce-to-searchable at 1,000 articles/s (ms)"),
    ("e2e_html_real_pages_per_s", ">=", 300,
     "End to end, saved HTML pages/s into the embedded index: the development sets' real pages"),
    ("e2e_html_sites_pages_per_s", ">=", 300,
     "End to end, saved HTML pages/s into the embedded index: pages in the two sites' markup"),
    ("parser_peak_rss_mib", "<=", 301, "Parser peak RSS (MiB), at the run's N"),
    ("indexer_peak_rss_mib", "<=", 259, "Indexer peak RSS (MiB), at the run's N"),
    ("generic_vs_trafilatura_speed_synthetic", ">=", 1.0,
     "Generic extraction speed / trafilatura's, same synthetic pages"),
    ("generic_vs_trafilatura_speed_real_pages", ">=", 1.0,
     "Generic extraction speed / trafilatura's, same real pages (extraction-dev)"),
]


def derived_figures(report: Report) -> None:
    """Ratios the targets are stated in."""
    f = report.figures
    for suffix in ("synthetic", "real_pages"):
        ours, theirs = (f.get(f"generic_extractor_pages_per_s_{suffix}"),
                        f.get(f"trafilatura_pages_per_s_{suffix}"))
        if isinstance(ours, int | float) and isinstance(theirs, int | float) and theirs:
            report.put(f"generic_vs_trafilatura_speed_{suffix}", round(ours / theirs, 2))


def verdict(value: Any, op: str, goal: float) -> str:
    if not isinstance(value, int | float):
        return "not measured"
    met = {">=": value >= goal, "<=": value <= goal, "<": value < goal}[op]
    if met:
        return "met"
    return f"missed by {abs(value - goal) / goal:.0%}"


class _Figures(dict[str, Any]):
    def __missing__(self, key: str) -> str:
        return f"(not measured: {key})"


def fill_in(analysis: str, figures: dict[str, Any], n: int | None = None) -> str:
    """The written reading with its ``{figure}`` placeholders replaced by this run's values,
    so the text and the tables never disagree (``{n_seed}``: the throughput run's N;
    ``{<target>_verdict}``: each target's verdict, as in the targets table)."""
    values = _Figures(figures)
    if n is not None:
        values["n_seed"] = f"{n:,}"
    total, raw = figures.get("cpu_ms_per_article_total"), figures.get("raw_kafka_passthrough_msgs_per_s")
    if isinstance(total, int | float) and total:
        values["cpu_bound"] = f"{(os.cpu_count() or 1) * 1000 / total:,.0f}"
    real_page = figures.get("cpu_ms_per_html_real_page_total")
    if isinstance(real_page, int | float):  # cores busy for 300 real pages/s at this CPU a page
        values["html_real_cores_for_300"] = f"{300 * real_page / 1000:.1f}"
    if isinstance(raw, int | float):
        values["ratio_goal_rate"] = f"{RATIO_GOAL * raw:,.0f}"
    key = "cpu_per_article_after_to_before"
    goal = next(goal for name, _, goal, _ in TARGETS if name == key)
    values["cpu_per_article_verdict"] = verdict(figures.get(key), "<=", goal)
    for name, op, goal, _ in TARGETS:  # "{e2e_articles_per_s_verdict}": met, missed by 12%
        values[f"{name}_verdict"] = verdict(figures.get(name), op, goal)
    before, after = (figures.get(f"cpu_ms_per_article_total_{side}_runs") for side in ("before", "after"))
    if isinstance(before, list) and isinstance(after, list) and before and len(before) == len(after):
        ratios = (a / b for b, a in zip(before, after, strict=True))
        values["cpu_per_article_runs_ratios"] = ", ".join(f"{r:.3f}" for r in ratios)
    return analysis.format_map(values)


def write_markdown(report: Report, out: Path, analysis: str) -> None:
    lines = ["# Benchmarks", "",
             "Measured by `bench/e2e.py` on the real broker and the real service processes; "
             "the raw Kafka reference runs in the same run on the same broker.", "",
             f"- Command: `{report.command}`",
             f"- Machine: {platform.platform()}, {os.cpu_count()} cores, "
             f"{_memory_gib():.0f} GiB RAM, Python {platform.python_version()}, "
             f"Kafka {dev_kafka.KAFKA_VERSION} (KRaft, single node, same machine), "
             f"OpenSearch {dev_opensearch.OPENSEARCH_VERSION} (single node, -Xmx512m)",
             f"- Run at: {report.run_at}", "",
             "## Targets", "", "| target | goal | measured | verdict |", "| --- | --- | --- | --- |"]
    for key, op, goal, label in TARGETS:
        value = report.figures.get(key)
        goal_text = f"{goal:.3f}" if isinstance(goal, float) and goal != round(goal, 2) else goal
        lines.append(f"| {label} | {op} {goal_text} | {value} | {verdict(value, op, goal)} |")
    lines += ["", fill_in(analysis, report.figures, report.n).strip(), ""] if analysis.strip() else [""]
    lines += ["## All figures", "", "| figure | value |", "| --- | --- |"]
    lines += [f"| {k} | {v} |" for k, v in report.figures.items()]
    lines += ["", "![throughput](bench-throughput.png)", "", "![latency](bench-latency.png)", ""]
    for name, frames in report.profiles.items():
        run = "" if "(" in name else " (end-to-end throughput run)"  # "parser (HTML run, ...)"
        lines += [f"## Where the time goes: {name}{run}, py-spy", "",
                  "| function | self % | total % |", "| --- | --- | --- |"]
        lines += [f"| `{frame}` | {own:.1f} | {total:.1f} |" for frame, own, total in frames]
        lines.append("")
    out.write_text("\n".join(lines) + "\n")


def _memory_gib() -> float:
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemTotal:"):
            return int(line.split()[1]) / 1024 / 1024
    return float("nan")


def write_charts(report: Report, folder: Path) -> None:
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        print("matplotlib is not installed: no charts", file=sys.stderr)
        return
    bars = {k: v for k, v in report.figures.items()
            if ("_per_s" in k or "pages_per_s" in k) and "latency" not in k
            and isinstance(v, int | float)}
    fig, ax = plt.subplots(figsize=(10, 6.5))
    colours = ["#d8743b" if k.startswith(("e2e", "raw_kafka")) else "#3b7dd8" for k in bars]
    ax.barh(list(bars), list(bars.values()), color=colours)
    for y, value in enumerate(bars.values()):
        ax.text(value, y, f" {value:,.0f}", va="center", fontsize=8)
    ax.invert_yaxis()
    ax.set_xscale("log")
    ax.axvline(2000, linestyle="--", color="black")
    ax.text(2000, len(bars) - 0.5, " e2e target 2,000/s", va="bottom")
    ax.set_xlabel("documents / messages / pages per second (log scale)")
    ax.set_title("Throughput (same run, same broker)")
    fig.tight_layout()
    fig.savefig(folder / "bench-throughput.png", dpi=110)
    plt.close(fig)
    series = {k: v for k, v in report.series.items() if k.startswith("latency_ms_at_")}
    if series:
        fig, (hist, pct) = plt.subplots(1, 2, figsize=(12, 4.5))
        for name, latencies in series.items():
            rate = name.removeprefix("latency_ms_at_").removesuffix("_per_s")
            hist.hist(latencies, bins=50, alpha=0.6, label=f"{rate} articles/s")
        hist.axvline(1000, linestyle="--", color="black")
        hist.set_xlabel("produce-to-searchable latency (ms)")
        hist.set_ylabel("articles")
        hist.legend()
        hist.set_title("Latency distribution at steady input rates")
        rates = [int(k.removeprefix("latency_ms_at_").removesuffix("_per_s")) for k in series]
        for q in (50, 95, 99):
            pct.plot(rates, [percentile(v, q) for v in series.values()], marker="o", label=f"p{q}")
        pct.axhline(1000, linestyle="--", color="black")
        pct.set_xlabel("input rate (articles/s)")
        pct.set_ylabel("ms")
        pct.legend()
        pct.set_title("Latency percentiles by input rate")
        fig.tight_layout()
        fig.savefig(folder / "bench-latency.png", dpi=110)
        plt.close(fig)


def run(options: RunOptions) -> Report:
    report = Report(command=options.command, n=options.n)
    # The machine is shared: how busy it was says how far to trust the absolute rates.
    report.put("load_average_1_5_15_min_at_start", [round(x, 2) for x in os.getloadavg()])
    with tempfile.TemporaryDirectory(prefix="newsflow-bench-") as tmp:
        work = Path(tmp)
        work.chmod(0o755)  # the dev OpenSearch runs as nobody when we are root
        print("stages (in-process)", flush=True)
        stage_parser(options.stage_n, report, options.extraction_dev)
        opensearch_url = os.environ.get("NEWSFLOW_OPENSEARCH_URL")
        node_dir = work / "opensearch"
        if options.opensearch and not opensearch_url:
            opensearch_url = dev_opensearch.start(node_dir, ROOT / ".cache").url
        try:
            stage_indexer_and_search(options.stage_n, report, work,
                                     opensearch_url if options.opensearch else None)
        finally:
            if node_dir.exists():
                dev_opensearch.stop(node_dir)
        bootstrap = os.environ.get("KAFKA_BOOTSTRAP_SERVERS")
        broker_dir = work / "broker"
        broker_pid = None
        if not bootstrap:
            broker = dev_kafka.start(broker_dir, ROOT / ".cache")
            bootstrap, broker_pid = broker.bootstrap_servers, broker.pid
        try:
            print("end to end", flush=True)
            e2e_throughput(bootstrap, options.n, work, report, broker_pid)
            print("end to end, saved HTML pages", flush=True)
            e2e_html(bootstrap, options.html_synthetic,
                     [d for d in (options.extraction_dev, options.snippets) if d is not None],
                     work, report, broker_pid)
            if options.baseline is not None:
                print(f"before/after: {options.baseline} and this checkout, alternating", flush=True)
                before_after(options.baseline, bootstrap, options.ab_n, options.ab_rounds,
                             broker_pid, report)
            for rate in options.rates:
                e2e_latency(bootstrap, rate, options.seconds, work, report)
            print("parser scaling", flush=True)
            parser_scaling(bootstrap, options.scaling_n, work, report)
        finally:
            if broker_dir.exists():
                dev_kafka.stop(broker_dir)
    report.put("load_average_1_5_15_min_at_end", [round(x, 2) for x in os.getloadavg()])
    derived_figures(report)
    out = options.out
    out.parent.mkdir(parents=True, exist_ok=True)
    (out.parent / "benchmarks.json").write_text(json.dumps({
        "command": report.command, "n": report.n, "run_at": report.run_at,
        "figures": report.figures,
        "series": {k: [round(v, 1) for v in values] for k, values in report.series.items()},
        "profiles": report.profiles,
    }, indent=1))
    render(out, options.analysis)
    return report


def render(out: Path, analysis_file: Path | None) -> None:
    """Write ``out`` and its charts from the ``benchmarks.json`` beside it: a new reading of
    the figures (bench/analysis.md) needs no new measurement."""
    saved = json.loads((out.parent / "benchmarks.json").read_text())
    report = Report(command=saved["command"], n=saved["n"], run_at=saved["run_at"],
                    figures=saved["figures"],
                    series=saved["series"],
                    profiles={k: [tuple(row) for row in v] for k, v in saved["profiles"].items()})
    analysis = analysis_file.read_text() if analysis_file and analysis_file.exists() else ""
    write_charts(report, out.parent)
    write_markdown(report, out, analysis)
    print(f"wrote {out}")


@dataclass
class RunOptions:
    command: str
    n: int
    rates: list[float]
    seconds: float
    stage_n: int
    scaling_n: int
    out: Path
    extraction_dev: Path | None = None
    opensearch: bool = True
    #: A hand-written reading of the figures (bench/analysis.md), placed under the targets.
    analysis: Path | None = None
    #: The second development set (extraction-dev-snippets), for the HTML run's real pages.
    snippets: Path | None = None
    #: Pages in the two sites' markup in the HTML run, beside the real pages.
    html_synthetic: int = 2000
    #: A checkout of the commit to compare with (``git worktree add DIR SHA``): its
    #: throughput run and ours alternate ``ab_rounds`` times each at ``ab_n`` documents.
    baseline: Path | None = None
    ab_rounds: int = 2
    ab_n: int = 8000
