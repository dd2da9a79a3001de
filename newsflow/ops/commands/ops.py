"""Operator commands: `newsflow topics` and `newsflow status`."""

from __future__ import annotations

import asyncio
import json
import time
from typing import TYPE_CHECKING

import click

from newsflow.ops.errors import needs_kafka

if TYPE_CHECKING:  # imported when a command runs, not for its help (newsflow.ops.cli)
    from newsflow.observability.topics_report import TopicsSnapshot
    from newsflow.settings import Settings

SERVICES = ("fetcher", "parser", "indexer")


@click.command()
@click.option("--watch", is_flag=True, help="Refresh until Ctrl-C.")
@click.option("--interval", type=click.FloatRange(0.1, 3600), default=2.0, show_default=True,
              help="Seconds between refreshes, and the sampling window of the message rate.")
@click.option("--json", "as_json", is_flag=True, help="JSON (one object per refresh with --watch).")
@needs_kafka
def topics(watch: bool, interval: float, as_json: bool) -> None:
    """Each topic's partitions, end offsets and message rate; each group's commits and lag."""
    from newsflow.observability.topics_report import collect, render_text
    from newsflow.settings import get_settings

    settings = get_settings()

    def show(snapshot: TopicsSnapshot) -> None:
        if as_json:
            click.echo(json.dumps(snapshot.as_json()))
        else:
            if watch:
                click.clear()
            click.echo(render_text(snapshot))

    if not watch:
        show(asyncio.run(collect(settings, sample_seconds=min(interval, 1.0))))
        return
    previous: TopicsSnapshot | None = None
    try:
        while True:
            previous = asyncio.run(collect(settings, previous=previous))
            show(previous)
            time.sleep(interval)
    except KeyboardInterrupt:
        pass


async def service_health(settings: Settings, host: str) -> dict[str, str]:
    """Each service: "up", "up, not ready (reasons)" or "down (reason)", asked as the
    pipeline page asks (``service_states``: NEWSFLOW_SERVICE_ADDRESSES, else ``host`` and
    the service's metrics port or the one `newsflow run` gives it)."""
    from newsflow.observability.pipeline import service_states

    return {state.service: ("up" if state.ready else f"up, not ready ({state.detail})"
                            if state.up else f"down ({state.detail})")
            for state in await service_states(settings, host)}


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Where the services run.")
@click.option("--json", "as_json", is_flag=True, help="One JSON object.")
@needs_kafka
def status(host: str, as_json: bool) -> None:
    """One screen: each service up or down, the topics, the lag, the index size."""
    from newsflow.observability.topics_report import collect, render_text
    from newsflow.settings import get_settings

    settings = get_settings()

    async def gather() -> tuple[dict[str, str], TopicsSnapshot]:
        return await service_health(settings, host), await collect(settings, sample_seconds=1.0)

    services, snapshot = asyncio.run(gather())
    from newsflow.services.indexer.backends import backend_name, indexed_count

    size = indexed_count(settings)
    backend = backend_name(settings)
    location = (f"{settings.opensearch_url} alias {settings.resolved_opensearch_alias}"
                if backend == "opensearch" else str(settings.resolved_index_path.resolve()))
    if as_json:
        click.echo(json.dumps({"services": services, "index_articles": size,
                               "index_backend": backend, "index_location": location,
                               "data_dir": str(settings.data_dir.resolve()),
                               **snapshot.as_json()}))
        return
    for name, state in services.items():
        colour = "green" if state == "up" else "red"
        click.echo(f"{name:<8} " + click.style(state, fg=colour))
    click.echo(f"index    {size if size is not None else 'no index yet'} articles "
               f"({backend}: {location})")
    click.echo(f"data dir {settings.data_dir.resolve()}")
    for group in snapshot.groups:
        click.echo(f"lag      {group.group}: {group.total_lag}")
    click.echo()
    click.echo(render_text(snapshot))
