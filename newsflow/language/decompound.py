"""German compound splitting against a word list with frequencies ("Innovationszentrum" ->
"innovation", "zentrum"), so a search for a part finds the compound.

The word list is wordfreq's German list (its ``large`` list: the 200,000 most frequent
forms). A word of ``MIN_WORD`` letters or more is split in two where both parts are known
words of ``MIN_PART`` letters or more (the head may end in a linking "s", "es", "n", "en"
or "e": "Innovation-s-zentrum", "Klima-ziele"), choosing the split whose parts are, by
geometric mean, the most frequent (Koehn and Knight, 2003), and only when that mean is
above the frequency of the whole word: a frequent word that only looks like a compound
("Verkehr") stays whole, and so does every word of Zipf frequency ``LEXICALISED_ZIPF`` or
more ("Unternehmen", not "unter" + "nehmen"). Both parts are split again (three-part
compounds: "Windkraftanlagen" -> "wind", "kraft", "anlagen").
"""

from __future__ import annotations

import math
import os
import subprocess
import sys
import tempfile
from array import array
from functools import lru_cache
from pathlib import Path

import marisa_trie

MIN_WORD = 8
MIN_PART = 4
#: Parts must be at least this frequent (Zipf scale: 3 is once per million words).
MIN_PART_ZIPF = 3.0
#: A word this frequent is a word of its own ("Unternehmen" is not "unter" + "nehmen").
LEXICALISED_ZIPF = 4.0
LINKS = ("", "s", "es", "n", "en", "e")
#: wordfreq's frequency buckets: one per centibel, from 0 down to -799 cB.
BUCKETS = 800


class _Frequencies:
    """wordfreq's German ``large`` list, stored compactly: the words in a marisa trie (about
    5 MiB) and, per word, the index of its frequency bucket (2 bytes).

    wordfreq lists words in 800 buckets of one centibel each; a word's Zipf frequency is its
    bucket's (the same float ``get_frequency_dict`` gives). The trie is built once, in a
    child process, from the list file itself, and kept in the cache folder: building it
    reads 630,000 strings (about 110 MiB at its peak, much of it never returned to the
    system), and ``get_frequency_dict`` would keep them and a dict of them cached for good.
    """

    def __init__(self, words: marisa_trie.Trie, bucket_of: array[int]) -> None:
        from wordfreq import cB_to_freq

        self.words, self.bucket_of = words, bucket_of
        self.bucket_zipf = [math.log10(cB_to_freq(-index) * 1e9) for index in range(BUCKETS)]

    def zipf(self, word: str) -> float:
        key = self.words.get(word)
        return 0.0 if key is None else self.bucket_zipf[self.bucket_of[key]]


def build(path: Path) -> None:
    """Write the trie (``path``) and the words' buckets (``path`` + ``.buckets``), atomically."""
    from wordfreq import available_languages, read_cBpack

    buckets = read_cBpack(available_languages("large")["de"])
    if len(buckets) > BUCKETS:
        raise ValueError(f"wordfreq's German list has {len(buckets)} buckets, not {BUCKETS}")
    words = marisa_trie.Trie(word for bucket in buckets for word in bucket if word.isalpha())
    bucket_of = array("H", bytes(2 * len(words)))
    for index, bucket in enumerate(buckets):  # a word listed twice keeps its last bucket, as in
        for word in bucket:                    # wordfreq's dict
            key = words.get(word)
            if key is not None:
                bucket_of[key] = index
    path.parent.mkdir(parents=True, exist_ok=True)
    suffix = f".{os.getpid()}.tmp"
    Path(f"{path}.buckets{suffix}").write_bytes(bucket_of.tobytes())
    words.save(f"{path}{suffix}")
    os.replace(f"{path}.buckets{suffix}", f"{path}.buckets")
    os.replace(f"{path}{suffix}", path)  # last: the trie's presence says both are complete


def cache_path() -> Path:
    from importlib.metadata import version

    from newsflow.settings import get_settings

    return get_settings().cache_dir / "decompound" / f"wordfreq-{version('wordfreq')}-de-large.marisa"


@lru_cache(maxsize=1)
def _frequencies() -> _Frequencies:
    path = cache_path()
    if not path.exists():
        built = subprocess.run([sys.executable, "-m", __name__, str(path)], check=False)
        if built.returncode != 0:  # e.g. a read-only cache folder: build here, keep nothing
            with tempfile.TemporaryDirectory() as folder:
                build(Path(folder) / path.name)
                return _load(Path(folder) / path.name)
    return _load(path)


def _load(path: Path) -> _Frequencies:
    words = marisa_trie.Trie()
    words.load(str(path))
    bucket_of = array("H")
    bucket_of.frombytes(Path(f"{path}.buckets").read_bytes())
    if len(bucket_of) != len(words):
        raise ValueError(f"{path}: {len(words)} words but {len(bucket_of)} buckets")
    return _Frequencies(words, bucket_of)


def zipf(word: str) -> float:
    """Zipf frequency of a lower-cased German word (0 for a word not on the list)."""
    return _frequencies().zipf(word)


@lru_cache(maxsize=200_000)
def split_compound(word: str, depth: int = 0) -> tuple[str, ...]:
    """The parts of a lower-cased German word, or the word alone."""
    if len(word) < MIN_WORD or depth > 2 or not word.isalpha():
        return (word,)
    whole = zipf(word)
    if whole >= LEXICALISED_ZIPF:
        return (word,)
    best: tuple[float, tuple[str, ...]] | None = None
    for cut in range(MIN_PART, len(word) - MIN_PART + 1):
        head, tail = word[:cut], word[cut:]
        tail_zipf = zipf(tail)
        if tail_zipf < MIN_PART_ZIPF:
            continue
        for link in LINKS:
            if link and not head.endswith(link):
                continue
            stem = head[: len(head) - len(link)] if link else head
            if len(stem) < MIN_PART:
                continue
            head_zipf = zipf(stem)
            if head_zipf < MIN_PART_ZIPF:
                continue
            score = (head_zipf + tail_zipf) / 2
            if score > whole and (best is None or score > best[0]):
                best = (score, (*split_compound(stem, depth + 1), *split_compound(tail, depth + 1)))
    return best[1] if best else (word,)


if __name__ == "__main__":
    build(Path(sys.argv[1]))
