"""The parser service as a stage: raw documents in, articles (or dead letters) out.

Wiring only: the handler is ``handler.handle``; taking batches, delivery, commits, metrics
and lag are the stage runtime's (``newsflow.stage``).
"""

from __future__ import annotations

from functools import partial

from newsflow.services.parser.handler import SERVICE, handle
from newsflow.settings import Settings, get_settings
from newsflow.stage import Stage
from newsflow.topics import TopicName


def parser_stage(settings: Settings | None = None) -> Stage[None]:
    settings = settings or get_settings()
    return Stage(
        service=SERVICE,
        consumes=TopicName.RAW_DOCUMENTS,
        produces=(TopicName.ARTICLES, TopicName.DEAD_LETTERS),
        handle=partial(handle, max_bytes=settings.max_document_bytes),
        batch_size=settings.parser_batch_size,
        batch_seconds=settings.parser_batch_seconds,
        web_port=settings.parser_web_port,
    )
