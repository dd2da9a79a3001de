"""Query and document analysis: stemming, folding, phrases (pure functions, no index)."""

from __future__ import annotations

import pytest

from newsflow.services.indexer.analysis import analyse, parse_query, query_terms, stem, stems
from newsflow.services.indexer.backends.base import QueryError


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


def test_query_without_language_uses_the_stemmer_of_its_own_language() -> None:
    [term] = query_terms("Delegationen")
    assert term.stem_variants == [("de", [stem("delegation", "de")])]
    # issue 17: French "tourisme" is not stemmed as English, English "innovations" not as German
    [term] = query_terms("tourisme")
    assert [lang for lang, _ in term.stem_variants] == ["fr"]
    [term] = query_terms("innovations")
    assert "de" not in {lang for lang, _ in term.stem_variants}


def test_query_with_language_uses_only_its_stemmer() -> None:
    [term] = query_terms("running", "en")
    assert term.stem_variants == [("en", ["run"])]
    [term] = query_terms("phòng", "vi")
    assert term.stem_variants == []


def test_quoted_phrases_are_one_term_and_an_unclosed_quote_is_an_error() -> None:
    with pytest.raises(QueryError, match="unclosed quote"):
        parse_query('say "hi')
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


def test_query_syntax_phrase_prefix_exclusion_or() -> None:
    parsed = parse_query('"interest rates" electr* -inflation hanoi OR saigon')
    [phrase], [prefix], [a, b] = (c.options for c in parsed.required)
    assert phrase.quoted and phrase.exact == ["interest", "rates"]
    assert prefix.prefix and prefix.exact == ["electr"]
    assert [a.exact, b.exact] == [["hanoi"], ["saigon"]]
    [excluded] = parsed.excluded
    assert excluded.options[0].exact == ["inflation"]
    # anything else is text: AND, NOT, a lone '-' or '*', colons, brackets
    assert [t.exact for t in query_terms("AND NOT title:x (b")] == [["and"], ["not"], ["title", "x"], ["b"]]


@pytest.mark.parametrize(("text", "reason"), [
    ('"unclosed', "unclosed quote"), ("OR hanoi", "OR needs a term"), ("hanoi OR", "OR needs a term"),
    ("a OR OR b", "OR needs a term"), ("-hanoi", "only excludes"), ("a OR -b", "excluded term"),
    ("x*", "prefix needs at least two"), ("🦜 *", "no words"),
])
def test_bad_syntax_is_a_query_error_with_the_reason(text: str, reason: str) -> None:
    with pytest.raises(QueryError, match=reason):
        parse_query(text)


def test_german_compounds_share_the_stems_of_their_parts() -> None:
    assert stems("innovationszentrum", "de") == (stem("innovation", "de"), stem("zentrum", "de"))
    assert stems("klimaziele", "de") == stems("klimaziel", "de")
    assert stems("bahnhöfen", "de") == stems("bahnhof", "de") == ("bahnhof",)
    assert stems("unternehmen", "de") == (stem("unternehmen", "de"),)  # a word of its own


def test_spanish_stems_ignore_accents() -> None:
    assert stem("tecnologia", "es") == stem("tecnología", "es") == stem("tecnológica", "es")


def test_segmentation_of_cjk_korean_thai_and_hyphens() -> None:
    from newsflow.language.segment import tokens

    assert tokens("北京市") == ["北京", "京市"]
    assert "부산" in tokens("부산에서")
    assert tokens("Hightech-Unternehmen") == ["Hightech", "Unternehmen"]
    assert "ไฮฟอง" in tokens("เมืองไฮฟอง") and "ฟอง" not in tokens("เมืองไฮฟอง")
    assert tokens("น้ำท่วม") == tokens("น้ำ ท่วม")
    big, small = tokens("มหาวิทยาลัยเชียงใหม่"), tokens("มหาวิทยาลัย")
    assert big[:len(small)] == small


