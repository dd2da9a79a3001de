"""Extraction quality and speed, ours beside trafilatura and htmldate, in one run.

    python -m bench.extraction ../shared/extraction-dev ../shared/extraction-dev-snippets
    python -m bench.extraction dates ../shared/dates-dev     # publication dates (bench/dates.py)

Each writes its own section of the report (``bench.sections.write_section``).

Two development sets, each split by ``bench.sections.untouched`` into a tuning part and an
untouched part, reported separately:

- ``extraction-dev``: ``html/<key>.html.gz`` and ``ground-truth.json`` (expected bodies);
  body F1 by ``bench.metric`` (4-token shingles).
- ``extraction-dev-snippets``: ``html/<file>.gz`` and ``evaldata.json`` (sentences that must
  and must not be in the body, and the title, author and day people noted); body F1 by
  those sentences, title, author and day by ``bench.fields``.

A set whose folder is absent is skipped. Bodies are timed interleaved page by page (each
page through every extractor in turn), best of ``--rounds``; title, author and day of the
other tools come from an untimed second pass (trafilatura's ``extract_metadata``,
htmldate's ``find_date``), so their speed is the body extraction's alone.
"""

from __future__ import annotations

import argparse
import base64
import gzip
import json
import platform
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from bench.fields import author_right, title_right
from bench.metric import PageScore, page_score, summarise
from bench.sections import package_version, untouched, write_section

PARTS = ("tuning", "untouched")


@dataclass(frozen=True)
class Page:
    dataset: str
    key: str
    url: str
    data: bytes
    body: str | None = None
    with_: tuple[str, ...] = ()
    without: tuple[str, ...] = ()
    title: str | None = None
    author: str | list[str] | None = None
    day: str | None = None

    @property
    def part(self) -> str:
        return "untouched" if untouched(self.key) else "tuning"


@dataclass
class Found:
    body: str = ""
    title: str | None = None
    author: str | None = None
    day: str | None = None
    updated: bool = False
    language: str | None = None
    declared_language: str | None = None
    refused: str | None = None


Extract = Callable[[Page], Found]


def load_body_pages(folder: Path) -> list[Page]:
    truth = json.loads((folder / "ground-truth.json").read_text(encoding="utf-8"))
    pages = []
    for key, item in sorted(truth.items()):
        path = folder / "html" / f"{key}.html.gz"
        if path.exists():
            # the set's README: decode as UTF-8 with replacement
            html = gzip.decompress(path.read_bytes()).decode("utf-8", errors="replace").encode("utf-8")
            pages.append(Page("extraction-dev", key, item.get("url") or "", html,
                              body=item.get("articleBody") or ""))
    return pages


def load_snippet_pages(folder: Path) -> list[Page]:
    truth = json.loads((folder / "evaldata.json").read_text(encoding="utf-8"))
    pages = []
    for url, item in sorted(truth.items()):
        path = folder / "html" / f"{item['file']}.gz"
        if path.exists():
            pages.append(Page("snippets", item["file"], url, gzip.decompress(path.read_bytes()),
                              with_=tuple(item.get("with") or ()), without=tuple(item.get("without") or ()),
                              title=item.get("title") or None, author=item.get("author") or None,
                              day=item.get("date") or None))
    return pages


def newsflow(page: Page) -> Found:
    """The product's path for an HTML document: ``parse_document`` (decoding, parsing,
    metadata, site dispatch, extraction with its second opinion, language, refusals)."""
    from newsflow.events import HttpFetchInfo, RawDocument, stable_id
    from newsflow.services.parser.document import parse_document
    from newsflow.services.parser.parts import ParseError

    raw = RawDocument(document_id=stable_id("http", page.url), origin="http", url=page.url or "https://x.invalid/",
                      fetched_at=datetime(2026, 1, 1, tzinfo=UTC), media_type="text/html", charset=None,
                      content=base64.b64encode(page.data).decode("ascii"), content_encoding="base64",
                      http=HttpFetchInfo(status=200, final_url=page.url or "https://x.invalid/"))
    try:
        article = parse_document(raw)
    except ParseError as exc:
        return Found(refused=exc.error_class)
    body = "\n\n".join(filter(None, [article.lead, article.body]))
    return Found(body=body, title=article.title, author=article.author,
                 day=article.published_at.date().isoformat() if article.published_at else None,
                 updated=article.updated_at is not None, language=article.language)


