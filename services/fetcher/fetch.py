"""Fetching one URL over HTTP: timeouts, a body-size limit enforced while streaming,
redirects followed by hand (every hop re-admitted: allowlist and address guard), retries
with exponential backoff and jitter on 5xx, 429 and connection errors, honouring
Retry-After. Failures are values (``FetchFailure``) with a reason, never exceptions.

Every hop is first put in its request form (``canonical.request_url``: no user name or
password, no fragment); that one string is what the allowlist and the guard check and
what is requested, passed to aiohttp as already encoded so that it is not re-spelt."""

from __future__ import annotations

import asyncio
import random
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from urllib.parse import urlsplit

import aiohttp
from multidict import CIMultiDict
from yarl import URL

from newsflow.services.fetcher.canonical import DEFAULT_PORTS, MalformedUrl, NotAWebUrl, request_url
from newsflow.services.fetcher.guard import AddressRefused, GuardedResolver
from newsflow.settings import Settings

REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
CHUNK_BYTES = 64 * 1024


@dataclass(frozen=True)
class FetchLimits:
    connect_timeout: float = 10.0
    read_timeout: float = 20.0
    total_timeout: float = 60.0
    max_body_bytes: int = 5_000_000
    max_redirects: int = 5
    max_retries: int = 3
    backoff_base: float = 0.5
    backoff_max: float = 60.0

    @classmethod
    def from_settings(cls, settings: Settings) -> FetchLimits:
        return cls(settings.fetch_connect_timeout, settings.fetch_read_timeout,
                   settings.fetch_total_timeout, settings.fetch_max_body_bytes,
                   settings.fetch_max_redirects, settings.fetch_max_retries,
                   settings.fetch_backoff_base, settings.fetch_backoff_max)


@dataclass(frozen=True)
class Fetched:
    """A response: 200 with a body, or 304 (not modified) without one."""

    url: str
    final_url: str
    status: int
    body: bytes
    content_type: str | None
    charset: str | None
    etag: str | None
    last_modified: str | None
    elapsed_ms: float
    redirects: list[str] = field(default_factory=list)
    results: tuple[str, ...] = ()  # every attempt's status or error class, in order

    @property
    def not_modified(self) -> bool:
        return self.status == 304


@dataclass(frozen=True)
class FetchFailure:
    url: str
    error_class: str
    reason: str
    status: int | None = None
    retryable: bool = False
    retry_after: float | None = None
    attempts: int = 1
    results: tuple[str, ...] = ()  # every attempt's status or error class, in order


FetchOutcome = Fetched | FetchFailure
#: Given a URL, why it may not be requested (None: it may).
HopCheck = Callable[[str], str | None]


def parse_retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or an HTTP date)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


def backoff_delay(attempt: int, *, base: float, cap: float, retry_after: float | None = None,
                  jitter: Callable[[], float] = random.random) -> float:
    """Delay before retry number ``attempt`` (1, 2, ...): ``base * 2**(attempt-1)`` with full
    jitter in [50%, 100%], at least Retry-After when the server sent one, never above ``cap``."""
    exponential = base * (2 ** (attempt - 1))
    delay = exponential * (0.5 + 0.5 * jitter())
    if retry_after is not None:
        delay = max(delay, retry_after)
    return float(min(delay, cap))


#: What a browser's script sends with a form POST (the VNPT Portal checks the second).
FORM_HEADERS = {"Content-Type": "application/x-www-form-urlencoded; charset=UTF-8",
                "X-Requested-With": "XMLHttpRequest"}


