"""newsflow_bm25 on every SQLite connection opened after the import (_fts5rank.c)."""

#: Whether sqlite3_auto_extension took the function (it is on a connection only when
#: Python's sqlite3 module uses the SQLite library this module is linked against).
registered: int
