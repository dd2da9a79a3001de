"""A built wheel, installed in a fresh venv with its dependencies from the package index
(pip's cache makes a rerun quick), gives a working `newsflow` (issue 18, point 6): the
services travel inside it as newsflow.services (newsflow/services is a link), the packaged
files (sources.toml, kafka-pom.xml) too, and nothing is read from the checkout.

About a minute: one wheel build, one venv without pip (the project's pip installs into it
with --python), one install.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT, SEEDS

pytestmark = pytest.mark.slow


def run(*args: str | Path, cwd: Path, env: dict[str, str] | None = None,
        timeout: float = 300) -> subprocess.CompletedProcess[str]:
    result = subprocess.run([str(a) for a in args], cwd=cwd, env=env, capture_output=True,
                            text=True, timeout=timeout)
    assert result.returncode == 0, result.stdout + result.stderr
    return result


def test_the_wheel_installs_in_a_fresh_venv_and_runs(tmp_path: Path) -> None:
    source = tmp_path / "source"  # a copy: an in-tree build leaves build/ and egg-info behind
    source.mkdir()
    for name in ("pyproject.toml", "setup.py", "README.md"):  # setup.py: the C extension
        shutil.copy(ROOT / name, source / name)
    # *.so: the editable install's build of the extension stays out; the wheel builds its own
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "*.so")
    shutil.copytree(ROOT / "newsflow", source / "newsflow", symlinks=True, ignore=ignore)
    shutil.copytree(ROOT / "services", source / "services", symlinks=True, ignore=ignore)
    dist = tmp_path / "dist"
    built = run(sys.executable, "-m", "pip", "wheel", "--no-deps", "-w", dist, ".", cwd=source)
    assert "Warning" not in built.stderr and "deprecat" not in built.stderr.lower(), built.stderr
    (wheel,) = dist.glob("newsflow-*.whl")

    venv = tmp_path / "venv"
    run(sys.executable, "-m", "venv", "--without-pip", venv, cwd=tmp_path)
    assert "include-system-site-packages = false" in (venv / "pyvenv.cfg").read_text()
    run(sys.executable, "-m", "pip", "--python", venv / "bin" / "python", "install", "-q", wheel,
        cwd=tmp_path, timeout=600)

    elsewhere = tmp_path / "elsewhere"  # outside any checkout, nothing on PYTHONPATH
    elsewhere.mkdir()
    env = {k: v for k, v in os.environ.items()
           if k not in ("PYTHONPATH", "VIRTUAL_ENV") and not k.startswith("NEWSFLOW_")}
    env.update(HOME=str(tmp_path / "home"), PATH=f"{venv / 'bin'}:{env.get('PATH', '')}")
    newsflow = venv / "bin" / "newsflow"
    origin = run(venv / "bin" / "python", "-c",
                 "import importlib.util as u; print(u.find_spec('newsflow.services.parser').origin)",
                 cwd=elsewhere, env=env).stdout.strip()
    assert origin.startswith(str(venv)), origin
    native = run(venv / "bin" / "python", "-c",
                 "from newsflow.language import native; print(native.load() is not None)",
                 cwd=elsewhere, env=env).stdout.strip()
    assert native == "True", "the wheel has no built C extension (newsflow.language._native)"

    from importlib.metadata import version

    assert run(newsflow, "--version", cwd=elsewhere, env=env).stdout.strip() == \
        f"newsflow {version('newsflow')}"
    seed = SEEDS / "000_7655da6a3fee0a33.txt"
    article = json.loads(run(newsflow, "parse", "--json", seed, cwd=elsewhere, env=env).stdout)
    assert article["language"] == "de" and "Pangyo" in article["body"] + article["lead"]
    # The packaged data files came along: the fetcher's sources and the Kafka pom.
    run(venv / "bin" / "python", "-c",
        "import importlib.resources as r; "
        "assert r.files('newsflow.services.fetcher').joinpath('sources.toml').is_file(); "
        "assert r.files('newsflow.ops.dev').joinpath('kafka-pom.xml').is_file()",
        cwd=elsewhere, env=env)
