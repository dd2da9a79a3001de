"""A real single-node Apache Kafka broker (KRaft) for local runs and tests.

The jars come from Maven Central through ``mvn`` (``kafka-pom.xml`` beside this file) into
``CACHE_DIR/kafka-<version>/libs``; the broker's state lives in ``DATA_DIR/kafka``:
``server.properties``, ``logs/`` (the KRaft log dir), ``broker.log`` (what the broker says)
and ``broker.json`` (its address and pid, read by every newsflow command).
"""

from __future__ import annotations

import base64
import json
import os
import signal
import subprocess
import time
import uuid
from dataclasses import asdict, dataclass
from pathlib import Path

from newsflow.ops.dev.processes import find_free_port, pid_alive, port_open, terminate, wait_for_exit

KAFKA_VERSION = "3.9.1"
POM = Path(__file__).with_name("kafka-pom.xml")


class KafkaRuntimeError(RuntimeError):
    pass


@dataclass
class BrokerState:
    bootstrap_servers: str
    port: int
    controller_port: int
    pid: int
    log_file: str
    data_dir: str


def libs_dir(cache_dir: Path) -> Path:
    return cache_dir.resolve() / f"kafka-{KAFKA_VERSION}" / "libs"


def provision(cache_dir: Path) -> Path:
    """Resolve the broker's jars with Maven, once; return the folder holding them."""
    libs = libs_dir(cache_dir)
    marker = libs / ".complete"
    if marker.exists():
        return libs
    libs.mkdir(parents=True, exist_ok=True)
    command = [
        "mvn", "-q", "-B", "-f", str(POM),
        "dependency:copy-dependencies", f"-DoutputDirectory={libs}",
    ]
    try:
        result = subprocess.run(command, capture_output=True, text=True, timeout=900)
    except FileNotFoundError:
        raise KafkaRuntimeError(
            "`mvn` is not installed: install Maven (apt-get install maven) or set "
            "KAFKA_BOOTSTRAP_SERVERS to a broker you run yourself"
        ) from None
    if result.returncode != 0:
        raise KafkaRuntimeError(
            f"mvn could not resolve Kafka {KAFKA_VERSION}:\n{result.stdout}\n{result.stderr}"
        )
    marker.write_text(KAFKA_VERSION)
    return libs


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


