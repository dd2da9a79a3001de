"""robots.txt as RFC 9309 reads it. Pure: the file's bytes and the crawler's User-Agent in,
answers out.

- §2.2.1: the crawler's product token is the start of its User-Agent (``newsflow`` in
  ``newsflow/0.1 (...)``); a user-agent line names a product token, read up to its first
  character that cannot be in one, and matched case-insensitively and whole (``news`` is
  not ``newsflow``). Every group naming the token is obeyed, merged; only when there is
  none, every ``*`` group; with neither, nothing is disallowed. A group of ours without
  rules is still ours (no fallback to ``*``).
- Consecutive user-agent lines (blank lines between them allowed) start one group; a rule
  ends the run. Other records (Sitemap, Crawl-delay, unknown lines) end nothing (§2.2.4);
  rules before the first user-agent line belong to no group.
- §2.2.2: the longest matching rule wins, in octets of its pattern; an allow and a
  disallow of the same length: allow. Paths are case-sensitive. Both the path and the
  pattern are percent-encoded the same way first: non-ASCII and characters a URI cannot
  hold are encoded, escapes of unreserved characters decoded, other escapes kept (so
  ``%2F`` is not ``/``), hex digits in upper case.
- §2.2.3: ``*`` is any run of characters, a final ``$`` the end of the path; ``%2A`` and
  ``%24`` are a literal ``*`` and ``$``. ``/robots.txt`` is always allowed.
- Lines end in CR, LF or CRLF; a UTF-8 byte order mark at the start is skipped; field
  names are case-insensitive; ``#`` starts a comment. As Google's parser does, a missing
  colon is accepted between exactly two words, and common misspellings of "disallow"
  count as disallow (the cautious reading).
"""

from __future__ import annotations

import math
import re
import string
from dataclasses import dataclass, field
from urllib.parse import urlsplit

LINE_END = re.compile(r"\r\n|\r|\n")
PRODUCT_TOKEN = re.compile(r"[A-Za-z_-]*")
USER_AGENT_FIELDS = frozenset({"user-agent", "useragent"})
ALLOW_FIELDS = frozenset({"allow"})
DISALLOW_FIELDS = frozenset({"disallow", "dissallow", "dissalow", "disalow", "diasllow", "disallaw"})
CRAWL_DELAY_FIELDS = frozenset({"crawl-delay"})
UNRESERVED = frozenset(string.ascii_letters + string.digits + "-._~")
#: RFC 3986 reserved characters left as they are; "*" and "$" are not, because in a rule
#: they are special and in a path they must compare equal to a rule's "%2A" and "%24".
KEPT_RESERVED = frozenset(":/?#[]@!&'()+,;=")
HEX = frozenset(string.hexdigits)


def product_token(user_agent: str) -> str:
    """``"newsflow/0.1 (news ingestion)"`` -> ``"newsflow"`` (RFC 9309 §2.2.1: letters,
    ``_`` and ``-``), lower-case; "" when the User-Agent does not start with one."""
    match = PRODUCT_TOKEN.match(user_agent.strip())
    return match.group().lower() if match else ""


def _agent_of(value: str) -> str:
    """The product token a user-agent line names, ``*`` for the global group."""
    if value == "*" or (value[:1] == "*" and value[1:2].isspace()):
        return "*"
    return product_token(value)


def _records(text: str) -> list[tuple[str, str]]:
    """(field in lower case, value) of every line that has the shape of a record."""
    records = []
    for line in LINE_END.split(text):
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        name, colon, value = line.partition(":")
        if not colon:
            words = line.split()
            if len(words) != 2:
                continue
            name, value = words
        records.append((name.strip().lower(), value.strip()))
    return records


@dataclass
class Group:
    agents: list[str] = field(default_factory=list)
    rules: list[tuple[bool, str]] = field(default_factory=list)  # (allow, pattern as written)
    crawl_delays: list[str] = field(default_factory=list)


