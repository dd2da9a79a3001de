"""The parser's output, record for record, on a fixed set of documents: the check that a
speed change to the parser changed nothing it produces.

Each document goes through the parser's handler (``handle``: decoding, parsing, language,
identity, the article's or the dead letter's bytes and headers), and each record it makes
is reduced to a sha256 of its topic, key, value and headers (a dead letter's ``failed_at``,
the clock, left out). The documents:

- ``seeds``: every file in the repository's ``seeds/``;
- ``synthetic``: the benchmark's 3,000 seed-format documents (``bench.corpus``);
- ``varied``: 3,000 seed-format documents made from those by deterministic random edits:
  odd white space and invisible characters, other line breaks, blank lines, decomposed
  (NFD) lines, captions with and without credits, paragraphs of other languages and
  scripts, missing source, author or counter lines, shuffled and truncated texts;
- ``broken``: messages that are dead letters (bad JSON, wrong schema, binary, empty...);
- ``html``: 100 pages in each configured site's markup (``bench.corpus``);
- ``pages`` (``--pages``): the tuning parts of both extraction development sets (never the
  untouched parts' pages), through the same handler as fetched pages.

Run it on two trees and compare (each in its own child process; ``--against`` is a
checkout or an exported tree of the code before, e.g. ``git archive HEAD | tar -x -C
/tmp/before``)::

    python bench/parser_identity.py --against /tmp/before [--tree /tmp/after] [--pages]

or write one tree's digests with ``--write FILE``. Exit status 1 when any record differs.
"""

from __future__ import annotations

import argparse
import base64
import gzip
import hashlib
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import unicodedata
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from newsflow.kafka.delivery import Output

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
FETCHED_AT = datetime(2026, 1, 1, 12, tzinfo=UTC)

#: Sentences in scripts the benchmark corpus lacks (written for this check).
OTHER_SENTENCES = {
    "zh": "市政府周二宣布将在明年扩建地铁网络，以缓解交通拥堵。",
    "ja": "東京都は来年度から新しい子育て支援制度を始めると発表しました。",
    "ko": "정부는 내년부터 청년 주거 지원 예산을 크게 늘리기로 했다.",
    "ru": "Правительство объявило о новой программе поддержки малого бизнеса.",
    "ar": "أعلنت الحكومة عن خطة جديدة لتطوير شبكة النقل العام في العاصمة.",
    "it": "Il consiglio comunale ha approvato il nuovo piano per il trasporto pubblico.",
}
ODD_SPACES = ["  ", "\t", "\u00a0", "\u200b", "\u00ad", "\u3000", " ,", " .", " :", "\ufeff",
              "\u200e", "\u2009", "\u202f", "\u2060", "   ", " \t "]
LINE_BREAKS = ["\r\n", "\r", "\u2028", "\x85", "\n\n", "\n \n"]
CREDITS = [" (Foto: dpa)", " (Ảnh: TTXVN)", "（写真：共同）", " (Фото ТАСС)", ". Ảnh: Minh Anh",
           " (Photo: Jane Doe / Reuters)", "（新华社记者 李明 摄）", ". Foto: Anna Beispiel"]
BYLINES = ["Bài và ảnh: Hương Giang", "By Jane Doe", "Minh Anh - Thu Hà", "Von Anna Beispiel",
           "Text and photos: John Smith, Mary Major", "Khanh Lan"]


