"""Print the language and title of every article on the articles topic.

    KAFKA_BOOTSTRAP_SERVERS=localhost:9092 python examples/consume_titles.py

(with `docker compose up`: KAFKA_BOOTSTRAP_SERVERS=localhost:9094). Only aiokafka is
needed. The topic is compacted and keyed by article id: a value of None (a tombstone) means
the article was withdrawn. Ctrl-C stops it; the group (GROUP_ID, default example-titles)
goes on from its last commit next time.
"""

import asyncio
import contextlib
import json
import logging
import os
import signal
import sys

from aiokafka import AIOKafkaConsumer
from aiokafka.errors import KafkaConnectionError

BOOTSTRAP = os.environ.get("KAFKA_BOOTSTRAP_SERVERS", "localhost:9092")
GROUP = os.environ.get("GROUP_ID", "example-titles")


#: How long leaving the group may take on Ctrl-C before the script gives up on it (the group
#: then notices the member gone after its session timeout).
STOP_SECONDS = 10


async def main() -> None:
    """Print titles until Ctrl-C."""
    consumer = AIOKafkaConsumer(
        os.environ.get("ARTICLES_TOPIC", "newsflow.articles.v1"),
        bootstrap_servers=BOOTSTRAP,
        group_id=GROUP,
        auto_offset_reset="earliest",
    )
    # Ctrl-C ends the loop between two fetches, instead of cancelling the consumer in the
    # middle of a fetch or a rebalance, from which its stop() may never return.
    stopping = asyncio.Event()
    asyncio.get_running_loop().add_signal_handler(signal.SIGINT, stopping.set)
    try:
        await consumer.start()
        while not stopping.is_set():
            batches = await consumer.getmany(timeout_ms=500)
            for records in batches.values():
                for record in records:
                    if record.value is not None:
                        article = json.loads(record.value)
                        print(f"[{article['language']}] {article['title']}", flush=True)
    finally:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(consumer.stop(), STOP_SECONDS)


if __name__ == "__main__":
    logging.getLogger("aiokafka").addHandler(logging.NullHandler())  # we say it in one line
    try:
        asyncio.run(main())  # returns on Ctrl-C
    except KeyboardInterrupt:  # Ctrl-C before the loop was listening for it
        pass
    except KafkaConnectionError:
        print(f"no Kafka broker answers at {BOOTSTRAP}: start one, or set KAFKA_BOOTSTRAP_SERVERS",
              file=sys.stderr)
        sys.exit(1)
    print(f"stopped by Ctrl-C; run it again to go on from group {GROUP}'s last commit",
          file=sys.stderr)
    sys.exit(130)
