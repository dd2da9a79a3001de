"""The one settings object: every knob is an environment variable with a documented default.

Variables are prefixed ``NEWSFLOW_`` except ``KAFKA_BOOTSTRAP_SERVERS``, which keeps the
name every Kafka tool uses. ``docs/configuration.md`` lists them all (generated from this
class by ``newsflow config``).
"""

from __future__ import annotations

import json
import os
import tomllib
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import AliasChoices, Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


class NoBrokerError(RuntimeError):
    """Raised when no Kafka broker is configured and no dev broker is running."""


# --- where state lives: the same folders from anywhere in a checkout ------------------------


def checkout_root(start: Path | None = None) -> Path | None:
    """The newsflow checkout holding ``start`` (default: the current directory): the nearest
    folder at or above it whose ``pyproject.toml`` names the project ``newsflow``."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file():
            try:
                name = tomllib.loads(pyproject.read_text()).get("project", {}).get("name")
            except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
                continue
            if name == "newsflow":
                return folder
    return None


def _xdg(variable: str, fallback: str) -> Path:
    value = os.environ.get(variable)
    base = Path(value) if value and Path(value).is_absolute() else Path.home() / fallback
    return base / "newsflow"


def default_data_dir() -> Path:
    """``data/`` of the checkout we are in, else ``$XDG_DATA_HOME/newsflow``
    (``~/.local/share/newsflow``)."""
    root = checkout_root()
    return root / "data" if root else _xdg("XDG_DATA_HOME", ".local/share")


def default_cache_dir() -> Path:
    """``.cache/`` of the checkout we are in, else ``$XDG_CACHE_HOME/newsflow``
    (``~/.cache/newsflow``)."""
    root = checkout_root()
    return root / ".cache" if root else _xdg("XDG_CACHE_HOME", ".cache")


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
    kafka_compression_type: Literal["none", "zstd", "lz4", "snappy", "gzip"] = Field(
        default="zstd",
        description="How every producer compresses its record batches (consumers read any): "
        "zstd cuts the broker's CPU per article by about two thirds, for a few us per record "
        "in the producers.",
    )
    data_dir: Path = Field(
        default_factory=default_data_dir,
        description="Where the dev broker, logs, the embedded index and worker state live. "
        "Unset: `data/` of the checkout the command runs in (from any folder of it), outside "
        "a checkout $XDG_DATA_HOME/newsflow (~/.local/share/newsflow).",
    )
    cache_dir: Path = Field(
        default_factory=default_cache_dir,
        description="Where provisioned jars (Kafka, OpenSearch) are cached. Unset: `.cache/` "
        "of the checkout, outside one $XDG_CACHE_HOME/newsflow (~/.cache/newsflow).",
    )
    topic_prefix: str = Field(
        default="newsflow",
        description="Prefix of every topic name, e.g. `newsflow.articles.v1`.",
    )
    topic_replication_factor: int = Field(
        default=1, ge=1, description="Replication factor of topics the services create."
    )
    topic_min_insync_replicas: int | None = Field(
        default=None, ge=1,
        description="min.insync.replicas of the topics the services create when the "
        "replication factor is 2 or more. Unset: 2 (with a replication factor of 3, a write "
        "acknowledged by acks=all is on two brokers at least).",
    )
    index_path: Path | None = Field(
        default=None,
        description="SQLite FTS5 index file. Unset: DATA_DIR/index/articles.sqlite3.",
    )
    index_batch_size: int = Field(
        default=500, ge=1, description="Articles per index write batch."
    )
    index_batch_seconds: float = Field(
        default=0.1, gt=0,
        description="Longest wait before a partial index batch is written (with the parser's "
        "0.1 s, it bounds how long an article waits to become searchable).",
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
    search_port: int = Field(
        default=8400, ge=0,
        description="Port of the HTTP search API, `newsflow serve`'s or the indexer's (0: any free one).",
    )
    indexer_search_api: bool = Field(
        default=False,
        description=(
            "The indexer worker also serves the HTTP search API on SEARCH_HOST:SEARCH_PORT "
            "(`newsflow run` turns it on)."
        ),
    )

    # --- operations (issue 7): metrics, health, structured logs -------------------------
    fetcher_metrics_port: int = Field(
        default=0, ge=0, le=65535,
        description="Port of the fetcher's /metrics, /health, /ready server (0: off).",
    )
    parser_metrics_port: int = Field(
        default=0, ge=0, le=65535,
        description="Port of the parser's /metrics, /health, /ready server (0: off).",
    )
    indexer_metrics_port: int = Field(
        default=0, ge=0, le=65535,
        description="Port of the indexer's /metrics, /health, /ready server (0: off).",
    )
    metrics_bind: str = Field(
        default="127.0.0.1",
        description="Address the metrics servers listen on (0.0.0.0 in containers).",
    )
    lag_interval_seconds: float = Field(
        default=10.0, gt=0,
        description="How often a service measures its consumer lag (and Kafka readiness).",
    )
    log_format: Literal["json", "text"] = Field(
        default="json", description="json: one JSON object per line; text: for people."
    )
    # --- end operations ----------------------------------------------------------------

    service_addresses: str | None = Field(
        default=None,
        description="Where the pipeline page and `newsflow status` find each service's /health "
        "and /ready, as service=host:port pairs separated by commas (compose: "
        "fetcher=fetcher:9100,parser=parser:9100,indexer=indexer:9100). Unset: 127.0.0.1 and "
        "each service's metrics port.",
    )

    def metrics_port(self, service: str) -> int:
        """The metrics port of a service (0: off)."""
        return int(getattr(self, f"{service}_metrics_port", 0))

    def service_address(self, service: str) -> str | None:
        """host:port of ``service``'s ops server if SERVICE_ADDRESSES names it."""
        for pair in (self.service_addresses or "").split(","):
            name, _, address = pair.strip().partition("=")
            if name.strip() == service and address.strip():
                return address.strip()
        return None
    # --- fetcher: live sources (issue 5) ------------------------------------------------
    fetch_sources_path: Path | None = Field(
        default=None,
        description="The sources file (TOML). Unset: services/fetcher/sources.toml.",
    )
    fetch_follow_sources: bool = Field(
        default=False,
        description="`python -m newsflow.services.fetcher` follows the sources after replaying seeds.",
    )
    fetch_user_agent: str = Field(
        default="newsflow/0.1 (news ingestion; polite crawler)",
        description="User-Agent sent with every request and matched against robots.txt.",
    )
    fetch_allow_loopback: bool = Field(
        default=False, description="Allow requests to loopback addresses (tests only)."
    )
    fetch_allow_private: bool = Field(
        default=False,
        description="Allow requests to private, link-local and other non-public addresses.",
    )
    fetch_host_overrides: str = Field(
        default="",
        description=(
            "Resolve these names to these addresses, e.g. `nhandan.vn=127.0.0.1:8080,"
            "a.example=10.0.0.1` (tests; the address guard still checks the result)."
        ),
    )
    fetch_connect_timeout: float = Field(default=10.0, gt=0, description="Connect timeout (s).")
    fetch_read_timeout: float = Field(
        default=20.0, gt=0, description="Longest wait for the next bytes of a response (s)."
    )
    fetch_total_timeout: float = Field(default=60.0, gt=0, description="Whole request limit (s).")
    fetch_max_body_bytes: int = Field(
        default=5_000_000, ge=1, description="Larger responses are aborted while streaming."
    )
    fetch_max_redirects: int = Field(default=5, ge=0, description="Redirect hops per request.")
    fetch_max_retries: int = Field(
        default=3, ge=0, description="Retries on 5xx, 429 and connection errors."
    )
    fetch_backoff_base: float = Field(
        default=0.5, ge=0, description="First retry delay (s); doubles each retry, with jitter."
    )
    fetch_backoff_max: float = Field(
        default=60.0, ge=0, description="Longest retry delay (s), Retry-After included."
    )
    fetch_global_concurrency: int = Field(default=8, ge=1, description="Requests in flight.")
    fetch_per_host_concurrency: int = Field(
        default=2, ge=1, description="Requests in flight per host."
    )
    fetch_per_host_delay: float = Field(
        default=1.0, ge=0, description="Pause between two requests to one host (s)."
    )
    fetch_refetch_days: float = Field(
        default=3.0, ge=0,
        description="Articles first seen less than this many days ago are re-checked each poll.",
    )
    fetch_max_pages_per_round: int = Field(
        default=1000, ge=1, description="Article pages fetched per poll round, at most."
    )

    # --- reliability: delivery, batching, shutdown ---------------------------------------
    parser_batch_size: int = Field(
        default=200, ge=1,
        description="Raw documents the parser handles per batch; their offsets are committed "
        "only after every output of the batch is delivered.",
    )
    parser_batch_seconds: float = Field(
        default=0.1, gt=0, description="Longest wait before the parser handles a partial batch."
    )
    delivery_retry_seconds: float = Field(
        default=120.0, gt=0,
        description="How long a service keeps retrying to deliver a batch's output (e.g. while "
        "the broker restarts) before it exits without committing, so nothing is lost.",
    )
    sink_timeout_seconds: float = Field(
        default=120.0, gt=0,
        description="Longest a stage's sink (the index write of one batch) may take; it runs "
        "off the event loop, and past this bound the worker exits without committing.",
    )
    sink_retry_seconds: float = Field(
        default=0.0, ge=0,
        description="How long a failed index write is retried (with backoff) before the worker "
        "exits without committing; 0: for as long as it takes (the index may be down for a "
        "while: the stage reports not ready meanwhile and resumes by itself).",
    )
    sink_retry_max_delay_seconds: float = Field(
        default=15.0, gt=0, description="The longest pause between two retries of an index write.",
    )
    consumer_session_timeout_seconds: float = Field(
        default=10.0, ge=6,
        description="Consumer-group session timeout: how soon the partitions of a crashed "
        "worker move to the others.",
    )
    stream_buffer_size: int = Field(
        default=1000, ge=1,
        description="Messages a worker buffers per partition before it pauses fetching "
        "(backpressure: memory stays bounded when a stage is slow).",
    )
    consumer_fetch_bytes: int = Field(
        default=4 * 1024 * 1024, ge=1024,
        description="Most bytes a worker fetches per partition per request (a larger single "
        "message still comes through); with STREAM_BUFFER_SIZE it bounds a worker's memory. "
        "4 MiB: fewer fetch round trips than Kafka's 1 MiB default, for ~50 MiB more RSS.",
    )
    index_test_delay_seconds: float = Field(
        default=0.0, ge=0,
        description="TEST KNOB, keep 0 in production: a delay added to every index write (in "
        "the sink's thread) to simulate a slow index (backpressure and slow-sink tests).",
    )
    assignment_check_seconds: float = Field(
        default=10.0, gt=0,
        description="How often a worker checks it has partitions while its group lags; idle "
        "for three checks in a row, it exits to rejoin (see kafka/streams.watch_assignment).",
    )
    # --- end reliability -------------------------------------------------------------------

    @property
    def resolved_index_path(self) -> Path:
        return self.index_path or self.data_dir / "index" / "articles.sqlite3"

    @property
    def resolved_min_insync_replicas(self) -> int:
        chosen = self.topic_min_insync_replicas or 2
        return max(1, min(chosen, self.topic_replication_factor))

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