def _snippet_by_every_token(text: str, terms: set[str], window: int, language: str | None
                            ) -> tuple[str, list[tuple[int, int]]]:
    """The snippet as it was computed before it read only up to its window and stemmed only
    the tokens that can match: every token checked with ``matches_highlight``."""
    from newsflow.language.segment import token_spans
    from newsflow.services.indexer.analysis import matches_highlight

    spans: list[tuple[int, int]] = []
    for start, end, word in token_spans(text):
        if matches_highlight(word, terms, language):
            if spans and start < spans[-1][1]:
                spans[-1] = (spans[-1][0], max(end, spans[-1][1]))
            else:
                spans.append((start, end))
    if not spans:
        return text[:window] + ("…" if len(text) > window else ""), []
    first = spans[0][0]
    begin = max(0, first - window // 3)
    if begin > 0:
        space = text.rfind(" ", 0, begin)
        begin = space + 1 if space >= 0 and first - space < window // 2 else begin
    finish = min(len(text), begin + window)
    prefix, suffix = ("…" if begin > 0 else ""), ("…" if finish < len(text) else "")
    shift = len(prefix) - begin
    return (prefix + text[begin:finish] + suffix,
            [(s + shift, e + shift) for s, e in spans if s >= begin and e <= finish])


def test_snippets_are_those_of_checking_every_token() -> None:
    """The fast snippet (read up to the window, stem only tokens that can match) gives the
    snippet and highlights of checking every token, on the relevance corpus's articles and
    queries, German compounds and transcribed umlauts included."""
    from newsflow.services.indexer.analysis import highlight_terms
    from newsflow.services.indexer.backends.sqlite import article_text
    from newsflow.services.indexer.snippets import make_snippet
    from tests.relevance.corpus import ARTICLES, QUERIES

    queries = [(text, filtered) for _, text, _, filtered in QUERIES]
    queries += [("Zentrum", "de"), ("Strasse", None), ("ueberall", "de"), ("haeuser", "de"),
                ("kraft*", None), ("Anlage", "de")]
    extra = "Die Windkraftanlagen überall an der Küste, Häuser am Innovationszentrum und Straßen. " * 5
    joined = "Die Bundes\u00adnetz\u00adagentur und das Zentrum: Stra\u200cßen in Berlin-Adlershof. " * 3
    for text, filtered in queries:
        try:
            terms = highlight_terms(parse_query(text, filtered))
        except QueryError:
            continue
        for article in ARTICLES:
            for body in (article_text(article), article.title, extra, joined):
                for window in (220, 40):
                    assert make_snippet(body, terms, window, language=article.language) == \
                        _snippet_by_every_token(body, terms, window, article.language), (text, article.id)


def test_stems_come_from_snowball_in_c_and_equal_the_pure_python_ones() -> None:
    """PyStemmer (Snowball compiled) is what snowballstemmer hands out when installed: 14
    times faster, the same stems (checked here on a sample; 831,108 words of nine languages
    when it was adopted)."""
    import snowballstemmer
    import Stemmer
    from snowballstemmer.german_stemmer import GermanStemmer
    from snowballstemmer.spanish_stemmer import SpanishStemmer

    assert isinstance(snowballstemmer.stemmer("german"), Stemmer.Stemmer)
    words = ["Innovationszentrum", "Unternehmen", "häuser", "tecnológica", "tecnologías",
             "Gesundheitsministerium", "läuft", "universidades"]
    for algorithm, pure in (("german", GermanStemmer()), ("spanish", SpanishStemmer())):
        compiled = snowballstemmer.stemmer(algorithm)
        assert [compiled.stemWord(w.lower()) for w in words] == [
            pure.stemWord(w.lower()) for w in words]


def test_han_and_hangul_fold_by_the_variant_table_as_the_general_path_folds_them() -> None:
    """fold_text's shortcut for Han ideographs and Hangul syllables gives what NFD, mark
    removal and NFC give: every such character, and a run of mixed syllables and Han."""
    from newsflow.language.fold import _UNFOLDED, fold_by_decomposing, fold_text, variant_table

    ranges = [(0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xAC00, 0xD7A3)]
    characters = [chr(c) for low, high in ranges for c in range(low, high + 1)]
    assert all(_UNFOLDED.fullmatch(c) for c in characters)
    assert [fold_by_decomposing(c) for c in characters] == [c.translate(variant_table())
                                                            for c in characters]
    run = "".join(characters[::997])
    assert fold_text(run) == fold_by_decomposing(run)
    assert fold_text("が") == fold_by_decomposing("が") == "か"  # kana takes the general path


def test_east_asian_variants_fold_alike() -> None:
    from newsflow.language.fold import fold_text

    assert fold_text("臺灣經濟") == fold_text("台灣经济") == "台湾经济"
    assert fold_text("ａｉ２０２７") == "ai2027"
    assert fold_text("タコ焼き") == fold_text("たこ焼き")
    assert fold_text("ｺﾝﾋﾟｭｰﾀｰ") == fold_text("コンピューター")
    assert fold_text("부산") == "부산"


def test_tokens_read_words_through_soft_hyphens_and_joiners() -> None:
    from newsflow.language.segment import token_spans, tokens

    text = "Bundes\u00adregierung, \u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645 und \u00adx"
    assert tokens(text) == ["Bundesregierung", "\u0645\u06cc\u062e\u0648\u0627\u0647\u0645", "und", "x"]
    spans = token_spans(text)
    assert [t for _, _, t in spans] == tokens(text)
    assert text[spans[0][0]:spans[0][1]] == "Bundes\u00adregierung"
    assert analyse("Bundes\u00adregierung", "de").exact == analyse("Bundesregierung", "de").exact


def test_text_without_thai_is_tokenised_in_one_pass_as_run_by_run() -> None:
    import unicodedata

    from newsflow.language.segment import BREAK_CHAR, RUN, _piece_tokens, tokens, without_joiners

    # every 7th code point up to the CJK Extension blocks (symbols, marks, digits, "_", "・",
    # unassigned ones), with and without spaces, and none of the scripts ICU segments
    characters = [chr(c) for c in range(0x21, 0x32000, 7) if not 0xD800 <= c <= 0xDFFF]
    text = "".join(c for c in characters if not BREAK_CHAR.match(c))
    for sample in (text, " ".join(text[i:i + 5] for i in range(0, len(text), 5)),
                   "北京・東京ガ\u3099ス 2027年 Berlin市_서울에서"):
        normal = without_joiners(unicodedata.normalize("NFC", sample))
        by_runs = [t for run in RUN.findall(normal) for t in _piece_tokens(run)]
        assert tokens(sample) == by_runs


def test_an_elided_article_or_preposition_is_left_out_of_an_unquoted_word() -> None:
    [term] = query_terms("d'énergie")
    assert term.exact == ["énergie"]
    [quoted] = query_terms("\"l'énergie\"")
    assert quoted.exact == ["l", "énergie"]  # a phrase is matched as written


def test_a_korean_word_matches_without_its_particle_and_written_apart() -> None:
    from newsflow.services.indexer.analysis import korean_variants

    assert ["부산"] in korean_variants("부산에서")
    assert korean_variants("청년월세") == [["청년", "월세"]]
    assert ["전기", "기차", "공장"] in korean_variants("전기차공장")
    assert korean_variants("부산") == [] and korean_variants("영화제") == []
    [clause] = parse_query("부산에서").clauses
    assert [t.exact for t in clause.options][:2] == [["부산", "산에", "에서"], ["부산"]]


def test_a_hyphenated_word_tells_its_language_joined() -> None:
    from newsflow.services.indexer.analysis import query_languages

    assert "en" in query_languages("e-mail")[:2]
    assert query_languages("state-owned") == ("en",)
