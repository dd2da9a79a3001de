"""The benchmark corpus is deterministic and parses to the ids the harness expects."""

from __future__ import annotations

from pathlib import Path

from bench.corpus import LANGUAGES, expected_article_id, nhandan_html, seed_documents
from services.parser.document import parse_document


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
    from services.fetcher.replay import seed_document, seed_files

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
