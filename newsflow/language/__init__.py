"""Multilingual text tools shared by the parser and the indexer.

- ``detect``: which language a text is in (a model shipped in py3langid, no download).
- ``tokenize``: words of a text, with Thai word segmentation (PyThaiNLP's bundled dictionary).
- ``fold``: diacritic folding ("Hải Phòng" -> "hai phong") for accent-insensitive search.
"""


def warm_up() -> None:
    """Load the language model and build the Thai dictionary now (about two seconds).

    Services call this at start-up, so the first document in a language does not stall the
    stream while a model loads.
    """
    from newsflow.language.detect import detect_language
    from newsflow.language.tokenize import words

    detect_language("Warm-up text for the language identifier, in English.")
    words("การเตรียมพจนานุกรมภาษาไทย")
