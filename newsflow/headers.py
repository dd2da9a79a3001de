"""Message headers every newsflow event carries (part of the topic contract).

``schema_version`` and ``content-type`` describe the value; ``producer`` names the service
that wrote it; ``correlation_id`` is the id of the document an event descends from, the
same across every topic, so one article can be followed through the pipeline (and its
log lines found by that id).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

SCHEMA_VERSION = "schema_version"
CONTENT_TYPE = "content-type"
PRODUCER = "producer"
CORRELATION_ID = "correlation_id"
EVENT_TYPE = "event_type"

JSON_CONTENT_TYPE = "application/json"

HEADER_DESCRIPTIONS: dict[str, str] = {
    EVENT_TYPE: "The event model of the value, e.g. Article.",
    SCHEMA_VERSION: "The value's schema_version (the major version is in the topic name).",
    CONTENT_TYPE: "Always application/json (UTF-8).",
    PRODUCER: "The service that produced the message: fetcher, parser or indexer.",
    CORRELATION_ID: "The id of the raw document the message descends from, on every topic.",
}

Headers = list[tuple[str, bytes]]


def event_headers(event_type: str, schema_version: int, producer: str,
                  correlation_id: str | None) -> Headers:
    headers = [
        (EVENT_TYPE, event_type.encode()),
        (SCHEMA_VERSION, str(schema_version).encode()),
        (CONTENT_TYPE, JSON_CONTENT_TYPE.encode()),
        (PRODUCER, producer.encode()),
    ]
    if correlation_id:
        headers.append((CORRELATION_ID, correlation_id.encode()))
    return headers


def headers_of(event: object, producer: str, correlation_id: str | None) -> Headers:
    """Headers for a pydantic event (any model with ``schema_version``)."""
    version = int(getattr(event, "schema_version", 1))
    return event_headers(type(event).__name__, version, producer, correlation_id)


def decode_headers(raw: Mapping[str, bytes] | Iterable[tuple[str, bytes]] | None) -> dict[str, str]:
    """Headers from Kafka (a list of pairs or a mapping) as text."""
    if raw is None:
        return {}
    pairs = raw.items() if isinstance(raw, Mapping) else raw
    return {k: (v.decode("utf-8", errors="replace") if isinstance(v, bytes) else str(v))
            for k, v in pairs}


_ABSENT = object()


def correlation_id(raw: Mapping[str, bytes] | Iterable[tuple[str, bytes]] | None,
                   fallback: str | None = None) -> str | None:
    """``decode_headers(raw).get(CORRELATION_ID) or fallback`` (the last such header wins),
    without decoding the other headers: it is read for every message consumed."""
    if raw is None:
        return fallback
    value: object = _ABSENT
    for name, found in (raw.items() if isinstance(raw, Mapping) else raw):
        if name == CORRELATION_ID:
            value = found
    if value is _ABSENT:
        return fallback
    text = value.decode("utf-8", errors="replace") if isinstance(value, bytes) else str(value)
    return text or fallback
