"""Replay mode: every seed file becomes one raw document on the raw-documents topic.

A seed file is a seed-format text (``.txt``) or a saved HTML page (``.html``, ``.htm``: its
bytes as they were saved, for the parser to decode). A page's URL is the one a browser notes
when it saves a page (``<!-- saved from url=(0042)https://... -->`` at the top), else
``seed://<file>``, and then the page's own canonical URL says which site it is, as for
``newsflow parse``.
"""

from __future__ import annotations

import asyncio
import base64
import os
import re
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from operator import attrgetter
from pathlib import Path

from newsflow.events import RawDocument
from newsflow.kafka.delivery import Output, SendMany, batch_send, deliver_many
from newsflow.kafka.producer import make_producer
from newsflow.settings import Settings, get_settings
from newsflow.shutdown import Interrupted, stop_on_signals
from newsflow.topics import TopicName

SERVICE = "fetcher"

HTML_SUFFIXES = {".html", ".htm"}
SEED_SUFFIXES = {".txt"} | HTML_SUFFIXES
#: The "mark of the web" a browser writes at the top of a page it saves: the length of the
#: URL in four digits, then the URL.
SAVED_FROM = re.compile(rb"<!-- saved from url=\((\d{4})\)(https?://[^\s>]+?) ?-->")


def saved_from_url(page: bytes) -> str | None:
    """The URL a saved page was saved from, if the browser noted it."""
    match = SAVED_FROM.search(page, 0, 4096)
    return match.group(2).decode("ascii", "replace") if match else None


def seed_files(paths: Iterable[Path]) -> Iterator[Path]:
    """The seed files under ``paths`` (files or folders), in a stable order."""
    for path in paths:
        if path.is_dir():
            # by their parts, the order of Path's own comparison (a Python method, called
            # some n log n times: four times the time)
            yield from sorted((p for p in path.rglob("*") if p.suffix in SEED_SUFFIXES),
                              key=attrgetter("parts"))
        elif path.is_file():
            yield path
        else:
            raise FileNotFoundError(f"no seed file or folder at {path}")


def seed_document(path: Path) -> RawDocument:
    """The raw document for a seed file. Its id depends on the file name only, and its
    fetched_at is the file's modification time, so replaying twice yields equal events."""
    with path.open("rb") as file:  # one open for the time and the bytes
        modified = datetime.fromtimestamp(os.fstat(file.fileno()).st_mtime, tz=UTC)
        page = file.read()
    if path.suffix in HTML_SUFFIXES:
        seed = RawDocument.from_seed(path.name, "", fetched_at=modified)
        return seed.model_copy(update={
            "url": saved_from_url(page) or seed.url, "media_type": "text/html", "charset": None,
            "content_encoding": "base64", "content": base64.b64encode(page).decode("ascii")})
    return RawDocument.from_seed(path.name, text_of(page), fetched_at=modified)


def text_of(data: bytes) -> str:
    """``path.read_text(encoding="utf-8", errors="replace")`` of a file of these bytes: the
    text decoded at once, its line ends made "\\n" as text mode's universal newlines make them
    ("\\r\\n" and "\\r"), without the text layer's reads (a fifth less time a seed file)."""
    text = data.decode("utf-8", "replace")
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text


#: Records sent before waiting for their acknowledgements; bounds memory on large replays.
IN_FLIGHT = 1000
#: ... and their bytes: a chunk is sent once either bound is reached. Saved pages are large
#: (the development sets' real pages: 190 KiB of base64 each on average, up to 2 MiB), and
#: a thousand of them in flight held 435 MiB in the fetcher.
IN_FLIGHT_BYTES = 16 * 2**20


async def replay(paths: Iterable[Path], settings: Settings | None = None,
                 stop: asyncio.Event | None = None) -> int:
    """Publish every seed under ``paths``, one file read at a time; returns how many.

    Sent in pipelined chunks of ``IN_FLIGHT`` records or ``IN_FLIGHT_BYTES``, a batch per
    partition, through the pipeline's one delivery path (``newsflow.kafka.delivery``),
    every record acknowledged before this returns; one that cannot be delivered within the
    retry budget raises DeliveryFailed. SIGTERM or SIGINT
    (or ``stop``) ends the replay after the chunk in flight is acknowledged: Interrupted
    says how many were published, and a rerun republishes everything idempotently.
    """
    settings = settings or get_settings()
    producer = make_producer(settings)
    await producer.start()
    with stop_on_signals(stop) as stopping:
        try:
            count = await _publish(paths, settings, batch_send(producer), stopping)
        finally:
            await producer.stop()
    if stopping.is_set():
        raise Interrupted(f"{count} seed documents published and acknowledged")
    return count


async def _publish(paths: Iterable[Path], settings: Settings, send: SendMany,
                   stopping: asyncio.Event) -> int:
    count = 0
    chunk: list[Output] = []
    chunk_bytes = 0
    for path in seed_files(paths):
        if stopping.is_set():
            break
        document = seed_document(path)
        output = Output.of(TopicName.RAW_DOCUMENTS, document.document_id, document,
                           SERVICE, document.document_id)
        chunk.append(output)
        chunk_bytes += len(output.value)
        count += 1
        if len(chunk) >= IN_FLIGHT or chunk_bytes >= IN_FLIGHT_BYTES:
            await deliver_many(chunk, send, retry_seconds=settings.delivery_retry_seconds,
                               settings=settings, service=SERVICE)
            chunk, chunk_bytes = [], 0
    await deliver_many(chunk, send, retry_seconds=settings.delivery_retry_seconds,
                       settings=settings, service=SERVICE)
    return count
