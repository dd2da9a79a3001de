"""``python -m services.indexer``: run the indexer worker."""

from newsflow.kafka.streams import run_worker
from services.indexer.agent import app

if __name__ == "__main__":
    run_worker(app)
