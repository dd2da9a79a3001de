"""One report file, several benchmarks: each writes its own marked section of it."""

from __future__ import annotations

import hashlib
from pathlib import Path


def untouched(name: str) -> bool:
    """The part of a development set kept aside: file names whose sha256 starts with an even byte.

    Never read those pages while tuning; report them beside the tuning part.
    """
    return hashlib.sha256(name.encode("utf-8")).digest()[0] % 2 == 0


def write_section(path: Path, key: str, text: str) -> None:
    """Put ``text`` between the ``key`` markers of ``path``, keeping the other sections.

    A file without markers (the old single-report form) is replaced by the marked section.
    """
    begin, end = f"<!-- begin {key} -->", f"<!-- end {key} -->"
    block = f"{begin}\n{text.rstrip()}\n{end}\n"
    old = path.read_text(encoding="utf-8") if path.exists() else ""
    if begin in old and end in old:
        head, _, rest = old.partition(begin)
        _, _, tail = rest.partition(end)
        new = head + block + tail.lstrip("\n")
    elif "<!-- begin " in old:
        new = old.rstrip() + "\n\n" + block
    else:
        new = block
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(new, encoding="utf-8")


def package_version(package: str) -> str:
    """The installed version of ``package``, for a report's header."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(package)
    except PackageNotFoundError:
        return "(not installed)"
