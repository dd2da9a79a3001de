"""A replicated dev Kafka cluster: N nodes (3 by default), each broker and KRaft controller,
on loopback ports, for the failure tests and for trying the pipeline as users who outgrow
one machine run it (topics with replication factor 3 and ``min.insync.replicas`` 2).

State lives in ``DATA_DIR/kafka-cluster``: ``cluster.json`` (the cluster id and every
node's ports, kept across restarts so that clients keep their bootstrap list) and one
folder per node, each run by the single-broker runtime (``kafka.KafkaBroker``) configured
as a member of the quorum.
"""

from __future__ import annotations

import json
import subprocess
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from newsflow.ops.dev.kafka import BrokerState, ClusterMember, KafkaBroker, _java, cluster_id, libs_dir
from newsflow.ops.dev.processes import find_free_port

FOLDER = "kafka-cluster"


class KafkaCluster:
    def __init__(self, data_dir: Path, cache_dir: Path, brokers: int = 3) -> None:
        if brokers < 1:
            raise ValueError("a cluster has at least one node")
        self.data_dir, self.cache_dir = data_dir, cache_dir
        self.home = data_dir / FOLDER
        self.nodes = {member.node_id: KafkaBroker(member) for member in self._members(brokers)}

    def _members(self, brokers: int) -> list[ClusterMember]:
        self.home.mkdir(parents=True, exist_ok=True)
        layout_file = self.home / "cluster.json"
        layout = json.loads(layout_file.read_text()) if layout_file.exists() else None
        if layout is None or len(layout["nodes"]) != brokers:
            layout = {"cluster_id": cluster_id(),
                      "nodes": [{"port": find_free_port(), "controller_port": find_free_port()}
                                for _ in range(brokers)]}
            layout_file.write_text(json.dumps(layout, indent=2))
        voters = ",".join(f"{n}@127.0.0.1:{node['controller_port']}"
                          for n, node in enumerate(layout["nodes"], start=1))
        replication = min(3, brokers)
        return [ClusterMember(node_id=n, port=node["port"], controller_port=node["controller_port"],
                              voters=voters, cluster_id=layout["cluster_id"], replication=replication)
                for n, node in enumerate(layout["nodes"], start=1)]

    @property
    def bootstrap_servers(self) -> str:
        return ",".join(f"127.0.0.1:{node.member.port}" for node in self.nodes.values()
                        if node.member is not None)

    def start(self, timeout: float = 120.0) -> list[BrokerState]:
        """Start every node that is not running and wait until each is ready. They start
        together: a node is ready only once a majority of the quorum is up."""
        self.nodes[1].provision(self.cache_dir)
        with ThreadPoolExecutor(max_workers=len(self.nodes)) as pool:
            futures = [pool.submit(node.start, self.data_dir, self.cache_dir, timeout=timeout)
                       for node in self.nodes.values()]
            return [future.result() for future in futures]

    def start_node(self, node_id: int, timeout: float = 120.0) -> BrokerState:
        return self.nodes[node_id].start(self.data_dir, self.cache_dir, timeout=timeout)

    def stop_node(self, node_id: int) -> bool:
        return self.nodes[node_id].stop(self.data_dir)

    def kill_node(self, node_id: int) -> None:
        """SIGKILL one node (a crash: nothing is flushed, the others must take over)."""
        self.nodes[node_id].kill(self.data_dir)

    def stop(self) -> None:
        with ThreadPoolExecutor(max_workers=len(self.nodes)) as pool:
            list(pool.map(lambda node: node.stop(self.data_dir), self.nodes.values()))

    def running(self) -> list[int]:
        return [n for n, node in self.nodes.items()
                if node.is_running(node.read_state(self.data_dir))]

    def active_controller(self) -> int:
        """The node id of the quorum's leader (the active controller), as Kafka's own
        ``kafka-metadata-quorum describe --status`` reports it."""
        result = subprocess.run(
            [_java(), "-cp", f"{libs_dir(self.cache_dir)}/*",
             "org.apache.kafka.tools.MetadataQuorumCommand",
             "--bootstrap-server", self.bootstrap_servers, "describe", "--status"],
            capture_output=True, text=True, timeout=60,
        )
        for line in result.stdout.splitlines():
            key, _, value = line.partition(":")
            if key.strip() == "LeaderId":
                return int(value.strip())
        raise RuntimeError(f"no quorum leader in: {result.stdout or result.stderr}")
