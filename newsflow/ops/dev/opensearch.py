"""A real single-node OpenSearch for local runs and tests.

Provisioned from Maven Central with ``mvn dependency:copy`` into ``CACHE_DIR/opensearch-<v>``:
the ``integ-test-zip`` distribution (no bundled JDK: it runs on ``OPENSEARCH_JAVA_HOME`` or
``JAVA_HOME``) plus the ``analysis-common`` module jar, which that zip leaves out and which
provides the ``thai``, ``german`` and ``asciifolding`` analysis; it is installed as a module
with its plugin descriptor.

The node's state lives in ``DATA_DIR/opensearch``: ``config/`` (its own copy, with a small
``jvm.options``), ``data/``, ``logs/``, ``node.log`` and ``node.json`` (address and pid).
OpenSearch refuses to run as root and has no switch to allow it, so when we are root the
node runs as the unprivileged user ``nobody`` (``setpriv``), owning its state directory
(a copy of the distribution goes there too when nobody cannot enter the cache dir).
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import stat
import subprocess
import time
import urllib.request
import zipfile
from dataclasses import asdict, dataclass
from pathlib import Path

from newsflow.ops.dev.processes import find_free_port, pid_alive, port_open, terminate

OPENSEARCH_VERSION = "2.19.1"
DISTRIBUTION = "org.opensearch.distribution.integ-test-zip:opensearch:{v}:zip"
ANALYSIS_COMMON = "org.opensearch.plugin:analysis-common:{v}:jar"
UNPRIVILEGED_UID = 65534  # nobody
UNPRIVILEGED_GID = 65534  # nogroup

ANALYSIS_DESCRIPTOR = """\
description=Adds "built in" analyzers to OpenSearch.
version={v}
name=analysis-common
classname=org.opensearch.analysis.common.CommonAnalysisPlugin
java.version=11
opensearch.version={v}
custom.foldername=
extended.plugins=
has.native.controller=false
"""

JVM_OPTIONS = """\
-XX:+UseG1GC
-Djava.io.tmpdir=${{OPENSEARCH_TMPDIR}}
-XX:-HeapDumpOnOutOfMemoryError
-XX:ErrorFile={logs}/hs_err_pid%p.log
18-:-Djava.security.manager=allow
20-:--add-modules=jdk.incubator.vector
-Djava.util.concurrent.ForkJoinPool.common.threadFactory=org.opensearch.secure_sm.SecuredForkJoinWorkerThreadFactory
"""


class OpenSearchRuntimeError(RuntimeError):
    pass


@dataclass
class NodeState:
    url: str
    port: int
    transport_port: int
    pid: int
    log_file: str
    data_dir: str


def home_dir(cache_dir: Path) -> Path:
    return cache_dir.resolve() / f"opensearch-{OPENSEARCH_VERSION}" / f"opensearch-{OPENSEARCH_VERSION}"


def _mvn_copy(artifact: str, output: Path) -> None:
    command = ["mvn", "-q", "-B", "dependency:copy", f"-Dartifact={artifact}",
               f"-DoutputDirectory={output}"]
    try:
        result = subprocess.run(command, capture_output=True, text=True, timeout=900, cwd=output)
    except FileNotFoundError:
        raise OpenSearchRuntimeError(
            "`mvn` is not installed: install Maven (apt-get install maven) or set "
            "NEWSFLOW_OPENSEARCH_URL to a cluster you run yourself"
        ) from None
    if result.returncode != 0:
        raise OpenSearchRuntimeError(f"mvn could not resolve {artifact}:\n{result.stdout}\n{result.stderr}")


def provision(cache_dir: Path) -> Path:
    """Download and unpack the distribution and the analysis module, once; the home dir."""
    home = home_dir(cache_dir)
    marker = home.parent / ".complete"
    if marker.exists():
        return home
    downloads = home.parent / "downloads"
    downloads.mkdir(parents=True, exist_ok=True)
    _mvn_copy(DISTRIBUTION.format(v=OPENSEARCH_VERSION), downloads)
    _mvn_copy(ANALYSIS_COMMON.format(v=OPENSEARCH_VERSION), downloads)
    if home.exists():
        shutil.rmtree(home)
    with zipfile.ZipFile(downloads / f"opensearch-{OPENSEARCH_VERSION}.zip") as archive:
        archive.extractall(home.parent)
    for path in [home, *home.rglob("*")]:
        # The zip keeps no modes worth having (config is 0660): readable by all, bin/ runnable.
        executable = path.is_dir() or path.parent.name == "bin"
        path.chmod(0o755 if executable else 0o644)
    module = home / "modules" / "analysis-common"
    module.mkdir(parents=True, exist_ok=True)
    shutil.copy(downloads / f"analysis-common-{OPENSEARCH_VERSION}.jar", module)
    (module / "plugin-descriptor.properties").write_text(ANALYSIS_DESCRIPTOR.format(v=OPENSEARCH_VERSION))
    for path in module.iterdir():
        path.chmod(0o644)
    marker.write_text(OPENSEARCH_VERSION)
    return home


def java_home() -> str:
    for variable in ("OPENSEARCH_JAVA_HOME", "JAVA_HOME"):
        value = os.environ.get(variable)
        if value and (Path(value) / "bin" / "java").exists():
            return value
    java = shutil.which("java")
    if java is None:
        raise OpenSearchRuntimeError("no JDK: install one (apt-get install openjdk-17-jre-headless) "
                                     "or set OPENSEARCH_JAVA_HOME")
    return str(Path(os.path.realpath(java)).parents[1])


def _traversable_by_others(path: Path) -> Path | None:
    """The first ancestor of ``path`` that another user cannot enter, if any."""
    for ancestor in [path, *path.parents]:
        if ancestor.exists() and not ancestor.stat().st_mode & stat.S_IXOTH:
            return ancestor
    return None


def _chown_tree(path: Path) -> None:
    for item in [path, *path.rglob("*")]:
        os.chown(item, UNPRIVILEGED_UID, UNPRIVILEGED_GID, follow_symlinks=False)


def read_state(data_dir: Path) -> NodeState | None:
    path = data_dir / "opensearch" / "node.json"
    if not path.exists():
        return None
    return NodeState(**json.loads(path.read_text()))


def is_running(state: NodeState | None) -> bool:
    return state is not None and pid_alive(state.pid) and port_open("127.0.0.1", state.port)


def start(data_dir: Path, cache_dir: Path, *, timeout: float = 120.0) -> NodeState:
    """Start the node (provisioning it first if needed); wait until the cluster is usable."""
    root = (data_dir / "opensearch").resolve()
    root.mkdir(parents=True, exist_ok=True)
    state = read_state(data_dir)
    if is_running(state):
        assert state is not None
        return state
    home = provision(cache_dir)
    as_root = os.geteuid() == 0
    if as_root:
        blocked = _traversable_by_others(root)
        if blocked is not None:
            raise OpenSearchRuntimeError(
                f"OpenSearch cannot run as root, and the user nobody it runs as cannot "
                f"enter {blocked}: chmod o+x it or use a data dir (NEWSFLOW_DATA_DIR) outside it"
            )
        if _traversable_by_others(home) is not None:
            # The cache is private (e.g. a clone under /root): run a copy beside the state.
            copy = root / "distribution"
            if not (copy / "bin" / "opensearch").exists():
                shutil.rmtree(copy, ignore_errors=True)
                shutil.copytree(home, copy)
            home = copy
    config, data, logs, tmp = (root / n for n in ("config", "data", "logs", "tmp"))
    for folder in (data, logs, tmp):
        folder.mkdir(exist_ok=True)
    if config.exists():
        shutil.rmtree(config)
    shutil.copytree(home / "config", config)
    (config / "opensearch.keystore").unlink(missing_ok=True)
    (config / "jvm.options").write_text(JVM_OPTIONS.format(logs=logs))
    port, transport_port = find_free_port(), find_free_port()
    if as_root:
        _chown_tree(root)
    env = dict(os.environ)
    env.update(
        OPENSEARCH_JAVA_HOME=java_home(),
        OPENSEARCH_PATH_CONF=str(config),
        OPENSEARCH_TMPDIR=str(tmp),
        OPENSEARCH_JAVA_OPTS="-Xms512m -Xmx512m",
    )
    env.pop("JAVA_TOOL_OPTIONS", None)
    command = [
        str(home / "bin" / "opensearch"),
        "-E", "discovery.type=single-node",
        "-E", "network.host=127.0.0.1",
        "-E", f"http.port={port}",
        "-E", f"transport.port={transport_port}",
        "-E", f"path.data={data}",
        "-E", f"path.logs={logs}",
        "-E", "cluster.routing.allocation.disk.threshold_enabled=false",
    ]
    if as_root:
        command = ["setpriv", f"--reuid={UNPRIVILEGED_UID}", f"--regid={UNPRIVILEGED_GID}",
                   "--clear-groups", *command]
    log_file = root / "node.log"
    with log_file.open("ab") as log:
        process = subprocess.Popen(
            command, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
            start_new_session=True, cwd=root, env=env,
        )
    state = NodeState(url=f"http://127.0.0.1:{port}", port=port, transport_port=transport_port,
                      pid=process.pid, log_file=str(log_file), data_dir=str(root))
    _wait_ready(state, process, timeout)
    (root / "node.json").write_text(json.dumps(asdict(state), indent=2))
    return state


def _cluster_ready(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/_cluster/health?wait_for_status=yellow&timeout=1s",
                                    timeout=3) as response:
            return json.loads(response.read()).get("status") in ("yellow", "green")
    except (OSError, ValueError):
        return False


def _wait_ready(state: NodeState, process: subprocess.Popen[bytes], timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise OpenSearchRuntimeError(
                f"OpenSearch exited with code {process.returncode}; see {state.log_file}"
            )
        if port_open("127.0.0.1", state.port) and _cluster_ready(state.url):
            return
        time.sleep(0.5)
    os.killpg(process.pid, signal.SIGTERM)
    raise OpenSearchRuntimeError(f"OpenSearch was not ready within {timeout:.0f}s; see {state.log_file}")


def stop(data_dir: Path, *, timeout: float = 30.0) -> bool:
    """Stop the node cleanly (SIGTERM, then SIGKILL after ``timeout``). True if it ran."""
    state = read_state(data_dir)
    if state is None:
        return False
    ran = terminate(state.pid, timeout)
    (data_dir / "opensearch" / "node.json").unlink(missing_ok=True)
    return ran


def describe(state: NodeState | None) -> str:
    if state is None:
        return "no dev OpenSearch has been started (newsflow dev opensearch start)"
    status = "running" if is_running(state) else "stopped"
    return f"OpenSearch {OPENSEARCH_VERSION} {status}: {state.url}, pid {state.pid}, log {state.log_file}"


__all__ = ["OPENSEARCH_VERSION", "NodeState", "OpenSearchRuntimeError", "describe", "is_running",
           "provision", "read_state", "start", "stop"]