def groups_of(text: str) -> list[Group]:
    groups: list[Group] = []
    in_agent_lines = False
    for name, value in _records(text):
        if name in USER_AGENT_FIELDS:
            if not in_agent_lines:
                groups.append(Group())
                in_agent_lines = True
            groups[-1].agents.append(_agent_of(value))
        elif not groups:
            continue
        elif name in ALLOW_FIELDS or name in DISALLOW_FIELDS:
            groups[-1].rules.append((name in ALLOW_FIELDS, value))
            in_agent_lines = False
        elif name in CRAWL_DELAY_FIELDS:
            groups[-1].crawl_delays.append(value)
    return groups


def groups_for(text: str, user_agent: str) -> list[Group]:
    """The groups the crawler obeys: those of its product token, else those of ``*``."""
    groups = groups_of(text)
    token = product_token(user_agent)
    ours = [g for g in groups if token and token in g.agents]
    return ours or [g for g in groups if "*" in g.agents]


def normalise(text: str, *, pattern: bool = False) -> str:
    """Percent-encoding made comparable (RFC 9309 §2.2.2); in a pattern ``*`` stays a
    wildcard and a final ``$`` an anchor."""
    out: list[str] = []
    i = 0
    while i < len(text):
        char = text[i]
        escape = text[i + 1:i + 3]
        if char == "%" and len(escape) == 2 and set(escape) <= HEX:
            decoded = chr(int(escape, 16))
            out.append(decoded if decoded in UNRESERVED else "%" + escape.upper())
            i += 3
            continue
        special = pattern and (char == "*" or (char == "$" and i == len(text) - 1))
        if special or char in UNRESERVED or char in KEPT_RESERVED:
            out.append(char)
        else:
            out.append("".join(f"%{byte:02X}" for byte in char.encode("utf-8", "replace")))
        i += 1
    return "".join(out)


@dataclass(frozen=True)
class Rule:
    allow: bool
    length: int  # octets of the normalised pattern: the longest match wins
    parts: tuple[str, ...]  # the literal runs between wildcards
    anchored: bool  # the pattern ends in "$"

    @classmethod
    def of(cls, allow: bool, written: str) -> Rule:
        pattern = normalise(written, pattern=True)
        anchored = pattern.endswith("$")
        literal = re.sub(r"\*+", "*", pattern.removesuffix("$"))
        return cls(allow, len(pattern), tuple(literal.split("*")), anchored)

    def matches(self, path: str) -> bool:
        parts, anchored = self.parts, self.anchored
        first, last = parts[0], parts[-1]
        if not path.startswith(first):
            return False
        if len(parts) == 1:
            return path == first if anchored else True
        position = len(first)
        for part in parts[1:-1]:
            found = path.find(part, position)
            if found < 0:
                return False
            position = found + len(part)
        if anchored:
            return len(path) - len(last) >= position and path.endswith(last)
        return path.find(last, position) >= 0


def path_to_match(url: str) -> str | None:
    """The path and query of ``url``, normalised; None when it cannot be read."""
    url = url.split("#", 1)[0]
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    path = (parts.path or "/") + ("?" + parts.query if "?" in url else "")
    return normalise(path)


@dataclass(frozen=True)
class RobotsTxt:
    """What one robots.txt says to one crawler."""

    rules: tuple[Rule, ...] = ()
    crawl_delay: float | None = None

    @classmethod
    def parse(cls, body: bytes | str, user_agent: str) -> RobotsTxt:
        text = body.decode("utf-8-sig", errors="replace") if isinstance(body, bytes) else body
        groups = groups_for(text.removeprefix("\ufeff"), user_agent)
        rules = tuple(Rule.of(allow, value) for g in groups for allow, value in g.rules if value)
        delays = [d for g in groups for d in map(_seconds, g.crawl_delays) if d is not None]
        return cls(rules, max(delays) if delays else None)

    def allows(self, url: str) -> bool:
        path = path_to_match(url)
        if path is None:
            return False
        if path == "/robots.txt":
            return True
        best: tuple[int, bool] | None = None  # (length, allow): longer wins, then allow
        for rule in self.rules:
            if (best is None or (rule.length, rule.allow) > best) and rule.matches(path):
                best = (rule.length, rule.allow)
        return True if best is None else best[1]


def _seconds(value: str) -> float | None:
    try:
        seconds = float(value)
    except ValueError:
        return None
    return seconds if math.isfinite(seconds) and seconds >= 0 else None
