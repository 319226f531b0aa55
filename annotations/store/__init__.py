"""The store: the only package that speaks SQL to a project file.

`Project` opens, migrates and edits a project; the modules beside it hold the
queries that other layers need (suggestions and decisions, read-only rows for
the window, exports and agreement). Nothing outside this package imports
`sqlite3` or touches a connection.
"""

from annotations.store.project import DocumentRow, Project, check_header, now

__all__ = ["DocumentRow", "Project", "check_header", "now"]
