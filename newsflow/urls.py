"""The host of a URL, the one way every stage reads it (shared by fetcher and parser)."""

from __future__ import annotations

from urllib.parse import urlsplit


def host_of(url: str | None) -> str:
    """The host of ``url``, lower-case, without a trailing dot; "" when there is none or the
    URL cannot be split (``http://[::1`` raises ValueError in ``urlsplit``)."""
    if not url:
        return ""
    try:
        return (urlsplit(url).hostname or "").lower().rstrip(".")
    except ValueError:
        return ""


def site_of(url: str | None) -> str | None:
    """The host of ``url`` without "www."; None if there is none."""
    return host_of(url).removeprefix("www.") or None
