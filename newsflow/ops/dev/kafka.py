"""A real single-node Apache Kafka broker (KRaft) for local runs and tests.

The jars come from Maven Central through ``mvn`` (``kafka-pom.xml`` beside this file) into
``CACHE_DIR/kafka-<version>/libs``; the broker's state lives in ``DATA_DIR/kafka``:
``server.properties``, ``logs/`` (the KRaft log dir), ``broker.log`` (what the broker says)
and ``broker.json`` (its address and pid, read by every newsflow command). What it shares
with the dev OpenSearch (start, stop, state file, readiness loop) is in ``runtime.py``.
"""

from __future__ import annotations

import base64
import os
import subprocess
import uuid
from dataclasses import dataclass
from pathlib import Path

from newsflow.ops.dev.processes import PortsTaken, stable_ports
from newsflow.ops.dev.runtime import DevRuntime, DevRuntimeError, Launch, RuntimeState

KAFKA_VERSION = "3.9.1"
POM = Path(__file__).with_name("kafka-pom.xml")


class KafkaRuntimeError(DevRuntimeError):
    pass


@dataclass(kw_only=True)
class BrokerState(RuntimeState):
    bootstrap_servers: str
    controller_port: int


def libs_dir(cache_dir: Path) -> Path:
    return cache_dir.resolve() / f"kafka-{KAFKA_VERSION}" / "libs"


def _java() -> str:
    java_home = os.environ.get("JAVA_HOME")
    if java_home and (Path(java_home) / "bin" / "java").exists():
        return str(Path(java_home) / "bin" / "java")
    return "java"


def cluster_id() -> str:
    """A random KRaft cluster id (22 characters of URL-safe base64).

    Kafka's own generator avoids a leading "-" for the same reason: the storage tool's
    argument parser would take "-..." for an option.
    """
    while True:
        candidate = base64.urlsafe_b64encode(uuid.uuid4().bytes).decode("ascii").rstrip("=")
        if candidate[0].isalnum():
            return candidate


@dataclass(frozen=True)
class ClusterMember:
    """One node of a multi-node dev cluster (``cluster.py``): its id and ports, the quorum's
    voters and the cluster id all nodes are formatted with."""

    node_id: int
    port: int
    controller_port: int
    voters: str
    cluster_id: str
    replication: int


def _server_properties(log_dirs: Path, port: int, controller_port: int,
                       member: ClusterMember | None = None) -> str:
    node_id = member.node_id if member else 1
    voters = member.voters if member else f"1@127.0.0.1:{controller_port}"
    replication = member.replication if member else 1
    settings = {
        "process.roles": "broker,controller",
        "node.id": str(node_id),
        "listeners": f"PLAINTEXT://127.0.0.1:{port},CONTROLLER://127.0.0.1:{controller_port}",
        "advertised.listeners": f"PLAINTEXT://127.0.0.1:{port}",
        "controller.listener.names": "CONTROLLER",
        "inter.broker.listener.name": "PLAINTEXT",
        "listener.security.protocol.map": "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
        "controller.quorum.voters": voters,
        "offsets.topic.replication.factor": str(replication),
        "offsets.topic.num.partitions": "4",
        "transaction.state.log.replication.factor": str(replication),
        "transaction.state.log.min.isr": str(min(2, replication)),
        "default.replication.factor": str(replication),
        "min.insync.replicas": str(min(2, replication)),
        "group.initial.rebalance.delay.ms": "0",
        "auto.create.topics.enable": "false",
        "num.partitions": "1",
        "message.max.bytes": "20971520",
        "replica.fetch.max.bytes": "20971520",
        "log.dirs": str(log_dirs),
        "log.cleaner.backoff.ms": "5000",
    }
    return "".join(f"{k}={v}\n" for k, v in settings.items())


LOG4J = """\
log4j.rootLogger=INFO, stdout
log4j.appender.stdout=org.apache.log4j.ConsoleAppender
log4j.appender.stdout.layout=org.apache.log4j.PatternLayout
log4j.appender.stdout.layout.ConversionPattern=[%d] %p %m (%c)%n
log4j.logger.kafka=INFO
log4j.logger.org.apache.kafka=INFO
log4j.logger.kafka.request.logger=WARN
log4j.logger.state.change.logger=WARN
"""


