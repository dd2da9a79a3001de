"""Search commands: `newsflow search`, the dev OpenSearch node, the HTTP search API,
reindexing from the log."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable
from typing import Any, TypeVar

import click
from pydantic import ValidationError

from newsflow.ops.paths import describe_index
from newsflow.services.indexer.backends import BACKENDS, backend_name
from newsflow.services.indexer.backends.base import (
    SearchParameter,
    SearchQuery,
    invalid_query,
    search_parameters,
)
from newsflow.settings import get_settings

F = TypeVar("F", bound=Callable[..., Any])


# --- newsflow search: its options generated from SearchQuery ------------------------------


def _click_type(schema: dict[str, Any]) -> click.ParamType:
    """The click type for one value of a field's JSON Schema (its choices and bounds)."""
    if "enum" in schema:
        return click.Choice([str(choice) for choice in schema["enum"]])
    if schema.get("type") == "integer":
        return click.IntRange(schema.get("minimum"), schema.get("maximum"))
    if schema.get("type") == "number":
        return click.FloatRange(schema.get("minimum"), schema.get("maximum"))
    if schema.get("type") == "boolean":
        return click.BOOL
    return click.STRING  # dates too: the model parses them, as it does for the HTTP API


def _click_parameter(parameter: SearchParameter) -> Callable[[F], F]:
    if parameter.required:
        return click.argument(parameter.field, metavar=parameter.cli)
    metavar = "DATETIME" if parameter.schema.get("format") == "date-time" else None
    return click.option(
        parameter.cli, parameter.field, type=_click_type(parameter.schema),
        default=parameter.default, show_default=parameter.default is not None,
        help=parameter.description, metavar=metavar,
    )


def search_options(command: F) -> F:
    """The search parameters as click parameters, one per ``SearchQuery`` field: a required
    field is an argument, any other an option with the field's description as its help and
    the field's default and bounds."""
    for parameter in reversed(search_parameters()):
        command = _click_parameter(parameter)(command)
    return command


CLI_NAMES = {p.field: p.cli for p in search_parameters()}


def query_from_cli(values: dict[str, Any]) -> SearchQuery:
    """The ``SearchQuery`` of ``newsflow search``'s parsed parameters (by field name)."""
    try:
        return SearchQuery.model_validate({k: v for k, v in values.items() if v is not None})
    except ValidationError as exc:
        reason = invalid_query(exc, lambda field: CLI_NAMES.get(field, field))
        raise click.ClickException(f"invalid query: {reason}") from None


@click.command()
@search_options
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list of hits.")
def search(as_json: bool, **values: Any) -> None:
    """Search the index for QUERY: ranked hits with a snippet. "Quoted words" are a phrase."""
    from newsflow.services.indexer.backends import NoIndexYet, open_index
    from newsflow.services.indexer.backends.base import QueryError

    _require_utf8(values)
    request = query_from_cli(values)
    settings = get_settings()
    click.echo(describe_index(settings), err=True)  # stderr: --json output stays clean
    try:
        index = open_index(settings, read_only=True)
    except (NoIndexYet, RuntimeError) as exc:  # no index yet, an unreachable OpenSearch,
        raise click.ClickException(str(exc)) from None  # an index of an older layout
    try:
        hits = index.search(request)
    except QueryError as exc:
        raise click.ClickException(str(exc)) from None
    finally:
        index.close()
    if as_json:
        click.echo(json.dumps([h.model_dump(mode="json") for h in hits], ensure_ascii=False,
                              indent=2))
        return
    if not hits:
        click.echo("No matches.")
        return
    for rank, hit in enumerate(hits, start=request.offset + 1):
        click.echo(click.style(f"{rank:>3}. {hit.title}", bold=True))
        copies = f" · +{hit.duplicates} identical" if hit.duplicates else ""
        click.echo(f"     {hit.language} · {hit.site or '-'} · score {hit.score:.3g} · {hit.id}{copies}")
        click.echo(f"     {hit.source_url or hit.url}")
        click.echo("     " + _highlight(hit.snippet, hit.highlights).replace("\n", " "))
        click.echo()


def _require_utf8(values: dict[str, Any]) -> None:
    """A value that is not UTF-8 (bytes from the shell, such as $'\\xff', reach us as
    surrogate escapes) is refused in one line, before the index sees it."""
    for field, value in values.items():
        if isinstance(value, str):
            try:
                value.encode("utf-8")
            except UnicodeEncodeError:
                raise click.ClickException(
                    f"{CLI_NAMES.get(field, field)} is not UTF-8 text ({os.fsencode(value)!r}): "
                    "give it in UTF-8 (is the terminal or script in another encoding?)"
                ) from None


def _highlight(text: str, spans: list[tuple[int, int]]) -> str:
    out, cursor = [], 0
    for start, end in spans:
        out += [text[cursor:start], click.style(text[start:end], bold=True, fg="yellow")]
        cursor = end
    out.append(text[cursor:])
    return "".join(out)


# --- the dev node, the API, rebuilds --------------------------------------------------------


@click.command()
@click.option("--host", default=None, help="Interface to listen on [NEWSFLOW_SEARCH_HOST].")
@click.option("--port", type=int, default=None, help="Port to listen on [NEWSFLOW_SEARCH_PORT].")
def serve(host: str | None, port: int | None) -> None:
    """Serve the search page, the pipeline page and the HTTP search API (JSON; OpenAPI
    document at /openapi.json)."""
    from aiohttp import web

    from newsflow.services.indexer.api import make_app
    from newsflow.services.indexer.backends import open_index

    settings = get_settings()
    host = host or settings.search_host
    port = settings.search_port if port is None else port
    from newsflow.services.indexer.analysis import warm_up_search

    warm_up_search()  # the first query answers in milliseconds, not seconds
    app = make_app(lambda: open_index(settings, read_only=True))

    def listening(_: str) -> None:  # aiohttp calls it once the socket is bound
        click.echo(f"Search page on http://{host}:{port}/ (pipeline: /pipeline); API: "
                   f"/search?q=... (OpenAPI: /openapi.json)")

    web.run_app(app, host=host, port=port, print=listening, access_log=None)


@click.command()
@click.option("--backend", type=click.Choice(BACKENDS), default=None,
              help="Index to rebuild; default: the one the settings select.")
def reindex(backend: str | None) -> None:
    """Rebuild the index from the compacted articles topic; swap it in when complete."""
    import asyncio

    from newsflow.services.indexer.reindex import reindex as run_reindex

    settings = get_settings()
    backend = backend or backend_name(settings)
    bar: dict[str, object] = {}

    def on_total(total: int) -> None:
        bar["bar"] = click.progressbar(length=max(total, 1), label=f"Reindexing ({backend})",
                                       file=sys.stderr, show_pos=True)

    def progress(done: int) -> None:
        progressbar = bar.get("bar")
        if progressbar is not None:
            progressbar.update(done)  # type: ignore[attr-defined]

    from newsflow.shutdown import Interrupted

    try:
        report = asyncio.run(run_reindex(settings, backend, progress, on_total))
    except ValueError as exc:
        raise click.ClickException(str(exc)) from None
    except Interrupted as exc:
        click.echo(f"\nreindex {exc}", err=True)
        sys.exit(130)
    finally:
        if "bar" in bar:
            bar["bar"].render_finish()  # type: ignore[attr-defined]
    click.echo(
        f"Rebuilt {report.location}: {report.articles} articles from {report.messages} messages "
        f"({report.deleted} tombstones, {report.undecodable} undecodable skipped)."
    )
