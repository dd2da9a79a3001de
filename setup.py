"""The one thing pyproject.toml cannot say without a warning: the C extension of the text
analysis (``newsflow/language/native.py`` says what it does). setuptools' own
``[tool.setuptools] ext-modules`` prints an "experimental" BuildBackendWarning on every
build, and the builds here are warning-free (tests/integration/test_wheel_install.py).
It needs a C compiler, as PyICU does (no wheel: it is built against ICU); an environment
without the built module (or with ``NEWSFLOW_NATIVE=0``) runs the same analysis in Python.

The second, the SQLite index's rank function (``services/indexer/backends/_fts5rank.c``),
is linked against the system's SQLite (``sqlite3.h``: Debian's libsqlite3-dev), the
library Python's own sqlite3 module uses here; without it the index ranks with FTS5's
bm25()."""

from setuptools import Extension, setup

setup(ext_modules=[
    Extension("newsflow.language._native", ["newsflow/language/_native.c"]),
    Extension("newsflow.services.indexer.backends._fts5rank",
              ["services/indexer/backends/_fts5rank.c"], libraries=["sqlite3"]),
])
