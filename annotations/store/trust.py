"""A project file from elsewhere is data, never code.

Before any query touches a user table of a file, its `sqlite_master` is
compared with the schema Dateline itself declares for the file's version
(the migrations run on an empty database): a VIEW in place of a table, a
planted TRIGGER, an extra table or index, or a changed definition is refused
with one line naming it. Connections to such files also run with
`trusted_schema = OFF`, SQLite's defensive mode where Python exposes it
(`setconfig`, Python 3.12), a cap on the length of any one value, and a
progress handler that bounds every statement and lets Ctrl+C through.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path

from annotations.errors import NotAProjectError
from annotations.store.migrations import MIGRATIONS

#: The longest string or blob read from another file (SQLite refuses longer ones).
MAX_VALUE_BYTES = 64 * 1024 * 1024
#: The longest one step of one statement on another file may run.
STEP_SECONDS = 60.0
_CHECK_EVERY = 10_000  # virtual machine instructions between progress calls

# Tables SQLite itself makes (AUTOINCREMENT's counters, ANALYZE's statistics).
_INTERNAL = {"sqlite_sequence", "sqlite_stat1", "sqlite_stat4"}

SchemaObject = tuple[str, str, str, str | None]  # type, name, table, sql


@cache
def declared_schema(version: int) -> frozenset[SchemaObject]:
    """The schema objects a project of format `version` holds, as sqlite_master lists them."""
    conn = sqlite3.connect(":memory:")
    try:
        for number, _name, statements in MIGRATIONS:
            if number > version:
                break
            for statement in statements:
                conn.execute(statement)
        return frozenset(_objects(conn))
    finally:
        conn.close()


def _objects(conn: sqlite3.Connection) -> Iterator[SchemaObject]:
    for kind, name, table, sql in conn.execute(
        "SELECT type, name, tbl_name, sql FROM main.sqlite_master"
    ):
        yield str(kind), str(name), str(table), None if sql is None else str(sql)


def check_schema(conn: sqlite3.Connection, path: Path, version: int, outcome: str) -> None:
    """Raise NotAProjectError, naming the first object that differs, unless the
    file's tables, indexes, triggers and views are exactly those Dateline
    declares for `version`. `outcome` ends the message ("nothing was merged")."""
    declared = declared_schema(version)
    by_name = {(kind, name): sql for kind, name, _table, sql in declared}
    try:
        found = sorted(_objects(conn), key=lambda o: (o[1], o[0]))
    except sqlite3.DatabaseError as exc:
        raise NotAProjectError(f"{path}: the file's schema cannot be read ({exc}); "
                               f"{outcome}") from exc
    found = [o for o in found if not (o[1] in _INTERNAL and o[0] == "table")]
    for kind, name, _table, _sql in found:
        if (kind, name) not in by_name:
            raise NotAProjectError(
                f"{path}: holds {_article(kind)} {kind} {name!r} that Dateline does not "
                f"declare (a project file is data, never code); {outcome}"
            )
    for kind, name, table, sql in found:
        if (kind, name, table, sql) not in declared:
            raise NotAProjectError(
                f"{path}: its {kind} {name!r} is not defined as Dateline declares it; {outcome}"
            )
    seen = {(kind, name) for kind, name, _table, _sql in found}
    for kind, name in sorted(set(by_name) - seen):
        if name not in _INTERNAL:
            raise NotAProjectError(
                f"{path}: lacks the {kind} {name!r} that every project has; {outcome}"
            )


def _article(kind: str) -> str:
    return "an" if kind[:1] in "aeiou" else "a"


def harden(conn: sqlite3.Connection) -> None:
    """Settings for a read-only connection to another file (being merged): no
    function of its schema runs (`trusted_schema = OFF`), the schema cannot
    be written behind SQLite's back (defensive mode, where Python exposes
    it), and no value longer than MAX_VALUE_BYTES is read.

    A project opened for writing gets none of these: it needs its own
    CHECKs' json_valid(), which this SQLite does not count as innocuous,
    builds long values of its own (agreement's aggregates) and turns off the
    journal of an import's attached staging file, which defensive mode
    forbids. Its schema is trusted only once `check_schema` found it to be
    exactly Dateline's."""
    conn.execute("PRAGMA trusted_schema = OFF")
    conn.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, MAX_VALUE_BYTES)
    setconfig: Callable[..., object] | None = getattr(conn, "setconfig", None)
    defensive = getattr(sqlite3, "SQLITE_DBCONFIG_DEFENSIVE", None)
    if setconfig is not None and defensive is not None:  # Python 3.12 and later
        setconfig(defensive, True)


class QueryGuard:
    """A progress handler that ends a statement step running over STEP_SECONDS,
    and turns Ctrl+C (which Python cannot deliver while SQLite runs C code)
    into a KeyboardInterrupt once SQLite has stopped.

    `step()` starts a new time budget; `reraise(exc)` raises
    KeyboardInterrupt in place of the "interrupted" error it caused.
    """

    def __init__(self, conn: sqlite3.Connection, seconds: float = STEP_SECONDS) -> None:
        self.conn, self.seconds = conn, seconds
        self.deadline = time.monotonic() + seconds
        self.interrupted = False
        self.timed_out = False
        conn.set_progress_handler(self._check, _CHECK_EVERY)

    def step(self) -> None:
        self.deadline = time.monotonic() + self.seconds

    def _check(self) -> int:
        try:
            if time.monotonic() > self.deadline:
                self.timed_out = True
                return 1
            return 0
        except KeyboardInterrupt:
            self.interrupted = True
            return 1

    def rows(self, cursor: sqlite3.Cursor) -> Iterator[sqlite3.Row]:
        """The cursor's rows, each fetch with a fresh time budget."""
        while True:
            self.step()
            row = cursor.fetchone()
            if row is None:
                return
            yield row

    def reraise(self, exc: BaseException) -> None:
        """Raise KeyboardInterrupt if Ctrl+C stopped the statement. (Python
        runs its SIGINT handler on entry to the progress handler, outside any
        try there, and sqlite3 swallows what the handler raised: a statement
        "interrupted" without running over its time is taken as Ctrl+C.)"""
        if self.interrupted or (not self.timed_out and "interrupted" in str(exc)):
            raise KeyboardInterrupt from exc


@contextmanager
def guarded(conn: sqlite3.Connection, path: Path, outcome: str) -> Iterator[QueryGuard]:
    """Run the block with a QueryGuard on `conn`; a statement it stopped for
    time becomes NotAProjectError, one stopped by Ctrl+C KeyboardInterrupt."""
    guard = QueryGuard(conn)
    try:
        yield guard
    except sqlite3.OperationalError as exc:
        guard.reraise(exc)
        if guard.timed_out:
            raise NotAProjectError(
                f"{path}: a query on the file ran over {guard.seconds:.0f} s; {outcome}"
            ) from exc
        raise
    finally:
        conn.set_progress_handler(None, 0)
