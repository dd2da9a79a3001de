"""What `newsflow topics` and `newsflow status` show: topics, offsets, rates, and every
consumer group that reads our topics (ours and downstream teams'), with its members and its
lag on every partition of the topics it reads.

``collect`` talks to Kafka (read-only); ``render_*`` are pure.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import asdict, dataclass, field
from typing import Any

from aiokafka.admin import AIOKafkaAdminClient
from aiokafka.coordinator.protocol import ConsumerProtocolMemberAssignment

from newsflow.kafka.compat import describe_groups_response_fixed
from newsflow.kafka.offsets import beginning_offsets, committed_offsets, end_offsets, with_admin
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


@dataclass(frozen=True)
class GroupMember:
    member_id: str
    client_id: str
    host: str
    #: "topic:partition" of what the member is assigned (of our topics).
    assigned: tuple[str, ...] = ()


@dataclass
class GroupReport:
    group: str
    partitions: list[PartitionLag] = field(default_factory=list)
    state: str = ""
    members: list[GroupMember] = field(default_factory=list)

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
                {"group": g.group, "state": g.state, "total_lag": g.total_lag,
                 "members": [asdict(m) for m in g.members],
                 "partitions": [asdict(p) for p in g.partitions]}
                for g in self.groups
            ],
        }


async def pipeline_topics_and_groups(settings: Settings) -> tuple[list[str], list[str]]:
    """The topics of this pipeline (named with the topic prefix) and every consumer group
    on the cluster (``collect`` keeps those that read one of them)."""

    async def listed(admin: AIOKafkaAdminClient) -> tuple[list[str], list[str]]:
        topics = sorted(t for t in await admin.list_topics()
                        if t.startswith(f"{settings.topic_prefix}."))
        groups = sorted(str(g[0]) for g in await admin.list_consumer_groups())
        return topics, groups

    return await with_admin(settings, listed)


def _members(description: dict[str, Any], topics: set[str]) -> list[GroupMember]:
    members = []
    for member in description.get("members", []):
        assigned: list[str] = []
        if description.get("protocol_type") == "consumer" and member.get("member_assignment"):
            try:
                assignment = ConsumerProtocolMemberAssignment.decode(member["member_assignment"])
                assigned = [f"{tp.topic}:{tp.partition}" for tp in assignment.partitions()
                            if tp.topic in topics]
            except Exception:  # an assignment in a protocol of its own: members still shown
                assigned = []
        members.append(GroupMember(member["member_id"], member["client_id"],
                                   member["client_host"], tuple(sorted(assigned))))
    return members


async def describe_groups(settings: Settings, groups: list[str],
                          topics: set[str]) -> dict[str, tuple[str, list[GroupMember]]]:
    """{group: (state, members)} as the group coordinators describe them."""
    if not groups:
        return {}
    describe_groups_response_fixed()

    async def described(admin: AIOKafkaAdminClient) -> list[Any]:
        responses: list[Any] = await admin.describe_consumer_groups(groups)
        return responses

    result: dict[str, tuple[str, list[GroupMember]]] = {}
    for response in await with_admin(settings, described):
        for description in response.to_object().get("groups", []):
            result[description["group"]] = (description.get("state", ""),
                                             _members(description, topics))
    return result


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
    starts = await beginning_offsets(topics, settings)
    taken_at = time.time()
    rates = message_rates(before, ends, taken_at - before_at) if before is not None else {}
    reports = [TopicReport(t, len(ends.get(t, {})), ends.get(t, {}), rates.get(t)) for t in topics]
    ours = set(topics)
    described = await describe_groups(settings, groups, ours)
    group_reports = []
    for group in groups:
        committed = {t: offsets for t, offsets in (await committed_offsets(group, settings)).items()
                     if t in ours}
        state, members = described.get(group, ("", []))
        read = set(committed) | {a.rsplit(":", 1)[0] for m in members for a in m.assigned}
        if not read:
            continue  # a group of another application, on other topics
        group_reports.append(GroupReport(group, partition_lags(ends, committed, sorted(read), starts),
                                         state, members))
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
        lines.append("(no consumer group reads these topics)")
    described = [g for g in snapshot.groups if g.members or g.state]
    if described:
        lines.append("")
        lines.append(f"{'GROUP':<28} {'STATE':<12} {'CLIENT':<30} {'HOST':<18} ASSIGNED")
        for g in described:
            for m in g.members or [GroupMember("-", "(no members)", "-")]:
                lines.append(f"{g.group:<28} {g.state:<12} {m.client_id[:30]:<30} "
                             f"{m.host.lstrip('/')[:18]:<18} {' '.join(m.assigned) or '-'}")
    return "\n".join(lines)
