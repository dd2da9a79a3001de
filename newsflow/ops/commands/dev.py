"""`newsflow dev kafka|opensearch start|stop|status`: one command group per dev runtime,
made by one function (the runtimes share their base, ``newsflow.ops.dev.runtime``)."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import click

if TYPE_CHECKING:
    from newsflow.ops.dev.runtime import DevRuntime
    from newsflow.settings import Settings


def _settings() -> Settings:
    """The settings, imported when a command runs, not for its help."""
    from newsflow.settings import get_settings

    return get_settings()


def runtime_group(name: str, runtime: DevRuntime[Any], *, summary: str, started: str,
                  export: Callable[[Any], str]) -> click.Group:
    """The start/stop/status group of ``runtime``; ``export`` is the line a user pastes
    into another shell to use it (``KAFKA_BOOTSTRAP_SERVERS=...``)."""
    group = click.Group(name, help=summary)
    label = runtime.what.removeprefix("the ")

    @group.command("start", help=f"Provision (first time) and start {runtime.what}; wait "
                                 f"until {label} is ready.")
    def start() -> None:
        settings = _settings()
        state = runtime.start(settings.data_dir, settings.cache_dir,
                              owner=f"newsflow dev {name} start")
        click.echo(runtime.describe(state))
        click.echo(f"export {export(state)}")

    @group.command("stop", help=f"Stop {runtime.what} cleanly; its data stay in "
                                f"DATA_DIR/{runtime.folder}. Refused while the `newsflow run` "
                                f"that started it runs.")
    def stop() -> None:
        stopped = runtime.stop(_settings().data_dir)
        click.echo(f"{started} stopped." if stopped else f"{started} was not running.")

    @group.command("status", help=f"Say whether {runtime.what} runs, where, and where its "
                                  "log is (exit 1 when it does not).")
    def status() -> None:
        state = runtime.read_state(_settings().data_dir)
        click.echo(runtime.describe(state))
        if not runtime.is_running(state):
            sys.exit(1)

    return group


def dev_groups() -> list[click.Group]:
    from newsflow.ops.dev import kafka, opensearch

    return [
        runtime_group("kafka", kafka.BROKER, started="Kafka",
                      summary="A single-node Apache Kafka 3.9 broker in KRaft mode on a free "
                              "loopback port.",
                      export=lambda state: f"KAFKA_BOOTSTRAP_SERVERS={state.bootstrap_servers}"),
        runtime_group("opensearch", opensearch.NODE, started="OpenSearch",
                      summary="A single-node OpenSearch 2.x (from Maven Central) on free "
                              "loopback ports.",
                      export=lambda state: f"NEWSFLOW_OPENSEARCH_URL={state.url}"),
    ]


@click.group()
def dev() -> None:
    """Local runtimes the project provisions itself (Kafka, OpenSearch; from Maven Central)."""


for _group in dev_groups():
    dev.add_command(_group)