def _server_properties(log_dirs: Path, port: int, controller_port: int) -> str:
    settings = {
        "process.roles": "broker,controller",
        "node.id": "1",
        "listeners": f"PLAINTEXT://127.0.0.1:{port},CONTROLLER://127.0.0.1:{controller_port}",
        "advertised.listeners": f"PLAINTEXT://127.0.0.1:{port}",
        "controller.listener.names": "CONTROLLER",
        "inter.broker.listener.name": "PLAINTEXT",
        "listener.security.protocol.map": "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
        "controller.quorum.voters": f"1@127.0.0.1:{controller_port}",
        "offsets.topic.replication.factor": "1",
        "offsets.topic.num.partitions": "4",
        "transaction.state.log.replication.factor": "1",
        "transaction.state.log.min.isr": "1",
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


def read_state(data_dir: Path) -> BrokerState | None:
    path = data_dir / "kafka" / "broker.json"
    if not path.exists():
        return None
    return BrokerState(**json.loads(path.read_text()))


def is_running(state: BrokerState | None) -> bool:
    return state is not None and pid_alive(state.pid) and port_open("127.0.0.1", state.port)


def start(data_dir: Path, cache_dir: Path, *, timeout: float = 90.0) -> BrokerState:
    """Start the broker (provisioning and formatting it first if needed); wait until ready.

    A broker already running for this data dir is returned as it is. A stopped one is
    restarted on the same ports with the same log dir, so its topics survive.
    """
    home = (data_dir / "kafka").resolve()
    home.mkdir(parents=True, exist_ok=True)
    state = read_state(data_dir)
    if is_running(state):
        assert state is not None
        return state
    libs = provision(cache_dir)
    classpath = f"{libs}/*"
    log_dirs = home / "logs"
    ports_file = home / "ports.json"
    if ports_file.exists() and (log_dirs / "meta.properties").exists():
        ports = json.loads(ports_file.read_text())
        port, controller_port = int(ports["port"]), int(ports["controller_port"])
        if port_open("127.0.0.1", port) or port_open("127.0.0.1", controller_port):
            raise KafkaRuntimeError(
                f"ports {port}/{controller_port} of the stopped broker are taken by another "
                f"process; remove {home} to start afresh on new ports"
            )
    else:
        port, controller_port = find_free_port(), find_free_port()
        ports_file.write_text(json.dumps({"port": port, "controller_port": controller_port}))
    properties = home / "server.properties"
    properties.write_text(_server_properties(log_dirs, port, controller_port))
    (home / "log4j.properties").write_text(LOG4J)
    java = _java()
    jvm = [
        java, "-Xms256m", "-Xmx512m", "-XX:+UseG1GC", "-Djava.awt.headless=true",
        f"-Dlog4j.configuration=file:{home / 'log4j.properties'}",
        "-cp", classpath,
    ]
    log_file = home / "broker.log"
    if not (log_dirs / "meta.properties").exists():
        formatted = subprocess.run(
            [*jvm, "kafka.tools.StorageTool", "format", "--ignore-formatted",
             f"--cluster-id={cluster_id()}", "-c", str(properties)],
            capture_output=True, text=True, timeout=120,
        )
        if formatted.returncode != 0:
            raise KafkaRuntimeError(f"formatting the KRaft log dir failed:\n{formatted.stderr}")
    with log_file.open("ab") as log:
        process = subprocess.Popen(
            [*jvm, "kafka.Kafka", str(properties)],
            stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
            start_new_session=True, cwd=home,
        )
    state = BrokerState(
        bootstrap_servers=f"127.0.0.1:{port}",
        port=port,
        controller_port=controller_port,
        pid=process.pid,
        log_file=str(log_file),
        data_dir=str(home),
    )
    _wait_ready(state, process, timeout)
    (home / "broker.json").write_text(json.dumps(asdict(state), indent=2))
    return state


def _wait_ready(state: BrokerState, process: subprocess.Popen[bytes], timeout: float) -> None:
    deadline = time.monotonic() + timeout
    log = Path(state.log_file)
    offset = log.stat().st_size if log.exists() else 0
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise KafkaRuntimeError(
                f"the broker exited with code {process.returncode}; see {state.log_file}"
            )
        if port_open("127.0.0.1", state.port):
            with log.open("rb") as handle:
                handle.seek(offset)
                if b"Kafka Server started" in handle.read():
                    return
        time.sleep(0.25)
    process.terminate()
    raise KafkaRuntimeError(f"the broker was not ready within {timeout:.0f}s; see {state.log_file}")


def stop(data_dir: Path, *, timeout: float = 25.0) -> bool:
    """Stop the broker cleanly (SIGTERM, then SIGKILL after ``timeout``). True if it ran."""
    state = read_state(data_dir)
    if state is None:
        return False
    ran = terminate(state.pid, timeout)
    (data_dir / "kafka" / "broker.json").unlink(missing_ok=True)
    return ran


def kill(data_dir: Path) -> None:
    """SIGKILL the broker (for failure tests): its state stays for a restart."""
    state = read_state(data_dir)
    if state is not None and pid_alive(state.pid):
        os.kill(state.pid, signal.SIGKILL)
        wait_for_exit(state.pid, 10.0)


def describe(state: BrokerState | None) -> str:
    if state is None:
        return "no dev broker has been started (newsflow dev kafka start)"
    status = "running" if is_running(state) else "stopped"
    return (
        f"Kafka {KAFKA_VERSION} (KRaft) {status}: bootstrap {state.bootstrap_servers}, "
        f"pid {state.pid}, log {state.log_file}"
    )


__all__ = [
    "KAFKA_VERSION",
    "BrokerState",
    "KafkaRuntimeError",
    "describe",
    "is_running",
    "kill",
    "provision",
    "read_state",
    "start",
    "stop",
]
