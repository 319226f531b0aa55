"""Opening a project file: the header check, the connection and its pragmas,
the migrations, and the one-line errors SQLite's failures become.

Connections open with `synchronous = FULL`: an edit that returned survives a
power cut. `set_test_durability(False)` turns that OFF (an edit still
survives a killed process, whose writes the OS keeps, but not a power cut)
for the test suite only: nothing in the program, its settings, environment
or command line calls it.
"""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from annotations.errors import (
    NotAProjectError,
    ProjectError,
)
from annotations.store.migrations import APPLICATION_ID, MIGRATIONS

_full_durability = True


def set_test_durability(full: bool) -> None:
    """For the test suite only: open later connections with synchronous FULL
    (True, the default) or OFF (False), which skips the fsyncs of each commit."""
    global _full_durability
    _full_durability = full


def synchronous_mode() -> str:
    """The synchronous pragma new connections get: FULL unless a test lowered it."""
    return "FULL" if _full_durability else "OFF"


def now() -> str:
    """The current UTC time, ISO 8601 with milliseconds."""
    return datetime.now(UTC).isoformat(timespec="milliseconds")


_ENCODER = json.JSONEncoder(ensure_ascii=False, sort_keys=True)


def dump_json(value: Any) -> str:
    """A value as the JSON the project stores (sorted keys, text as is)."""
    return _ENCODER.encode(value)  # json.dumps with options builds an encoder per call


def check_header(path: Path) -> None:
    """Raise ProjectError when `path` cannot be read, NotAProjectError when it is
    empty or not SQLite.

    The file is only ever opened through SQLite: on POSIX systems, closing any
    descriptor of a file drops every lock this process holds on it, SQLite's
    included, and another program could then checkpoint and delete the WAL
    under an open project. SQLite shares one descriptor per file among its
    connections and so keeps the locks.
    """
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise ProjectError(f"{path}: cannot be read ({exc.strerror})") from exc
    if size == 0:
        raise NotAProjectError(f"{path}: not a Dateline project (the file is empty)")
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            conn.execute("PRAGMA schema_version").fetchone()
        finally:
            conn.close()
    except sqlite3.Error as exc:
        if getattr(exc, "sqlite_errorcode", None) == sqlite3.SQLITE_NOTADB:
            raise NotAProjectError(
                f"{path}: not a Dateline project (not an SQLite file, or a damaged one)"
            ) from exc
        # Anything else (a WAL it cannot open, say) is reported by the real open.


def connect(path: Path) -> sqlite3.Connection:
    """Open `path` for writing in WAL mode.

    Raises ProjectError when the file (or its -wal beside it) cannot be opened
    or written, or is locked; NotAProjectError when it is not a database.
    """
    try:
        conn = sqlite3.connect(path, isolation_level=None)
    except sqlite3.Error as exc:
        raise ProjectError(f"{path}: cannot be opened ({exc})") from exc
    try:
        conn.execute("PRAGMA busy_timeout = 3000")
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute(f"PRAGMA synchronous = {synchronous_mode()}")
        conn.execute("PRAGMA foreign_keys = ON")
    except sqlite3.OperationalError as exc:
        conn.close()
        raise project_error(path, exc) from exc
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise NotAProjectError(f"{path}: not a Dateline project ({exc})") from exc
    return conn


def migrate(conn: sqlite3.Connection, current: int) -> None:
    """Apply every migration after `current`, each with its record in one transaction."""
    for version, name, statements in MIGRATIONS:
        if version <= current:
            continue
        conn.execute("BEGIN IMMEDIATE")
        try:
            for statement in statements:
                conn.execute(statement)
            conn.execute(
                "INSERT INTO migrations (version, name, applied) VALUES (?, ?, ?)",
                (version, name, now()),
            )
            conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            conn.execute(f"PRAGMA user_version = {version}")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise


def project_error(path: Path, exc: sqlite3.OperationalError) -> ProjectError:
    """The one-line ProjectError a failed statement on `path` becomes."""
    message = str(exc)
    if "locked" in message or "busy" in message:
        return ProjectError(f"{path}: the project is locked by another program; try again")
    if "full" in message:
        return ProjectError(f"{path}: the disk is full; the last edit was not saved")
    if "readonly" in message:
        return ProjectError(f"{path}: the project file is read-only")
    if "unable to open" in message:
        return ProjectError(
            f"{path}: cannot be opened for writing; check the permissions of the file, its "
            "folder and its -wal and -shm files"
        )
    return ProjectError(f"{path}: {message}")
