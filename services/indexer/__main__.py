"""``python -m newsflow.services.indexer``: run the indexer worker."""

from newsflow.kafka.streams import run_worker
from newsflow.language import warm_up
from newsflow.observability.service import index_check, instrument
from newsflow.services.indexer.agent import app, index
from newsflow.topics import TopicName

if __name__ == "__main__":
    warm_up()  # models loaded before the first message, not while it waits
    run_worker(instrument(app, "indexer", consumes=[TopicName.ARTICLES],
                          extra_checks={"index": index_check(index.count)}))