class KafkaBroker(DevRuntime[BrokerState]):
    state_type = BrokerState
    error = KafkaRuntimeError
    version = KAFKA_VERSION
    title = f"Kafka {KAFKA_VERSION} (KRaft)"
    what = "the broker"
    folder, state_file, log_name = "kafka", "broker.json", "broker.log"
    not_started = "no dev broker has been started (newsflow dev kafka start)"
    instead = "set KAFKA_BOOTSTRAP_SERVERS to a broker you run yourself"
    start_timeout, stop_timeout = 90.0, 25.0

    def __init__(self, member: ClusterMember | None = None) -> None:
        #: None: the single-node broker; else one node of a cluster (``cluster.py``).
        self.member = member
        if member is not None:
            self.folder = f"kafka-cluster/node-{member.node_id}"
            self.what = f"broker {member.node_id}"

    def installed(self, cache_dir: Path) -> Path:
        return libs_dir(cache_dir)

    def fetch(self, cache_dir: Path) -> None:
        libs = libs_dir(cache_dir)
        libs.mkdir(parents=True, exist_ok=True)
        self.mvn(["-f", str(POM), "dependency:copy-dependencies", f"-DoutputDirectory={libs}"],
                 resolving=f"Kafka {KAFKA_VERSION}")

    def prepare(self, home: Path, installed: Path) -> Launch[BrokerState]:
        """A stopped broker restarts on the same ports with the same log dir, so its topics
        survive; a new one is formatted first."""
        log_dirs = home / "logs"
        member = self.member
        if member is not None:
            port, controller_port = member.port, member.controller_port
        else:
            try:
                ports = stable_ports(home / "ports.json", ("port", "controller_port"),
                                     reuse=(log_dirs / "meta.properties").exists())
            except PortsTaken as exc:
                raise KafkaRuntimeError(str(exc)) from None
            port, controller_port = ports["port"], ports["controller_port"]
        properties = home / "server.properties"
        properties.write_text(_server_properties(log_dirs, port, controller_port, member))
        (home / "log4j.properties").write_text(LOG4J)
        jvm = [
            _java(), "-Xms256m", "-Xmx512m", "-XX:+UseG1GC", "-Djava.awt.headless=true",
            f"-Dlog4j.configuration=file:{home / 'log4j.properties'}",
            "-cp", f"{installed}/*",
        ]
        if not (log_dirs / "meta.properties").exists():
            formatted = subprocess.run(
                [*jvm, "kafka.tools.StorageTool", "format", "--ignore-formatted",
                 f"--cluster-id={member.cluster_id if member else cluster_id()}",
                 "-c", str(properties)],
                capture_output=True, text=True, timeout=120,
            )
            if formatted.returncode != 0:
                raise KafkaRuntimeError(f"formatting the KRaft log dir failed:\n{formatted.stderr}")
        state = BrokerState(bootstrap_servers=f"127.0.0.1:{port}", port=port,
                            controller_port=controller_port, pid=0,
                            log_file=str(self.log_file(home)), data_dir=str(home))
        return Launch([*jvm, "kafka.Kafka", str(properties)], state)

    def ready(self, state: BrokerState, log_offset: int) -> bool:
        with Path(state.log_file).open("rb") as log:
            log.seek(log_offset)
            return b"Kafka Server started" in log.read()

    def address(self, state: BrokerState) -> str:
        return f"bootstrap {state.bootstrap_servers}"


BROKER = KafkaBroker()
provision = BROKER.provision
read_state = BROKER.read_state
is_running = BROKER.is_running
start = BROKER.start
stop = BROKER.stop
kill = BROKER.kill
describe = BROKER.describe


__all__ = [
    "BROKER",
    "KAFKA_VERSION",
    "BrokerState",
    "ClusterMember",
    "KafkaRuntimeError",
    "describe",
    "is_running",
    "kill",
    "provision",
    "read_state",
    "start",
    "stop",
]