class HttpFetcher:
    def __init__(self, session: aiohttp.ClientSession, resolver: GuardedResolver, limits: FetchLimits,
                 *, user_agent: str, check_hop: HopCheck,
                 sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
                 jitter: Callable[[], float] = random.random) -> None:
        self.session = session
        self.resolver = resolver
        self.limits = limits
        self.user_agent = user_agent
        self.check_hop = check_hop
        self.sleep = sleep
        self.jitter = jitter

    async def fetch(self, url: str, headers: dict[str, str] | None = None, *,
                    form: Mapping[str, str] | None = None) -> FetchOutcome:
        """Fetch with retries on transient failures; the last failure if all attempts fail.
        The outcome's ``results`` name every attempt, for the counters.

        With ``form``, the first hop is a POST of it (a VNPT Portal listing asks for its
        further pages so); a redirect from it is followed with GET, as browsers do for 301,
        302 and 303. Every other step (checks, limits, retries) is the same as for a GET.
        """
        results: list[str] = []
        while True:
            outcome = await self.fetch_once(url, headers, form=form)
            results.append(attempt_result(outcome))
            if isinstance(outcome, Fetched):
                return replace(outcome, results=tuple(results))
            if not outcome.retryable:
                return replace(outcome, attempts=len(results), results=tuple(results))
            if len(results) > self.limits.max_retries:
                return FetchFailure(outcome.url, outcome.error_class,
                                    f"{outcome.reason} (after {len(results)} attempts)",
                                    outcome.status, False, outcome.retry_after, len(results),
                                    tuple(results))
            await self.sleep(backoff_delay(len(results), base=self.limits.backoff_base,
                                           cap=self.limits.backoff_max,
                                           retry_after=outcome.retry_after, jitter=self.jitter))

    async def fetch_once(self, url: str, headers: dict[str, str] | None = None, *,
                         form: Mapping[str, str] | None = None) -> FetchOutcome:
        """One attempt, following redirects by hand."""
        started = time.monotonic()
        redirects: list[str] = []
        try:
            current = request_url(url)
        except MalformedUrl as exc:
            return FetchFailure(url, "bad_url", str(exc))
        except NotAWebUrl as exc:
            return FetchFailure(url, "not_web_url", str(exc))
        while True:
            refusal = await self._refusal(current)
            if refusal is not None:
                error_class, reason, retryable = refusal
                if redirects:
                    reason = f"redirect from {redirects[-1]} refused: {reason}"
                    error_class = f"redirect_{error_class}"
                return FetchFailure(url, error_class, reason, retryable=retryable)
            try:
                response = await self._request(current, headers, None if redirects else form)
            except AddressRefused as exc:
                return FetchFailure(url, "blocked_address", str(exc))
            except TimeoutError:
                return FetchFailure(url, "timeout", f"no complete response from {current} in time")
            except aiohttp.ClientConnectorError as exc:
                cause = exc.os_error
                if isinstance(cause, AddressRefused):
                    return FetchFailure(url, "blocked_address", str(cause))
                return FetchFailure(url, "connection_error", f"cannot connect to {current}: {cause}",
                                    retryable=True)
            except aiohttp.ClientError as exc:
                return FetchFailure(url, "connection_error", f"{current}: {type(exc).__name__}: {exc}",
                                    retryable=True)
            status, response_headers, body_or_failure = response
            if status in REDIRECT_STATUSES:
                location = response_headers.get("Location")
                if not location:
                    return FetchFailure(url, "bad_redirect", f"{current} answered {status} "
                                        "without a Location", status)
                if len(redirects) >= self.limits.max_redirects:
                    return FetchFailure(url, "too_many_redirects",
                                        f"more than {self.limits.max_redirects} redirects", status)
                redirects.append(current)
                try:
                    current = request_url(location, base=current)
                except MalformedUrl as exc:
                    return FetchFailure(url, "bad_redirect", f"{redirects[-1]} redirects to "
                                        f"{location!r}: {exc}", status)
                except NotAWebUrl as exc:
                    return FetchFailure(url, "redirect_not_web_url", f"{redirects[-1]} redirects "
                                        f"to {location!r}: {exc}", status)
                continue
            if isinstance(body_or_failure, str):
                return FetchFailure(url, "too_large", body_or_failure, status)
            elapsed = (time.monotonic() - started) * 1000
            if status in RETRY_STATUSES:
                return FetchFailure(url, f"http_{status}", f"{current} answered HTTP {status}", status,
                                    retryable=True,
                                    retry_after=parse_retry_after(response_headers.get("Retry-After")))
            if status not in (200, 304):
                return FetchFailure(url, f"http_{status}", f"{current} answered HTTP {status}", status)
            content_type = response_headers.get("Content-Type")
            media_type, charset = split_content_type(content_type)
            return Fetched(url=url, final_url=current, status=status, body=body_or_failure,
                           content_type=media_type, charset=charset,
                           etag=response_headers.get("ETag"),
                           last_modified=response_headers.get("Last-Modified"),
                           elapsed_ms=round(elapsed, 1), redirects=redirects)

    async def _refusal(self, url: str) -> tuple[str, str, bool] | None:
        """Why the request form ``url`` may not be requested: (error class, reason,
        retryable); None when it may."""
        reason = self.check_hop(url)
        if reason is not None:
            return "not_allowed", reason, False
        parts = urlsplit(url)
        wire = URL(url, encoded=True)
        if wire.raw_host != parts.hostname or wire.port != (parts.port or DEFAULT_PORTS[parts.scheme]):
            return ("bad_url", f"{url} reads as host {wire.raw_host} port {wire.port} to the HTTP client",
                    False)
        try:
            await self.resolver.addresses(parts.hostname or "", wire.port)
        except AddressRefused as exc:
            return "blocked_address", str(exc), False
        except OSError as exc:
            return "dns_error", str(exc), True
        return None

    async def _request(self, url: str, headers: dict[str, str] | None,
                       form: Mapping[str, str] | None = None
                       ) -> tuple[int, CIMultiDict[str], bytes | str]:
        """(status, headers, body or the reason it was abandoned); a POST of ``form`` if given."""
        timeout = aiohttp.ClientTimeout(total=self.limits.total_timeout,
                                        sock_connect=self.limits.connect_timeout,
                                        sock_read=self.limits.read_timeout)
        request_headers = {"User-Agent": self.user_agent, "Accept-Encoding": "gzip, deflate",
                           **(FORM_HEADERS if form is not None else {}), **(headers or {})}
        async with self.session.request(
            "GET" if form is None else "POST", URL(url, encoded=True), headers=request_headers,
            data=None if form is None else dict(form), allow_redirects=False, timeout=timeout,
        ) as response:
            response_headers = CIMultiDict(response.headers)
            limit = self.limits.max_body_bytes
            if response.status in REDIRECT_STATUSES or response.status == 304:
                return response.status, response_headers, b""
            declared = response.content_length
            if declared is not None and declared > limit:
                return response.status, response_headers, (
                    f"{url} declares {declared} bytes, more than the limit of {limit}")
            body = bytearray()
            async for chunk in response.content.iter_chunked(CHUNK_BYTES):
                body.extend(chunk)
                if len(body) > limit:
                    return response.status, response_headers, (
                        f"{url} sent more than the limit of {limit} bytes; abandoned")
            return response.status, response_headers, bytes(body)


def attempt_result(outcome: FetchOutcome) -> str:
    """What one attempt is counted as: its HTTP status (``"200"``, ``"304"``) or its error
    class (``"timeout"``, ``"connection_error"``, ``"http_500"``...)."""
    return str(outcome.status) if isinstance(outcome, Fetched) else outcome.error_class


def split_content_type(value: str | None) -> tuple[str | None, str | None]:
    """``"text/html; charset=Windows-1258"`` -> ("text/html", "windows-1258")."""
    if not value:
        return None, None
    media_type, *params = (p.strip() for p in value.split(";"))
    charset = None
    for param in params:
        name, _, param_value = param.partition("=")
        if name.strip().lower() == "charset" and param_value:
            charset = param_value.strip().strip("\"'").lower()
    return media_type.lower() or None, charset


def make_session(resolver: GuardedResolver, settings: Settings) -> aiohttp.ClientSession:
    connector = aiohttp.TCPConnector(resolver=resolver, use_dns_cache=False,
                                     limit=settings.fetch_global_concurrency,
                                     limit_per_host=settings.fetch_per_host_concurrency)
    return aiohttp.ClientSession(connector=connector, auto_decompress=True,
                                 cookie_jar=aiohttp.DummyCookieJar())
