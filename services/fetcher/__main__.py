"""``python -m services.fetcher [PATH ...]``: replay seed documents onto Kafka."""

from __future__ import annotations

import asyncio
import logging
import sys
from pathlib import Path

from newsflow.kafka.admin import ensure_topics
from newsflow.observability.health import OpsServer
from newsflow.observability.logging import configure_logging
from newsflow.settings import get_settings
from services.fetcher.replay import replay

log = logging.getLogger("newsflow.fetcher")


async def _main(paths: list[Path]) -> None:
    settings = get_settings()
    ops = OpsServer("fetcher", settings.fetcher_metrics_port, settings.metrics_bind)
    if ops.port:
        await ops.start()
    try:
        await ensure_topics()
        documents = await replay(paths)
    finally:
        await ops.stop()
    log.info("replayed %d seed documents from %s", len(documents), ", ".join(map(str, paths)))


def main(argv: list[str] | None = None) -> None:
    settings = get_settings()
    configure_logging("fetcher", settings.log_level, settings.log_format)
    paths = [Path(a) for a in (argv if argv is not None else sys.argv[1:])] or [Path("seeds")]
    asyncio.run(_main(paths))


if __name__ == "__main__":
    main()
