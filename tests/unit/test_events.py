from __future__ import annotations

import base64
from datetime import UTC, datetime

import pytest

from newsflow.events import (
    Article,
    DeadLetter,
    DecodeError,
    RawDocument,
    dead_letter_for,
    decode_article,
    decode_dead_letter,
    decode_raw_document,
)

NOW = datetime(2025, 8, 12, 9, 30, tzinfo=UTC)


def make_article(**overrides: object) -> Article:
    fields: dict[str, object] = dict(
        id="a" * 32, document_id="d" * 32, url="seed://x.txt",
        source_url="https://nhandan.vn/x-post1.html", site="nhandan.vn", language="de",
        title="Titel", lead="Vorspann.", body="Absatz eins.\n\nAbsatz zwei.",
        captions=["Bild (Foto: X)"], author="Khanh Lan", fetched_at=NOW,
        content_hash="0" * 64, story_id="s" * 32, comment_count=0,
    )
    fields.update(overrides)
    return Article.model_validate(fields)


def test_raw_document_round_trips_through_json() -> None:
    raw = RawDocument.from_seed("a.txt", "Hallo Welt", fetched_at=NOW)
    assert decode_raw_document(raw.to_bytes()) == raw
    assert raw.content_bytes() == b"Hallo Welt"


def test_seed_document_id_is_stable() -> None:
    assert RawDocument.from_seed("a.txt", "x").document_id == RawDocument.from_seed(
        "a.txt", "y").document_id
    assert RawDocument.from_seed("a.txt", "x").document_id != RawDocument.from_seed(
        "b.txt", "x").document_id


def test_article_round_trips_through_json() -> None:
    article = make_article()
    assert decode_article(article.to_bytes()) == article
    assert article.paragraphs == ["Absatz eins.", "Absatz zwei."]


def test_dead_letter_round_trips_and_keeps_the_original_bytes() -> None:
    letter = dead_letter_for(stage="parser", error_class="invalid_json", reason="bad",
                             original=b"\xff{", source_topic="t", partition=1, offset=7,
                             key=b"k")
    decoded = decode_dead_letter(letter.to_bytes())
    assert isinstance(decoded, DeadLetter)
    assert decoded.original_bytes() == b"\xff{"
    assert (decoded.source_topic, decoded.partition, decoded.offset, decoded.key) == ("t", 1, 7, "k")


@pytest.mark.parametrize(
    ("data", "error_class"),
    [
        (b"", "empty_message"),
        (None, "empty_message"),
        (b"{not json", "invalid_json"),
        (b"\xff\xfe", "invalid_json"),
        (b"[1, 2]", "wrong_schema"),
        (b'{"origin": "seed"}', "wrong_schema"),
        (b'{"schema_version": 99, "document_id": "x"}', "unknown_schema_version"),
        (b'{"schema_version": "one"}', "wrong_schema"),
    ],
)
def test_bad_messages_raise_decode_errors_with_a_class(data: bytes | None, error_class: str) -> None:
    with pytest.raises(DecodeError) as caught:
        decode_raw_document(data)
    assert caught.value.error_class == error_class
    assert caught.value.reason


def test_articles_require_text_and_aware_dates() -> None:
    with pytest.raises(ValueError):
        make_article(body="")
    with pytest.raises(ValueError):
        make_article(fetched_at=datetime(2025, 1, 1))
    assert base64.b64decode(dead_letter_for(stage="x", error_class="y", reason="z",
                                            original=None).original) == b""


def test_kraft_cluster_ids_never_look_like_options() -> None:
    from newsflow.ops.dev.kafka import cluster_id

    ids = [cluster_id() for _ in range(2000)]
    assert all(len(i) == 22 and i[0].isalnum() for i in ids)
