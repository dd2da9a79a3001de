"""Multilingual text tools shared by the parser and the indexer.

- ``detect``: which language a text is in (a model shipped in py3langid, no download).
- ``tokenize``: words of a text, with Thai word segmentation (PyThaiNLP's bundled dictionary).
- ``fold``: diacritic folding ("Hải Phòng" -> "hai phong") for accent-insensitive search.
- ``segment``, ``decompound``, ``frequency``: search tokens for every script, German
  compounds, and the word frequencies that tell a query's language.
"""


def warm_up() -> None:
    """Load every model, dictionary and word list that analysing a document or a query
    needs, now (about five seconds): the language model, the Thai dictionaries (PyThaiNLP's
    for the parser's words, ICU's and PyThaiNLP's for search tokens), the German word list
    of the decompounder, and the word lists and identifier that tell a query's language.

    Services call this at start-up, so the first document in a language does not stall the
    stream while a model loads, and the first query of a search API answers in
    milliseconds, not seconds.
    """
    from newsflow.language import frequency
    from newsflow.language.decompound import split_compound
    from newsflow.language.detect import detect_language
    from newsflow.language.segment import tokens
    from newsflow.language.tokenize import words

    detect_language("Warm-up text for the language identifier, in English.")
    words("การเตรียมพจนานุกรมภาษาไทย")
    tokens("การเตรียมพจนานุกรมภาษาไทย 北京 부산에서")
    split_compound("innovationszentrum")
    frequency.warm_up()