def _varied_text(rng: random.Random, text: str, pool: list[str]) -> str:
    lines = text.rstrip("\n").split("\n")
    edits = rng.sample(range(12), rng.randint(1, 5))
    for edit in edits:
        if not lines:
            lines = [rng.choice(pool)]
        if edit == 0:  # odd white space and invisible characters inside lines
            for _ in range(rng.randint(1, 8)):
                i = rng.randrange(len(lines))
                if lines[i]:
                    at = rng.randrange(len(lines[i]) + 1)
                    lines[i] = lines[i][:at] + rng.choice(ODD_SPACES) + lines[i][at:]
        elif edit == 1:  # blank and invisible lines between paragraphs
            for _ in range(rng.randint(1, 4)):
                lines.insert(rng.randrange(len(lines) + 1), rng.choice(["", "  ", "\u200b", "\t"]))
        elif edit == 2:  # without the counter, the source line or the author
            del lines[-rng.randint(1, min(3, len(lines))):]
        elif edit == 3:  # decomposed lines
            for _ in range(rng.randint(1, 3)):
                i = rng.randrange(len(lines))
                lines[i] = unicodedata.normalize("NFD", lines[i])
        elif edit == 4:  # short captions without credits, between paragraphs
            for _ in range(rng.randint(1, 3)):
                words = rng.choice(pool).split()
                lines.insert(rng.randrange(len(lines) + 1), " ".join(words[: rng.randint(2, 8)]))
        elif edit == 5:  # captions with credits
            for _ in range(rng.randint(1, 3)):
                at = rng.randrange(len(lines) + 1)
                lines.insert(at, rng.choice(pool).rstrip(".") + rng.choice(CREDITS))
        elif edit == 6:  # paragraphs of other languages and scripts
            for _ in range(rng.randint(1, 4)):
                i = rng.randrange(len(lines))
                others = list(OTHER_SENTENCES.values())
                lines[i] = " ".join(rng.choice(others) for _ in range(rng.randint(1, 6)))
        elif edit == 7:  # shuffled
            rng.shuffle(lines)
        elif edit == 8:  # truncated: a short text (language from a sample under 200 characters)
            lines = lines[: rng.randint(1, 3)]
            if rng.random() < 0.5 and lines:
                lines[0] = lines[0][: rng.randint(1, 150)]
        elif edit == 9:  # a byline before the source line
            lines.insert(max(0, len(lines) - 2), rng.choice(BYLINES))
        elif edit == 10:  # abbreviations and a long first sentence (the derived title)
            at = rng.randint(0, 1)
            lines.insert(at, "Dr. " + " ".join(rng.choice(pool) for _ in range(4)).replace(".", ","))
        elif edit == 11 and len(lines) > 2:  # the lead repeated
            lines.insert(2, lines[1])
    return rng.choice(LINE_BREAKS[:1] * 6 + LINE_BREAKS).join(lines) + rng.choice(["\n", "", "\r\n", " "])


def documents(pages: bool) -> Iterator[tuple[str, bytes]]:
    """(name, message value) of every document checked."""
    from bench.corpus import SENTENCES, nhandan_html, seed_documents, sokhcn_html
    from newsflow.events import HttpFetchInfo, RawDocument, stable_id

    for path in sorted((REPO / "seeds").glob("*.txt")):
        yield f"seeds/{path.name}", RawDocument.from_seed(
            path.name, path.read_text(encoding="utf-8"), FETCHED_AT).to_bytes()
    synthetic = list(seed_documents(3000))
    for doc in synthetic:
        yield f"synthetic/{doc.number}", RawDocument.from_seed(
            f"bench-{doc.number:07d}.txt", doc.text, FETCHED_AT).to_bytes()
    rng = random.Random(20)
    for doc in synthetic:
        text = _varied_text(rng, doc.text, SENTENCES[doc.language])
        yield f"varied/{doc.number}", RawDocument.from_seed(
            f"varied-{doc.number:07d}.txt", text, FETCHED_AT).to_bytes()
    seed = RawDocument.from_seed("x.txt", "text", FETCHED_AT).model_dump(mode="json")
    broken: list[bytes] = [b"", b"{", b"[]", b"\xff\xfe", json.dumps({**seed, "origin": "ftp"}).encode(),
                           json.dumps({**seed, "schema_version": 99}).encode(),
                           json.dumps({**seed, "content": "   \n "}).encode(),
                           json.dumps({**seed, "content": "a\x00b"}).encode(),
                           json.dumps({**seed, "media_type": "image/png"}).encode(),
                           json.dumps({**seed, "content": "Nur eine Bildzeile (Foto: dpa)"}).encode(),
                           json.dumps({**seed, "content_encoding": "base64", "content": "!!"}).encode(),
                           json.dumps({**seed, "charset": "no-such-charset"}).encode()]
    for i, value in enumerate(broken):
        yield f"broken/{i}", value
    for number in range(100):
        for site, page in (("nhandan", nhandan_html(number)), ("sokhcn", sokhcn_html(number))):
            url = f"https://{site}.example/bench-{number}.html"
            yield f"html/{site}/{number}", _html_value(RawDocument, HttpFetchInfo, stable_id, url, page)
    if pages:
        yield from _tuning_pages(RawDocument, HttpFetchInfo, stable_id)


def _html_value(raw_document: type, http: type, stable_id: object, url: str, page: bytes) -> bytes:
    document = raw_document(
        document_id=stable_id("http", url), origin="http", url=url,  # type: ignore[operator]
        fetched_at=FETCHED_AT, media_type="text/html", charset=None,
        content=base64.b64encode(page).decode("ascii"), content_encoding="base64",
        http=http(status=200, final_url=url))
    value: bytes = document.to_bytes()
    return value


