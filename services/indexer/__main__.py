"""``python -m services.indexer``: run the indexer worker."""

from newsflow.kafka.streams import run_worker
from newsflow.observability.service import index_check, instrument
from newsflow.topics import TopicName
from services.indexer.agent import app, index

if __name__ == "__main__":
    run_worker(instrument(app, "indexer", consumes=[TopicName.ARTICLES],
                          extra_checks={"index": index_check(index.count)}))