def newsflow_alone(page: Page) -> Found:
    """The same path without the second opinion (our extractor's own answer on every page)."""
    with _second_opinion_off():
        return newsflow(page)


@contextmanager
def _second_opinion_off() -> Iterator[None]:
    from newsflow.services.parser.html import second_opinion

    saved = second_opinion.available
    second_opinion.available = lambda: False
    try:
        yield
    finally:
        second_opinion.available = saved


def trafilatura_default(page: Page) -> Found:
    import trafilatura

    return Found(body=trafilatura.extract(page.data, url=page.url or None) or "")


def trafilatura_best(page: Page) -> Found:
    import trafilatura

    return Found(body=trafilatura.extract(page.data, url=page.url or None, favor_precision=True,
                                          include_comments=False) or "")


def trafilatura_metadata(page: Page) -> Found:
    """trafilatura's title, author and date (untimed; ``extract`` with metadata reads the same)."""
    from trafilatura.metadata import extract_metadata
    from trafilatura.utils import load_html

    tree = load_html(page.data)
    if tree is None:
        return Found()
    meta = extract_metadata(tree, default_url=page.url or None)
    return Found(title=meta.title, author=meta.author, day=(meta.date or "")[:10] or None)


def htmldate_day(page: Page) -> str | None:
    from htmldate import find_date

    try:
        return find_date(page.data, original_date=True, url=page.url or None, extensive_search=True)
    except (ValueError, TypeError):
        return None


@dataclass
class Tally:
    """One method's counts on one part of one set."""

    scores: list[PageScore] = field(default_factory=list)
    snippets: Counter[str] = field(default_factory=Counter)
    fields: Counter[str] = field(default_factory=Counter)
    labelled: Counter[str] = field(default_factory=Counter)
    refused: Counter[str] = field(default_factory=Counter)
    pages: int = 0

    def body(self) -> tuple[float, float, float]:
        if self.scores:
            s = summarise(self.scores)
            return s.f1, s.precision, s.recall
        tp, fp, fn = self.snippets["tp"], self.snippets["fp"], self.snippets["fn"]
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        return f1, precision, recall

    def rate(self, name: str) -> str:
        n = self.labelled[name]
        return f"{self.fields[name] / n:.3f} ({self.fields[name]}/{n})" if n else "-"


def _squeeze(text: str) -> str:
    return " ".join(text.split())


def score_body(tally: Tally, page: Page, found: Found) -> str:
    """Count ``found``'s body on ``page``; the page's own figures, for ``--pages``."""
    tally.pages += 1
    if found.refused:
        tally.refused[found.refused] += 1
    elif not found.body.strip():
        tally.refused["empty"] += 1
    if page.body is not None:
        score = page_score(found.body, page.body)
        tally.scores.append(score)
        return f"P {score.precision:.3f} R {score.recall:.3f}"
    text = _squeeze(found.body)
    missed = sum(_squeeze(snippet) not in text for snippet in page.with_)
    kept = sum(_squeeze(snippet) in text for snippet in page.without)
    tally.snippets.update(tp=len(page.with_) - missed, fn=missed, fp=kept, tn=len(page.without) - kept)
    return f"fp {kept}/{len(page.without)} fn {missed}/{len(page.with_)}"


def score_fields(tally: Tally, page: Page, found: Found) -> None:
    for name, right, expected in (("title", title_right(found.title, page.title), page.title),
                                  ("author", author_right(found.author, page.author), page.author),
                                  ("day", found.day == page.day, page.day)):
        if expected:
            tally.labelled[name] += 1
            tally.fields[name] += right


