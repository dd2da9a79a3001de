"""robots.txt as RFC 9309 says, on cases written from the RFC's text (its sections and the
examples of section 5) and from the kinds of cases Google's open-source robots.txt test
suite (google/robotstxt, robots_test.cc) covers. Where the two disagree the RFC wins; the
case says so.

Every case is asked through ``robots_rules(200, body, agent).allows(url)``, as the crawler
asks it. ``python -m tests.unit.fetcher.test_robots_rfc9309`` prints the score of the
fetcher's parser next to urllib.robotparser's and plain Protego's on the same cases.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass

import pytest

from newsflow.services.fetcher.admit import robots_rules


@dataclass(frozen=True)
class Case:
    name: str
    robots: bytes
    agent: str  # the User-Agent the crawler sends (its product token comes first)
    url: str
    allowed: bool


CASES: list[Case] = []
HOST = "http://foo.bar"


def cases(name: str, robots: str | bytes, *checks: tuple[str, str, bool]) -> None:
    """One robots.txt, several (agent, path, allowed) questions."""
    body = robots if isinstance(robots, bytes) else robots.encode("utf-8")
    for number, (agent, path, allowed) in enumerate(checks, 1):
        CASES.append(Case(f"{name}-{number}", body, agent, HOST + path, allowed))


FOO = "FooBot/1.0"
BAR = "BarBot/2.3 (+https://bar.example/bot)"

# --- RFC 9309 §2.2.1: the user-agent line, groups ------------------------------------------

cases("ua-case-insensitive", "User-agent: FOOBOT\nDisallow: /\n", (FOO, "/x", False))
cases("ua-product-token-not-a-prefix", "User-agent: news\nDisallow: /\n",
      ("newsflow/1.0", "/x", True))
cases("ua-product-token-not-a-longer-name", "User-agent: newsflowers\nDisallow: /\n",
      ("newsflow/1.0", "/x", True))
cases("ua-not-a-word-of-the-header", "User-agent: crawler\nDisallow: /\n",
      ("newsflow/0.1 (news ingestion; polite crawler)", "/x", True))
cases("ua-our-token-in-our-header", "User-agent: newsflow\nDisallow: /private/\n",
      ("newsflow/0.1 (news ingestion; polite crawler)", "/private/a", False),
      ("newsflow/0.1 (news ingestion; polite crawler)", "/public/a", True))
# Google's suite: the user-agent value is read up to its first character that cannot be in
# a product token ("FOO BAR" is the group of "foo").
cases("ua-value-up-to-first-space", "User-Agent: FOO BAR\nAllow: /x/\nDisallow: /\n",
      ("Foo", "/x/y", True), ("Foo", "/a/b", False), ("foo", "/a/b", False))
cases("ua-value-with-version", "User-agent: FooBot/2.1\nDisallow: /\n", (FOO, "/x", False))
cases("ua-comment-after-agent", "User-agent: FooBot # the foo crawler\nDisallow: /\n",
      (FOO, "/x", False))
# §2.2.1: groups for the same product token are combined (the RFC's ExampleBot example).
cases("groups-merged", "user-agent: FooBot\ndisallow: /foo\ndisallow: /bar\n\n"
      "user-agent: FooBot\ndisallow: /baz\n",
      (FOO, "/baz/x", False), (FOO, "/foo", False), (FOO, "/qux", True))
cases("star-groups-merged", "User-agent: *\nDisallow: /a\n\nUser-agent: *\nDisallow: /b\n",
      (FOO, "/b", False), (FOO, "/a", False))
cases("several-agents-one-group", "User-agent: BarBot\nUser-agent: FooBot\nDisallow: /x\n",
      (FOO, "/x", False), (BAR, "/x", False))
cases("fallback-to-star", "User-agent: *\nDisallow: /\n\nUser-agent: BarBot\nAllow: /\n",
      (FOO, "/x", False), (BAR, "/x", True))
cases("specific-group-beats-star", "User-agent: *\nDisallow: /\n\nUser-agent: FooBot\nAllow: /\n",
      (FOO, "/x", True))
# §2.2.1: the matching group is obeyed alone: the "*" group is not mixed in.
cases("star-not-mixed-into-specific", "User-agent: *\nDisallow: /x/\nUser-agent: FooBot\nDisallow: /y/\n",
      (FOO, "/x/page", True), (FOO, "/y/page", False))
cases("no-star-no-match", "user-agent: FooBot\nallow: /\nuser-agent: BarBot\ndisallow: /\n"
      "user-agent: BazBot\ndisallow: /\n", ("QuxBot", "/x/y", True))
# An empty group of our own is a group: everything allowed, no fallback to "*".
cases("empty-own-group", "User-agent: *\nDisallow: /\n\nUser-agent: FooBot\n", (FOO, "/x", True))
cases("rules-before-any-group-ignored", "Disallow: /\nUser-agent: FooBot\nAllow: /x\n", (FOO, "/y", True))
# Google's ID_LineSyntax_Groups: blank lines do not end a group, consecutive user-agent lines
# (blank lines between them) start one group, rules outside any group are ignored.
GROUPS = ("allow: /foo/bar/\n\nuser-agent: FooBot\ndisallow: /\nallow: /x/\nuser-agent: BarBot\n"
          "disallow: /\nallow: /y/\n\n\nallow: /w/\nuser-agent: BazBot\n\nuser-agent: FooBot\n"
          "allow: /z/\ndisallow: /\n")
cases("google-groups", GROUPS,
      (FOO, "/x/b", True), (FOO, "/z/d", True), (FOO, "/y/c", False), (BAR, "/y/c", True),
      (BAR, "/w/a", True), (BAR, "/z/d", False), ("BazBot", "/z/d", True),
      (FOO, "/foo/bar/", False), (BAR, "/foo/bar/", False), ("BazBot", "/foo/bar/", False))
# §2.2.4: other records (Sitemap, unknown lines, Crawl-delay) do not end a run of user-agent lines.
cases("sitemap-inside-agents", "User-agent: FooBot\nSitemap: https://foo.bar/sitemap\n"
      "User-agent: *\nDisallow: /\n", (FOO, "/", False), (BAR, "/", False))
cases("unknown-line-inside-agents", "User-agent: FooBot\nInvalid-Unknown-Line: unknown\n"
      "User-agent: *\nDisallow: /\n", (FOO, "/", False), (BAR, "/", False))
cases("crawl-delay-inside-agents", "User-agent: FooBot\nCrawl-delay: 5\nUser-agent: BarBot\n"
      "Disallow: /\n", (FOO, "/x", False))

# --- RFC 9309 §2.2.2: rules, longest match, ties ---------------------------------------------

cases("longest-match", "user-agent: FooBot\nallow: /p\ndisallow: /\n", (FOO, "/page", True))
cases("tie-goes-to-allow", "user-agent: FooBot\nallow: /folder\ndisallow: /folder\n",
      (FOO, "/folder/page", True))
cases("tie-disallow-first", "user-agent: FooBot\ndisallow: /x/page.html\nallow: /x/page.html\n",
      (FOO, "/x/page.html", True))
cases("tie-root", "user-agent: FooBot\ndisallow: /\nallow: /\n", (FOO, "/x/page.html", True))
cases("tie-empty", "user-agent: FooBot\ndisallow: \nallow: \n", (FOO, "/x/page.html", True))
cases("longer-is-more-specific", "user-agent: FooBot\ndisallow: /x\nallow: /x/\n",
      (FOO, "/x", False), (FOO, "/x/", True))
cases("longest-with-wildcard", "user-agent: FooBot\nallow: /page\ndisallow: /*.html\n",
      (FOO, "/page.html", False), (FOO, "/page", True))
cases("longest-allow-with-dot", "user-agent: FooBot\nallow: /x/page.\ndisallow: /*.html\n",
      (FOO, "/x/page.html", True), (FOO, "/x/y.html", False))
cases("longest-htm", "user-agent: FooBot\nallow: /page\ndisallow: /*.htm\n", (FOO, "/page.htm", False))
cases("rfc-5.2-longest-match", "User-Agent: foobot\nAllow: /example/page/\n"
      "Disallow: /example/page/disallowed.gif\n",
      (FOO, "/example/page/", True), (FOO, "/example/page/disallowed.gif", False))
cases("paths-case-sensitive", "user-agent: FooBot\ndisallow: /X/\n", (FOO, "/x/y", True), (FOO, "/X/y", False))
cases("empty-disallow", "User-agent: FooBot\nDisallow:\n", (FOO, "/x", True))
cases("robots-txt-always-allowed", "User-agent: *\nDisallow: /\n", (FOO, "/robots.txt", True))
cases("prefix-match", "user-agent: FooBot\ndisallow: /\nallow: /fish\n",
      (FOO, "/fish", True), (FOO, "/fish.html", True), (FOO, "/fish/salmon.html", True),
      (FOO, "/fishheads", True), (FOO, "/fish.html?id=anything", True), (FOO, "/Fish.asp", False),
      (FOO, "/catfish", False), (FOO, "/?id=fish", False), (FOO, "/bar", False))
cases("trailing-slash-matters", "user-agent: FooBot\ndisallow: /\nallow: /fish/\n",
      (FOO, "/fish/salmon", True), (FOO, "/fish/?id=anything", True), (FOO, "/fish", False),
      (FOO, "/fish.html", False), (FOO, "/Fish/Salmon.html", False))

# --- RFC 9309 §2.2.3: special characters --------------------------------------------------

cases("star-at-end-is-prefix", "user-agent: FooBot\ndisallow: /\nallow: /fish*\n",
      (FOO, "/fish.html", True), (FOO, "/fishheads/yummy.html", True), (FOO, "/Fish.bar", False),
      (FOO, "/catfish", False))
cases("star-anywhere", "user-agent: FooBot\ndisallow: /\nallow: /*.php\n",
      (FOO, "/folder/filename.php?parameters", True), (FOO, "//folder/any.php.file.html", True),
      (FOO, "/index?f=filename.php/", True), (FOO, "/php/", False), (FOO, "/windows.PHP", False))
cases("dollar-ends-the-match", "user-agent: FooBot\ndisallow: /\nallow: /*.php$\n",
      (FOO, "/filename.php", True), (FOO, "/folder/filename.php", True),
      (FOO, "/filename.php?parameters", False), (FOO, "/filename.php5", False),
      (FOO, "/filename.php/", False))
cases("star-between", "user-agent: FooBot\ndisallow: /\nallow: /fish*.php\n",
      (FOO, "/fishheads/catfish.php?parameters", True), (FOO, "/Fish.PHP", False))
cases("dollar-root-only", "user-agent: FooBot\nallow: /$\ndisallow: /\n",
      (FOO, "/", True), (FOO, "/page.html", False))
cases("dollar-exact-path", "User-agent: FooBot\nDisallow: /foo/bar$\nAllow: /foo/bar/qux\n",
      (FOO, "/foo/bar", False), (FOO, "/foo/bar/", True), (FOO, "/foo/bar/baz", True))
cases("star-one-segment-or-more", "User-agent: FooBot\nDisallow: /foo/bar/quz\nAllow: /foo/*/qux\n",
      (FOO, "/foo/bar/quz", False), (FOO, "/foo/quz", True), (FOO, "/foo//quz", True),
      (FOO, "/foo/bax/quz", True))
cases("several-stars", "User-agent: FooBot\nDisallow: /*/*/c\n", (FOO, "/a/b/c", False), (FOO, "/a/c", True))
cases("pattern-starting-with-star", "User-agent: *\nDisallow: *.gif$\n",
      (FOO, "/a/b.gif", False), (FOO, "/a/b.gifs", True))
cases("dollar-inside-is-literal", "User-agent: FooBot\nDisallow: /a$b\n",
      (FOO, "/a$b", False), (FOO, "/a", True))
# §2.2.3: "%2A" and "%24" are a literal "*" and "$".
cases("encoded-star-is-literal", "User-agent: FooBot\nDisallow: /path/file-with-a-%2A.html\n",
      (FOO, "/path/file-with-a-*.html", False), (FOO, "/path/file-with-a-xyz.html", True))
cases("encoded-dollar-is-literal", "User-agent: FooBot\nDisallow: /path/foo-%24\n",
      (FOO, "/path/foo-$", False), (FOO, "/path/foo-", True))
cases("comments", "User-agent: FooBot\n# Disallow: /\nDisallow: /foo/quz#qux\nAllow: /\n",
      (FOO, "/foo/bar", True), (FOO, "/foo/quz", False))
# Google's parser reads an allowed ".../index.html" as allowing ".../" too; RFC 9309 gives
# index.html no meaning.
cases("index-html-is-a-path", "User-Agent: *\nAllow: /allowed-slash/index.html\nDisallow: /\n",
      (FOO, "/allowed-slash/", False), (FOO, "/allowed-slash/index.html", True),
      (FOO, "/allowed-slash/index.htm", False))
cases("query-is-matched", "User-agent: FooBot\nDisallow: /*?\n",
      (FOO, "/page?x=1", False), (FOO, "/page", True))

# --- RFC 9309 §2.2.2: percent-encoding ------------------------------------------------------

cases("utf8-rule-encoded-url", "User-agent: FooBot\nDisallow: /\nAllow: /foo/bar/ツ\n",
      (FOO, "/foo/bar/%E3%83%84", True))
# Google's suite expects "not allowed" for an unencoded URL; the RFC encodes both sides first.
cases("encoded-rule-utf8-url", "User-agent: FooBot\nDisallow: /\nAllow: /foo/bar/%E3%83%84\n",
      (FOO, "/foo/bar/ツ", True), (FOO, "/foo/bar/%E3%83%84", True))
cases("vietnamese-path", "User-agent: *\nDisallow: /tin-tức/\n",
      (FOO, "/tin-t%E1%BB%A9c/bai-1", False), (FOO, "/tin-tuc/bai-1", True))
# The RFC's table: "/foo/bar/%62%61%7A" is matched as "/foo/bar/baz" (unreserved octets are
# decoded); Google's suite expects the opposite.
cases("encoded-unreserved-decoded", "User-agent: FooBot\nDisallow: /\nAllow: /foo/bar/%62%61%7A\n",
      (FOO, "/foo/bar/baz", True), (FOO, "/foo/bar/%62%61%7A", True))
cases("encoded-hex-case", "User-agent: FooBot\nDisallow: /a%3cb\n", (FOO, "/a%3Cb", False))
cases("encoded-slash-stays-encoded", "User-agent: FooBot\nDisallow: /a%2Fb\n",
      (FOO, "/a/b", True), (FOO, "/a%2Fb", False))
cases("space-in-rule", "User-agent: FooBot\nDisallow: /a b\n", (FOO, "/a%20b", False), (FOO, "/a", True))
cases("url-in-query", "User-agent: FooBot\nDisallow: /\nAllow: /foo/bar?qux=taz&baz=http://foo.bar?tar&par\n",
      (FOO, "/foo/bar?qux=taz&baz=http://foo.bar?tar&par", True))

# --- RFC 9309 §2.2 and §2.5: the file's syntax ------------------------------------------------

cases("directives-case-insensitive", "USER-AGENT: FooBot\nALLOW: /x/\nDISALLOW: /\n",
      (FOO, "/x/y", True), (FOO, "/a/b", False))
cases("directives-mixed-case", "uSeR-aGeNt: FooBot\nAlLoW: /x/\ndIsAlLoW: /\n",
      (FOO, "/x/y", True), (FOO, "/a/b", False))
cases("missing-colon", "user-agent FooBot\ndisallow /\n", (FOO, "/x/y", False))
cases("unknown-directives", "foo: FooBot\nbar: /\n", (FOO, "/x/y", True))
cases("whitespace", "   User-agent  :   FooBot   \n\t Disallow\t:\t/x  \n", (FOO, "/x/y", False))
cases("crlf", "User-agent: FooBot\r\nDisallow: /x\r\n", (FOO, "/x", False), (FOO, "/y", True))
cases("cr-only", "User-Agent: foo\rAllow: /some/path\rUser-Agent: FooBot\r\r\rDisallow: /\r",
      (FOO, "/x", False), ("foo", "/some/path", True))
cases("mixed-line-ends", "User-Agent: foo\nAllow: /some/path\r\nUser-Agent: FooBot\n\r\n\nDisallow: /\n",
      (FOO, "/x", False))
cases("no-final-newline", "User-agent: FooBot\nDisallow: /x", (FOO, "/x", False))
cases("utf8-bom", b"\xef\xbb\xbfUser-agent: FooBot\nDisallow: /\n", (FOO, "/x", False))
cases("utf8-bom-only-at-start", "User-agent: FooBot\n\ufeffDisallow: /x\n", (FOO, "/x", True))
cases("empty-file", "", (FOO, "/x", True))
cases("large-file", "# " + "x" * 1000 + "\n" + ("# filler\n" * 40_000) + "User-agent: *\nDisallow: /late\n",
      (FOO, "/late", False))

# --- RFC 9309 §5.1: the example --------------------------------------------------------------

RFC_EXAMPLE = """User-Agent: *
Disallow: *.gif$
Disallow: /example/
Allow: /publications/

