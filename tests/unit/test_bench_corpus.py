"""The benchmark corpus is deterministic and parses to the ids the harness expects."""

from __future__ import annotations

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
