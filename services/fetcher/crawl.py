"""The live fetcher as a chain of small steps: discover (feeds, sitemaps and the recent
children of sitemap indexes, start pages and the further pages of their listings, links of
articles, seed source lines) → admit (allowlist, robots.txt, seen-before and the re-fetch
policy, page budget) → fetch (politeness slot, conditional GET, limits, retries) → publish
(raw document if new or changed, state record, or a dead letter with the reason)."""

from __future__ import annotations

import asyncio
import base64
import logging
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Literal, Protocol
from urllib.parse import urlencode, urlsplit

from newsflow.events import (
    DeadLetter,
    FetchRecord,
    HttpFetchInfo,
    RawDocument,
    dead_letter_for,
    stable_id,
    utcnow,
)
from newsflow.observability import metrics
from newsflow.services.fetcher.admit import Politeness, RobotsCache, RobotsRules, robots_rules
from newsflow.services.fetcher.canonical import FoundUrl, NotAWebUrl, found_url, request_url
from newsflow.services.fetcher.discover import (
    BadLink,
    Links,
    listing_fragment,
    recent_children,
    urls_from_feed,
    urls_from_html,
    urls_from_sitemap,
    vnpt_pagination,
)
from newsflow.services.fetcher.fetch import Fetched, FetchFailure, FetchOutcome, HttpFetcher
from newsflow.services.fetcher.sources import Source, SourcesFile
from newsflow.services.fetcher.state import RefetchPolicy, body_hash, conditional_headers
from newsflow.urls import host_of

log = logging.getLogger("newsflow.fetcher")

#: "listing": a further page of a start page's listing, asked for with a form POST.
Kind = Literal["start", "feed", "sitemap", "listing", "article"]
HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
MAX_SITEMAPS_PER_ROUND = 50
#: A sitemap that is not there: "none", not a failure (many sites have none).
ABSENT = frozenset({"http_404", "http_410"})
#: Failures that say the host cannot be reached at all: it is skipped for the rest of the round.
UNREACHABLE = frozenset({"connection_error", "dns_error"})


class Publisher(Protocol):
    async def document(self, document: RawDocument) -> None: ...
    async def state(self, record: FetchRecord) -> None: ...
    async def failure(self, dead_letter: DeadLetter) -> None: ...


@dataclass(frozen=True)
class Task:
    url: str  # as found, resolved and checked: what robots.txt is asked about and what is requested
    key: str  # canonical: de-duplication, the state record, the document id
    kind: Kind
    depth: int
    source: Source
    form: tuple[tuple[str, str], ...] = ()  # a POST of this form; a GET when empty
    referer: str | None = None

    @classmethod
    def of(cls, found: FoundUrl, kind: Kind, depth: int, source: Source) -> Task:
        return cls(found.url, found.key, kind, depth, source)

    @classmethod
    def post(cls, endpoint: FoundUrl, form: dict[str, str], source: Source, referer: str) -> Task:
        """A listing page asked for with a form POST; keyed by endpoint and form, so each
        page is asked for once a round."""
        fields = tuple(sorted(form.items()))
        return cls(endpoint.url, f"{endpoint.key}?{urlencode(fields)}", "listing", 0, source,
                   fields, referer)


@dataclass
class FetchStats:
    """Counters per (host, outcome), where an outcome is an HTTP status ("200", "304"), a
    result ("published", "unchanged") or a reason class; each is also a Prometheus sample."""

    by_host: Counter[tuple[str, str]] = field(default_factory=Counter)

    def count(self, host: str, outcome: str) -> None:
        self.by_host[(host, outcome)] += 1
        metrics.record_fetcher_outcome(host, outcome)

    def total(self, outcome: str) -> int:
        return sum(n for (_, o), n in self.by_host.items() if o == outcome)

    def as_dict(self) -> dict[str, dict[str, int]]:
        result: dict[str, dict[str, int]] = {}
        for (host, outcome), n in sorted(self.by_host.items()):
            result.setdefault(host, {})[outcome] = n
        return result


class HostUnreachable(Exception):
    def __init__(self, host: str, reason: str) -> None:
        super().__init__(reason)
        self.host = host
        self.reason = reason


@dataclass
class RoundSummary:
    fetched: int = 0
    published: int = 0
    unchanged: int = 0
    failed: int = 0
    skipped: int = 0


