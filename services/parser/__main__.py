"""``python -m newsflow.services.parser``: run the parser worker."""

from newsflow.services.parser.agent import parser_stage
from newsflow.stage import run_stage

if __name__ == "__main__":
    run_stage(parser_stage())