def _tuning_pages(raw_document: type, http: type, stable_id: object) -> Iterator[tuple[str, bytes]]:
    """The tuning parts' pages of both extraction development sets (as bench/extraction.py reads them)."""
    from bench.sections import untouched

    body = SHARED / "extraction-dev"
    for key, item in sorted(json.loads((body / "ground-truth.json").read_text(encoding="utf-8")).items()):
        path = body / "html" / f"{key}.html.gz"
        if not untouched(key) and path.exists():
            html = gzip.decompress(path.read_bytes()).decode("utf-8", errors="replace").encode("utf-8")
            yield f"pages/{key}", _html_value(raw_document, http, stable_id,
                                              item.get("url") or "https://x.invalid/", html)
    snippets = SHARED / "extraction-dev-snippets"
    for url, item in sorted(json.loads((snippets / "evaldata.json").read_text(encoding="utf-8")).items()):
        path = snippets / "html" / f"{item['file']}.gz"
        if not untouched(item["file"]) and path.exists():
            yield f"snippets/{item['file']}", _html_value(raw_document, http, stable_id, url,
                                                          gzip.decompress(path.read_bytes()))


class _TooSlow(BaseException):
    """A document the handler spent more than ``SECONDS_A_DOCUMENT`` on (not an Exception:
    the handler would make it a dead letter)."""


#: A document is given this long; one that takes longer is recorded as "too slow" (the
#: regular expressions of ``newsflow.bylines`` backtrack without end on some Thai lines
#: before a source line: 16 of the varied documents on b4bebbd's code).
SECONDS_A_DOCUMENT = 2


def _too_slow(signum: int, frame: object) -> None:
    raise _TooSlow


def digests(pages: bool) -> dict[str, str]:
    """Each document's records, as one sha256 ("too slow" for one over the time limit)."""
    from newsflow.services.parser.handler import handle
    from newsflow.stage import Message

    found: dict[str, str] = {}
    from bench.corpus import seed_documents
    for doc in seed_documents(12):  # every language's models loaded before the clock runs
        handle([Message(value=doc.raw().to_bytes())], max_bytes=5_000_000)
    signal.signal(signal.SIGALRM, _too_slow)
    for name, value in documents(pages):
        message = Message("documents.raw", 0, 0, name.encode(), value, name)
        signal.alarm(SECONDS_A_DOCUMENT)
        try:
            outputs = handle([message], max_bytes=5_000_000).outputs
        except _TooSlow:
            found[name] = "too slow"
            continue
        finally:
            signal.alarm(0)
        found[name] = records_digest(outputs)
    return found


def records_digest(outputs: Sequence[Output]) -> str:
    """One sha256 of a document's records: topic, key, value and headers (a dead letter's
    ``failed_at``, the clock, left out)."""
    digest = hashlib.sha256()
    for output in outputs:
        data = output.value
        if output.topic.name == "DEAD_LETTERS":
            event = json.loads(data)
            event.pop("failed_at", None)
            data = json.dumps(event, sort_keys=True).encode()
        digest.update(repr((str(output.topic), output.key, data, output.headers)).encode())
    return digest.hexdigest()


def _child(tree: Path, pages: bool, out: Path) -> dict[str, str]:
    environment = {**os.environ, "PYTHONPATH": f"{tree}{os.pathsep}{REPO}"}
    command = [sys.executable, str(Path(__file__).resolve()), "--write", str(out)]
    command += ["--pages"] if pages else []
    subprocess.run(command, check=True, env=environment, cwd=tempfile.gettempdir())
    result: dict[str, str] = json.loads(out.read_text())
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--against", type=Path, help="the tree of the code before")
    parser.add_argument("--tree", type=Path, default=REPO,
                        help="the tree of the code after (default: this checkout)")
    parser.add_argument("--write", type=Path, help="write this tree's digests (JSON) here")
    parser.add_argument("--pages", action="store_true", help="also the tuning parts' real pages")
    args = parser.parse_args(argv)
    if args.write:
        args.write.write_text(json.dumps(digests(args.pages), indent=0))
        return 0
    if not args.against:
        parser.error("--against or --write")
    with tempfile.TemporaryDirectory() as scratch:
        before = _child(args.against.resolve(), args.pages, Path(scratch) / "before.json")
        after = _child(args.tree.resolve(), args.pages, Path(scratch) / "after.json")
    differ = sorted(name for name in before.keys() | after.keys() if before.get(name) != after.get(name))
    groups: dict[str, int] = {}
    for name in before:
        groups[name.split("/")[0]] = groups.get(name.split("/")[0], 0) + 1
    print("documents:", ", ".join(f"{group} {n}" for group, n in groups.items()))
    slow = sorted(name for name in before.keys() | after.keys()
                  if "too slow" in (before.get(name), after.get(name)))
    if slow:
        print(f"too slow (over {SECONDS_A_DOCUMENT} s) before or after: {', '.join(slow)}")
    print(f"{len(before) - len(differ)} of {len(before)} identical; {len(differ)} differ"
          + (": " + ", ".join(differ[:20]) if differ else ""))
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
