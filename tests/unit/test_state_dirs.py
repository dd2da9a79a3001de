"""Where state lives is found the same way from any folder of a checkout, has a documented
default outside one, and the commands say which index and data dir they use (issue 18,
"invisible state")."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from newsflow.settings import Settings, checkout_root
from tests.conftest import ROOT

NEWSFLOW = [sys.executable, "-m", "newsflow.ops.cli"]


@pytest.fixture
def checkout(tmp_path: Path) -> Path:
    """A checkout of newsflow (its pyproject.toml) with an index in its data dir."""
    from newsflow.services.indexer.backends.sqlite import SqliteIndex

    root = tmp_path / "clone"
    (root / "services" / "parser").mkdir(parents=True)
    (root / "pyproject.toml").write_text('[project]\nname = "newsflow"\nversion = "0"\n')
    SqliteIndex.from_settings(Settings(data_dir=root / "data")).close()
    return root


def environment(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("NEWSFLOW_", "KAFKA_", "XDG_"))}
    env.update(PYTHONPATH=str(ROOT), **extra)
    return env


def test_the_checkout_root_is_found_from_any_folder_of_it(checkout: Path, tmp_path: Path) -> None:
    assert checkout_root(checkout / "services" / "parser") == checkout
    assert checkout_root(checkout) == checkout
    other = tmp_path / "elsewhere"
    other.mkdir()
    (other / "pyproject.toml").write_text('[project]\nname = "something-else"\n')
    assert checkout_root(other) is None
    assert checkout_root(ROOT / "tests" / "unit") == ROOT


def test_data_and_cache_dirs_from_a_subfolder_outside_a_checkout_and_set(
    checkout: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("NEWSFLOW_DATA_DIR", "NEWSFLOW_CACHE_DIR"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(checkout / "services" / "parser")
    settings = Settings()
    assert (settings.data_dir, settings.cache_dir) == (checkout / "data", checkout / ".cache")

    outside = tmp_path / "outside"
    outside.mkdir()
    monkeypatch.chdir(outside)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg-cache"))
    settings = Settings()
    assert settings.data_dir == tmp_path / "xdg-data" / "newsflow"
    assert settings.cache_dir == tmp_path / "xdg-cache" / "newsflow"
    monkeypatch.delenv("XDG_DATA_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert Settings().data_dir == tmp_path / "home" / ".local" / "share" / "newsflow"

    monkeypatch.setenv("NEWSFLOW_DATA_DIR", str(tmp_path / "mine"))
    assert Settings().data_dir == tmp_path / "mine"


def test_search_from_a_subfolder_uses_the_checkouts_index_and_says_so(checkout: Path) -> None:
    result = subprocess.run([*NEWSFLOW, "search", "Pangyo", "--json"], env=environment(),
                            cwd=checkout / "services" / "parser", capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == []  # stdout stays JSON only
    index = checkout / "data" / "index" / "articles.sqlite3"
    assert result.stderr.strip() == (f"index: SQLite {index} (NEWSFLOW_OPENSEARCH_URL unset); "
                                     f"data dir {checkout / 'data'}")


def test_search_says_it_asks_opensearch_when_the_url_is_set(checkout: Path) -> None:
    env = environment(NEWSFLOW_OPENSEARCH_URL="http://127.0.0.1:9")  # nothing listens
    result = subprocess.run([*NEWSFLOW, "search", "Pangyo"], env=env, cwd=checkout,
                            capture_output=True, text=True, timeout=120)
    first = result.stderr.splitlines()[0]
    assert first.startswith("index: OpenSearch http://127.0.0.1:9 alias newsflow-articles"), result.stderr
    assert f"data dir {checkout / 'data'}" in first


def test_dev_kafka_status_from_a_subfolder_reads_the_checkouts_broker(checkout: Path) -> None:
    broker = checkout / "data" / "kafka"
    broker.mkdir(parents=True)
    (broker / "broker.json").write_text(json.dumps({
        "bootstrap_servers": "127.0.0.1:1", "port": 1, "controller_port": 2, "pid": 999_999_999,
        "log_file": str(broker / "broker.log"), "data_dir": str(broker)}))
    result = subprocess.run([*NEWSFLOW, "dev", "kafka", "status"], env=environment(),
                            cwd=checkout / "services", capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    assert "no dev broker has been started" not in result.stdout
    assert result.stdout.startswith("Kafka 3.9.1 (KRaft) stopped: bootstrap 127.0.0.1:1"), result.stdout
