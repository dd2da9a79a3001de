"""`newsflow`: the one command-line interface for every operator task."""

from __future__ import annotations

import asyncio
import json
import os
import sys
from pathlib import Path

import click

from newsflow.ops.errors import needs_kafka, one_line
from newsflow.ops.paths import default_seeds
from newsflow.settings import get_settings

CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"]}


class FriendlyGroup(click.Group):
    """Turns the errors a person can act on into one line instead of a traceback
    (``newsflow.ops.errors.one_line``)."""

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except Exception as exc:
            line = one_line(exc, command=ctx.invoked_subcommand)
            if line is None:
                raise
            raise click.ClickException(line) from None


@click.group(cls=FriendlyGroup, context_settings=CONTEXT_SETTINGS)
@click.version_option(package_name="newsflow", message="newsflow %(version)s")
def main() -> None:
    """newsflow: multilingual news ingestion on Apache Kafka."""
    import logging

    # The Kafka client logs each failed connection; the command says it once, in one line.
    logging.getLogger("aiokafka").addHandler(logging.NullHandler())


# --- local runtimes -------------------------------------------------------------------


@main.group()
def dev() -> None:
    """Local runtimes the project provisions itself (Kafka, OpenSearch; from Maven Central)."""


# --- the pipeline ---------------------------------------------------------------------


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@needs_kafka
def replay(paths: tuple[Path, ...]) -> None:
    """Publish seed documents (files or folders; default: the checkout's seeds/) as raw
    documents."""
    from newsflow.kafka.admin import ensure_topics
    from newsflow.services.fetcher.replay import replay as replay_seeds
    from newsflow.shutdown import Interrupted

    async def run() -> int:
        await ensure_topics(attempts=5)
        return await replay_seeds(list(paths) or [default_seeds()])

    try:
        count = asyncio.run(run())
    except Interrupted as exc:
        click.echo(f"replay {exc}; replaying again republishes them unchanged", err=True)
        sys.exit(130)
    click.echo(f"Replayed {count} documents.")


@main.command()
@click.argument("name", type=click.Choice(["fetcher", "parser", "indexer"]))
@click.argument("args", nargs=-1)
def worker(name: str, args: tuple[str, ...]) -> None:
    """Run one service in this process, as in production (python -m newsflow.services.NAME)."""
    from newsflow.ops.errors import require_kafka
    from newsflow.ops.launch import service_argv

    if not {"-h", "--help"} & set(args):
        require_kafka()
    os.execv(sys.executable, service_argv(name, list(args)))


@main.command()
@click.option("--seeds", "seed_paths", multiple=True, type=click.Path(path_type=Path),
              default=lambda: [default_seeds()], show_default="seeds/ of the checkout",
              help="Seed files or folders to replay.")
def run(seed_paths: tuple[Path, ...]) -> None:
    """Run the whole pipeline in the foreground until Ctrl-C (what `make run` calls)."""
    from newsflow.ops.supervisor import run_pipeline

    sys.exit(run_pipeline(get_settings(), list(seed_paths)))


# --- search ---------------------------------------------------------------------------


from newsflow.ops.commands.search import search  # noqa: E402 - its options come from SearchQuery

main.add_command(search)


# --- one document, no Kafka -----------------------------------------------------------


@main.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--url", help="The page's URL (for HTML); default: file://FILE.")
@click.option("--json", "as_json", is_flag=True, help="Print the article as on the topic.")
def parse(file: Path, url: str | None, as_json: bool) -> None:
    """Parse a seed-format text file or a saved HTML page and print the article."""
    import base64

    from newsflow.events import RawDocument, stable_id, utcnow
    from newsflow.services.parser.document import parse_document
    from newsflow.services.parser.parts import ParseError

    data = file.read_bytes()
    is_html = file.suffix.lower() in {".html", ".htm", ".xhtml"} or data.lstrip()[:1] == b"<"
    location = url or f"file://{file.resolve()}"
    raw = RawDocument(
        document_id=stable_id("file", location), origin="http" if url else "seed",
        url=location, fetched_at=utcnow(), media_type="text/html" if is_html else "text/plain",
        content=base64.b64encode(data).decode("ascii"), content_encoding="base64",
        charset=None if is_html else "utf-8",
    )
    try:
        article = parse_document(raw, max_bytes=get_settings().max_document_bytes)
    except ParseError as exc:
        if as_json:
            click.echo(json.dumps({"error_class": exc.error_class, "reason": exc.reason}))
        raise click.ClickException(f"{exc.error_class}: {exc.reason}") from None
    if as_json:
        click.echo(json.dumps(article.model_dump(mode="json"), ensure_ascii=False, indent=2))
        return
    for name, value in article.model_dump(exclude={"body"}).items():
        click.echo(f"{name:>14}: {value}")
    click.echo("\n" + article.body)


from newsflow.ops.commands.ops import status, topics  # noqa: E402 - operations (issue 7)

main.add_command(topics)
main.add_command(status)

from newsflow.ops.commands.contracts import schemas, tail  # noqa: E402 - topic contracts (issue 9)

main.add_command(schemas)
main.add_command(tail)
from newsflow.ops.commands.fetch import fetch as fetch_command  # noqa: E402

main.add_command(fetch_command)

from newsflow.ops.commands.dlq import dlq  # noqa: E402

main.add_command(dlq)

# --- search (issue 6) -------------------------------------------------------------------
from newsflow.ops.commands.dev import dev_groups  # noqa: E402
from newsflow.ops.commands.search import reindex, serve  # noqa: E402

for group in dev_groups():
    dev.add_command(group)
main.add_command(serve)
main.add_command(reindex)


def whole_short_help(group: click.Group) -> None:
    """Give every command, in every group, its first sentence whole as the line of the
    command list (click cuts it to the terminal width minus the names, with "...")."""
    from click.utils import make_default_short_help

    for command in group.commands.values():
        if command.short_help is None and command.help:
            command.short_help = make_default_short_help(command.help, max_length=10_000)
        if isinstance(command, click.Group):
            whole_short_help(command)


whole_short_help(main)


if __name__ == "__main__":
    main(prog_name="newsflow")  # python -m newsflow.ops.cli: usage and completion as newsflow
