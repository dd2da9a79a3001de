"""Multilingual text tools shared by the parser and the indexer.

- ``detect``: which language a text is in (a model shipped in py3langid, no download).
- ``tokenize``: words of a text, with Thai word segmentation (PyThaiNLP's newmm and bundled
  word list, in a marisa trie).
- ``fold``: diacritic folding ("Hải Phòng" -> "hai phong") for accent-insensitive search.
- ``segment``, ``decompound``, ``frequency``: search tokens for every script, German
  compounds, and the word frequencies that tell a query's language.
"""


def warm_up(*, parse: bool = False, index: bool = True, queries: bool = True) -> None:
    """Load, now, what a service will need, so that its first document in a language does
    not stall the stream while a model loads and its first query answers in milliseconds:

    - ``parse``: py3langid's model (74 MiB) and the Thai word list of newmm (language
      identification and word counting: the parser only; the indexer and a search API
      need neither);
    - ``index``: the search tokens' segmenters and the German word list of the
      decompounder (building search tokens: the indexer, a search API);
    - ``queries``: the word lists and the identifier that tell a query's language (a search
      API only: some 300 MiB, which a service that answers no query should not hold).
    """
    if parse:
        from newsflow.language.detect import detect_language
        from newsflow.language.tokenize import words

        detect_language("Warm-up text for the language identifier, in English.")
        words("การเตรียมพจนานุกรมภาษาไทย")
    if index:
        from newsflow.language.decompound import split_compound
        from newsflow.language.fold import fold_text
        from newsflow.language.segment import lower_table, tokens

        tokens("การเตรียมพจนานุกรมภาษาไทย 北京 부산에서")
        lower_table()  # the lower case of each code point, for the index's columns
        split_compound("innovationszentrum")
        fold_text("臺灣")  # the variant table (ICU), built once
    if queries:
        from newsflow.language import frequency
        from newsflow.language.fold import first_letters

        frequency.warm_up()
        first_letters()  # the snippets' table of first letters (about 0.1 s)
