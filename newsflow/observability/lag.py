"""Consumer lag and message rates from offsets (pure: numbers in, numbers out)."""

from __future__ import annotations

from dataclasses import dataclass

Offsets = dict[str, dict[int, int]]  # {topic: {partition: offset}}


@dataclass(frozen=True)
class PartitionLag:
    topic: str
    partition: int
    end_offset: int
    committed: int | None  # None: the group has never committed on this partition
    lag: int | None  # None when nothing is committed, as Kafka's own tool prints "-"


def partition_lags(ends: Offsets, committed: Offsets, topics: list[str] | None = None,
                   starts: Offsets | None = None) -> list[PartitionLag]:
    """Lag of a group on every partition of ``topics``; without ``topics``, on the partitions
    it committed on (what ``kafka-consumer-groups --describe`` lists for a group with no
    active member).

    Lag is end offset minus committed offset, never negative. A partition the group has
    not committed on has no committed offset (``None``, Kafka's tool prints "-"); with
    ``starts`` (the log start offsets) its lag is the whole backlog, end minus start (a
    group starting from the earliest offset has all of it to read), else ``None``.
    """
    every_partition = topics is not None
    topics = sorted(committed) if topics is None else topics
    rows: list[PartitionLag] = []
    for topic in topics:
        topic_ends = ends.get(topic, {})
        topic_commits = committed.get(topic, {})
        partitions = set(topic_commits) | (set(topic_ends) if every_partition else set())
        for partition in sorted(partitions):
            end = topic_ends.get(partition, 0)
            commit = topic_commits.get(partition)
            if commit is not None:
                lag: int | None = max(0, end - commit)
            elif starts is not None:
                lag = max(0, end - starts.get(topic, {}).get(partition, 0))
            else:
                lag = None
            rows.append(PartitionLag(topic, partition, end, commit, lag))
    return rows


def lag_for_gauge(rows: list[PartitionLag]) -> dict[tuple[str, int], int]:
    """Lag per (topic, partition) for a gauge: an uncommitted partition counts its whole log
    (the group starts from the earliest offset)."""
    return {(r.topic, r.partition): r.end_offset if r.lag is None else r.lag for r in rows}


def message_rates(before: Offsets, after: Offsets, seconds: float) -> dict[str, float]:
    """Messages per second appended to each topic between two end-offset samples."""
    if seconds <= 0:
        return {topic: 0.0 for topic in after}
    rates: dict[str, float] = {}
    for topic, partitions in after.items():
        earlier = before.get(topic, {})
        grown = sum(max(0, end - earlier.get(p, end)) for p, end in partitions.items())
        rates[topic] = grown / seconds
    return rates