@dataclass
class Run:
    tallies: dict[tuple[str, str, str], Tally]  # (method, dataset, part)
    seconds: dict[tuple[str, str], float]  # (method, dataset)
    pages: Counter[tuple[str, str]]  # (dataset, part)
    languages: Counter[str]
    updated: Counter[str]
    #: the tuning part's pages, each method's figures on it (``--pages``; never the untouched part's)
    tuning_pages: dict[tuple[str, str], dict[str, str]] = field(default_factory=dict)

    def tally(self, method: str, dataset: str, part: str) -> Tally:
        return self.tallies.setdefault((method, dataset, part), Tally())


def run_all(methods: list[tuple[str, Extract]], pages: list[Page], rounds: int) -> Run:
    run = Run({}, {}, Counter(), Counter(), Counter())
    best: dict[tuple[str, str], float] = {}
    for round_number in range(rounds):
        elapsed: dict[tuple[str, str], float] = {}
        for page in pages:
            if round_number == 0:
                run.pages[(page.dataset, page.part)] += 1
            for name, extract in methods:
                start = time.perf_counter()
                found = extract(page)
                key = (name, page.dataset)
                elapsed[key] = elapsed.get(key, 0.0) + time.perf_counter() - start
                if round_number == 0:
                    tally = run.tally(name, page.dataset, page.part)
                    figures = score_body(tally, page, found)
                    if page.part == "tuning":
                        run.tuning_pages.setdefault((page.dataset, page.key), {})[name] = figures
                    score_fields(tally, page, found)
                    if name == methods[0][0]:
                        run.languages[found.language or "refused"] += 1
                        run.updated[page.dataset] += found.updated
        best = {key: min(best.get(key, float("inf")), seconds) for key, seconds in elapsed.items()}
    run.seconds = best
    return run


def score_other_tools(run: Run, pages: list[Page]) -> None:
    """trafilatura's metadata and htmldate's day, untimed, on the pages with labels."""
    for page in pages:
        if not (page.title or page.author or page.day):
            continue
        meta = trafilatura_metadata(page)
        score_fields(run.tally("trafilatura metadata", page.dataset, page.part), page, meta)
        day = htmldate_day(page)
        score_fields(run.tally("htmldate", page.dataset, page.part), page, Found(day=day))


