"""``python -m services.parser``: run the parser worker."""

from newsflow.kafka.streams import run_worker
from services.parser.agent import app

if __name__ == "__main__":
    run_worker(app)
