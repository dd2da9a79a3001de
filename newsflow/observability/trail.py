"""The trail of one document through the pipeline: a log line and a count per message
consumed or produced, with its correlation id (Faust services get these from their sensor;
plain producers such as the fetcher call ``produced``)."""

from __future__ import annotations

import logging
from typing import Any

from newsflow.observability import metrics

log = logging.getLogger("newsflow.pipeline")


def produced(service: str, topic: str, correlation_id: str | None, **fields: Any) -> None:
    metrics.record_produced(service, topic)
    extra: dict[str, Any] = {"topic": topic, **fields}
    if correlation_id:
        extra["correlation_id"] = correlation_id
    log.info("produced", extra=extra)
