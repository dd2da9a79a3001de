"""Search commands: the dev OpenSearch node, the HTTP search API, reindexing from the log."""

from __future__ import annotations

import sys

import click

from newsflow.services.indexer.backends import BACKENDS, backend_name
from newsflow.settings import get_settings


@click.group("opensearch")
def dev_opensearch() -> None:
    """A single-node OpenSearch 2.x (from Maven Central) on free loopback ports."""


@dev_opensearch.command("start")
def dev_opensearch_start() -> None:
    """Provision (first time) and start the node; wait until the cluster is usable."""
    from newsflow.ops.dev import opensearch

    settings = get_settings()
    state = opensearch.start(settings.data_dir, settings.cache_dir)
    click.echo(opensearch.describe(state))
    click.echo(f"export NEWSFLOW_OPENSEARCH_URL={state.url}")


@dev_opensearch.command("stop")
def dev_opensearch_stop() -> None:
    """Stop the node cleanly; its data stay in DATA_DIR/opensearch."""
    from newsflow.ops.dev import opensearch

    stopped = opensearch.stop(get_settings().data_dir)
    click.echo("OpenSearch stopped." if stopped else "OpenSearch was not running.")


@dev_opensearch.command("status")
def dev_opensearch_status() -> None:
    """Say whether the node runs, where, and where its log is."""
    from newsflow.ops.dev import opensearch

    state = opensearch.read_state(get_settings().data_dir)
    click.echo(opensearch.describe(state))
    if not opensearch.is_running(state):
        sys.exit(1)


@click.command()
@click.option("--host", default=None, help="Interface to listen on [NEWSFLOW_SEARCH_HOST].")
@click.option("--port", type=int, default=None, help="Port to listen on [NEWSFLOW_SEARCH_PORT].")
def serve(host: str | None, port: int | None) -> None:
    """Serve the HTTP search API (JSON; OpenAPI document at /openapi.json)."""
    from aiohttp import web

    from newsflow.services.indexer.api import make_app
    from newsflow.services.indexer.backends import open_index

    settings = get_settings()
    host = host or settings.search_host
    port = settings.search_port if port is None else port
    app = make_app(lambda: open_index(settings, read_only=True))
    click.echo(f"Search API on http://{host}:{port}/search?q=... (OpenAPI: /openapi.json)")
    web.run_app(app, host=host, port=port, print=None, access_log=None)


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

    try:
        report = asyncio.run(run_reindex(settings, backend, progress, on_total))
    except ValueError as exc:
        raise click.ClickException(str(exc)) from None
    finally:
        if "bar" in bar:
            bar["bar"].render_finish()  # type: ignore[attr-defined]
    click.echo(
        f"Rebuilt {report.location}: {report.articles} articles from {report.messages} messages "
        f"({report.deleted} tombstones, {report.undecodable} undecodable skipped)."
    )
