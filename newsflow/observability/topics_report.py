"""What `newsflow topics` and `newsflow status` show: topics, offsets, rates, group lag.

``collect`` talks to Kafka (read-only); ``render_*`` are pure.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import asdict, dataclass, field

from aiokafka.admin import AIOKafkaAdminClient

from newsflow.kafka.config import client_config
from newsflow.kafka.offsets import committed_offsets, end_offsets
from newsflow.observability.lag import Offsets, PartitionLag, message_rates, partition_lags
from newsflow.settings import Settings


@dataclass
class TopicReport:
    topic: str
    partitions: int
    end_offsets: dict[int, int]
    rate_per_second: float | None  # None until two samples exist

    @property
    def messages(self) -> int:
        return sum(self.end_offsets.values())


@dataclass
class GroupReport:
    group: str
    partitions: list[PartitionLag] = field(default_factory=list)

    @property
    def total_lag(self) -> int:
        return sum(p.lag or 0 for p in self.partitions)


@dataclass
class TopicsSnapshot:
    taken_at: float
    topics: list[TopicReport]
    groups: list[GroupReport]

    def as_json(self) -> dict[str, object]:
        return {
            "taken_at": self.taken_at,
            "topics": [
                {"topic": t.topic, "partitions": t.partitions, "messages": t.messages,
                 "rate_per_second": t.rate_per_second,
                 "end_offsets": {str(p): o for p, o in sorted(t.end_offsets.items())}}
                for t in self.topics
            ],
            "groups": [
                {"group": g.group, "total_lag": g.total_lag,
                 "partitions": [asdict(p) for p in g.partitions]}
                for g in self.groups
            ],
        }


async def pipeline_topics_and_groups(settings: Settings) -> tuple[list[str], list[str]]:
    """The topics and consumer groups of this pipeline (those named with the topic prefix)."""
    admin = AIOKafkaAdminClient(**client_config(settings))
    await admin.start()
    try:
        topics = sorted(t for t in await admin.list_topics()
                        if t.startswith(f"{settings.topic_prefix}."))
        groups = sorted(str(g[0]) for g in await admin.list_consumer_groups()
                        if str(g[0]).startswith(f"{settings.topic_prefix}-"))
    finally:
        await admin.close()
    return topics, groups


async def collect(settings: Settings, previous: TopicsSnapshot | None = None,
                  sample_seconds: float = 0.0) -> TopicsSnapshot:
    """A snapshot; rates come from ``previous`` or from a second sample ``sample_seconds`` on."""
    topics, groups = await pipeline_topics_and_groups(settings)
    before: Offsets | None = None
    before_at = 0.0
    if previous is not None:
        before = {t.topic: t.end_offsets for t in previous.topics}
        before_at = previous.taken_at
    elif sample_seconds > 0:
        before, before_at = await end_offsets(topics, settings), time.time()
        await asyncio.sleep(sample_seconds)
    ends = await end_offsets(topics, settings)
    taken_at = time.time()
    rates = message_rates(before, ends, taken_at - before_at) if before is not None else {}
    reports = [TopicReport(t, len(ends.get(t, {})), ends.get(t, {}), rates.get(t)) for t in topics]
    group_reports = []
    for group in groups:
        committed = await committed_offsets(group, settings)
        group_reports.append(GroupReport(group, partition_lags(ends, committed)))
    return TopicsSnapshot(taken_at, reports, group_reports)


def render_text(snapshot: TopicsSnapshot) -> str:
    lines = [f"{'TOPIC':<40} {'PARTS':>5} {'MESSAGES':>10} {'RATE/s':>8}  END OFFSETS"]
    for t in snapshot.topics:
        rate = "-" if t.rate_per_second is None else f"{t.rate_per_second:.1f}"
        ends = " ".join(f"{p}:{o}" for p, o in sorted(t.end_offsets.items()))
        lines.append(f"{t.topic:<40} {t.partitions:>5} {t.messages:>10} {rate:>8}  {ends}")
    if not snapshot.topics:
        lines.append("(no topics with this prefix)")
    lines.append("")
    lines.append(f"{'GROUP':<28} {'TOPIC':<40} {'PART':>4} {'COMMITTED':>10} {'END':>10} {'LAG':>8}")
    for g in snapshot.groups:
        for p in g.partitions:
            committed = "-" if p.committed is None else str(p.committed)
            lag = "-" if p.lag is None else str(p.lag)
            lines.append(f"{g.group:<28} {p.topic:<40} {p.partition:>4} {committed:>10} "
                         f"{p.end_offset:>10} {lag:>8}")
    if not snapshot.groups:
        lines.append("(no consumer groups with this prefix)")
    return "\n".join(lines)
