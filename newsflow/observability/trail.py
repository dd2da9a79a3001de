"""The trail of one document through the pipeline: a log line and a count per message
consumed or produced, with its correlation id. Faust's sensor (``observability.service``)
records what a stage consumes; the one delivery path (``newsflow.kafka.delivery``) records
what every service produces, once the broker has acknowledged it."""

from __future__ import annotations

import json
import logging

log = logging.getLogger("newsflow.pipeline")


def error_class_of(dead_letter_value: bytes | None) -> str:
    """The error class of a dead letter's JSON value ("unknown" if it cannot be read)."""
    try:
        value = json.loads(dead_letter_value or b"")
        return str(value.get("error_class") or "unknown")
    except (ValueError, AttributeError):
        return "unknown"
