from __future__ import annotations

from newsflow.events import dead_letter_for
from newsflow.ops.commands.dlq import (
    DeadLetterEntry,
    describe_original,
    first_per_source,
    replay_target,
    select,
)
from newsflow.settings import Settings


def entry(offset: int, stage: str, error_class: str, source: str = "p.documents.raw.v1") -> DeadLetterEntry:
    letter = dead_letter_for(stage=stage, error_class=error_class, reason="r", original=b"x",
                             source_topic=source, partition=0, offset=offset)
    return DeadLetterEntry(0, offset, letter)


def test_select_combines_filters_and_skips_unreadable_records() -> None:
    entries = [entry(0, "parser", "invalid_json"), entry(1, "indexer", "wrong_schema"),
               entry(2, "parser", "wrong_schema"), DeadLetterEntry(0, 3, None, "invalid_json: x")]
    assert [e.offset for e in select(entries)] == [0, 1, 2]
    assert [e.offset for e in select(entries, stages=("parser",))] == [0, 2]
    assert [e.offset for e in select(entries, error_classes=("wrong_schema",), stages=("parser",))] == [2]
    assert [e.offset for e in select(entries, offsets=(1, 3))] == [1]


def test_describe_original_decodes_what_it_can() -> None:
    assert describe_original(b"") == "(empty)"
    assert describe_original(b'{"a": [1]}') == '{\n  "a": [\n    1\n  ]\n}'
    assert describe_original(b"{broken") == "{broken"
    assert describe_original(b"\xff\xfe\x00").startswith("(binary, 3 bytes, base64) //4A")
    assert describe_original(b"y" * 50, limit=10).startswith("y" * 10 + "\n… (40 more")


def test_replay_goes_only_to_this_pipelines_input_topics() -> None:
    settings = Settings(topic_prefix="p", kafka_bootstrap_servers="x:1")
    assert replay_target(entry(0, "parser", "c").letter, settings) == "p.documents.raw.v1"  # type: ignore[arg-type]
    assert replay_target(entry(0, "indexer", "c", "p.articles.v1").letter, settings) == "p.articles.v1"  # type: ignore[arg-type]
    assert replay_target(entry(0, "parser", "c", "other.documents.raw.v1").letter, settings) is None  # type: ignore[arg-type]
    assert replay_target(entry(0, "parser", "c", "p.deadletter.v1").letter, settings) is None  # type: ignore[arg-type]


def test_a_message_dead_lettered_twice_is_listed_and_replayed_once() -> None:
    first, repeat, other = entry(5, "parser", "invalid_json"), entry(5, "parser", "invalid_json"), entry(6, "parser", "x")
    repeat = DeadLetterEntry(0, 9, repeat.letter)
    no_source = DeadLetterEntry(0, 10, dead_letter_for(stage="fetcher", error_class="c", reason="r", original=b""))
    assert [e.offset for e in first_per_source([first, other, repeat, no_source, no_source])] == [5, 6, 10, 10]
