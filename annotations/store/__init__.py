"""The store: the only package that speaks SQL to a project file.

`Project` opens, migrates and edits a project; the modules beside it hold the
queries that other layers need (suggestions and decisions, read-only rows for
the window, exports and agreement). Nothing outside this package imports
`sqlite3` or touches a connection.
"""

import sqlite3

from annotations.store.project import DocumentRow, Project, check_header, now

#: What a failed read or write of the project file raises besides a
#: DatelineError: callers catch these without importing sqlite3 themselves.
DATABASE_ERRORS: tuple[type[Exception], ...] = (sqlite3.Error,)

__all__ = ["DATABASE_ERRORS", "DocumentRow", "Project", "check_header", "now"]
