"""Fixtures shared by the unit tests."""

from __future__ import annotations

import pytest

from newsflow.services.parser.html import second_opinion


@pytest.fixture(params=[True, False], ids=["with second opinion", "ours alone"])
def second_opinion_installed(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> bool:
    """Each test twice: with trafilatura as the second opinion, and as an installation without
    it runs (our extractor's own answer)."""
    if not request.param:
        monkeypatch.setattr(second_opinion, "available", lambda: False)
    return bool(request.param)
