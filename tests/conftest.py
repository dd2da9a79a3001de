"""Shared fixtures. Integration tests run on a real Apache Kafka broker that this fixture
provisions (Maven) and starts once per session, unless KAFKA_BOOTSTRAP_SERVERS names one."""

from __future__ import annotations

import os
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import settings as hypothesis_settings

from newsflow.ops.dev import kafka as dev_kafka
from newsflow.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"

# Property tests explore new random examples on every run ("explore", the default), so a
# developer's runs keep finding new cases. CI (.ci/run) selects "ci": the examples derive
# from each test's own code, so a red build is reproducible and a green one does not turn
# red on the next push without a change. A case found locally is fixed and kept as an
# explicit @example.
hypothesis_settings.register_profile("explore", print_blob=True)
hypothesis_settings.register_profile("ci", derandomize=True, print_blob=True)
hypothesis_settings.load_profile(os.environ.get("NEWSFLOW_HYPOTHESIS_PROFILE", "explore"))


@pytest.fixture(scope="session")
def kafka_bootstrap(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    configured = os.environ.get("KAFKA_BOOTSTRAP_SERVERS")
    if configured:
        yield configured
        return
    data_dir = tmp_path_factory.mktemp("kafka-broker")
    cache_dir = Path(os.environ.get("NEWSFLOW_CACHE_DIR", ROOT / ".cache"))
    state = dev_kafka.start(data_dir, cache_dir)
    try:
        yield state.bootstrap_servers
    finally:
        dev_kafka.stop(data_dir)


@pytest.fixture
def pipeline_settings(tmp_path: Path, kafka_bootstrap: str) -> Settings:
    """Settings of an isolated pipeline: its own topic prefix and data dir on the broker."""
    return Settings(
        kafka_bootstrap_servers=kafka_bootstrap,
        data_dir=tmp_path / "data",
        topic_prefix=f"t{uuid.uuid4().hex[:10]}",
        index_batch_seconds=0.2,
    )


@pytest.fixture
def pipeline_env(pipeline_settings: Settings) -> dict[str, str]:
    """The environment a service process needs to join that isolated pipeline."""
    env = dict(os.environ)
    env.update(
        KAFKA_BOOTSTRAP_SERVERS=pipeline_settings.bootstrap_servers(),
        NEWSFLOW_DATA_DIR=str(pipeline_settings.data_dir),
        NEWSFLOW_TOPIC_PREFIX=pipeline_settings.topic_prefix,
        NEWSFLOW_INDEX_BATCH_SECONDS=str(pipeline_settings.index_batch_seconds),
        PYTHONPATH=str(ROOT),
    )
    return env


# --- search (issue 6): a real OpenSearch node, started once per session -------------------


@dataclass(frozen=True)
class DevNode:
    """The session's OpenSearch node."""

    url: str
    #: Where its state lives; None for a node of NEWSFLOW_TEST_OPENSEARCH_URL (not ours to stop).
    data_dir: Path | None
    #: How long its start took (the outage test begins its restart that much early).
    boot_seconds: float


@pytest.fixture(scope="session")
def opensearch_node() -> Iterator[DevNode]:
    """NEWSFLOW_TEST_OPENSEARCH_URL if set, else a node provisioned from Maven Central.

    Its state lives in a fresh directory under /tmp that others may enter: when the tests
    run as root the node runs as ``nobody`` (OpenSearch refuses root), and pytest's own
    tmp dirs are private to root. The outage test stops and restarts this node and leaves
    it running (it had a node of its own, booted twice: 20-55 s each on a loaded host).
    """
    configured = os.environ.get("NEWSFLOW_TEST_OPENSEARCH_URL")
    if configured:
        yield DevNode(configured, None, 0.0)
        return
    import shutil
    import tempfile

    from newsflow.ops.dev import opensearch as dev_opensearch

    data_dir = Path(tempfile.mkdtemp(prefix="newsflow-opensearch-"))
    data_dir.chmod(0o755)
    cache_dir = Path(os.environ.get("NEWSFLOW_CACHE_DIR", ROOT / ".cache"))
    began = time.monotonic()
    try:
        state = dev_opensearch.start(data_dir, cache_dir)
        yield DevNode(state.url, data_dir, time.monotonic() - began)
    finally:
        dev_opensearch.stop(data_dir)
        shutil.rmtree(data_dir, ignore_errors=True)


@pytest.fixture(scope="session")
def opensearch_url(opensearch_node: DevNode) -> str:
    return opensearch_node.url
