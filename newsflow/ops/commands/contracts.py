"""Commands for topic consumers: `newsflow schemas` and `newsflow tail`."""

from __future__ import annotations

import asyncio
import contextlib
import json
from datetime import datetime
from pathlib import Path
from typing import Any

import click

from newsflow.ops.errors import needs_kafka


@click.command()
@click.option("--check", is_flag=True, help="Write nothing; exit 1 if a generated file is stale.")
@click.option("--root", type=click.Path(file_okay=False, path_type=Path), default=Path("."),
              show_default=True, help="The repository root.")
def schemas(check: bool, root: Path) -> None:
    """Regenerate schemas/*.json (JSON Schema, AsyncAPI 3) and docs/topics.md from the code."""
    from newsflow.contracts import generated_files

    stale = []
    for relative, content in generated_files().items():
        path = root / relative
        current = path.read_text(encoding="utf-8") if path.exists() else None
        if current == content:
            continue
        stale.append(relative)
        if not check:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(content, encoding="utf-8")
    if check and stale:
        raise click.ClickException(
            f"stale generated files: {', '.join(stale)}; run `newsflow schemas` and commit them")
    click.echo(("wrote " + ", ".join(stale)) if stale and not check else "up to date")


def _parse_since(value: str) -> int:
    """An ISO-8601 time (naive means UTC) in epoch milliseconds."""
    from datetime import UTC

    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"not an ISO-8601 time: {value!r}") from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return int(moment.timestamp() * 1000)


def _render(record: Any, as_json: bool) -> str:
    from newsflow.headers import decode_headers

    key = record.key.decode("utf-8", "replace") if record.key is not None else None
    headers = decode_headers(record.headers)
    try:
        value: Any = json.loads(record.value) if record.value is not None else None
    except ValueError:
        value = record.value.decode("utf-8", "replace")
    entry = {"topic": record.topic, "partition": record.partition, "offset": record.offset,
             "timestamp": record.timestamp_ms, "key": key, "headers": headers, "value": value}
    if as_json:
        return json.dumps(entry, ensure_ascii=False)
    title = value.get("title") if isinstance(value, dict) else None
    summary = f" {title}" if title else ""
    return (click.style(f"{record.topic}[{record.partition}]@{record.offset}", fg="cyan")
            + f" key={key}{summary}\n" + json.dumps(value, ensure_ascii=False, indent=2))


@click.command()
@click.argument("topic")
@click.option("--from", "start", type=click.Choice(["end", "beginning"]), default="end",
              show_default=True, help="Where to start when neither --offset nor --since is given.")
@click.option("--offset", type=click.IntRange(0), help="Start at this offset on every partition.")
@click.option("--since", help="Start at the first message at or after this ISO-8601 time.")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per line.")
@click.option("--max-messages", "-n", type=click.IntRange(1), help="Stop after this many.")
@click.option("--timeout", type=click.FloatRange(0), help="Stop after this many idle seconds.")
@needs_kafka
def tail(topic: str, start: str, offset: int | None, since: str | None, as_json: bool,
         max_messages: int | None, timeout: float | None) -> None:
    """Follow TOPIC live (a full name, or a catalogue name such as `articles`)."""
    from newsflow.kafka.reader import FromTime, NoSuchTopic, Start, iter_topic
    from newsflow.settings import get_settings
    from newsflow.topics import TopicName, topic_name

    settings = get_settings()
    logical = {t.value: t for t in TopicName}
    name = topic_name(logical[topic], settings) if topic in logical else topic
    begin: Start | FromTime = (FromTime(_parse_since(since)) if since else
                               offset if offset is not None else start)

    async def follow() -> int:
        shown = 0
        try:
            async for batch in iter_topic(name, settings, start=begin, follow=True,
                                          idle_seconds=timeout, missing_ok=False):
                for record in sorted(batch, key=lambda r: (r.timestamp_ms, r.partition, r.offset)):
                    click.echo(_render(record, as_json))
                    shown += 1
                    if max_messages is not None and shown >= max_messages:
                        return shown
        except NoSuchTopic as exc:
            raise click.ClickException(str(exc)) from None
        return shown

    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(follow())
