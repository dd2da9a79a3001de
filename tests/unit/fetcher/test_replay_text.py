"""The replay reads a seed file's text as ``Path.read_text`` would (``text_of``), and lists
seed files in ``sorted``'s order of paths."""

from __future__ import annotations

import tempfile
from datetime import UTC, datetime
from pathlib import Path

from hypothesis import example, given
from hypothesis import strategies as st

from newsflow.services.fetcher.replay import seed_document, seed_files, text_of

#: Bytes rich in line ends, UTF-8 lead and continuation bytes and invalid ones.
ODD_BYTES = st.lists(st.sampled_from([b"a", b" ", b"\r", b"\n", b"\r\n", b"\xc3", b"\xa9", b"\xe0\xb8",
                                      b"\x80", b"\xff", b"\xf0\x9f\x98", b"\x00", "ệ".encode()]),
                     max_size=40).map(b"".join)


@given(st.one_of(ODD_BYTES, st.binary(max_size=200)))
@example(b"a\r" + b"x" * 8190 + b"\r\nb")  # a line end across the text layer's chunks
@example(b"x" * 8191 + "ệ".encode() + b"\r")
def test_text_of_is_read_text(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "a.txt"
        path.write_bytes(data)
        assert text_of(data) == path.read_text(encoding="utf-8", errors="replace")


def test_seed_files_in_the_order_of_paths(tmp_path: Path) -> None:
    names = ["b.txt", "a-b/c.txt", "a/b.txt", "a/B.txt", "a.b/a.txt", "A.txt", "a/b/c.html", "z.json"]
    for name in names:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x\n")
    listed = list(seed_files([tmp_path]))
    assert listed == sorted(p for p in tmp_path.rglob("*") if p.suffix in {".txt", ".html"})
    assert len(listed) == 7


def test_a_seed_file_with_old_line_ends(tmp_path: Path) -> None:
    path = tmp_path / "s.txt"
    path.write_bytes("Dòng một\r\nDòng hai\rDòng ba\n".encode())
    raw = seed_document(path)
    assert raw.content == "Dòng một\nDòng hai\nDòng ba\n"
    assert raw.fetched_at == datetime.fromtimestamp(path.stat().st_mtime, tz=UTC)
