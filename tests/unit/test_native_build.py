"""The C extension of the text analysis is built wherever the project is installed: by the
editable install of `make` (rebuilt when its source changes), by `pip install .` in the
image (a C compiler and setup.py are there), and its build products stay out of git."""

from __future__ import annotations

import re

from tests.conftest import ROOT

SOURCE = "newsflow/language/_native.c"


def test_setup_py_builds_the_extension_from_its_source() -> None:
    text = (ROOT / "setup.py").read_text()
    assert re.search(rf'Extension\("newsflow\.language\._native", \["{re.escape(SOURCE)}"\]\)', text)
    assert (ROOT / SOURCE).is_file() and (ROOT / "newsflow/language/_native.pyi").is_file()


def test_make_reinstalls_when_the_build_or_the_c_source_changes() -> None:
    [rule] = re.findall(r"^\$\(STAMP\):(.*)$", (ROOT / "Makefile").read_text(), re.M)
    assert {"pyproject.toml", "setup.py", SOURCE} <= set(rule.split())


def test_the_image_has_setup_py_and_a_c_compiler_for_pip_install() -> None:
    text = re.sub(r"\\\n", " ", (ROOT / "Dockerfile").read_text())
    copies = [line.split()[1:-1] for line in text.splitlines() if line.startswith("COPY ")]
    assert any("setup.py" in sources for sources in copies)
    [install] = [line for line in text.splitlines() if line.startswith("RUN") and "pip install" in line]
    before = install.partition("pip install")[0]
    assert re.search(r"apt-get install[^&]*\bgcc\b", before), before


def test_build_products_are_ignored() -> None:
    ignored = (ROOT / ".gitignore").read_text().split()
    assert "*.so" in ignored and "build/" in ignored
