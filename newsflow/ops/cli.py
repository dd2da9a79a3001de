"""`newsflow`: the one command-line interface for every operator task.

Each command is imported when it runs, when its help is asked for, or when a shell completes
it (``LazyGroup``), so that `newsflow --help` imports click and nothing of the pipeline, and
`newsflow search` the search index's code but not Kafka's client: the settings alone
(pydantic_settings) take 0.3-1.7 s to import, depending on the host's load.
"""

from __future__ import annotations

import importlib
import os
import sys
from pathlib import Path

import click

from newsflow.ops.errors import needs_kafka, one_line

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


class LazyGroup(FriendlyGroup):
    """A group whose commands of other modules (``LAZY_COMMANDS``: name -> module, attribute,
    the first sentence of its help) are imported only when one is looked up: to run it, to
    show its help, to complete it. The group's own help lists them by that sentence without
    importing them; ``tests/unit/test_cli_help.py`` checks each sentence is the command's."""

    def __init__(self, *args: object, lazy: dict[str, tuple[str, str, str]], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.lazy = lazy

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*self.commands, *self.lazy})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in self.lazy:
            module, attribute, _ = self.lazy[cmd_name]
            command = getattr(importlib.import_module(module), attribute)
            assert isinstance(command, click.Command), (module, attribute)
            whole_short_help(command)
            self.add_command(command, cmd_name)
        return self.commands.get(cmd_name)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = []
        for name in self.list_commands(ctx):
            if name in self.commands:
                command = self.commands[name]
                if command.hidden:
                    continue
                rows.append((name, command.get_short_help_str(10_000)))
            else:
                rows.append((name, self.lazy[name][2]))
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)


def whole_short_help(command: click.Command) -> None:
    """Give every command, in every group, its first sentence whole as the line of the
    command list (click cuts it to the terminal width minus the names, with "...")."""
    from click.utils import make_default_short_help

    if command.short_help is None and command.help:
        command.short_help = make_default_short_help(command.help, max_length=10_000)
    if isinstance(command, click.Group):
        for sub in command.commands.values():
            whole_short_help(sub)


COMMANDS = "newsflow.ops.commands"
LAZY_COMMANDS: dict[str, tuple[str, str, str]] = {
    "dev": (f"{COMMANDS}.dev", "dev",
            "Local runtimes the project provisions itself (Kafka, OpenSearch; from Maven Central)."),
    "dlq": (f"{COMMANDS}.dlq", "dlq",
            "Dead letters: what a stage could not handle, why, and replaying it after a fix."),
    "fetch": (f"{COMMANDS}.fetch", "fetch",
              "Fetch articles from the sources file: feeds, sitemaps, start pages, article links."),
    "reindex": (f"{COMMANDS}.search", "reindex",
                "Rebuild the index from the compacted articles topic; swap it in when complete."),
    "schemas": (f"{COMMANDS}.contracts", "schemas",
                "Regenerate schemas/*.json (JSON Schema, AsyncAPI 3) and docs/topics.md from the "
                "code."),
    "search": (f"{COMMANDS}.search", "search",
               "Search the index for QUERY: ranked hits with a snippet."),
    "serve": (f"{COMMANDS}.search", "serve",
              "Serve the search page, the pipeline page and the HTTP search API (JSON; OpenAPI "
              "document at /openapi.json)."),
    "status": (f"{COMMANDS}.ops", "status",
               "One screen: each service up or down, the topics, the lag, the index size."),
    "tail": (f"{COMMANDS}.contracts", "tail",
             "Follow TOPIC live (a full name, or a catalogue name such as `articles`)."),
    "topics": (f"{COMMANDS}.ops", "topics",
               "Each topic's partitions, end offsets and message rate; each group's commits and "
               "lag."),
}


@click.group(cls=LazyGroup, lazy=LAZY_COMMANDS, context_settings=CONTEXT_SETTINGS)
@click.version_option(package_name="newsflow", message="newsflow %(version)s")
def main() -> None:
    """newsflow: multilingual news ingestion on Apache Kafka."""
    import logging

    # The Kafka client logs each failed connection; the command says it once, in one line.
    logging.getLogger("aiokafka").addHandler(logging.NullHandler())


def _default_seeds() -> list[Path]:
    from newsflow.ops.paths import default_seeds

    return [default_seeds()]


# --- the pipeline ---------------------------------------------------------------------


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@needs_kafka
def replay(paths: tuple[Path, ...]) -> None:
    """Publish seed documents (files or folders; default: the checkout's seeds/) as raw
    documents."""
    import asyncio

    from newsflow.kafka.admin import ensure_topics
    from newsflow.ops.paths import default_seeds
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
              default=_default_seeds, show_default="seeds/ of the checkout",
              help="Seed files or folders to replay.")
def run(seed_paths: tuple[Path, ...]) -> None:
    """Run the whole pipeline in the foreground until Ctrl-C (what `make run` calls)."""
    from newsflow.ops.supervisor import run_pipeline
    from newsflow.settings import get_settings

    sys.exit(run_pipeline(get_settings(), list(seed_paths)))


# --- one document, no Kafka -----------------------------------------------------------


@main.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--url", help="The page's URL (for HTML); default: file://FILE.")
@click.option("--json", "as_json", is_flag=True, help="Print the article as on the topic.")
def parse(file: Path, url: str | None, as_json: bool) -> None:
    """Parse a seed-format text file or a saved HTML page and print the article."""
    import base64
    import json

    from newsflow.events import RawDocument, stable_id, utcnow
    from newsflow.services.parser.document import parse_document
    from newsflow.services.parser.parts import ParseError
    from newsflow.settings import get_settings

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


whole_short_help(main)


if __name__ == "__main__":
    main(prog_name="newsflow")  # python -m newsflow.ops.cli: usage and completion as newsflow
