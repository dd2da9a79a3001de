"""Multilingual text tools shared by the parser and the indexer.

- ``detect``: which language a text is in (a model shipped in py3langid, no download).
- ``tokenize``: words of a text, with Thai word segmentation (PyThaiNLP's bundled dictionary).
- ``fold``: diacritic folding ("Hải Phòng" -> "hai phong") for accent-insensitive search.
"""
