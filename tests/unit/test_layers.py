"""The three layers point down, and nothing imports in a circle.

* shared (``newsflow/`` but ``newsflow.services`` and ``newsflow.ops``): imports no service
  and no operator module;
* each service (``services/<name>/``, imported as ``newsflow.services.<name>``): imports the
  shared layer and itself, never another service nor the operator layer;
* the operator layer (``newsflow.ops``): anything.

Checked twice: statically, over every import statement of every module (those inside
functions too, where a forbidden import would hide), and by importing each layer in a
fresh interpreter and looking at what got loaded.
"""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "newsflow"
SERVICES = ("fetcher", "parser", "indexer")


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def all_modules() -> dict[str, Path]:
    """Every module of the distribution by name (the services through newsflow/services); a
    C extension by its stub (``_native.pyi``: it imports nothing of ours)."""
    # os.walk, not Path.rglob: newsflow/services is a link to services/, and rglob (3.11)
    # does not follow links.
    return {module_name(Path(folder) / f): Path(folder) / f
            for folder, _, files in os.walk(PACKAGE, followlinks=True)
            for f in files if f.endswith(".py") or (f.endswith(".pyi") and f[:-1] not in files)}


MODULES = all_modules()


def imports_of(name: str, path: Path) -> set[str]:
    """The modules ``path`` imports anywhere in its code, resolved to known module names
    where they are ours (``from a.b import c`` is ``a.b.c`` when that is a module)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - (node.level - 1)]
                base = ".".join([*anchor, base] if base else anchor)
            for alias in node.names:
                candidate = f"{base}.{alias.name}"
                found.add(candidate if candidate in MODULES else base)
    return found


def layer_of(name: str) -> str:
    if name.startswith("newsflow.ops"):
        return "ops"
    if name.startswith("newsflow.services."):
        return "service:" + name.split(".")[2]
    if name == "newsflow.services":
        return "services-package"
    return "shared"


def allowed(importer: str, imported: str) -> bool:
    if imported == "services" or imported.startswith("services."):
        return False  # the installed distribution has no top-level "services"
    if not imported.startswith("newsflow"):
        return True
    source, target = layer_of(importer), layer_of(imported)
    if source == "ops":
        return True
    if source == "shared":
        return target == "shared"
    if source.startswith("service:"):
        return target in {"shared", source}
    return target == "shared"


def test_the_distribution_holds_every_service_under_newsflow() -> None:
    for service in SERVICES:
        assert f"newsflow.services.{service}" in MODULES, service
    assert (PACKAGE / "services").resolve() == (ROOT / "services").resolve()


def test_every_import_points_down() -> None:
    violations = sorted(
        f"{name} imports {target}"
        for name, path in MODULES.items()
        for target in imports_of(name, path)
        if not allowed(name, target)
    )
    assert violations == []


def test_the_layer_rule_would_catch_an_upward_import() -> None:
    assert not allowed("newsflow.events", "newsflow.services.parser.document")
    assert not allowed("newsflow.kafka.streams", "newsflow.ops.cli")
    assert not allowed("newsflow.services.fetcher.live", "newsflow.services.parser.seedtext")
    assert not allowed("newsflow.services.indexer.agent", "newsflow.ops.supervisor")
    assert not allowed("newsflow.ops.cli", "services.parser")
    assert allowed("newsflow.ops.cli", "newsflow.services.parser.document")
    assert allowed("newsflow.services.parser.handler", "newsflow.stage")


def import_cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles: list[list[str]] = []
    counter = 0

    def visit(node: str) -> None:
        nonlocal counter
        index[node] = low[node] = counter
        counter += 1
        stack.append(node)
        on_stack.add(node)
        for target in graph.get(node, ()):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return cycles


def test_no_module_imports_in_a_circle() -> None:
    graph = {name: {t for t in imports_of(name, path) if t in MODULES and t != name}
             for name, path in MODULES.items()}
    assert import_cycles(graph) == []


def test_the_cycle_check_would_catch_a_circle() -> None:
    assert import_cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


LOADED = """
import importlib, json, sys
for name in sys.argv[1:]:
    importlib.import_module(name)
print(json.dumps(sorted(m for m in sys.modules if m.startswith(("newsflow", "services")))))
"""


def loaded_after_importing(names: list[str]) -> list[str]:
    result = subprocess.run([sys.executable, "-c", LOADED, *names], cwd=ROOT / "tests",
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    loaded: list[str] = json.loads(result.stdout)
    return loaded


def test_importing_the_shared_layer_loads_no_service_and_no_operator_module() -> None:
    shared = [n for n in MODULES if layer_of(n) == "shared" and n != "newsflow"]
    loaded = loaded_after_importing(shared)
    assert [m for m in loaded if layer_of(m) != "shared" or m.startswith("services")] == []


@pytest.mark.parametrize("service", SERVICES)
def test_importing_a_service_loads_no_other_service_and_no_operator_module(service: str) -> None:
    own = [n for n in MODULES if layer_of(n) == f"service:{service}" and not n.endswith("__main__")]
    loaded = loaded_after_importing(own)
    assert [m for m in loaded if layer_of(m) not in {"shared", f"service:{service}",
                                                      "services-package"}] == []
