"""`newsflow worker NAME` runs the installed service module (no top-level `services`)."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import ROOT


def test_worker_runs_the_service_module_of_the_distribution() -> None:
    result = subprocess.run([sys.executable, "-m", "newsflow.ops.cli", "worker", "fetcher", "--", "--help"],
                            cwd=ROOT / "tests", capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert "python -m newsflow.services.fetcher" in result.stdout


def test_worker_refuses_an_unknown_service() -> None:
    result = subprocess.run([sys.executable, "-m", "newsflow.ops.cli", "worker", "crawler"],
                            cwd=ROOT / "tests", capture_output=True, text=True, timeout=60)
    assert result.returncode != 0 and "crawler" in result.stderr
    assert "Traceback" not in result.stderr
