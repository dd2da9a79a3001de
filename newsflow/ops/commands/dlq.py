"""`newsflow dlq list|show|replay`: inspect dead letters and send them back after a fix.

Every dead letter carries the original bytes, key, source topic, partition and offset, the
stage, an error class and a reason. ``replay`` produces the original bytes with the
original key to the source topic again, so the stage that failed sees the very same
message; the dead letter stays where it is (the topic is an audit log).
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, TypeVar

import click

from newsflow.events import DeadLetter, DecodeError, decode_dead_letter
from newsflow.ops.errors import needs_kafka
from newsflow.settings import Settings, get_settings
from newsflow.topics import CATALOGUE, TopicName, topic_name

REASON_WIDTH = 80


@dataclass(frozen=True)
class DeadLetterEntry:
    """One record of the dead-letter topic: its offset and the dead letter (or why not)."""

    partition: int
    offset: int
    letter: DeadLetter | None
    problem: str | None = None


def select(entries: Iterable[DeadLetterEntry], *, error_classes: tuple[str, ...] = (),
           stages: tuple[str, ...] = (), offsets: tuple[int, ...] = ()) -> list[DeadLetterEntry]:
    """The readable entries matching every filter given (an empty filter matches all)."""
    return [
        e for e in entries
        if e.letter is not None
        and (not error_classes or e.letter.error_class in error_classes)
        and (not stages or e.letter.stage in stages)
        and (not offsets or e.offset in offsets)
    ]


def first_per_source(entries: Iterable[DeadLetterEntry]) -> list[DeadLetterEntry]:
    """One entry per failed message: a stage restarted before committing dead-letters the
    same message again (at-least-once), with the same source topic, partition and offset."""
    seen: set[tuple[object, ...]] = set()
    unique = []
    for entry in entries:
        letter = entry.letter
        if letter is None or letter.source_topic is None or letter.offset is None:
            unique.append(entry)
            continue
        source = (letter.stage, letter.source_topic, letter.partition, letter.offset)
        if source not in seen:
            seen.add(source)
            unique.append(entry)
    return unique


def describe_original(data: bytes, *, limit: int = 4000) -> str:
    """The original bytes for a person: pretty JSON, else text, else base64."""
    if not data:
        return "(empty)"
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        encoded = base64.b64encode(data[:limit]).decode("ascii")
        return f"(binary, {len(data)} bytes, base64) {encoded}"
    with contextlib.suppress(ValueError):
        text = json.dumps(json.loads(text), ensure_ascii=False, indent=2)
    if len(text) > limit:
        return f"{text[:limit]}\n… ({len(text) - limit} more characters of {len(data)} bytes)"
    return text


def replay_target(letter: DeadLetter, settings: Settings) -> str | None:
    """Where ``letter`` goes back to: its source topic, if it is one of this pipeline's."""
    ours = {topic_name(t, settings) for t in CATALOGUE if t is not TopicName.DEAD_LETTERS}
    return letter.source_topic if letter.source_topic in ours else None


async def read_dead_letters(settings: Settings) -> list[DeadLetterEntry]:
    from newsflow.kafka.reader import read_topic

    entries = []
    for record in await read_topic(topic_name(TopicName.DEAD_LETTERS, settings), settings):
        try:
            letter: DeadLetter | None = decode_dead_letter(record.value)
            problem = None
        except DecodeError as exc:
            letter, problem = None, f"{exc.error_class}: {exc.reason}"
        entries.append(DeadLetterEntry(record.partition, record.offset, letter, problem))
    return entries


async def replay_letters(entries: list[DeadLetterEntry], settings: Settings) -> tuple[int, list[str]]:
    """Produce each entry's original bytes to its source topic; (sent, skipped reasons)."""
    from newsflow.kafka.producer import make_producer

    skipped: list[str] = []
    targets = []
    for entry in entries:
        assert entry.letter is not None
        target = replay_target(entry.letter, settings)
        if target is None:
            skipped.append(f"offset {entry.offset}: source topic {entry.letter.source_topic!r} "
                           "is not a topic of this pipeline")
        else:
            targets.append((target, entry.letter))
    if not targets:
        return 0, skipped
    producer = make_producer(settings)
    await producer.start()
    try:
        for target, letter in targets:
            key = letter.key.encode("utf-8") if letter.key is not None else None
            await producer.send_and_wait(target, value=letter.original_bytes(), key=key)
    finally:
        await producer.stop()
    return len(targets), skipped


