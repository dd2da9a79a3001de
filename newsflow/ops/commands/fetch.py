"""`newsflow fetch`: follow the configured sources (and the seeds' originals) live."""

from __future__ import annotations

import asyncio
import json
import logging
from pathlib import Path

import click

from newsflow.ops.errors import needs_kafka
from newsflow.ops.paths import default_seeds


@click.command("fetch")
@click.option("--once", is_flag=True, help="One round: poll every source, drain, exit.")
@click.option("--follow-seeds", is_flag=True,
              help="Also fetch the originals named by the seeds' source lines.")
@click.option("--seeds", "seed_paths", multiple=True, type=click.Path(path_type=Path),
              default=lambda: [default_seeds()], show_default="seeds/ of the checkout",
              help="Seed files or folders for --follow-seeds.")
@click.option("--sources", "sources_path", type=click.Path(dir_okay=False, path_type=Path),
              help="The sources file (default: NEWSFLOW_FETCH_SOURCES_PATH or the packaged one).")
@click.option("--json", "as_json", is_flag=True, help="Print the counters as JSON at the end.")
@needs_kafka
def fetch(once: bool, follow_seeds: bool, seed_paths: tuple[Path, ...], sources_path: Path | None,
          as_json: bool) -> None:
    """Fetch articles from the sources file: feeds, sitemaps, start pages, article links.

    Without --once it keeps polling each source at its interval until SIGTERM or Ctrl-C.
    """
    from newsflow.services.fetcher.live import run_fetcher, seed_source_urls
    from newsflow.services.fetcher.sources import SourcesError
    from newsflow.settings import get_settings

    settings = get_settings()
    if sources_path is not None:
        settings = settings.model_copy(update={"fetch_sources_path": sources_path})
    logging.basicConfig(level=settings.log_level,
                        format="%(asctime)s %(levelname)s %(name)s %(message)s")
    logging.getLogger("aiokafka").setLevel(logging.WARNING)
    start_urls = seed_source_urls(seed_paths) if follow_seeds else []
    try:
        result = asyncio.run(run_fetcher(settings, once=once, start_urls=start_urls))
    except SourcesError as exc:
        raise click.ClickException(str(exc)) from None
    counters = result.crawler.stats.as_dict()
    if as_json:
        click.echo(json.dumps({"rounds": result.rounds, "by_host": counters}, indent=2))
        return
    last = result.last
    click.echo(f"{result.rounds} round(s); last: fetched {last.fetched}, published {last.published}, "
               f"unchanged {last.unchanged}, failed {last.failed}, skipped {last.skipped}")
    for host, outcomes in counters.items():
        click.echo(f"  {host}: " + ", ".join(f"{k} {v}" for k, v in outcomes.items()))
