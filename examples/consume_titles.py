"""Print the language and title of every article on the articles topic.

    KAFKA_BOOTSTRAP_SERVERS=localhost:9092 python examples/consume_titles.py

Only aiokafka is needed. The topic is compacted and keyed by article id: a value of None
(a tombstone) means the article was withdrawn.
"""

import asyncio
import json
import os

from aiokafka import AIOKafkaConsumer


async def main() -> None:
    consumer = AIOKafkaConsumer(
        os.environ.get("ARTICLES_TOPIC", "newsflow.articles.v1"),
        bootstrap_servers=os.environ.get("KAFKA_BOOTSTRAP_SERVERS", "localhost:9092"),
        group_id=os.environ.get("GROUP_ID", "example-titles"),
        auto_offset_reset="earliest",
    )
    await consumer.start()
    try:
        async for record in consumer:
            if record.value is not None:
                article = json.loads(record.value)
                print(f"[{article['language']}] {article['title']}", flush=True)
    finally:
        await consumer.stop()


if __name__ == "__main__":
    asyncio.run(main())
