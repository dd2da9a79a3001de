"""Publication dates: ours (the product's metadata path) beside htmldate alone, in one run.

    python -m bench.extraction dates ../shared/dates-dev [--out docs/extraction.md]

The folder holds ``html/<file>.gz`` and ``eval_default.json`` (see its README); when it is
absent the benchmark says so and exits 0. A page counts as right when the day of the
extracted publication time, in the time's own zone, is the expected day; nothing found is
wrong. The pages are split by ``bench.sections.untouched`` into a tuning part and an
untouched part (never read while tuning), reported separately.
"""

from __future__ import annotations

import argparse
import gzip
import json
import platform
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from bench.sections import package_version, untouched, write_section

#: (page bytes, url) -> the day found ("YYYY-MM-DD") or None, and what decided it.
DateMethod = Callable[[bytes, str], tuple[str | None, str]]


@dataclass(frozen=True)
class DatePage:
    name: str
    url: str
    data: bytes
    expected: str

    @property
    def part(self) -> str:
        return "untouched" if untouched(self.name) else "tuning"


@dataclass
class MethodResult:
    name: str
    right: Counter[str] = field(default_factory=Counter)
    pages: Counter[str] = field(default_factory=Counter)
    decided_by: Counter[str] = field(default_factory=Counter)
    seconds: float = float("inf")

    def share(self, part: str | None = None) -> float:
        right = self.right[part] if part else sum(self.right.values())
        pages = self.pages[part] if part else sum(self.pages.values())
        return right / pages if pages else 0.0


def load_date_pages(folder: Path) -> list[DatePage]:
    truth = json.loads((folder / "eval_default.json").read_text(encoding="utf-8"))
    pages = []
    for url, item in sorted(truth.items()):
        path = folder / "html" / f"{item['file']}.gz"
        if path.exists():
            pages.append(DatePage(item["file"], url, gzip.decompress(path.read_bytes()), item["date"]))
    return pages


def _root(data: bytes) -> object:
    from newsflow.services.parser.html.dom import parse_tree
    from newsflow.services.parser.html.encoding import decode_html

    return parse_tree(decode_html(data).text)


def ours(data: bytes, url: str) -> tuple[str | None, str]:
    """The product's path: decode, parse, page metadata (dates decided in html/dates.py)."""
    from newsflow.services.parser.html.dates import page_dates
    from newsflow.services.parser.parts import ParseError

    try:
        dates = page_dates(_root(data), url)
    except ParseError:
        return None, "refused"
    found = dates.published_at.date().isoformat() if dates.published_at else None
    return found, dates.decided_by + (" (htmldate asked)" if dates.asked_htmldate else "")


def ours_without_htmldate(data: bytes, url: str) -> tuple[str | None, str]:
    from newsflow.services.parser.html.dates import page_dates
    from newsflow.services.parser.parts import ParseError

    try:
        dates = page_dates(_root(data), url, use_htmldate=False)
    except ParseError:
        return None, "refused"
    return (dates.published_at.date().isoformat() if dates.published_at else None), dates.decided_by


def htmldate_first(data: bytes, url: str) -> tuple[str | None, str]:
    """htmldate asked on every page; ours only where it finds nothing."""
    from newsflow.services.parser.html.dates import htmldate_day, page_dates
    from newsflow.services.parser.parts import ParseError

    try:
        root = _root(data)
    except ParseError:
        return None, "refused"
    day = htmldate_day(root, url)
    if day is not None:
        return day.isoformat(), "htmldate"
    dates = page_dates(root, url, use_htmldate=False)
    return (dates.published_at.date().isoformat() if dates.published_at else None), dates.decided_by


def htmldate_alone(extensive_search: bool) -> DateMethod:
    def method(data: bytes, url: str) -> tuple[str | None, str]:
        from htmldate import find_date

        try:
            found = find_date(data, extensive_search=extensive_search, original_date=True, url=url)
        except (ValueError, TypeError):
            found = None
        return found, "htmldate"

    return method


def run_methods(methods: list[tuple[str, DateMethod]], pages: list[DatePage],
                rounds: int) -> list[MethodResult]:
    """Score each method; time them interleaved page by page, best of ``rounds``."""
    results = {name: MethodResult(name) for name, _ in methods}
    for round_number in range(rounds):
        elapsed = dict.fromkeys(results, 0.0)
        for page in pages:
            for name, method in methods:
                start = time.perf_counter()
                found, decided_by = method(page.data, page.url)
                elapsed[name] += time.perf_counter() - start
                if round_number == 0:
                    result = results[name]
                    result.pages[page.part] += 1
                    result.right[page.part] += found == page.expected
                    result.decided_by[decided_by] += 1
        for name, seconds in elapsed.items():
            results[name].seconds = min(results[name].seconds, seconds)
    return list(results.values())


