"""``python -m newsflow.services.parser``: run the parser worker."""

from newsflow.kafka.streams import run_worker
from newsflow.language import warm_up
from newsflow.observability.service import instrument
from newsflow.services.parser.agent import app
from newsflow.topics import TopicName

if __name__ == "__main__":
    warm_up()  # models loaded before the first message, not while it waits
    run_worker(instrument(app, "parser", consumes=[TopicName.RAW_DOCUMENTS]))
