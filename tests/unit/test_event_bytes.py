"""An event's bytes are its JSON as ``model_dump_json`` writes it, UTF-8 encoded, for every
event of the contract."""

from __future__ import annotations

from datetime import UTC, datetime

from newsflow.events import Event, FetchRecord, RawDocument, dead_letter_for
from newsflow.services.parser.document import parse_document
from tests.conftest import SEEDS


def test_every_event_is_its_json_in_utf8() -> None:
    seeds = [RawDocument.from_seed(p.name, p.read_text(encoding="utf-8"))
             for p in sorted(SEEDS.glob("*.txt"))]
    events: list[Event] = [*seeds, *(parse_document(raw) for raw in seeds)]
    events.append(dead_letter_for(stage="parser", error_class="invalid_json", reason="x ไฮ \u2028",
                                  original=b"\xff{", source_topic="t", partition=1, offset=2,
                                  key=b"k", document_id=None))
    now = datetime(2026, 12, 2, tzinfo=UTC)
    events.append(FetchRecord(url="https://nhandan.vn/ä", first_seen=now, last_fetched=now))
    assert len(events) >= 6
    for event in events:
        assert event.to_bytes() == event.model_dump_json().encode("utf-8")
        assert type(event).model_validate_json(event.to_bytes()) == event