def _entry_json(entry: DeadLetterEntry) -> dict[str, object]:
    if entry.letter is None:
        return {"dlq_offset": entry.offset, "problem": entry.problem}
    data = entry.letter.model_dump(mode="json", exclude={"original"})
    return {"dlq_offset": entry.offset, **data,
            "original_bytes": len(entry.letter.original_bytes())}


filters = [
    click.option("--error-class", "error_classes", multiple=True,
                 help="Only dead letters of this error class (repeatable), e.g. invalid_json."),
    click.option("--stage", "stages", multiple=True, type=click.Choice(["fetcher", "parser", "indexer"]),
                 help="Only dead letters from this stage (repeatable)."),
]


F = TypeVar("F", bound=Callable[..., Any])


def with_filters(command: F) -> F:
    for option in reversed(filters):
        command = option(command)
    return command


@click.group()
def dlq() -> None:
    """Dead letters: what a stage could not handle, why, and replaying it after a fix."""


@dlq.command("list")
@with_filters
@click.option("--json", "as_json", is_flag=True, help="One JSON object per line.")
@click.option("--repeats", "include_repeats", is_flag=True,
              help="Also the repeated dead letters of a message handled twice after a restart.")
@needs_kafka
def dlq_list(error_classes: tuple[str, ...], stages: tuple[str, ...], as_json: bool,
             include_repeats: bool) -> None:
    """Every dead letter: its offset here (DLQ_OFFSET, for show/replay), time, stage,
    error class, source topic[partition]@offset and reason."""
    entries = asyncio.run(read_dead_letters(get_settings()))
    unreadable = [e for e in entries if e.letter is None]
    chosen = select(entries, error_classes=error_classes, stages=stages)
    if not include_repeats:
        chosen = first_per_source(chosen)
    for entry in chosen:
        letter = entry.letter
        assert letter is not None
        if as_json:
            click.echo(json.dumps(_entry_json(entry), ensure_ascii=False))
            continue
        reason = letter.reason
        if len(reason) > REASON_WIDTH:
            reason = reason[: REASON_WIDTH - 1] + "…"
        click.echo(f"{entry.offset:>6}  {letter.failed_at:%Y-%m-%d %H:%M:%S}  {letter.stage:<7} "
                   f"{letter.error_class:<24} {letter.source_topic}[{letter.partition}]@{letter.offset}"
                   f"  {reason}")
    if not as_json:
        click.echo(f"{len(chosen)} dead letters" + (f" ({len(unreadable)} unreadable records)"
                                                     if unreadable else "") + ".")


@dlq.command("show")
@click.argument("offset", type=int)
@needs_kafka
def dlq_show(offset: int) -> None:
    """One dead letter in full, with its original message decoded where possible."""
    entries = [e for e in asyncio.run(read_dead_letters(get_settings())) if e.offset == offset]
    if not entries:
        raise click.ClickException(f"no dead letter at offset {offset}")
    entry = entries[0]
    if entry.letter is None:
        raise click.ClickException(f"the record at offset {offset} is not a dead letter: {entry.problem}")
    for name, value in entry.letter.model_dump(exclude={"original"}).items():
        click.echo(f"{name:>14}: {value}")
    original = entry.letter.original_bytes()
    click.echo(f"{'original':>14}: {len(original)} bytes")
    click.echo(describe_original(original))


@dlq.command("replay")
@with_filters
@click.option("--offset", "offsets", multiple=True, type=int,
              help="Only the dead letter at this offset (repeatable).")
@click.option("--dry-run", is_flag=True, help="Say what would be replayed, send nothing.")
@needs_kafka
def dlq_replay(error_classes: tuple[str, ...], stages: tuple[str, ...], offsets: tuple[int, ...],
               dry_run: bool) -> None:
    """Send the original messages back to their source topics (after fixing the cause).

    A message dead-lettered more than once (a restart before the commit) is sent once."""
    settings = get_settings()
    chosen = first_per_source(select(asyncio.run(read_dead_letters(settings)),
                                     error_classes=error_classes, stages=stages, offsets=offsets))
    if dry_run:
        for entry in chosen:
            assert entry.letter is not None
            target = replay_target(entry.letter, settings) or "(skipped: not this pipeline's topic)"
            click.echo(f"{entry.offset:>6}  {entry.letter.error_class:<24} → {target}")
        click.echo(f"{len(chosen)} dead letters would be replayed.")
        return
    sent, skipped = asyncio.run(replay_letters(chosen, settings))
    for reason in skipped:
        click.echo(f"skipped {reason}", err=True)
    click.echo(f"Replayed {sent} dead letters.")
