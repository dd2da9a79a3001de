"""Structured logs: one JSON object per line, with the service and the correlation id.

The correlation id (the raw document's id, carried in the ``correlation_id`` header) is a
context variable: set it while handling a message and every log line written meanwhile
carries it, so ``grep <id> data/logs/*.log`` follows one article through the pipeline.
"""

from __future__ import annotations

import json
import logging
import sys
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import Any

current_correlation_id: ContextVar[str | None] = ContextVar("correlation_id", default=None)

# Attributes every LogRecord has; anything else passed with ``extra=`` becomes a field.
_RECORD_ATTRIBUTES = set(vars(logging.makeLogRecord({}))) | {"message", "asctime", "taskName"}


class JsonFormatter(logging.Formatter):
    """Formats a record as one JSON object on one line."""

    def __init__(self, service: str = "newsflow") -> None:
        super().__init__()
        self.service = service

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "service": self.service,
            "logger": record.name,
            "message": record.getMessage(),
        }
        correlation = getattr(record, "correlation_id", None) or current_correlation_id.get()
        if correlation:
            entry["correlation_id"] = correlation
        for key, value in vars(record).items():
            if key not in _RECORD_ATTRIBUTES and key not in entry:
                entry[key] = value
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


def logging_config(service: str, level: str, log_format: str) -> dict[str, Any]:
    """A ``logging.config.dictConfig`` configuration (also what Faust's worker takes)."""
    formatter: dict[str, Any] = (
        {"()": JsonFormatter, "service": service}
        if log_format == "json"
        else {"format": f"%(asctime)s %(levelname)s {service} %(name)s %(message)s"}
    )
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"newsflow": formatter},
        "handlers": {
            "stdout": {"class": "logging.StreamHandler", "formatter": "newsflow",
                       "stream": "ext://sys.stdout"},
        },
        "root": {"level": level.upper(), "handlers": ["stdout"]},
        "loggers": {"aiokafka": {"level": "WARNING"}},
    }


def configure_logging(service: str, level: str = "INFO", log_format: str = "json") -> None:
    """Configure logging of a plain (non-Faust) process."""
    import logging.config

    logging.config.dictConfig(logging_config(service, level, log_format))
    sys.stdout.reconfigure(line_buffering=True)  # type: ignore[union-attr]
