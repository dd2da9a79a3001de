"""Query and document analysis: stemming, folding, phrases (pure functions, no index)."""

from __future__ import annotations

from newsflow.services.indexer.analysis import analyse, query_terms, split_query, stem


def test_german_plural_and_singular_share_a_stem() -> None:
    assert stem("delegationen", "de") == stem("delegation", "de")
    assert stem("häuser", "de") == stem("haus", "de")


def test_languages_without_a_stemmer_only_fold() -> None:
    assert stem("phòng", "vi") == "phong"
    assert stem("delegationen", None) == "delegationen"


def test_document_streams_keep_exact_fold_and_stem() -> None:
    analysed = analyse("Die Delegationen in Hải Phòng", "de")
    assert analysed.exact == ["die", "delegationen", "in", "hải", "phòng"]
    assert analysed.folded[-2:] == ["hai", "phong"]
    assert analysed.stemmed[1] == stem("delegation", "de")


def test_query_without_language_tries_every_stemmer() -> None:
    [term] = query_terms("Delegationen")
    assert ("de", [stem("delegation", "de")]) in term.stem_variants
    assert {lang for lang, _ in term.stem_variants} == {"de", "en", "fr", "es"}


def test_query_with_language_uses_only_its_stemmer() -> None:
    [term] = query_terms("running", "en")
    assert term.stem_variants == [("en", ["run"])]
    [term] = query_terms("phòng", "vi")
    assert term.stem_variants == []


def test_quoted_phrases_are_one_term_and_unpaired_quotes_are_text() -> None:
    assert split_query('a "b c" d') == [("a", False), ("b c", True), ("d", False)]
    assert split_query('say "hi') == [("say", False), ('"hi', False)]
    terms = query_terms('"Hải Phòng" cảng')
    assert [t.exact for t in terms] == [["hải", "phòng"], ["cảng"]]
    assert terms[0].quoted


def test_a_thai_chunk_becomes_one_phrase_of_segmented_words() -> None:
    [term] = query_terms("นายกรัฐมนตรีประชุม")
    assert len(term.exact) >= 2


def test_highlighted_html_escapes_everything_but_its_own_marks() -> None:
    from newsflow.services.indexer.backends.base import highlighted_html

    text = "a <b>bold</b> & 'x'"
    assert highlighted_html(text, [(3, 6)]) == "a &lt;<mark>b&gt;b</mark>old&lt;/b&gt; &amp; &#x27;x&#x27;"
    assert highlighted_html(text, []) == "a &lt;b&gt;bold&lt;/b&gt; &amp; &#x27;x&#x27;"
    # Overlapping and empty ranges never produce mis-nested or empty marks.
    assert highlighted_html("abcdef", [(0, 3), (2, 4), (5, 5)]) == "<mark>abc</mark>def"
