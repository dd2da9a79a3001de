"""Where the commands find things: defaults taken from the checkout they run in, from any
folder of it (as the data and cache dirs are: ``newsflow.settings.checkout_root``), and the
line that says which index a command uses."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from newsflow.settings import Settings


def default_seeds() -> Path:
    """``seeds/`` of the checkout we are in, else ``./seeds``."""
    from newsflow.settings import checkout_root

    root = checkout_root()
    return root / "seeds" if root else Path("seeds")


def describe_index(settings: Settings) -> str:
    """Which index the settings select and where, and the data dir: what `newsflow search`
    and `newsflow status` say, so that a shell without NEWSFLOW_OPENSEARCH_URL (or in
    another checkout) does not silently search another index."""
    data_dir = settings.data_dir.resolve()
    if settings.opensearch_url:
        return (f"index: OpenSearch {settings.opensearch_url} alias "
                f"{settings.resolved_opensearch_alias} (NEWSFLOW_OPENSEARCH_URL); data dir {data_dir}")
    return (f"index: SQLite {settings.resolved_index_path.resolve()} (NEWSFLOW_OPENSEARCH_URL "
            f"unset); data dir {data_dir}")