def updated_found(pages: list[DatePage]) -> tuple[int, int]:
    """(pages with an update time, of which later than the publication) by our path."""
    from newsflow.services.parser.html.dates import page_dates
    from newsflow.services.parser.parts import ParseError

    stated = later = 0
    for page in pages:
        try:
            dates = page_dates(_root(page.data), page.url, use_htmldate=False)
        except ParseError:
            continue
        if dates.updated_at is not None:
            stated += 1
            later += dates.published_at is not None and dates.updated_at > dates.published_at
    return stated, later


def report(results: list[MethodResult], pages: list[DatePage], folder: Path, command: str,
           rounds: int, updated: tuple[int, int]) -> str:
    parts = Counter(page.part for page in pages)
    lines = [
        "## Publication dates: ours beside htmldate",
        "",
        f"Measured on the {len(pages)} pages of `{folder.name}` (real news, blog and magazine pages, "
        "mostly German and English; the expected day checked by people; htmldate's own evaluation set), "
        f"in one run, on {platform.python_implementation()} {platform.python_version()}, "
        f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC. Tuning part: {parts['tuning']} pages; "
        f"untouched part (file name's sha256 starts with an even byte, never read while tuning): "
        f"{parts['untouched']} pages.",
        "",
        "Command:",
        "",
        "```sh",
        command,
        "```",
        "",
        "| method | right, tuning part | right, untouched part | all | pages/s |",
        "| --- | --- | --- | --- | --- |",
    ]
    for r in results:
        per_second = sum(r.pages.values()) / r.seconds if r.seconds else 0.0
        lines.append(f"| {r.name} | {r.share('tuning'):.3f} ({r.right['tuning']}/{r.pages['tuning']}) | "
                     f"{r.share('untouched'):.3f} ({r.right['untouched']}/{r.pages['untouched']}) | "
                     f"{r.share():.3f} | {per_second:.0f} |")
    ours_result = results[0]
    decided = ", ".join(f"{name} {count}" for name, count in ours_result.decided_by.most_common())
    asked = sum(count for name, count in ours_result.decided_by.items() if "htmldate asked" in name)
    lines += [
        "",
        f"htmldate {package_version('htmldate')}, `original_date=True`, given the page's URL. "
        "pages/s include decoding and parsing the page (ours: `decode_html`, `parse_tree`, "
        "`page_dates`; htmldate: its own); timed interleaved page by page, best of "
        f"{rounds} rounds, on two cores shared with other work: read the ratios.",
        "",
        f"How ours decided, over all {len(pages)} pages: {decided}. htmldate was asked on {asked} pages "
        f"({asked / max(len(pages), 1):.0%}); the others were settled by the page's own statements. "
        f"An update time was found on {updated[0]} pages ({updated[1]} of them later than the "
        "publication); this set has no expected update times to score them against.",
        "",
        "How it decides (`services/parser/html/dates.py`): the *declared* dates (JSON-LD "
        "`datePublished` of an Article-like item, `article:published_time`, microdata "
        "`datePublished`) and the `<time datetime>` of the main `<article>` (not of an `<article>` "
        "nested in it, a teaser; a `<time>` whose text shows a whole date more than a day from its "
        "attribute is read as shown) are taken when they agree on the day and the stated update "
        "time agrees too. Otherwise the day the URL's path names (`/2023/11/02/`) when a statement "
        "confirms it and no other day has more kinds of statement behind it (JSON-LD, each meta, "
        "the article's `<time>`s: a list of times counts once); then the first date written just "
        "below the headline that no update word introduces (else the first there; else the first an "
        "element marked as a date shows, outside the page's header, navigation, comments and "
        "teasers; else the first date that publish words introduce anywhere in the text: "
        "\"Erschienen am\", \"Publié le\", \"Ngày đăng\", \"发布\"; the markup's line breaks "
        "between them and the date are no text) when one of the page's "
        "statements (declared, loose meta tags such as `date`/`dc.date`, update times) confirms it; "
        "then htmldate's day when a declared or in-article date confirms it (a loose one or an "
        "update time only when no date is shown; a day only a minority of the statements give "
        "yields to the most-stated one); "
        "then the date written just above the headline (a kicker or dateline line: the last date "
        "in the 80 characters of text before the `<h1>`, outside navigation and the page's header) "
        "when no date is below the headline or the first starts 80+ characters below it, in the "
        "article's text; then the shown date (a month and day without a year, as "
        "CJK pages write it, in the year of the page's other dates), then htmldate's, then the "
        "first statement. htmldate is not asked when its day cannot win (a shown date and nothing "
        "declared, or a date above the headline and no time stated). Written dates are read "
        "in any script: every script's digits as ASCII, "
        "CJK and Korean year-month-day, Japanese and Taiwanese era years, Vietnamese "
        "\"ngày 12 tháng 3 năm 2024\", year-first dotted dates, Thai month names and Buddhist-era "
        "years, the Persian calendar, month names of many languages (htmldate's parser; Levantine "
        "and Iraqi Arabic month names, a month name between hyphens or slashes, \"12-Mar-2024\"); "
        "a numeric date month first where the page's `lang` names a month-first region (en-US, "
        "fil) and its domain is no day-first country's; weaker JSON-LD statements (`dateCreated`, "
        "`uploadDate`, a WebPage's `datePublished`) as loose meta dates when no Article declares "
        "one; a relative date just below the headline (\"2 hours ago\", \"vor 2 Tagen\", "
        "\"2 giờ trước\", \"3 小时前\", \"Heute, 14:05\") counted back from the page's fetch time, "
        "and no date when the fetch time is unknown (a saved page here); a stated or written date "
        "before 1995 or after "
        "tomorrow is none (a placeholder, an event's, an expiry). Days are read in the page's zone: "
        "the country's zone "
        "for a country domain, else the offset the page's times state, else the zone of the page's "
        "declared language when it has one (`ja`, `vi`, `de` ...), else UTC. The update time is the "
        "declared one, else the date an update word introduces below the headline (\"Aktualisiert "
        "am\", \"Cập nhật\", \"Updated\", \"更新\"). No rule names a site or a string of the set.",
        "",
        "The whole HTML path (`parts_from_html`, dates included) is timed against trafilatura "
        "in the body section above.",
        "",
        "Before this method (commit 82bd159: the first of `article:published_time`, JSON-LD, "
        "`<time>`, zoneless times dropped outside `.vn`) ours was right on 0.550 of the tuning part "
        "and 0.571 of the untouched part; before dates in any script, URL dates and language zones "
        "(commit ea60d25), 0.938 and 0.919 (htmldate alone 0.911 and 0.902); before the rules "
        "for teasers' times, minority days, update-first headline lines and publish words "
        "(commit 7ef0e94), 0.951 and 0.931; before the date above the headline and publish words "
        "apart from their date in the markup (commit ff4d40b), 0.962 and 0.929.",
        "",
    ]
    return "\n".join(lines)