def report(run: Run, methods: list[str], command: str, rounds: int) -> str:
    datasets = [d for d in ("extraction-dev", "snippets")
                if run.pages[(d, "tuning")] + run.pages[(d, "untouched")]]
    lines = [
        "# Extraction: ours beside trafilatura and htmldate",
        "",
        f"Measured in one run on {platform.python_implementation()} {platform.python_version()}, "
        f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC; trafilatura {package_version('trafilatura')}, htmldate "
        f"{package_version('htmldate')}, lxml {package_version('lxml')}.",
        "",
        "Command:",
        "",
        "```sh",
        command,
        "```",
        "",
        "Each set is split by file name (`bench.sections.untouched`: sha256 starting with an even byte) "
        "into a tuning part and an untouched part. "
        + ", ".join(f"`{d}`: {run.pages[(d, 'tuning')]} tuning + "
                    f"{run.pages[(d, 'untouched')]} untouched pages" for d in datasets) + ".",
        "",
        "## Body",
        "",
        "| set, part | extractor | F1 | precision | recall | refused or empty | pages/s |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    for dataset in datasets:
        for part in PARTS:
            for name in methods:
                tally = run.tally(name, dataset, part)
                f1, precision, recall = tally.body()
                per_second = (run.pages[(dataset, "tuning")] + run.pages[(dataset, "untouched")]) / \
                    run.seconds[(name, dataset)] if run.seconds.get((name, dataset)) else 0.0
                refused = ", ".join(f"{k} {v}" for k, v in tally.refused.most_common()) or "0"
                lines.append(f"| {dataset}, {part} | {name} | {f1:.4f} | {precision:.4f} | {recall:.4f} | "
                             f"{refused} | {per_second:.1f} |")
    lines += [
        "",
        "pages/s is over the whole set (both parts). The metric of `extraction-dev` (its README): "
        "`\\w+` tokens, 4-token shingles as a multiset, tp/fp/fn normalised per page, precision "
        "and recall averaged over pages, F1 of the averages. The metric of `snippets` (its README): "
        "a sentence that must be in the body and is found is a true positive, one that must not "
        "be and is found a false positive, summed over pages.",
        "",
        "## Title, author, publication day",
        "",
        "On the `snippets` pages that carry the field (the title, author and day its annotators "
        "noted). Title right: the same words in order, case and punctuation aside. Author right: the "
        "same set of name words, whatever joins them. Day right: the same date.",
        "",
        "| part | method | title | author | published day |",
        "| --- | --- | --- | --- | --- |",
    ]
    for part in PARTS:
        for name in (methods[0], "trafilatura metadata", "htmldate"):
            tally = run.tally(name, "snippets", part)
            title = tally.rate("title") if name != "htmldate" else "-"
            author = tally.rate("author") if name != "htmldate" else "-"
            lines.append(f"| {part} | {name} | {title} | {author} | {tally.rate('day')} |")
    languages = ", ".join(f"{k} {v}" for k, v in run.languages.most_common(12))
    lines += [
        "",
        f"Updated time found by ours: {', '.join(f'{d} {run.updated[d]} pages' for d in datasets)} "
        "(neither set has expected update times to score them against). Languages ours detected, "
        f"over all pages: {languages} (neither set labels the language).",
        "",
        f"Timing: interleaved page by page, best of {rounds} rounds, on two cores shared with other "
        "work: read the ratios between rows, not the absolute figures.",
        "",
    ]
    return "\n".join(lines)




def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["dates"]:
        from bench.dates import main as dates_main

        return dates_main(argv[1:])
    parser = argparse.ArgumentParser(prog="python -m bench.extraction", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("folders", type=Path, nargs="+",
                        help="extraction-dev (ground-truth.json) and/or "
                        "extraction-dev-snippets (evaldata.json)")
    parser.add_argument("--out", type=Path, default=Path("docs/extraction.md"))
    parser.add_argument("--rounds", type=int, default=2, help="timing rounds; the best counts")
    parser.add_argument("--pages", action="store_true",
                        help="also print each tuning-part page's body figures, every method's "
                        "(the untouched part's pages are never printed)")
    args = parser.parse_args(argv)
    pages: list[Page] = []
    for folder in args.folders:
        if (folder / "ground-truth.json").exists():
            pages += load_body_pages(folder)
        elif (folder / "evaldata.json").exists():
            pages += load_snippet_pages(folder)
        else:
            print(f"skipped: no development set at {folder} (ground-truth.json or evaldata.json missing)")
    if not pages:
        return 0
    methods: list[tuple[str, Extract]] = [("newsflow", newsflow),
                                          ("newsflow without second opinion", newsflow_alone)]
    try:
        import trafilatura  # noqa: F401
    except ImportError:
        print("trafilatura is not installed (pip install -e '.[dev]'); measuring ours only")
    else:
        methods += [("trafilatura, default settings", trafilatura_default),
                    ("trafilatura, favor_precision=True, include_comments=False", trafilatura_best)]
    run = run_all(methods, pages, rounds=args.rounds)
    if len(methods) > 2:
        score_other_tools(run, pages)
    command = " ".join(["python -m bench.extraction", *argv])
    text = report(run, [name for name, _ in methods], command, args.rounds)
    print(text)
    if args.pages:
        for (dataset, key), figures in sorted(run.tuning_pages.items()):
            print(dataset, key, " | ".join(f"{name}: {value}" for name, value in figures.items()), sep="\t")
    write_section(args.out, "body", text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
