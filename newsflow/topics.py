"""The topic catalogue: every topic the pipeline reads or writes, in one place.

Services create their topics from this catalogue (``newsflow.kafka.admin.ensure_topics``);
the broker runs with ``auto.create.topics.enable=false``, so a topic missing here is an
error, not a surprise.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from newsflow.settings import Settings, get_settings


class TopicName(StrEnum):
    """Logical names; the physical name adds the prefix and the major version."""

    RAW_DOCUMENTS = "documents.raw"
    ARTICLES = "articles"
    DEAD_LETTERS = "deadletter"
    FETCH_STATE = "fetch.state"


@dataclass(frozen=True)
class TopicSpec:
    logical: TopicName
    version: int
    partitions: int
    key: str
    value: str
    purpose: str
    config: dict[str, str] = field(default_factory=dict)

    def name(self, prefix: str | None = None) -> str:
        prefix = get_settings().topic_prefix if prefix is None else prefix
        return f"{prefix}.{self.logical.value}.v{self.version}"

    @property
    def compacted(self) -> bool:
        return "compact" in self.config.get("cleanup.policy", "")


SEVEN_DAYS_MS = str(7 * 24 * 3600 * 1000)
THIRTY_DAYS_MS = str(30 * 24 * 3600 * 1000)

CATALOGUE: dict[TopicName, TopicSpec] = {
    TopicName.RAW_DOCUMENTS: TopicSpec(
        logical=TopicName.RAW_DOCUMENTS,
        version=1,
        partitions=4,
        key="document_id",
        value="RawDocument",
        purpose="Documents as fetched or replayed, before parsing (seed text or HTML).",
        config={"cleanup.policy": "delete", "retention.ms": SEVEN_DAYS_MS,
                "max.message.bytes": "10485760"},
    ),
    TopicName.ARTICLES: TopicSpec(
        logical=TopicName.ARTICLES,
        version=1,
        partitions=4,
        key="article id",
        value="Article",
        purpose="Normalised, validated articles; compacted, the source of truth for indexes.",
        config={"cleanup.policy": "compact", "min.compaction.lag.ms": "60000"},
    ),
    TopicName.DEAD_LETTERS: TopicSpec(
        logical=TopicName.DEAD_LETTERS,
        version=1,
        partitions=1,
        key="the original message key",
        value="DeadLetter",
        purpose="Messages a stage could not handle, with the original bytes and the reason.",
        config={"cleanup.policy": "delete", "retention.ms": THIRTY_DAYS_MS,
                "max.message.bytes": "20971520"},
    ),
    TopicName.FETCH_STATE: TopicSpec(
        logical=TopicName.FETCH_STATE,
        version=1,
        partitions=1,
        key="canonical URL",
        value="FetchRecord",
        purpose="The fetcher's seen-URL state (validators, content hash, last fetch); compacted, "
                "read back at start-up so a restart does not refetch everything.",
        config={"cleanup.policy": "compact", "min.compaction.lag.ms": "60000"},
    ),
}


def topic_name(logical: TopicName, settings: Settings | None = None) -> str:
    prefix = settings.topic_prefix if settings is not None else None
    return CATALOGUE[logical].name(prefix)
