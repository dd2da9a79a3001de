"""``RawSchema`` decodes a record as Faust's raw codecs do, without their registry."""

from __future__ import annotations

import asyncio

import faust
import pytest
from faust.types import TP, Message

from newsflow.kafka.streams import RawSchema


@pytest.mark.parametrize(("key", "value"), [(b"k", b'{"a": 1}'), (None, b"v"), (b"k", None),
                                            (b"", b""), (b"\xff\x00", b"\xc3" * 5000)])
def test_raw_schema_decodes_as_the_raw_codecs(key: bytes | None, value: bytes | None) -> None:
    app = faust.App("raw-schema-test", broker="kafka://127.0.0.1:1")
    message = Message("t", 0, 7, 0.0, 0, [("correlation_id", b"c")], key, value, None, tp=TP("t", 0))
    raw = dict(key_type=bytes, value_type=bytes, key_serializer="raw", value_serializer="raw")

    async def both() -> tuple[faust.types.EventT, faust.types.EventT]:
        ours = await RawSchema(**raw).compile(app)(message, propagate=True)
        faust_own = await faust.Schema(**raw).compile(app)(message, propagate=True)
        return ours, faust_own

    ours, faust_own = asyncio.run(both())
    assert (ours.key, ours.value, ours.headers, ours.message) == (
        faust_own.key, faust_own.value, faust_own.headers, faust_own.message)
    assert ours.key == key and ours.value == value