class Crawler:
    def __init__(self, sources: SourcesFile, fetcher: HttpFetcher, publisher: Publisher,
                 politeness: Politeness, state: dict[str, FetchRecord], *, user_agent: str,
                 refetch_window: timedelta, max_pages_per_round: int,
                 clock: Callable[[], datetime] = utcnow) -> None:
        self.sources = sources
        self.fetcher = fetcher
        self.publisher = publisher
        self.politeness = politeness
        self.state = state
        self.user_agent = user_agent
        self.refetch_window = refetch_window
        self.max_pages_per_round = max_pages_per_round
        self.clock = clock
        self.stats = FetchStats()
        self.robots = RobotsCache(self._load_robots)
        self.stop = asyncio.Event()
        self._unreachable: set[str] = set()
        self._bad_reported: set[str] = set()
        for source in sources.source:
            if source.delay_seconds is not None:
                for host in source.hosts:
                    self.politeness.set_delay(host, source.delay_seconds)

    # --- discover ---------------------------------------------------------------------

    def start_tasks(self, sources: Iterable[Source], extra_urls: Iterable[str] = ()
                    ) -> tuple[list[Task], list[BadLink]]:
        """The sources' feeds, sitemaps and start pages, and ``extra_urls`` (the seeds'
        source lines) as articles; malformed extra URLs come back as bad links."""
        tasks: list[Task] = []
        for source in sources:  # the sources file's URLs are checked when it is loaded
            tasks += [Task.of(found_url(u), "feed", 0, source) for u in source.feeds]
            tasks += [Task.of(found_url(u), "sitemap", 0, source) for u in source.sitemaps]
            tasks += [Task.of(found_url(u), "start", 0, source) for u in source.start_urls]
        extra = Links()
        for url in extra_urls:
            extra.add(url, None)
        for found in extra.urls:
            owner = self.sources.source_for(found.key)
            if owner is None:
                self.stats.count(host_of(found.key), "not_allowed")
                log.info("not following %s: its host is not on the allowlist", found.url)
                continue
            tasks.append(Task.of(found, "article", 1, owner))
        return tasks, extra.bad

    def recheck_tasks(self, sources: Iterable[Source]) -> list[Task]:
        """Known articles the re-fetch policy says to check again (an updated article may
        no longer be linked from a feed or a page that answers 304). The state knows them by
        their canonical URL only, so that is what is requested."""
        names = {s.name for s in sources}
        now = self.clock()
        tasks = []
        for key, record in self.state.items():
            source = self.sources.source_for(key)
            if source is None or source.name not in names or not source.is_article(key):
                continue
            if not self._policy(source).due(record, now):
                continue
            try:
                url = request_url(key)
            except NotAWebUrl:
                continue
            tasks.append(Task(url, key, "article", 1, source))
        return tasks

    def _policy(self, source: Source) -> RefetchPolicy:
        return RefetchPolicy(self.refetch_window,
                             timedelta(seconds=self.sources.poll_interval(source)))

    def _article_tasks(self, found: Iterable[FoundUrl], depth: int) -> list[Task]:
        tasks = []
        for url in found:
            source = self.sources.source_for(url.key)
            if (source is not None and depth <= self.sources.depth_limit(source)
                    and source.is_article(url.key)):
                tasks.append(Task.of(url, "article", depth, source))
        return tasks

    # --- one round ----------------------------------------------------------------------

    async def run_round(self, sources: Iterable[Source] | None = None,
                        extra_urls: Iterable[str] = ()) -> RoundSummary:
        """Poll the sources once and follow what they lead to, level by level; then the
        re-checks of known articles not found again on the way (found, an article is
        requested as it was linked)."""
        summary = RoundSummary()
        self._unreachable = set()
        self._bad_reported = set()
        queued: set[str] = set()
        pages = 0
        sitemaps = 0
        polled = list(self.sources.source if sources is None else sources)
        frontier, bad = self.start_tasks(polled, extra_urls)
        await self._report_bad_links("seeds", "a seed's source line", bad, summary)
        rechecks = self.recheck_tasks(polled)
        while (frontier or rechecks) and not self.stop.is_set():
            if not frontier:
                frontier, rechecks = rechecks, []
            level: list[Task] = []
            for task in frontier:
                if task.key in queued:
                    continue
                queued.add(task.key)
                if task.kind == "article":
                    if pages >= self.max_pages_per_round:
                        summary.skipped += 1
                        continue
                    pages += 1
                if task.kind == "sitemap":
                    sitemaps += 1
                    if sitemaps > MAX_SITEMAPS_PER_ROUND:
                        continue
                level.append(task)
            results = await asyncio.gather(*(self._process(t, summary) for t in level))
            frontier = [found for discovered in results for found in discovered]
        return summary

    async def _process(self, task: Task, summary: RoundSummary) -> list[Task]:
        if self.stop.is_set():
            return []
        host = host_of(task.url)
        record = self.state.get(task.key) if task.kind == "article" else None
        # admit
        if task.kind == "article" and not self._policy(task.source).due(record, self.clock()):
            self.stats.count(host, "seen")
            summary.skipped += 1
            return []
        if host in self._unreachable:
            summary.skipped += 1
            return []
        try:
            rules = await self.robots.rules_for(_origin(task.url))
        except HostUnreachable as exc:
            self._report_unreachable(exc.host, exc.reason)
            summary.skipped += 1
            return []
        if not rules.allows(task.url):
            self.stats.count(host, "robots_disallowed")
            log.info("robots.txt disallows %s", task.url)
            summary.skipped += 1
            return []
        if rules.crawl_delay is not None:
            self.politeness.set_delay(host, rules.crawl_delay)
        # fetch
        async with self.politeness.slot(host):
            if self.stop.is_set():
                return []
            outcome = await self._fetch(task, record)
        self._count_attempts(host, outcome.results)
        summary.fetched += 1
        if isinstance(outcome, FetchFailure):
            await self._failed(task, outcome, summary)
            return []
        # publish / discover more
        if task.kind == "article":
            await self._article(task, outcome, record, summary)
            if outcome.not_modified:
                return []
            links = urls_from_html(outcome.body, outcome.final_url, outcome.charset)
            await self._report_bad_links(host, f"link in {task.url}", links.bad, summary)
            return self._article_tasks(links.urls, task.depth + 1)
        if outcome.not_modified:
            return []
        if task.kind == "feed":
            links = urls_from_feed(outcome.body, outcome.final_url)
            await self._report_bad_links(host, f"entry of {task.url}", links.bad, summary)
            return self._article_tasks(links.urls, 1)
        if task.kind == "sitemap":
            found = urls_from_sitemap(outcome.body, outcome.final_url)
            await self._report_bad_links(host, f"location in {task.url}", found.bad, summary)
            own = [u for u in found.sitemaps.urls if self.sources.source_for(u.key) is task.source]
            followed = recent_children(own, task.source.compiled_sitemap_children,
                                       task.source.sitemap_months)
            if len(followed) < len(own):
                log.info("%s: following %d of its %d child sitemaps (the recent ones)", task.url,
                         len(followed), len(own))
            children = [Task.of(u, "sitemap", task.depth, task.source) for u in followed]
            return children + self._article_tasks(found.pages.urls, 1)
        if task.kind == "listing":
            fragment, charset = listing_fragment(outcome.body, outcome.charset)
            links = urls_from_html(fragment, task.referer or outcome.final_url, charset)
            await self._report_bad_links(host, f"link in page {dict(task.form).get('page')} of "
                                         f"{task.referer}", links.bad, summary)
            return self._article_tasks(links.urls, 1)
        links = urls_from_html(outcome.body, outcome.final_url, outcome.charset)
        await self._report_bad_links(host, f"link in {task.url}", links.bad, summary)
        return self._article_tasks(links.urls, 1) + self._listing_tasks(task, outcome)

    async def _fetch(self, task: Task, record: FetchRecord | None) -> FetchOutcome:
        if task.form:
            headers = {"Referer": task.referer} if task.referer else None
            return await self.fetcher.fetch(task.url, headers, form=dict(task.form))
        return await self.fetcher.fetch(task.url, conditional_headers(record))

    def _listing_tasks(self, task: Task, page: Fetched) -> list[Task]:
        """The further pages of a start page's listing, when it has a "more articles" call
        (VNPT Portal) and the source reads more than one page."""
        if task.source.listing_pages <= 1:
            return []
        pagination = vnpt_pagination(page.body, page.final_url, page.charset)
        if pagination is None:
            return []
        try:
            endpoint = found_url(pagination.endpoint)
        except NotAWebUrl:  # a malformed URL is a NotAWebUrl too
            return []
        if self.sources.source_for(endpoint.key) is not task.source:
            return []
        return [Task.post(endpoint, pagination.form(n), task.source, page.final_url)
                for n in pagination.pages(task.source.listing_pages)]

    async def _article(self, task: Task, fetched: Fetched, record: FetchRecord | None,
                       summary: RoundSummary) -> None:
        host = host_of(task.url)
        now = self.clock()
        digest = record.content_hash if fetched.not_modified and record else body_hash(fetched.body)
        changed = not fetched.not_modified and (record is None or record.content_hash != digest)
        new_record = FetchRecord(
            url=task.key,
            etag=fetched.etag or (record.etag if record and fetched.not_modified else None),
            last_modified=fetched.last_modified
            or (record.last_modified if record and fetched.not_modified else None),
            content_hash=digest,
            first_seen=record.first_seen if record else now,
            last_fetched=now,
            last_status=fetched.status,
        )
        if changed:
            if fetched.content_type not in HTML_TYPES:
                self.stats.count(host, "not_html")
                await self._failed(task, FetchFailure(
                    task.url, "not_html", f"{task.url} is {fetched.content_type or 'untyped'}, "
                    "not an HTML page", fetched.status), summary)
                return
            await self.publisher.document(raw_document(task.key, fetched, now))
            self.stats.count(host, "published")
            summary.published += 1
        else:
            self.stats.count(host, "unchanged")
            summary.unchanged += 1
        await self.publisher.state(new_record)
        self.state[task.key] = new_record

    def _count_attempts(self, host: str, results: Iterable[str], prefix: str = "") -> None:
        """One count per attempt (retries included), whatever its outcome."""
        for result in results:
            if prefix and result.startswith("http_"):
                result = result.removeprefix("http_")  # robots_404, as a fetched robots_200
            self.stats.count(host, prefix + result)

    async def _failed(self, task: Task, failure: FetchFailure, summary: RoundSummary) -> None:
        """A dead letter for a task that failed (its attempts are counted already)."""
        host = host_of(task.url)
        if task.kind == "sitemap" and failure.error_class in ABSENT:
            log.info("no sitemap at %s (HTTP %s): none to follow", task.url, failure.status)
            return
        summary.failed += 1
        if failure.error_class in UNREACHABLE:
            self._report_unreachable(host, failure.reason)
        else:
            log.warning("fetching %s failed: %s: %s", task.url, failure.error_class, failure.reason)
        await self.publisher.failure(dead_letter_for(
            stage="fetcher", error_class=failure.error_class,
            reason=f"{task.kind} {task.url}: {failure.reason}",
            original=task.url.encode("utf-8"), key=task.key,
            document_id=stable_id("http", task.key) if task.kind == "article" else None,
        ))

    async def _report_bad_links(self, host: str, where: str, bad: Iterable[BadLink],
                                summary: RoundSummary) -> None:
        """A dead letter for every malformed URL found, once a round; ``where`` says where it
        was found, ``host`` is whose counter it goes to."""
        for link in bad:
            if link.text in self._bad_reported:
                continue
            self._bad_reported.add(link.text)
            summary.failed += 1
            self.stats.count(host, "bad_link")
            log.warning("%s: a malformed URL %r: %s", where, link.text, link.reason)
            await self.publisher.failure(dead_letter_for(
                stage="fetcher", error_class="bad_link", reason=f"{where}: {link.reason}",
                original=link.text.encode("utf-8", "replace"), key=link.text,
            ))

    def _report_unreachable(self, host: str, reason: str) -> None:
        if host not in self._unreachable:
            self._unreachable.add(host)
            log.warning("%s is unreachable (%s); skipping it until the next poll", host, reason)

    async def _load_robots(self, url: str) -> RobotsRules:
        host = host_of(url)
        if host in self._unreachable:  # found unreachable while this task waited for the lock
            raise HostUnreachable(host, "unreachable this round")
        async with self.politeness.slot(host):
            outcome = await self.fetcher.fetch(url)
        self._count_attempts(host, outcome.results, prefix="robots_")
        if isinstance(outcome, Fetched):
            return robots_rules(outcome.status, outcome.body, self.user_agent)
        if outcome.error_class == "too_large":  # rules cut off mid-file: the cautious reading
            return RobotsRules(None, disallow_all=True)
        if outcome.status is None:
            raise HostUnreachable(host, outcome.reason)
        return robots_rules(outcome.status, b"", self.user_agent)


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def raw_document(url: str, fetched: Fetched, fetched_at: datetime) -> RawDocument:
    return RawDocument(
        document_id=stable_id("http", url),
        origin="http",
        url=url,
        fetched_at=fetched_at,
        media_type=fetched.content_type or "text/html",
        charset=fetched.charset,
        content=base64.b64encode(fetched.body).decode("ascii"),
        content_encoding="base64",
        http=HttpFetchInfo(status=fetched.status, final_url=fetched.final_url,
                           content_type=fetched.content_type, etag=fetched.etag,
                           last_modified=fetched.last_modified, elapsed_ms=fetched.elapsed_ms,
                           redirects=fetched.redirects),
    )

