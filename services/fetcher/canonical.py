"""Two spellings of a URL. Pure.

- ``request_url``: the URL as found (a link, a feed entry, a Location header) resolved
  against its base and checked: an absolute http(s) URL with a host that can be requested
  and a valid port. It is what the allowlist and the address guard check and what is
  requested, the same string: user name and password are dropped (never sent), the
  fragment too, scheme and host are lower-case, a default port is left out, characters a
  URL cannot hold are percent-encoded; the path and query are otherwise left as they were.
- ``canonical_url``: one spelling per page, for identity and de-duplication only (state
  keys, document ids): also without tracking parameters (``utm_*``, ``fbclid``...), the
  query sorted, escapes of unreserved characters decoded and hex digits in upper case.
  Escapes of reserved characters (``%2F``, ``%3F``, ``%2B``) are kept: ``/a%2Fb`` is not
  ``/a/b``, and ``%20`` in a query is not ``+``.

A URL that is not http(s) raises ``NotAWebUrl`` (a ``mailto:`` link is not a fault); one
that claims to be but cannot be requested (``http://[::1``, ``http://[evil.example]/``, a
port of 99999) raises ``MalformedUrl``, with the reason.
"""

from __future__ import annotations

import ipaddress
import re
import string
from dataclasses import dataclass
from urllib.parse import unquote, urljoin, urlsplit, urlunsplit

DEFAULT_PORTS = {"http": 80, "https": 443}
TRACKING_PARAMS = frozenset({
    "fbclid", "gclid", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "mc_cid", "mc_eid",
    "igshid", "_ga", "_gl", "ref_src", "spm", "zarsrc", "zalo_share",
})
TRACKING_PREFIXES = ("utm_",)
UNRESERVED = frozenset(string.ascii_letters + string.digits + "-._~")
#: What may stand in a path or query unencoded (RFC 3986: unreserved, sub-delims, ":", "@",
#: "/", "?", and "%" starting an escape).
URL_CHARACTERS = UNRESERVED | frozenset("!$&'()*+,;=:@/?%")
ESCAPE = re.compile(r"%([0-9A-Fa-f]{2})")
HOST_NAME = re.compile(r"[a-z0-9_-]+(\.[a-z0-9_-]+)*")


class NotAWebUrl(ValueError):
    """Not an absolute http(s) URL."""


class MalformedUrl(NotAWebUrl):
    """An http(s) URL that cannot be requested: no valid host, a bad port, bad syntax."""


def _encode(text: str) -> str:
    """Percent-encode what a URL cannot hold; keep every character it can, and every escape."""
    out = []
    for i, char in enumerate(text):
        if char == "%" and not ESCAPE.match(text, i):
            out.append("%25")
        elif char in URL_CHARACTERS:
            out.append(char)
        else:
            out.append("".join(f"%{byte:02X}" for byte in char.encode("utf-8", "surrogatepass")))
    return "".join(out)


def _host(hostname: str, url: str) -> str:
    if hostname.startswith("[") or ":" in hostname:
        try:
            return f"[{ipaddress.IPv6Address(hostname.strip('[]').split('%', 1)[0]).compressed}]"
        except ValueError:
            raise MalformedUrl(f"{hostname!r} in {url!r} is not an IPv6 address") from None
    name = hostname.rstrip(".")
    try:
        name = name.encode("idna").decode("ascii").lower()
    except UnicodeError:
        raise MalformedUrl(f"the host {hostname!r} of {url!r} is not a valid name") from None
    if not HOST_NAME.fullmatch(name):
        raise MalformedUrl(f"the host {hostname!r} of {url!r} is not a valid name")
    return name


def request_url(url: str, base: str | None = None) -> str:
    """The URL to check and request (see the module docstring)."""
    found = url.strip()
    try:
        joined = urljoin(base, found) if base is not None else found
        parts = urlsplit(joined)
        scheme = parts.scheme.lower()
        if scheme not in DEFAULT_PORTS:
            raise NotAWebUrl(f"not an http(s) URL: {joined!r}")
        hostname = parts.hostname
        port = parts.port
    except NotAWebUrl:
        raise
    except ValueError as exc:
        raise MalformedUrl(f"{found!r} cannot be read as a URL: {exc}") from None
    if not hostname:
        raise MalformedUrl(f"no host in {joined!r}")
    if port == 0:
        raise MalformedUrl(f"port 0 in {joined!r}")
    bracketed = "[" in parts.netloc
    host = _host(f"[{hostname}]" if bracketed else hostname, joined)
    netloc = host if port in (None, DEFAULT_PORTS[scheme]) else f"{host}:{port}"
    return urlunsplit((scheme, netloc, _encode(parts.path) or "/", _encode(parts.query), ""))


def _is_tracking(name: str) -> bool:
    lowered = unquote(name.replace("+", " ")).lower()
    return lowered in TRACKING_PARAMS or lowered.startswith(TRACKING_PREFIXES)


def _normalise_escapes(text: str) -> str:
    """Escapes of unreserved characters decoded, the others in upper case."""
    def one(match: re.Match[str]) -> str:
        char = chr(int(match.group(1), 16))
        return char if char in UNRESERVED else "%" + match.group(1).upper()

    return ESCAPE.sub(one, text)


@dataclass(frozen=True)
class FoundUrl:
    url: str  # what is checked and requested
    key: str  # what the page is known by


def found_url(url: str, base: str | None = None) -> FoundUrl:
    """Both spellings of ``url`` (resolved against ``base``)."""
    requested = request_url(url, base)
    return FoundUrl(requested, _canonical(requested))


def canonical_url(url: str, base: str | None = None) -> str:
    """The identity of the page at ``url`` (see the module docstring)."""
    return _canonical(request_url(url, base))


def _canonical(requested: str) -> str:
    parts = urlsplit(requested)
    pairs = [p for p in parts.query.split("&") if p and not _is_tracking(p.split("=", 1)[0])]
    query = "&".join(sorted(_normalise_escapes(p) for p in pairs))
    return urlunsplit((parts.scheme, parts.netloc, _normalise_escapes(parts.path), query, ""))
