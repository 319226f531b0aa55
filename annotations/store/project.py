"""The project file: one SQLite database holding the corpus, its label schema
and the work of every annotator.

Every public edit method commits its own transaction (or joins the one that
`transaction()` opened) and writes a row to the append-only edit log before
it returns, so an edit survives the process being killed right after.
One `Project` belongs to one thread; a worker opens its own.

`Project` is assembled from one part per concern: opening and transactions
(base.py, connection.py), documents, spans and relations, status, the edit log.
"""

from __future__ import annotations

from annotations.store.connection import check_header, now
from annotations.store.documents import DocumentRow
from annotations.store.editlog import EditLogMixin


class Project(EditLogMixin):
    """An open project file.

    Raises (on open):
        ProjectNotFoundError: no file at `path`.
        NotAProjectError: the file is not SQLite, is corrupt, or is another
            program's database.
        ProjectVersionError: the file was written by a newer Dateline.
    """


__all__ = ["DocumentRow", "Project", "check_header", "now"]
