"""Producer batch compression: the setting reaches every producer (aiokafka's and Faust's),
and the codec it names is installed, so a batch compresses and reads back as it was."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from aiokafka import AIOKafkaProducer
from aiokafka.record.default_records import DefaultRecordBatch, DefaultRecordBatchBuilder

from newsflow.kafka.producer import compression_type, make_producer
from newsflow.settings import Settings


def settings_with(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, value: str | None) -> Settings:
    monkeypatch.setenv("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9")
    monkeypatch.setenv("NEWSFLOW_DATA_DIR", str(tmp_path))
    if value is None:
        monkeypatch.delenv("NEWSFLOW_KAFKA_COMPRESSION_TYPE", raising=False)
    else:
        monkeypatch.setenv("NEWSFLOW_KAFKA_COMPRESSION_TYPE", value)
    return Settings()


@pytest.mark.parametrize(("value", "expected"), [(None, "zstd"), ("none", None), ("lz4", "lz4")])
def test_every_producer_gets_the_configured_compression(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, value: str | None, expected: str | None
) -> None:
    from newsflow.kafka.streams import make_app

    settings = settings_with(monkeypatch, tmp_path, value)
    assert compression_type(settings) == expected

    async def producer_compression() -> str | None:
        producer = make_producer(settings)  # raises when the codec's library is missing
        kind: str | None = producer._compression_type
        return kind

    assert asyncio.run(producer_compression()) == expected
    app = make_app("parser", settings=settings)
    assert app.conf.producer_compression_type == expected
    # A fetch is bounded in compressed bytes: the records taken from it per call are bounded too.
    assert app.conf.broker_max_poll_records == settings.stream_buffer_size


def test_an_unknown_codec_is_refused(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="kafka_compression_type"):
        settings_with(monkeypatch, tmp_path, "brotli")


@pytest.mark.parametrize("codec", ["zstd", "lz4", "snappy"])
def test_a_compressed_batch_reads_back_as_it_was(codec: str) -> None:
    attributes = AIOKafkaProducer._COMPRESSORS[codec][1]
    values = [f"article {i}: Bundesnetzagentur, Hải Phòng, ไฮฟอง".encode() * 40 for i in range(50)]
    builder = DefaultRecordBatchBuilder(magic=2, compression_type=attributes, is_transactional=0,
                                        producer_id=-1, producer_epoch=-1, base_sequence=-1,
                                        batch_size=1 << 20)
    for offset, value in enumerate(values):
        builder.append(offset, timestamp=None, key=str(offset).encode(), value=value,
                       headers=[("event_type", b"article")])
    data = builder.build()
    assert len(data) < sum(map(len, values)) / 4
    records = list(DefaultRecordBatch(bytes(data)))
    assert [r.value for r in records] == values
    assert [r.key for r in records] == [str(i).encode() for i in range(50)]
    assert all(r.headers == [("event_type", b"article")] for r in records)
