"""``python -m newsflow.services.indexer``: run the indexer worker."""

from newsflow.services.indexer.agent import indexer_stage
from newsflow.stage import run_stage

if __name__ == "__main__":
    run_stage(indexer_stage())
