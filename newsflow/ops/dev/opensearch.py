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
(a copy of the distribution goes there too when nobody cannot enter the cache dir). What
it shares with the dev Kafka broker (start, stop, state file, readiness loop) is in
``runtime.py``.
"""

from __future__ import annotations

import json
import os
import shutil
import stat
import urllib.request
import zipfile
from dataclasses import dataclass
from pathlib import Path

from newsflow.ops.dev.processes import PortsTaken, stable_ports
from newsflow.ops.dev.runtime import DevRuntime, DevRuntimeError, Launch, RuntimeState

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


class OpenSearchRuntimeError(DevRuntimeError):
    pass


@dataclass(kw_only=True)
class NodeState(RuntimeState):
    url: str
    transport_port: int


def home_dir(cache_dir: Path) -> Path:
    return cache_dir.resolve() / f"opensearch-{OPENSEARCH_VERSION}" / f"opensearch-{OPENSEARCH_VERSION}"


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


def _cluster_ready(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/_cluster/health?wait_for_status=yellow&timeout=1s",
                                    timeout=3) as response:
            return json.loads(response.read()).get("status") in ("yellow", "green")
    except (OSError, ValueError):
        return False


class OpenSearchNode(DevRuntime[NodeState]):
    state_type = NodeState
    error = OpenSearchRuntimeError
    version = OPENSEARCH_VERSION
    title = f"OpenSearch {OPENSEARCH_VERSION}"
    what = "OpenSearch"
    folder, state_file, log_name = "opensearch", "node.json", "node.log"
    not_started = "no dev OpenSearch has been started (newsflow dev opensearch start)"
    instead = "set NEWSFLOW_OPENSEARCH_URL to a cluster you run yourself"
    start_timeout, stop_timeout = 120.0, 30.0
    poll_seconds = 0.5

    def installed(self, cache_dir: Path) -> Path:
        return home_dir(cache_dir)

    def marker(self, cache_dir: Path) -> Path:
        return home_dir(cache_dir).parent / ".complete"

    def fetch(self, cache_dir: Path) -> None:
        """The distribution and the analysis module, unpacked and installed as a module."""
        home = home_dir(cache_dir)
        downloads = home.parent / "downloads"
        downloads.mkdir(parents=True, exist_ok=True)
        for artifact in (DISTRIBUTION, ANALYSIS_COMMON):
            name = artifact.format(v=OPENSEARCH_VERSION)
            self.mvn(["dependency:copy", f"-Dartifact={name}", f"-DoutputDirectory={downloads}"],
                     resolving=name, cwd=downloads)
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

    def prepare(self, home: Path, installed: Path) -> Launch[NodeState]:
        """Its own config dir; the ports of its last run if it has data, else fresh ones; as
        root, run as nobody (see the module)."""
        distribution = installed
        as_root = os.geteuid() == 0
        if as_root:
            blocked = _traversable_by_others(home)
            if blocked is not None:
                raise OpenSearchRuntimeError(
                    f"OpenSearch cannot run as root, and the user nobody it runs as cannot "
                    f"enter {blocked}: chmod o+x it or use a data dir (NEWSFLOW_DATA_DIR) outside it"
                )
            if _traversable_by_others(distribution) is not None:
                # The cache is private (e.g. a clone under /root): run a copy beside the state.
                copy = home / "distribution"
                if not (copy / "bin" / "opensearch").exists():
                    shutil.rmtree(copy, ignore_errors=True)
                    shutil.copytree(distribution, copy)
                distribution = copy
        config, data, logs, tmp = (home / n for n in ("config", "data", "logs", "tmp"))
        for folder in (data, logs, tmp):
            folder.mkdir(exist_ok=True)
        if config.exists():
            shutil.rmtree(config)
        shutil.copytree(distribution / "config", config)
        (config / "opensearch.keystore").unlink(missing_ok=True)
        (config / "jvm.options").write_text(JVM_OPTIONS.format(logs=logs))
        try:  # a restarted node keeps its address, so clients keep NEWSFLOW_OPENSEARCH_URL
            ports = stable_ports(home / "ports.json", ("port", "transport_port"),
                                 reuse=any(data.iterdir()))
        except PortsTaken as exc:
            raise OpenSearchRuntimeError(str(exc)) from None
        port, transport_port = ports["port"], ports["transport_port"]
        if as_root:
            _chown_tree(home)
        env = dict(os.environ)
        env.update(
            OPENSEARCH_JAVA_HOME=java_home(),
            OPENSEARCH_PATH_CONF=str(config),
            OPENSEARCH_TMPDIR=str(tmp),
            OPENSEARCH_JAVA_OPTS="-Xms512m -Xmx512m",
        )
        env.pop("JAVA_TOOL_OPTIONS", None)
        command = [
            str(distribution / "bin" / "opensearch"),
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
        state = NodeState(url=f"http://127.0.0.1:{port}", port=port, transport_port=transport_port,
                          pid=0, log_file=str(self.log_file(home)), data_dir=str(home))
        return Launch(command, state, env)

    def ready(self, state: NodeState, log_offset: int) -> bool:
        return _cluster_ready(state.url)

    def address(self, state: NodeState) -> str:
        return state.url


NODE = OpenSearchNode()
provision = NODE.provision
read_state = NODE.read_state
is_running = NODE.is_running
start = NODE.start
stop = NODE.stop
describe = NODE.describe


__all__ = ["NODE", "OPENSEARCH_VERSION", "NodeState", "OpenSearchRuntimeError", "describe",
           "is_running", "provision", "read_state", "start", "stop"]
