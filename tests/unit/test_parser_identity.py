"""The parser's records for seed-format documents are the ones recorded: the repository's
seeds, the first 120 bench seed documents, the first 120 varied ones and the dead letters of
``bench/parser_identity.py``, each record's sha256 against ``tests/fixtures/parser_identity.json``.

A speed change to the parser must not change what it produces. When a change is meant to
(a parsing rule), regenerate the file and say so in the commit::

    python -m tests.unit.test_parser_identity
"""

from __future__ import annotations

import json
from pathlib import Path

from bench.parser_identity import documents, records_digest
from newsflow.services.parser.handler import handle
from newsflow.stage import Message

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "parser_identity.json"
FIRST = 120


def _checked() -> dict[str, str]:
    found: dict[str, str] = {}
    for name, value in documents(pages=False):
        group, _, number = name.partition("/")
        if group in ("seeds", "broken") or (group in ("synthetic", "varied") and int(number) < FIRST):
            message = Message("documents.raw", 0, 0, name.encode(), value, name)
            found[name] = records_digest(handle([message], max_bytes=5_000_000).outputs)
        elif group == "html":
            break
    return found


def test_the_parser_makes_the_records_recorded() -> None:
    recorded = json.loads(FIXTURE.read_text(encoding="utf-8"))
    found = _checked()
    assert found.keys() == recorded.keys()
    assert [name for name in found if found[name] != recorded[name]] == []


if __name__ == "__main__":
    FIXTURE.write_text(json.dumps(_checked(), indent=0, sort_keys=True) + "\n", encoding="utf-8")
