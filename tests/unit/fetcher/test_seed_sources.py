from __future__ import annotations

from newsflow.services.fetcher.live import seed_source_urls
from tests.conftest import SEEDS


def test_the_seeds_source_lines_become_start_urls() -> None:
    urls = seed_source_urls([SEEDS])
    assert len(urls) == 2
    assert any(u.startswith("https://nhandan.vn/") and u.endswith("-post900276.html") for u in urls)
    assert any(u.startswith("https://sokhcn.haiphong.gov.vn/tin-hoat-dong-chung/") for u in urls)
