"""The extraction benchmark's metric (bench.metric), on texts whose scores are known by hand."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.metric import PageScore, page_score, shingles, summarise


def test_shingles_are_a_multiset_of_four_tokens() -> None:
    assert shingles("a b c d e") == {("a", "b", "c", "d"): 1, ("b", "c", "d", "e"): 1}
    assert shingles("x y x y x y x") [("x", "y", "x", "y")] == 2
    assert shingles("hai phòng") == {("hai", "phòng"): 1}
    assert shingles("  ... ") == {}


def test_page_scores() -> None:
    assert page_score("a b c d e", "a b c d e") == PageScore(1.0, 1.0)
    # 2 predicted shingles, 1 of them expected; 3 expected shingles
    half = page_score("a b c d z", "a b c d e f")
    assert half.precision == pytest.approx(1 / 2)
    assert half.recall == pytest.approx(1 / 3)
    assert page_score("", "a b c d") == PageScore(0.0, 0.0)
    assert page_score("", "") == PageScore(1.0, 1.0)
    assert page_score("a b c d", "") == PageScore(0.0, 0.0)


def test_summary_is_f1_of_averages() -> None:
    summary = summarise([PageScore(1.0, 0.5), PageScore(0.5, 1.0)])
    assert summary.precision == 0.75 and summary.recall == 0.75
    assert summary.f1 == pytest.approx(0.75)
    skewed = summarise([PageScore(1.0, 0.2), PageScore(1.0, 0.2)])
    assert skewed.f1 == pytest.approx(2 * 1.0 * 0.2 / 1.2)
    assert summarise([]).pages == 0


def test_benchmark_skips_cleanly_without_its_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from bench.extraction import main

    out = tmp_path / "report.md"
    assert main([str(tmp_path / "absent"), "--out", str(out)]) == 0
    assert "skipped" in capsys.readouterr().out
    assert not out.exists()


def test_a_pages_body_figures_are_counted_and_returned() -> None:
    from bench.extraction import Found, Page, Tally, score_body

    tally = Tally()
    page = Page("snippets", "k", "https://x.example/", b"", with_=("one two", "three four"), without=("menu",))
    assert score_body(tally, page, Found(body="one two\nmenu")) == "fp 1/1 fn 1/2"
    assert tally.snippets == {"tp": 1, "fn": 1, "fp": 1, "tn": 0}
    scored = Page("extraction-dev", "k", "https://x.example/", b"", body="a b c d e")
    assert score_body(Tally(), scored, Found(body="a b c d e")) == "P 1.000 R 1.000"
