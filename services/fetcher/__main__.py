"""``python -m services.fetcher [PATH ...]``: replay seed documents onto Kafka."""

from __future__ import annotations

import asyncio
import logging
import sys
from pathlib import Path

from newsflow.kafka.admin import ensure_topics
from services.fetcher.replay import replay

log = logging.getLogger("newsflow.fetcher")


async def _main(paths: list[Path]) -> None:
    await ensure_topics()
    documents = await replay(paths)
    log.info("replayed %d seed documents from %s", len(documents), ", ".join(map(str, paths)))


def main(argv: list[str] | None = None) -> None:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    paths = [Path(a) for a in (argv if argv is not None else sys.argv[1:])] or [Path("seeds")]
    asyncio.run(_main(paths))


if __name__ == "__main__":
    main()
