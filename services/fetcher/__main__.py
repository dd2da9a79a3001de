"""``python -m newsflow.services.fetcher [PATH ...] [--follow] [--once]``: replay seed documents onto
Kafka, then (with --follow or NEWSFLOW_FETCH_FOLLOW_SOURCES=true) follow the sources file
and the seeds' originals until SIGTERM."""

from __future__ import annotations

import argparse
import asyncio
import logging
from pathlib import Path
from typing import TYPE_CHECKING

from newsflow.kafka.admin import ensure_topics
from newsflow.observability.logging import configure_logging
from newsflow.services.fetcher.replay import replay
from newsflow.settings import get_settings
from newsflow.shutdown import Interrupted
from newsflow.topics import TopicName, topic_name

if TYPE_CHECKING:
    from newsflow.observability.health import OpsServer

log = logging.getLogger("newsflow.fetcher")


async def _main(paths: list[Path], follow: bool, once: bool) -> None:
    settings = get_settings()
    ops: OpsServer | None = None
    if settings.fetcher_metrics_port:
        # Only then: importing the ops server's web framework is about 0.18 s of CPU, over a
        # third of a replay's start-up.
        from newsflow.observability.health import OpsServer, kafka_check

        produces = [topic_name(TopicName.RAW_DOCUMENTS, settings)]
        ops = OpsServer("fetcher", settings.fetcher_metrics_port, settings.metrics_bind,
                        checks={"kafka": kafka_check(produces, settings)},
                        interval=settings.lag_interval_seconds)
        await ops.start()
    stop = asyncio.Event()
    try:
        await ensure_topics(settings=settings)
        try:
            count = await replay(paths, settings, stop)
        except Interrupted as exc:
            log.info("replay %s; exiting", exc)
            return
        log.info("replayed %d seed documents from %s", count,
                 ", ".join(map(str, paths)))
        if follow:
            from newsflow.services.fetcher.live import run_fetcher, seed_source_urls
            from newsflow.services.fetcher.sources import SourcesError

            try:
                result = await run_fetcher(settings, once=once,
                                           start_urls=seed_source_urls(paths), stop=stop)
            except SourcesError as exc:
                log.error("not following sources: %s", exc)
                return
            log.info("stopped after %d rounds; counters: %s", result.rounds,
                     result.crawler.stats.as_dict())
    finally:
        if ops is not None:
            await ops.stop()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m newsflow.services.fetcher")
    parser.add_argument("paths", nargs="*", type=Path, help="seed files or folders (default: seeds)")
    parser.add_argument("--follow", action="store_true", default=None,
                        help="follow the sources after the replay (NEWSFLOW_FETCH_FOLLOW_SOURCES)")
    parser.add_argument("--once", action="store_true", help="with --follow: one round, then exit")
    args = parser.parse_args(argv)
    settings = get_settings()
    configure_logging("fetcher", settings.log_level, settings.log_format)
    logging.getLogger("aiokafka").setLevel(logging.WARNING)
    follow = settings.fetch_follow_sources if args.follow is None else args.follow
    asyncio.run(_main(args.paths or [Path("seeds")], follow, args.once))


if __name__ == "__main__":
    main()
