"""The C loops of the text analysis (``_native.c``), and the class tables they read.

``segment.tokens`` (ICU still segments Thai, Lao, Khmer, Myanmar: the loop calls
``segment_run``) and ``tokenize.words`` / ``word_count`` (a text without Thai) run their
character loop in C when the extension is built (``pip install -e .`` builds it through
setup.py; setuptools and a C compiler are all it needs), and so does the search
analysis's ``index_columns`` (``index_forms``: the same loop writing each token, looked up
in a ``FormsCache`` of its fold and stems, straight into the index's columns). The Python
code stays the reference and the fallback: ``NEWSFLOW_NATIVE=0`` in the environment, or an
install without the extension, gives the same tokens, counts and columns from Python.

The C code holds no Unicode data of its own. Each module builds, at its first call (its
``native_table``), a table of one byte a code point of the Basic Multilingual Plane, one
bit a character class, from the very patterns its Python path matches with
(``class_table``): a character is in a class in C exactly when Python's ``re`` says so.
Above the BMP the C code asks CPython's own ``Py_UNICODE_ISALNUM`` (what ``str.isalnum``
and ``re``'s ``\\w`` call).
"""

from __future__ import annotations

import os
import re
from array import array
from collections.abc import Callable, Iterable, Sequence
from functools import lru_cache
from typing import TYPE_CHECKING, Protocol, TypeAlias

if TYPE_CHECKING:
    from newsflow.language._native import FormsCache

    #: A ``_native.FormsCache``: tokens with their fold and sub-forms (``index_forms``).
    TokenForms: TypeAlias = FormsCache

#: The code points a class table covers: the Basic Multilingual Plane.
TABLE_SIZE = 0x10000


class NativeAnalysis(Protocol):
    """What ``_native.c`` offers (its stub: ``_native.pyi``)."""

    def segment_tokens(self, text: str, table: bytes, astral_cjk: tuple[tuple[int, int], ...],
                       astral_break: tuple[tuple[int, int], ...],
                       segment_run: Callable[[str], Sequence[str]], /) -> list[str]: ...

    def words(self, text: str, table: bytes, /) -> list[str] | None: ...

    def word_count(self, text: str, table: bytes, /) -> int: ...

    def index_forms(self, text: str, table: bytes, astral_cjk: tuple[tuple[int, int], ...],
                    astral_break: tuple[tuple[int, int], ...],
                    segment_run: Callable[[str], Sequence[str]], cache: TokenForms,
                    with_subs: bool, tag: str, /) -> tuple[str, str, str] | list[str]: ...

    @property
    def FormsCache(self) -> type[TokenForms]: ...  # the class

    def lower_text(self, text: str, table: bytes, /) -> str | None: ...


def enabled() -> bool:
    """False when ``NEWSFLOW_NATIVE=0``: every C extension of newsflow is left unused (this
    one, and the SQLite index's rank function)."""
    return os.environ.get("NEWSFLOW_NATIVE", "1").strip() != "0"


def load() -> NativeAnalysis | None:
    """The extension, or None when ``NEWSFLOW_NATIVE=0`` or it is not built."""
    if not enabled():
        return None
    try:
        from newsflow.language import _native
    except ImportError:
        return None
    return _native


@lru_cache(maxsize=1)
def _plane() -> str:
    """Every code point of the BMP, in order (lone surrogates included), as one string."""
    return array("I", range(TABLE_SIZE)).tobytes().decode("utf-32-le", "surrogatepass")


def class_table(classes: Iterable[tuple[int, str]]) -> bytes:
    """One byte a BMP code point: the OR of the ``bit`` of every ``(bit, pattern)`` whose
    pattern (a regular expression of one character) matches it."""
    plane = _plane()
    table = 0
    for bit, pattern in classes:
        mask = bytearray(TABLE_SIZE)
        for match in re.finditer(f"(?:{pattern})+", plane):
            mask[match.start():match.end()] = b"\x01" * (match.end() - match.start())
        table |= int.from_bytes(mask, "little") * bit
    return table.to_bytes(TABLE_SIZE, "little")
