"""The one settings object: every knob is an environment variable with a documented default.

Variables are prefixed ``NEWSFLOW_`` except ``KAFKA_BOOTSTRAP_SERVERS``, which keeps the
name every Kafka tool uses. ``docs/configuration.md`` lists them all (generated from this
class by ``newsflow config``).
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

from pydantic import AliasChoices, Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


class NoBrokerError(RuntimeError):
    """Raised when no Kafka broker is configured and no dev broker is running."""


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="NEWSFLOW_", extra="ignore")

    kafka_bootstrap_servers: str | None = Field(
        default=None,
        validation_alias=AliasChoices("KAFKA_BOOTSTRAP_SERVERS", "NEWSFLOW_KAFKA_BOOTSTRAP_SERVERS"),
        description=(
            "Kafka bootstrap servers (host:port,...). Unset: the broker started by "
            "`newsflow dev kafka start` (its address is read from DATA_DIR/kafka/broker.json)."
        ),
    )
    kafka_security_protocol: str = Field(
        default="PLAINTEXT",
        description="PLAINTEXT, SSL, SASL_PLAINTEXT or SASL_SSL.",
    )
    kafka_sasl_mechanism: str | None = Field(
        default=None, description="SASL mechanism: PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512."
    )
    kafka_sasl_username: str | None = Field(default=None, description="SASL user name.")
    kafka_sasl_password: SecretStr | None = Field(
        default=None, description="SASL password (never logged)."
    )
    kafka_ssl_cafile: Path | None = Field(
        default=None, description="CA bundle to verify the brokers' TLS certificates."
    )
    data_dir: Path = Field(
        default=Path("data"),
        description="Where the dev broker, logs, the embedded index and worker state live.",
    )
    cache_dir: Path = Field(
        default=Path(".cache"),
        description="Where provisioned jars (Kafka, OpenSearch) are cached.",
    )
    topic_prefix: str = Field(
        default="newsflow",
        description="Prefix of every topic name, e.g. `newsflow.articles.v1`.",
    )
    topic_replication_factor: int = Field(
        default=1, ge=1, description="Replication factor of topics the services create."
    )
    index_path: Path | None = Field(
        default=None,
        description="SQLite FTS5 index file. Unset: DATA_DIR/index/articles.sqlite3.",
    )
    index_batch_size: int = Field(
        default=500, ge=1, description="Articles per index write batch."
    )
    index_batch_seconds: float = Field(
        default=0.5, gt=0, description="Longest wait before a partial index batch is written."
    )
    max_document_bytes: int = Field(
        default=5_000_000,
        ge=1,
        description="Raw documents larger than this are dead-lettered by the parser.",
    )
    parser_web_port: int = Field(
        default=0, ge=0, description="Port of the parser worker's web server (0: disabled)."
    )
    indexer_web_port: int = Field(
        default=0, ge=0, description="Port of the indexer worker's web server (0: disabled)."
    )
    log_level: str = Field(default="INFO", description="Log level of every service.")
    # --- search (issue 6): backends, HTTP search API ---------------------------------
    opensearch_url: str | None = Field(
        default=None,
        description=(
            "OpenSearch base URL (e.g. http://127.0.0.1:9200). Set: the index lives there "
            "instead of the embedded SQLite file. `newsflow dev opensearch start` prints one."
        ),
    )
    opensearch_alias: str | None = Field(
        default=None,
        description="Alias the OpenSearch index is read and written through. Unset: TOPIC_PREFIX-articles.",
    )
    opensearch_timeout: float = Field(
        default=30.0, gt=0, description="Seconds an OpenSearch request may take."
    )
    search_host: str = Field(default="127.0.0.1", description="Interface `newsflow serve` listens on.")
    search_port: int = Field(default=8400, ge=0, description="Port of `newsflow serve` (0: any free one).")

    @property
    def resolved_index_path(self) -> Path:
        return self.index_path or self.data_dir / "index" / "articles.sqlite3"

    @property
    def resolved_opensearch_alias(self) -> str:
        return self.opensearch_alias or f"{self.topic_prefix}-articles"

    @property
    def dev_kafka_dir(self) -> Path:
        return self.data_dir / "kafka"

    def bootstrap_servers(self) -> str:
        """The configured broker, else the running dev broker, else a clear error."""
        if self.kafka_bootstrap_servers:
            return self.kafka_bootstrap_servers
        state = self.dev_kafka_dir / "broker.json"
        if state.exists():
            return str(json.loads(state.read_text())["bootstrap_servers"])
        raise NoBrokerError(
            "No Kafka broker: set KAFKA_BOOTSTRAP_SERVERS or start one with "
            "`newsflow dev kafka start`."
        )


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
