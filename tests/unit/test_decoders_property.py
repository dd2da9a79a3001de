"""Property-based tests (hypothesis): every decoder and the parser's handler, fed hostile
bytes, JSON of the wrong shape and mutated valid events, either return a value or raise
DecodeError with a reason; the handlers never raise at all. Thousands of cases in total."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsflow.events import (
    ARTICLE_SCHEMA_VERSION,
    RAW_DOCUMENT_SCHEMA_VERSION,
    Article,
    DecodeError,
    Event,
    RawDocument,
    _decoded_generally,
    dead_letter_for,
    decode_article,
    decode_dead_letter,
    decode_event,
    decode_raw_document,
)
from newsflow.services.indexer.handler import plan_batch
from newsflow.services.parser.document import parse_document
from newsflow.services.parser.handler import handle_raw_message
from newsflow.stage import Message as StageMessage
from tests.synthetic import synthetic_documents

CASES = settings(max_examples=600, deadline=None,
                 suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

RAW = json.loads(synthetic_documents(1)[0].to_bytes())
ARTICLE = json.loads(parse_document(synthetic_documents(2)[1]).to_bytes())
DEAD = json.loads(dead_letter_for(stage="parser", error_class="invalid_json", reason="r",
                                  original=b"x", source_topic="t", partition=0, offset=1).to_bytes())

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=40),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10),
                                                                     children, max_size=4),
    max_leaves=12,
)


def mutated(base: dict[str, Any]) -> st.SearchStrategy[bytes]:
    """A valid event with some fields replaced, removed or added."""
    keys = st.sampled_from(sorted(base))

    @st.composite
    def build(draw: st.DrawFn) -> bytes:
        obj = dict(base)
        for _ in range(draw(st.integers(1, 4))):
            action = draw(st.sampled_from(["replace", "remove", "add", "version"]))
            if action == "replace":
                obj[draw(keys)] = draw(json_values)
            elif action == "remove":
                obj.pop(draw(keys), None)
            elif action == "add":
                obj[draw(st.text(max_size=12))] = draw(json_values)
            else:
                obj["schema_version"] = draw(st.integers(-3, 5) | st.text(max_size=3) | st.none())
        return json.dumps(obj).encode()

    return build()


def hostile(base: dict[str, Any]) -> st.SearchStrategy[bytes | None]:
    return st.one_of(
        st.none(),
        st.binary(max_size=300),
        st.text(max_size=200).map(str.encode),
        json_values.map(lambda v: json.dumps(v).encode()),
        mutated(base),
    )


def decodes_or_explains(decoder: Any, data: bytes | None) -> None:
    try:
        decoder(data)
    except DecodeError as exc:
        assert exc.error_class and exc.reason


@CASES
@given(hostile(RAW))
def test_decode_raw_document_never_fails_unexpectedly(data: bytes | None) -> None:
    decodes_or_explains(decode_raw_document, data)


@CASES
@given(hostile(ARTICLE))
def test_decode_article_never_fails_unexpectedly(data: bytes | None) -> None:
    decodes_or_explains(decode_article, data)


@CASES
@given(hostile(DEAD))
def test_decode_dead_letter_never_fails_unexpectedly(data: bytes | None) -> None:
    decodes_or_explains(decode_dead_letter, data)


seed_texts = st.lists(
    st.one_of(st.text(max_size=120), st.sampled_from([
        "Quelle: https://example.org/a.html", "Kommentar (3)", "Bild (Foto: X)", "", "\x00",
        "ที่มา: https://example.org/th", "Nguồn: http://x"])),
    max_size=12,
).map("\n".join)


@st.composite
def raw_document_bytes(draw: st.DrawFn) -> bytes:
    """Well-formed raw documents whose content is arbitrary: the parser's own input space."""
    obj = dict(RAW)
    obj["media_type"] = draw(st.sampled_from(["text/plain", "text/html", "application/pdf",
                                              "text/plain; charset=latin-1", ""]))
    obj["charset"] = draw(st.sampled_from([None, "utf-8", "latin-1", "no-such-charset"]))
    if draw(st.booleans()):
        obj["content"] = draw(seed_texts)
    else:
        import base64
        obj["content_encoding"] = "base64"
        obj["content"] = base64.b64encode(draw(st.binary(max_size=400))).decode()
    return json.dumps(obj).encode()


