from __future__ import annotations

import pytest

from newsflow.services.fetcher.live import seed_source_urls
from newsflow.services.fetcher.sources import load_sources
from newsflow.settings import Settings
from tests.conftest import SEEDS


def test_the_seeds_source_lines_become_start_urls() -> None:
    urls = seed_source_urls([SEEDS])
    assert len(urls) == 2
    assert any(u.startswith("https://nhandan.vn/") and u.endswith("-post900276.html") for u in urls)
    assert any(u.startswith("https://sokhcn.haiphong.gov.vn/tin-hoat-dong-chung/") for u in urls)


def test_the_default_sources_follow_nhandans_feeds_and_recent_monthly_sitemaps() -> None:
    nhandan = next(s for s in load_sources(Settings()).source if s.name == "nhandan")
    assert nhandan.feeds == ["https://nhandan.vn/rss/home.rss"] + [
        f"https://nhandan.vn/rss/{slug}.rss" for slug in (
            "chinhtri-1171", "kinhte-1185", "xahoi-1211", "thegioi-1231", "khoahoc-congnghe-1292", "giaoduc-1303")]
    assert nhandan.sitemaps == ["https://nhandan.vn/sitemap.xml"]
    assert nhandan.sitemap_months == 2
    followed = [u for u in ("https://nhandan.vn/sitemaps/news-2026-11.xml", "https://nhandan.vn/sitemaps/google-news.xml",
                            "https://nhandan.vn/sitemaps/categories.xml", "https://nhandan.vn/sitemaps/topics.xml")
                if any(p.search(u) for p in nhandan.compiled_sitemap_children)]
    assert followed == ["https://nhandan.vn/sitemaps/news-2026-11.xml", "https://nhandan.vn/sitemaps/google-news.xml"]


SOKHCN = "https://sokhcn.haiphong.gov.vn"


@pytest.mark.parametrize(("url", "article"), [
    (f"{SOKHCN}/tin-hoat-dong-chung/bi-thu-thanh-uy-le-tien-chau-lam-viec-voi-vien-khoa-hoc-va-cong-nghe-han-quoc-kist-792942", True),
    (f"{SOKHCN}/tin-tuc-su-kien-6042/ra-mat-san-giao-dich-cong-nghe-792970", True),  # /<section>-<id>/<slug>-<n>
    (f"{SOKHCN}/tin-hoat-dong-chung?pageid=4750", False),
    (f"{SOKHCN}/tin-hoat-dong-chung/bai-viet-792942?pageid=4750", False),
    (f"{SOKHCN}/?pageid=4721", False),
    (f"{SOKHCN}/tin-hoat-dong-chung", False),
    (f"{SOKHCN}/DesktopModule/UIArticleInMenu/ArticleInMenuPagination.aspx/LoadArticle", False),
])
def test_the_default_sources_know_sokhcn_articles_from_listing_pages(url: str, article: bool) -> None:
    sokhcn = next(s for s in load_sources(Settings()).source if s.name == "sokhcn-haiphong")
    assert sokhcn.is_article(url) is article
    assert sokhcn.feeds == [] and sokhcn.listing_pages > 1
    assert f"{SOKHCN}/tin-hoat-dong-chung" in sokhcn.start_urls