def wrong_pages(pages: list[DatePage]) -> str:
    """The tuning part's pages ours gets wrong, one a line (file, URL, expected, found, what
    decided), then each part's total; an untouched page is scored, never shown."""
    lines: list[str] = []
    right: Counter[str] = Counter()
    counted: Counter[str] = Counter()
    for page in pages:
        found, decided_by = ours(page.data, page.url)
        counted[page.part] += 1
        right[page.part] += found == page.expected
        if page.part == "tuning" and found != page.expected:
            lines.append(f"{page.name}\t{page.url}\texpected {page.expected}\tfound {found}\t{decided_by}")
    lines += [f"{part}: {right[part]}/{counted[part]} = {right[part] / counted[part]:.3f}"
              for part in ("tuning", "untouched") if counted[part]]
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.extraction dates", description=__doc__)
    parser.add_argument("folder", type=Path)
    parser.add_argument("--out", type=Path, default=Path("docs/extraction.md"))
    parser.add_argument("--rounds", type=int, default=2, help="timing rounds; the best counts")
    parser.add_argument("--wrong", action="store_true",
                        help="list the tuning part's pages ours gets wrong (never an untouched page), "
                             "and the parts' totals; no report is written")
    args = parser.parse_args(argv)
    if not (args.folder / "eval_default.json").exists():
        print(f"skipped: no date set at {args.folder} (eval_default.json missing)")
        return 0
    pages = load_date_pages(args.folder)
    if args.wrong:
        print(wrong_pages(pages))
        return 0
    methods: list[tuple[str, DateMethod]] = [
        ("newsflow (statements, headline date, htmldate when needed)", ours),
        ("newsflow without htmldate", ours_without_htmldate),
        ("htmldate on every page, newsflow where it finds none", htmldate_first),
        ("htmldate alone, extensive_search=True", htmldate_alone(True)),
        ("htmldate alone, extensive_search=False", htmldate_alone(False)),
    ]
    results = run_methods(methods, pages, args.rounds)
    command = " ".join(["python -m bench.extraction dates", *argv])
    text = report(results, pages, args.folder, command, args.rounds, updated_found(pages))
    print(text)
    write_section(args.out, "dates", text)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
