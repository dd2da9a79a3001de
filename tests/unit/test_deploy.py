"""The deployment files: compose file, Prometheus configuration, Grafana dashboard.

The external validators come from Debian (`make test` installs them with apt-get when
missing: packages docker-compose and prometheus); without them these tests skip and say so.
"""

from __future__ import annotations

import asyncio
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from newsflow.observability import metrics
from newsflow.observability.health import OpsServer
from newsflow.ops.dev.processes import find_free_port
from tests.conftest import ROOT

COMPOSE = ROOT / "docker-compose.yml"
PROMETHEUS = ROOT / "deploy" / "prometheus.yml"
DASHBOARD = ROOT / "deploy" / "grafana" / "dashboards" / "newsflow.json"
SERVICES = ("fetcher", "parser", "indexer")


def tool(name: str, package: str) -> str:
    path = shutil.which(name)
    if path is None:
        pytest.skip(f"{name} is not installed (apt-get install {package}; `make test` does it)")
    return path


def compose_config() -> dict[str, object]:
    """The compose file as docker-compose resolves it (anchors, merges, defaults)."""
    result = subprocess.run([tool("docker-compose", "docker-compose"), "-f", str(COMPOSE), "config"],
                            capture_output=True, text=True, timeout=60, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    config: dict[str, object] = yaml.safe_load(result.stdout)
    return config


def test_compose_file_validates_and_starts_in_order() -> None:
    services = compose_config()["services"]
    assert isinstance(services, dict)
    assert set(services) == {"kafka", "opensearch", "prometheus", "grafana", "search", *SERVICES}
    assert services["kafka"]["image"].startswith("apache/kafka:3.9")
    assert services["opensearch"]["environment"]["DISABLE_SECURITY_PLUGIN"] == "true"
    for name, spec in services.items():
        assert "healthcheck" in spec, f"{name} has no healthcheck"
        for dependency, condition in spec.get("depends_on", {}).items():
            assert condition == {"condition": "service_healthy"}, (name, dependency)
            assert "healthcheck" in services[dependency]
    for name in SERVICES:
        assert services[name]["depends_on"]["kafka"] == {"condition": "service_healthy"}
        assert services[name]["environment"][f"NEWSFLOW_{name.upper()}_METRICS_PORT"] == "9100"


def test_every_service_runs_the_one_image_with_its_own_command() -> None:
    services = compose_config()["services"]
    assert isinstance(services, dict)
    for name in (*SERVICES, "search"):
        build = services[name]["build"]
        assert (build["context"], build["dockerfile"]) == (str(ROOT), "Dockerfile"), name
    for name in SERVICES:
        assert services[name]["command"][:3] == ["python", "-m", f"newsflow.services.{name}"]
    assert sorted(ROOT.glob("services/**/Dockerfile*")) == [], "a per-service Dockerfile is back"


def test_the_image_holds_the_package_and_the_services_it_links_to() -> None:
    """newsflow/services is a link to ../services: the image must copy both for
    `pip install .` to install the services, and the build context must leave out what a
    checkout accumulates (.venv and .cache alone are hundreds of MB)."""
    assert (ROOT / "newsflow" / "services").is_symlink()
    assert (ROOT / "newsflow" / "services").readlink() == Path("../services")
    copies = re.findall(r"^COPY\s+(\S+)\s+(\S+)", (ROOT / "Dockerfile").read_text(), re.M)
    assert ("newsflow", "./newsflow") in copies and ("services", "./services") in copies
    assert ("seeds", "./seeds") in copies  # the fetcher's default replay in compose
    ignored = set((ROOT / ".dockerignore").read_text().split())
    for name in (".venv", ".cache", "data", ".git", "**/__pycache__"):
        assert name in ignored, f".dockerignore does not leave out {name}"
    for needed in ("newsflow", "services", "seeds", "pyproject.toml", "README.md"):
        assert needed not in ignored


def test_compose_indexes_into_opensearch_and_serves_search_from_it() -> None:
    services = compose_config()["services"]
    assert isinstance(services, dict)
    url = "http://opensearch:9200"
    assert services["indexer"]["environment"]["NEWSFLOW_OPENSEARCH_URL"] == url
    search = services["search"]
    assert search["command"] == ["newsflow", "serve"]
    assert search["environment"]["NEWSFLOW_OPENSEARCH_URL"] == url
    assert search["environment"]["NEWSFLOW_SEARCH_HOST"] == "0.0.0.0"
    assert [(int(p["published"]), p["target"]) for p in search["ports"]] == [(8400, 8400)]


def test_scaled_services_publish_no_fixed_host_port_and_data_live_in_volumes() -> None:
    config = compose_config()
    services = config["services"]
    assert isinstance(services, dict)
    for name in SERVICES:
        assert "ports" not in services[name], f"{name} would not scale: it publishes a host port"
        assert "container_name" not in services[name]
    volumes = config["volumes"]
    assert isinstance(volumes, dict)
    for name, mount in (("kafka", "/var/lib/kafka/data"), ("indexer", "/data"),
                        ("prometheus", "/prometheus"), ("grafana", "/var/lib/grafana"),
                        ("opensearch", "/usr/share/opensearch/data")):
        targets = {v["target"] if isinstance(v, dict) else v.split(":")[1]: v
                   for v in services[name]["volumes"]}
        assert mount in targets, f"{name} keeps no data in a volume at {mount}"


def test_prometheus_config_passes_promtool_and_scrapes_every_service() -> None:
    result = subprocess.run([tool("promtool", "prometheus"), "check", "config", str(PROMETHEUS)],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stdout + result.stderr
    config = yaml.safe_load(PROMETHEUS.read_text())
    names = {n for job in config["scrape_configs"] for sd in job.get("dns_sd_configs", [])
             for n in sd["names"]}
    assert names == set(SERVICES)


def test_every_metric_family_passes_promtool_check_metrics() -> None:
    # Give every family a sample, as the services do, so promtool sees them all.
    metrics.record_consumed("fetcher", "t"); metrics.record_produced("fetcher", "t")  # noqa: E702
    metrics.record_dead_letter("parser", "invalid_json"); metrics.record_fetch_result("example.org", 200)  # noqa: E702
    metrics.PROCESSING_SECONDS.labels(service="parser", topic="t").observe(0.01)
    metrics.set_consumer_lag("g", {("t", 0): 3})
    with metrics.observe_index_batch("SqliteIndex", 10):
        pass
    # Served live by the same server the services run (the fetcher's is one-shot under replay).
    body, content_type = asyncio.run(scrape_ops_server("fetcher"))
    assert content_type.startswith("text/plain")
    assert b'newsflow_fetch_results_total{host="example.org",status="200"} 1.0' in body
    result = subprocess.run([tool("promtool", "prometheus"), "check", "metrics"], input=body,
                            capture_output=True, timeout=60)
    assert result.returncode == 0, (result.stdout + result.stderr).decode()


async def scrape_ops_server(service: str) -> tuple[bytes, str]:
    import aiohttp

    server = OpsServer(service, find_free_port())
    assert await server.start()
    try:
        url = f"http://127.0.0.1:{server.port}/metrics"
        async with aiohttp.ClientSession() as session, session.get(url) as response:
            assert response.status == 200
            return await response.read(), response.headers["Content-Type"]
    finally:
        await server.stop()


def test_dashboard_panels_query_metrics_the_services_expose() -> None:
    dashboard = json.loads(DASHBOARD.read_text())
    exposed = metrics.exposition()[0].decode()
    families = set(re.findall(r"^# TYPE (\S+)", exposed, re.M))
    expressions = [t["expr"] for p in dashboard["panels"] for t in p["targets"]]
    used = {m for e in expressions for m in re.findall(r"\b(newsflow_[a-z_]+)", e)}
    assert used, "the dashboard queries no newsflow metric"
    for name in used:
        base = re.sub(r"_(bucket|sum|count|total)$", "", name)
        assert name in families or base in families, f"{name} is not a metric the services expose"
    titles = " ".join(p["title"].lower() for p in dashboard["panels"])
    for topic in ("throughput", "lag", "errors", "latency"):
        assert topic in titles
