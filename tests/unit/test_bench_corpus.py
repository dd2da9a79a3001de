"""The benchmark corpus is deterministic and parses to the ids the harness expects."""

from __future__ import annotations

from pathlib import Path

from bench.corpus import LANGUAGES, expected_article_id, nhandan_html, seed_documents
from newsflow.services.parser.document import parse_document


def test_corpus_is_deterministic() -> None:
    assert [d.text for d in seed_documents(8)] == [d.text for d in seed_documents(8)]
    assert nhandan_html(3) == nhandan_html(3)
    assert nhandan_html(3) != nhandan_html(4)


def test_every_synthetic_document_parses_to_its_expected_article() -> None:
    documents = list(seed_documents(2 * len(LANGUAGES)))
    articles = [parse_document(d.raw()) for d in documents]
    assert [a.language for a in articles] == [d.language for d in documents]
    assert [a.id for a in articles] == [expected_article_id(d) for d in documents]
    assert len({a.id for a in articles}) == len(articles)
    assert all(len(a.captions) == 2 and a.author and a.comment_count is not None
               for a in articles)


def test_corpus_files_replay_to_the_documents_the_harness_expects(tmp_path: Path) -> None:
    from bench.e2e import write_corpus
    from newsflow.services.fetcher.replay import seed_document, seed_files

    ids = write_corpus(6, tmp_path / "corpus")
    replayed = [seed_document(p) for p in seed_files([tmp_path / "corpus"])]
    documents = list(seed_documents(6, seed=1))
    assert [r.document_id for r in replayed] == [d.raw().document_id for d in documents]
    assert [parse_document(r).id for r in replayed] == ids


def test_target_verdicts_say_by_how_much() -> None:
    from bench.e2e import verdict

    assert verdict(2500.0, ">=", 2000) == "met"
    assert verdict(500.0, ">=", 2000) == "missed by 75%"
    assert verdict(1500.0, "<", 1000) == "missed by 50%"
    assert verdict("n/a", "<", 1000) == "not measured"


def test_the_written_reading_takes_its_numbers_from_the_run() -> None:
    from bench.e2e import fill_in

    text = "{e2e_articles_per_s}/s at {cpu_ms_per_article_total} ms, bound {cpu_bound}; {nope}"
    filled = fill_in(text, {"e2e_articles_per_s": 901.3, "cpu_ms_per_article_total": 2.0})
    assert filled.startswith("901.3/s at 2.0 ms, bound ")
    assert filled.endswith("(not measured: nope)")
    reading = Path(__file__).resolve().parents[2] / "bench" / "analysis.md"
    assert "{" not in fill_in(reading.read_text(encoding="utf-8"), {})


def test_synthetic_pages_of_both_sites_parse_through_their_site_extractors() -> None:
    from datetime import UTC, datetime

    from bench.corpus import sokhcn_html
    from newsflow.events import RawDocument

    for number, page, url in [(0, nhandan_html(0), "https://nhandan.vn/bench-0-post200000.html"),
                              (1, sokhcn_html(1), "https://sokhcn.haiphong.gov.vn/t/bench-1.html")]:
        raw = RawDocument(document_id=f"b{number}", origin="http", url=url,
                          fetched_at=datetime(2025, 11, 1, tzinfo=UTC), media_type="text/html",
                          charset="utf-8", content=page.decode())
        article = parse_document(raw)
        assert article.language == "vi" and article.lead and article.author
        assert article.published_at is not None and article.images
        assert "Chia sẻ" not in article.body and "Tin khác" not in article.body


def test_the_cpu_verdict_and_each_runs_ratio_come_from_the_run() -> None:
    from bench.e2e import fill_in

    text = "{cpu_per_article_verdict}: {cpu_per_article_runs_ratios}"
    figures = {"cpu_per_article_after_to_before": 0.3, "cpu_ms_per_article_total_before_runs": [2.0, 2.0],
               "cpu_ms_per_article_total_after_runs": [0.6, 0.8]}
    assert fill_in(text, figures) == "met: 0.300, 0.400"
    assert fill_in(text, {"cpu_per_article_after_to_before": 0.5}).startswith("missed by 50%: (not measured")


def test_each_targets_verdict_comes_from_the_run() -> None:
    from bench.e2e import fill_in

    text = "{e2e_articles_per_s_verdict}; {e2e_ratio_to_raw_kafka_verdict}; {e2e_html_real_pages_per_s_verdict}"
    figures = {"e2e_articles_per_s": 2200.0, "e2e_ratio_to_raw_kafka": 0.2}
    assert fill_in(text, figures) == "met; missed by 20%; not measured"
