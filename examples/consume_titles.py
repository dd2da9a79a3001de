"""Print the language and title of every article on the articles topic.

    KAFKA_BOOTSTRAP_SERVERS=localhost:9092 python examples/consume_titles.py

(with `docker compose up`: KAFKA_BOOTSTRAP_SERVERS=localhost:9094). Only aiokafka is
needed. The topic is compacted and keyed by article id: a value of None (a tombstone) means
the article was withdrawn. Ctrl-C stops it; the group (GROUP_ID, default example-titles)
goes on from its last commit next time.
"""

import asyncio
import json
import logging
import os
import sys

from aiokafka import AIOKafkaConsumer
from aiokafka.errors import KafkaConnectionError

BOOTSTRAP = os.environ.get("KAFKA_BOOTSTRAP_SERVERS", "localhost:9092")
GROUP = os.environ.get("GROUP_ID", "example-titles")


async def main() -> None:
    consumer = AIOKafkaConsumer(
        os.environ.get("ARTICLES_TOPIC", "newsflow.articles.v1"),
        bootstrap_servers=BOOTSTRAP,
        group_id=GROUP,
        auto_offset_reset="earliest",
    )
    try:
        await consumer.start()
        async for record in consumer:
            if record.value is not None:
                article = json.loads(record.value)
                print(f"[{article['language']}] {article['title']}", flush=True)
    finally:
        await consumer.stop()


if __name__ == "__main__":
    logging.getLogger("aiokafka").addHandler(logging.NullHandler())  # we say it in one line
    try:
        asyncio.run(main())
    except KeyboardInterrupt:
        print(f"stopped by Ctrl-C; run it again to go on from group {GROUP}'s last commit",
              file=sys.stderr)
        sys.exit(130)
    except KafkaConnectionError:
        print(f"no Kafka broker answers at {BOOTSTRAP}: start one, or set KAFKA_BOOTSTRAP_SERVERS",
              file=sys.stderr)
        sys.exit(1)
