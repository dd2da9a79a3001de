"""Search commands: the dev OpenSearch node, the HTTP search API, reindexing from the log."""

from __future__ import annotations

import sys

import click

from newsflow.settings import get_settings


@click.group("opensearch")
def dev_opensearch() -> None:
    """A single-node OpenSearch 2.x (from Maven Central) on free loopback ports."""


@dev_opensearch.command("start")
def dev_opensearch_start() -> None:
    """Provision (first time) and start the node; wait until the cluster is usable."""
    from newsflow.dev import opensearch

    settings = get_settings()
    state = opensearch.start(settings.data_dir, settings.cache_dir)
    click.echo(opensearch.describe(state))
    click.echo(f"export NEWSFLOW_OPENSEARCH_URL={state.url}")


@dev_opensearch.command("stop")
def dev_opensearch_stop() -> None:
    """Stop the node cleanly; its data stay in DATA_DIR/opensearch."""
    from newsflow.dev import opensearch

    stopped = opensearch.stop(get_settings().data_dir)
    click.echo("OpenSearch stopped." if stopped else "OpenSearch was not running.")


@dev_opensearch.command("status")
def dev_opensearch_status() -> None:
    """Say whether the node runs, where, and where its log is."""
    from newsflow.dev import opensearch

    state = opensearch.read_state(get_settings().data_dir)
    click.echo(opensearch.describe(state))
    if not opensearch.is_running(state):
        sys.exit(1)
