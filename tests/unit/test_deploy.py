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


# --- the image and the host's way in (issue 18, point 7) ---------------------------------

DOCKERFILE = ROOT / "Dockerfile"
CONSTRAINTS = ROOT / "constraints.txt"


def instructions() -> list[tuple[str, str]]:
    """The Dockerfile's instructions, continuation lines joined, comments left out."""
    text = re.sub(r"\\\n", " ", DOCKERFILE.read_text())
    return [(line.split(None, 1)[0].upper(), line.split(None, 1)[1].strip())
            for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]


def test_the_image_has_a_pinned_base_and_runs_as_an_unprivileged_user() -> None:
    steps = instructions()
    bases = [arg for op, arg in steps if op == "FROM"]
    assert len(bases) == 1
    assert re.fullmatch(r"python:3\.11\.\d+-slim-bookworm(@sha256:[0-9a-f]{64})?", bases[0]), bases[0]
    users = [arg for op, arg in steps if op == "USER"]
    assert users, "the image runs as root"
    assert users[-1].split(":")[0] not in {"root", "0"}, users[-1]
    last_user = max(i for i, (op, _) in enumerate(steps) if op == "USER")
    assert all(op != "RUN" for op, _ in steps[last_user:]), "a RUN after USER: whose files?"
    assert any("chown" in arg and "/data" in arg for op, arg in steps if op == "RUN"), \
        "the data volume must belong to the user the services run as"


def test_the_image_installs_from_the_constraints_file_made_from_the_venv() -> None:
    steps = instructions()
    copies = [arg.split() for op, arg in steps if op == "COPY"]
    assert any(c[0] == "constraints.txt" for c in copies)
    installs = [arg for op, arg in steps if op == "RUN" and "pip install" in arg]
    assert len(installs) == 1 and re.search(r"(--constraint|-c) constraints\.txt", installs[0]), installs
    assert "constraints.txt" not in (ROOT / ".dockerignore").read_text().split()
    pins = dict(line.split("==", 1) for line in CONSTRAINTS.read_text().splitlines()
                if line and not line.startswith("#"))
    assert all(re.fullmatch(r"[\w.!+-]+", v) for v in pins.values()), "every line pins a version"
    import tomllib

    from packaging.requirements import Requirement

    def canonical(name: str) -> str:
        return re.sub(r"[-_.]+", "-", name).lower()

    pinned = {canonical(name) for name in pins}
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    for requirement in map(Requirement, project["dependencies"]):
        assert canonical(requirement.name) in pinned, \
            f"{requirement.name} is not in constraints.txt: run `make constraints`"
        assert requirement.specifier.contains(pins[next(n for n in pins if canonical(n) == canonical(
            requirement.name))]), f"the pinned {requirement.name} is outside {requirement.specifier}"
    assert "constraints:" in (ROOT / "Makefile").read_text()


def test_kafka_is_reachable_from_the_host_through_an_external_listener() -> None:
    kafka = compose_config()["services"]["kafka"]  # type: ignore[index]
    env = kafka["environment"]
    protocols = dict(pair.split(":") for pair in env["KAFKA_LISTENER_SECURITY_PROTOCOL_MAP"].split(","))
    assert {"INTERNAL", "EXTERNAL", "CONTROLLER"} <= set(protocols)
    listeners = dict(item.split("://") for item in env["KAFKA_LISTENERS"].split(","))
    advertised = dict(item.split("://") for item in env["KAFKA_ADVERTISED_LISTENERS"].split(","))
    assert advertised["INTERNAL"] == "kafka:9092"  # what the services are given
    assert env["KAFKA_INTER_BROKER_LISTENER_NAME"] == "INTERNAL"
    host, port = advertised["EXTERNAL"].rsplit(":", 1)
    assert host == "localhost"
    container_port = int(listeners["EXTERNAL"].rsplit(":", 1)[1])
    published = [(int(p["published"]), int(p["target"])) for p in kafka["ports"]]
    assert published == [(int(port), container_port)], "the advertised host port is not published"
    for name in SERVICES:
        assert compose_config()["services"][name]["environment"]["KAFKA_BOOTSTRAP_SERVERS"] == "kafka:9092"  # type: ignore[index]
    readme = (ROOT / "README.md").read_text()
    assert f"KAFKA_BOOTSTRAP_SERVERS=localhost:{port}" in readme, "the README does not say the host port"


def test_the_fetcher_follows_the_sources_after_the_replay_as_make_run_does() -> None:
    fetcher = compose_config()["services"]["fetcher"]  # type: ignore[index]
    assert fetcher["environment"]["NEWSFLOW_FETCH_FOLLOW_SOURCES"] == "true"
    assert fetcher["restart"] != "no"  # it is a long-running service now
    assert "NEWSFLOW_FETCH_FOLLOW_SOURCES=$${NEWSFLOW_FETCH_FOLLOW_SOURCES:-true}" in (
        ROOT / "Makefile").read_text()


def test_the_image_builds_pyicu_against_debians_icu_and_keeps_its_runtime() -> None:
    """PyICU (a dependency: word break for Thai, Lao, Khmer) has no wheel: without ICU's
    headers and a compiler in the build, `pip install .` fails in the image."""
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert any(d.lower().startswith("pyicu") for d in project["dependencies"])
    [install] = [arg for op, arg in instructions() if op == "RUN" and "pip install" in arg]
    before, _, after = install.partition("pip install")
    assert all(package in before for package in ("libicu-dev", "pkg-config", "g++")), before
    assert re.search(r"apt-get install[^&]*libicu\d+", after), "the ICU runtime must stay"


def test_the_search_page_in_compose_finds_kafka_and_every_service() -> None:
    """The pipeline page of the search container asks each service by its compose name
    (it would look on its own 127.0.0.1 and show all three down)."""
    from newsflow.settings import Settings

    environment = compose_config()["services"]["search"]["environment"]  # type: ignore[index]
    assert environment["KAFKA_BOOTSTRAP_SERVERS"] == "kafka:9092"
    settings = Settings(service_addresses=environment["NEWSFLOW_SERVICE_ADDRESSES"])
    for service in ("fetcher", "parser", "indexer"):
        assert settings.service_address(service) == f"{service}:9100"
    assert Settings().service_address("parser") is None
