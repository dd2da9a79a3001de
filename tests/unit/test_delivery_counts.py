"""What the delivery path counts once a batch's records are acknowledged: records per topic,
dead letters by error class, and the trail's log lines with each record's correlation id."""

from __future__ import annotations

import logging

import pytest

from newsflow.headers import event_headers
from newsflow.kafka.delivery import Output, record_delivered
from newsflow.observability import metrics
from newsflow.settings import Settings
from newsflow.topics import TopicName, topic_name


def sample(name: str, **labels: str) -> float:
    return metrics.REGISTRY.get_sample_value(name, labels) or 0.0


def test_a_batch_is_counted_per_topic_and_each_dead_letter_by_its_class(
        caplog: pytest.LogCaptureFixture) -> None:
    settings = Settings(topic_prefix="unit-delivered")
    articles = topic_name(TopicName.ARTICLES, settings)
    records = [Output(TopicName.ARTICLES, b"a", b"{}", event_headers("Article", 1, "p", "d1"), "d1"),
               Output(TopicName.ARTICLES, b"b", b"{}", event_headers("Article", 1, "p", "d2"), "d2"),
               Output(TopicName.DEAD_LETTERS, b"c", b'{"error_class": "unit_class"}',
                      event_headers("DeadLetter", 1, "p", "d3"), "d3")]
    with caplog.at_level(logging.INFO, logger="newsflow.pipeline"):
        record_delivered("unit-delivered", records,
                         {t: topic_name(t, settings) for t in (TopicName.ARTICLES, TopicName.DEAD_LETTERS)})
    assert sample("newsflow_messages_produced_total", service="unit-delivered", topic=articles) == 2
    assert sample("newsflow_messages_produced_total", service="unit-delivered",
                  topic=topic_name(TopicName.DEAD_LETTERS, settings)) == 1
    assert sample("newsflow_dead_letters_total", service="unit-delivered",
                  error_class="unit_class") == 1
    lines = [(r.message, getattr(r, "correlation_id", None)) for r in caplog.records]
    assert lines == [("produced", "d1"), ("produced", "d2"), ("dead-lettered", "d3")]
