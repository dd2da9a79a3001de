"""Schema evolution at the handler level: every older (and the current) version of an
input event is accepted; a newer, unknown version becomes a dead letter with the original
bytes, and the stream goes on."""

from __future__ import annotations

import json
from dataclasses import dataclass

from newsflow.events import ARTICLE_SCHEMA_VERSION, RAW_DOCUMENT_SCHEMA_VERSION
from newsflow.services.indexer.handler import plan_batch
from newsflow.services.parser.document import parse_document
from newsflow.services.parser.handler import handle_raw_message
from newsflow.stage import Message
from tests.synthetic import poison_messages, synthetic_documents

ORIGIN = Message(topic="p.documents.raw.v1", partition=2, offset=41, key=b"k")


@dataclass
class Message:
    topic: str
    partition: int
    offset: int
    key: bytes | None
    value: bytes | None


def raw_json(version: int | None, **extra: object) -> bytes:
    obj = json.loads(synthetic_documents(1)[0].to_bytes())
    if version is None:
        obj.pop("schema_version")
    else:
        obj["schema_version"] = version
    obj.update(extra)
    return json.dumps(obj).encode()


def test_parser_accepts_every_known_raw_document_version() -> None:
    # No schema_version at all means version 1 (the first producers did not send it).
    versions: list[int | None] = [None, *range(1, RAW_DOCUMENT_SCHEMA_VERSION + 1)]
    for version in versions:
        outcome = handle_raw_message(raw_json(version), ORIGIN, max_bytes=100_000)
        assert outcome.dead_letter is None, (version, outcome.dead_letter)
        assert outcome.article is not None


def test_parser_ignores_fields_added_within_its_version() -> None:
    data = raw_json(RAW_DOCUMENT_SCHEMA_VERSION, added_later={"a": 1}, priority="high")
    outcome = handle_raw_message(data, ORIGIN, max_bytes=100_000)
    assert outcome.article is not None


def test_parser_dead_letters_a_newer_raw_document_version_with_its_bytes() -> None:
    data = raw_json(RAW_DOCUMENT_SCHEMA_VERSION + 1)
    outcome = handle_raw_message(data, ORIGIN, max_bytes=100_000)
    assert outcome.article is None and outcome.dead_letter is not None
    letter = outcome.dead_letter
    assert letter.error_class == "unknown_schema_version"
    assert f"schema_version {RAW_DOCUMENT_SCHEMA_VERSION + 1}" in letter.reason
    assert letter.original_bytes() == data
    assert (letter.stage, letter.source_topic, letter.partition, letter.offset, letter.key) == (
        "parser", "p.documents.raw.v1", 2, 41, "k")


def test_parser_dead_letters_each_poison_with_its_class() -> None:
    for poison in poison_messages(max_document_bytes=10_000):
        outcome = handle_raw_message(poison.value, ORIGIN, max_bytes=10_000)
        assert outcome.dead_letter is not None, poison.key
        assert outcome.dead_letter.error_class == poison.error_class
        assert outcome.dead_letter.reason
        assert outcome.dead_letter.original_bytes() == poison.value


def article_json(version: int | None, article_id: str) -> bytes:
    article = parse_document(synthetic_documents(1)[0])
    obj = json.loads(article.model_copy(update={"id": article_id}).to_bytes())
    if version is None:
        obj.pop("schema_version")
    else:
        obj["schema_version"] = version
    return json.dumps(obj).encode()


def test_indexer_accepts_older_versions_and_dead_letters_newer_ones_in_one_batch() -> None:
    known = [None, *range(1, ARTICLE_SCHEMA_VERSION + 1)]
    messages = [
        Message("p.articles.v1", 0, n, f"id{n}".encode(), article_json(v, f"id{n}"))
        for n, v in enumerate(known)
    ]
    newer = article_json(ARTICLE_SCHEMA_VERSION + 1, "from-the-future")
    messages.append(Message("p.articles.v1", 1, 7, b"from-the-future", newer))
    plan = plan_batch(messages)
    assert sorted(a.id for a in plan.upserts) == sorted(f"id{n}" for n in range(len(known)))
    assert len(plan.dead_letters) == 1
    letter = plan.dead_letters[0]
    assert letter.error_class == "unknown_schema_version"
    assert (letter.stage, letter.partition, letter.offset) == ("indexer", 1, 7)
    assert letter.original_bytes() == newer