@CASES
@given(st.one_of(hostile(RAW), raw_document_bytes()))
def test_parser_handler_returns_an_article_or_a_dead_letter(data: bytes | None) -> None:
    origin = StageMessage(topic="p.documents.raw.v1", partition=1, offset=9, key=b"k")
    outcome = handle_raw_message(data, origin, max_bytes=5_000)
    assert (outcome.article is None) != (outcome.dead_letter is None)
    if outcome.dead_letter is not None:
        assert outcome.dead_letter.reason and outcome.dead_letter.original_bytes() == (data or b"")
        assert outcome.dead_letter.error_class != "parser_error", outcome.dead_letter.reason


@dataclass
class Message:
    topic: str
    partition: int
    offset: int
    key: bytes | None
    value: bytes | None


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.one_of(st.none(), st.binary(max_size=20)), hostile(ARTICLE)),
                max_size=8))
def test_plan_batch_accounts_for_every_message(pairs: list[tuple[bytes | None, bytes | None]]) -> None:
    messages = [Message("p.articles.v1", 0, n, key, value) for n, (key, value) in enumerate(pairs)]
    plan = plan_batch(messages)
    valued = [m for m in messages if m.value is not None]
    assert len(plan.dead_letters) + len({a.id for a in plan.upserts}) <= len(valued)
    assert len(plan.dead_letters) == sum(1 for m in valued if not _decodes(m.value))
    assert not set(plan.deletes) & {a.id for a in plan.upserts}


def _decodes(value: bytes | None) -> bool:
    try:
        decode_article(value)
    except DecodeError:
        return False
    return True


def compact(base: dict[str, Any]) -> st.SearchStrategy[bytes]:
    """Mutated events written as the serializer writes them (no spaces, UTF-8 as it is),
    their ``schema_version`` first or not."""
    @st.composite
    def build(draw: st.DrawFn) -> bytes:
        obj = json.loads(draw(mutated(base)))
        if "schema_version" in obj and draw(st.booleans()):
            obj = {"schema_version": obj.pop("schema_version"), **obj}
        return json.dumps(obj, separators=(",", ":"), ensure_ascii=draw(st.booleans())).encode()

    return build()


def outcome(decoder: Any, data: bytes) -> Event | tuple[str, str]:
    try:
        return decoder(data)  # type: ignore[no-any-return]
    except DecodeError as exc:
        return exc.error_class, exc.reason


@CASES
@given(st.one_of(compact(ARTICLE), hostile(ARTICLE).filter(bool)))
def test_an_article_validated_straight_from_its_bytes_is_the_general_paths(data: bytes) -> None:
    """The same article, or the same error class and reason, as by the JSON value."""
    assert outcome(lambda d: decode_event(Article, d, ARTICLE_SCHEMA_VERSION), data) == outcome(
        lambda d: _decoded_generally(Article, d, ARTICLE_SCHEMA_VERSION), data)


@CASES
@given(st.one_of(compact(RAW), hostile(RAW).filter(bool)))
def test_a_raw_document_validated_straight_from_its_bytes_is_the_general_paths(data: bytes) -> None:
    assert outcome(lambda d: decode_event(RawDocument, d, RAW_DOCUMENT_SCHEMA_VERSION), data) == outcome(
        lambda d: _decoded_generally(RawDocument, d, RAW_DOCUMENT_SCHEMA_VERSION), data)


def test_the_serializers_bytes_are_validated_straight_and_others_go_the_general_way() -> None:
    from newsflow import events

    article = Article.model_validate(ARTICLE)
    direct = events._validated_directly
    assert direct(Article, article.to_bytes(), ARTICLE_SCHEMA_VERSION) == article
    assert direct(Article, json.dumps(ARTICLE).encode(), ARTICLE_SCHEMA_VERSION) == article
    newer = article.to_bytes().replace(b'"schema_version":3', b'"schema_version":4', 1)
    assert direct(Article, newer, ARTICLE_SCHEMA_VERSION) is None
    assert outcome(decode_article, newer)[0] == "unknown_schema_version"  # type: ignore[index]
    for later in (b'"3"', b"3.0", b"true", b"0"):  # the last one is the version, as it says
        twice = article.to_bytes()[:-1] + b',"schema_version":' + later + b"}"
        assert direct(Article, twice, ARTICLE_SCHEMA_VERSION) is None
        assert outcome(decode_article, twice) == outcome(
            lambda d: _decoded_generally(Article, d, ARTICLE_SCHEMA_VERSION), twice)
    assert outcome(decode_article, twice)[0] == "wrong_schema"  # type: ignore[index]
    counted = article.to_bytes().replace(b'"word_count":', b'"word_count":"1"', 1)
    counted = counted.replace(b'"1"' + str(article.word_count).encode(), b'"1"', 1)
    assert direct(Article, counted, ARTICLE_SCHEMA_VERSION) is None  # lax only: the general path
    assert decode_article(counted).word_count == 1