User-Agent: foobot
Disallow:/
Allow:/example/page.html
Allow:/example/allowed.gif

User-Agent: barbot
User-Agent: bazbot
Disallow: /example/page.html

User-Agent: quxbot

EOF
"""
cases("rfc-5.1", RFC_EXAMPLE,
      (FOO, "/example/page.html", True), (FOO, "/example/allowed.gif", True), (FOO, "/", False),
      (FOO, "/publications/", False), ("bazbot", "/example/page.html", False),
      (BAR, "/example/page.html", False), (BAR, "/example/other", True), (BAR, "/a.gif", True),
      ("quxbot", "/example/x.gif", True), ("otherbot", "/x.gif", False),
      ("otherbot", "/example/x", False), ("otherbot", "/publications/x", True))


def fetcher_answer(case: Case) -> bool:
    return robots_rules(200, case.robots, case.agent).allows(case.url)


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_rfc9309(case: Case) -> None:
    assert fetcher_answer(case) is case.allowed


def test_the_suite_is_large_enough() -> None:
    assert len(CASES) >= 60
    assert len({c.name for c in CASES}) == len(CASES)


def urllib_answer(case: Case) -> bool:
    from urllib.robotparser import RobotFileParser

    parser = RobotFileParser()
    parser.parse(case.robots.decode("utf-8", errors="replace").splitlines())
    return parser.can_fetch(case.agent, case.url)


def protego_answer(case: Case) -> bool:
    from protego import Protego

    return bool(Protego.parse(case.robots.decode("utf-8", errors="replace")).can_fetch(case.url, case.agent))


def score(answer: Callable[[Case], bool]) -> tuple[int, list[str]]:
    wrong = [c.name for c in CASES if answer(c) is not c.allowed]
    return len(CASES) - len(wrong), wrong


if __name__ == "__main__":
    for label, answer in [("urllib.robotparser", urllib_answer), ("Protego", protego_answer),
                          ("the fetcher (admit.robots_rules)", fetcher_answer)]:
        right, wrong = score(answer)
        print(f"{label}: {right}/{len(CASES)}")
        for name in wrong:
            print(f"  wrong: {name}")
    sys.exit(0)
