"""The Grafana dashboard's ``$service`` variable offers every service, the fetcher included.

The variable is a ``label_values(METRIC, service)`` query: it offers what Prometheus has
samples of. So the metric it names must have a sample per service from the moment that
service starts, whether it consumes (parser, indexer) or only produces (fetcher): each
service's ops server is started here as the services start it, and its /metrics read.
"""

from __future__ import annotations

import asyncio
import json
import re

import aiohttp

from newsflow.observability.health import OpsServer
from newsflow.observability.pipeline import SERVICES
from newsflow.ops.dev.processes import find_free_port
from tests.conftest import ROOT

DASHBOARD = ROOT / "deploy" / "grafana" / "dashboards" / "newsflow.json"


def service_variable() -> dict[str, object]:
    dashboard = json.loads(DASHBOARD.read_text())
    [variable] = [v for v in dashboard["templating"]["list"] if v["name"] == "service"]
    return dict(variable)


async def exposition_at_start(service: str) -> str:
    """/metrics of ``service``'s ops server right after it started (no request to /ready)."""

    async def kafka() -> str | None:
        return None

    server = OpsServer(service, find_free_port(), checks={"kafka": kafka}, interval=3600)
    assert await server.start()
    try:
        await asyncio.sleep(0.2)
        url = f"http://127.0.0.1:{server.port}/metrics"
        async with aiohttp.ClientSession() as session, session.get(url) as response:
            return await response.text()
    finally:
        await server.stop()


def test_the_service_variable_offers_every_service_from_its_start() -> None:
    variable = service_variable()
    query = variable["query"]
    expression = query["query"] if isinstance(query, dict) else query
    assert variable["definition"] == expression
    match = re.fullmatch(r"label_values\((\w+), service\)", str(expression))
    assert match, f"the variable is not a label_values(METRIC, service) query: {expression}"
    metric = match.group(1)
    assert variable["includeAll"] is True and variable["multi"] is True
    assert SERVICES == ("fetcher", "parser", "indexer")
    for service in SERVICES:
        text = asyncio.run(exposition_at_start(service))
        samples = [line for line in text.splitlines()
                   if line.startswith(metric + "{") and f'service="{service}"' in line]
        assert samples, f"{metric} has no sample of the {service} at its start: $service would not offer it"


def test_every_panel_filtered_by_service_uses_the_variable() -> None:
    dashboard = json.loads(DASHBOARD.read_text())
    for panel in dashboard["panels"]:
        for target in panel["targets"]:
            for matcher in re.findall(r'service\s*(=~?|!=)\s*"([^"]*)"', target["expr"]):
                assert matcher == ("=~", "$service"), (panel["title"], target["expr"])
