"""A form POST through the one fetcher: a VNPT Portal listing page asks for its further
pages with ``POST .../ArticleInMenuPagination.aspx/LoadArticle``.

``post_form`` sends it with everything ``HttpFetcher.fetch`` does for a GET: the request
form of the URL, the allowlist and the address guard on every hop, timeouts, the body
limit while streaming, retries with backoff, failures as values, every attempt named for
the counters. Only the request line differs: the first hop is a POST of the form; a
redirect from it is followed with GET (as browsers do for 301, 302 and 303). The crawler
asks robots.txt and takes a politeness slot first, as for any request.

(``HttpFetcher`` sends GET only; when its ``_request`` takes a method and a body, this
module shrinks to that call.)"""

from __future__ import annotations

from collections.abc import Mapping

import aiohttp
from multidict import CIMultiDict
from yarl import URL

from newsflow.services.fetcher.canonical import MalformedUrl, NotAWebUrl, request_url
from newsflow.services.fetcher.fetch import CHUNK_BYTES, REDIRECT_STATUSES, FetchOutcome, HttpFetcher

FORM_CONTENT_TYPE = "application/x-www-form-urlencoded; charset=UTF-8"


class _FormRequest(HttpFetcher):
    """One POST of ``form`` to ``endpoint`` through ``base``'s session, limits and checks."""

    def __init__(self, base: HttpFetcher, endpoint: str, form: Mapping[str, str]) -> None:
        super().__init__(base.session, base.resolver, base.limits, user_agent=base.user_agent,
                         check_hop=base.check_hop, sleep=base.sleep, jitter=base.jitter)
        self.endpoint = endpoint
        self.form = dict(form)

    async def _request(self, url: str, headers: dict[str, str] | None
                       ) -> tuple[int, CIMultiDict[str], bytes | str]:
        if url != self.endpoint:  # a redirect target: GET, as for any page
            return await super()._request(url, headers)
        timeout = aiohttp.ClientTimeout(total=self.limits.total_timeout,
                                        sock_connect=self.limits.connect_timeout,
                                        sock_read=self.limits.read_timeout)
        request_headers = {"User-Agent": self.user_agent, "Accept-Encoding": "gzip, deflate",
                           "Content-Type": FORM_CONTENT_TYPE, "X-Requested-With": "XMLHttpRequest",
                           **(headers or {})}
        async with self.session.post(URL(url, encoded=True), data=self.form, headers=request_headers,
                                     allow_redirects=False, timeout=timeout) as response:
            response_headers = CIMultiDict(response.headers)
            limit = self.limits.max_body_bytes
            if response.status in REDIRECT_STATUSES:
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


async def post_form(fetcher: HttpFetcher, url: str, form: Mapping[str, str],
                    headers: dict[str, str] | None = None) -> FetchOutcome:
    """POST ``form`` to ``url`` (its request form, as ``fetch`` would request it)."""
    try:
        endpoint = request_url(url)
    except (MalformedUrl, NotAWebUrl):
        endpoint = url  # fetch reports it, as for a GET
    return await _FormRequest(fetcher, endpoint, form).fetch(url, headers)
