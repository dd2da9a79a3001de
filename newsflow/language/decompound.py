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

from functools import lru_cache

MIN_WORD = 8
MIN_PART = 4
#: Parts must be at least this frequent (Zipf scale: 3 is once per million words).
MIN_PART_ZIPF = 3.0
#: A word this frequent is a word of its own ("Unternehmen" is not "unter" + "nehmen").
LEXICALISED_ZIPF = 4.0
LINKS = ("", "s", "es", "n", "en", "e")


@lru_cache(maxsize=1)
def _frequencies() -> dict[str, float]:
    """Lower-cased German word -> Zipf frequency."""
    import math

    from wordfreq import get_frequency_dict

    return {word: math.log10(freq * 1e9) for word, freq in get_frequency_dict("de", "large").items()
            if freq > 0 and word.isalpha()}


def zipf(word: str) -> float:
    return _frequencies().get(word, 0.0)


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
