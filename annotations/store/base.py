"""What every part of `Project` stands on: opening and closing the file,
transactions, settings, annotator ids, cached texts and the edit-log writer."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cached_property
from pathlib import Path
from typing import Any, Self

from annotations.errors import (
    NotAProjectError,
    NotFoundError,
    ProjectError,
    ProjectExistsError,
    ProjectNotFoundError,
    ProjectVersionError,
    ValidationError,
)
from annotations.schema import LabelSchema, default_schema
from annotations.store.connection import (
    check_header,
    connect,
    dump_json,
    migrate,
    now,
    project_error,
)
from annotations.store.migrations import APPLICATION_ID, LATEST


def check_annotator_name(name: str) -> None:
    """Raise ValidationError for an empty name or one with spaces around it."""
    if not name or name != name.strip():
        raise ValidationError(f"{name!r} is not a valid annotator name")


class ProjectBase:
    """An open project file: what every part of `Project` shares.

    Raises (on open):
        ProjectNotFoundError: no file at `path`.
        NotAProjectError: the file is not SQLite, is corrupt, or is another
            program's database.
        ProjectVersionError: the file was written by a newer Dateline.
    """

    def __init__(self, path: str | Path, *, actor: str | None = None) -> None:
        self.path = Path(path)
        self.actor = actor
        if not self.path.exists():
            raise ProjectNotFoundError(f"{self.path}: no such project file")
        check_header(self.path)
        self.conn = connect(self.path)
        self._depth = 0
        self._annotator_ids: dict[str, int] = {}
        self._texts: dict[int, str] = {}  # a document's text never changes (its uid is its hash)
        try:
            self._check_and_migrate()
            self.schema = self._load_schema()
        except BaseException:
            self.conn.close()
            raise

    @cached_property
    def db(self) -> Any:
        """The connection as a `sqlite_utils.Database`, for table-level work.

        Imported on first use: sqlite-utils loads pandas and numpy when they
        are installed, which the window's start-up does not need.
        """
        import sqlite_utils

        return sqlite_utils.Database(self.conn)

    # --- opening and closing -------------------------------------------------

    @classmethod
    def create(
        cls, path: str | Path, schema: LabelSchema | None = None, *, actor: str | None = None
    ) -> Self:
        """Create a new project file with the given schema (default: news-events).

        Raises ProjectExistsError when a file is already at `path`.
        """
        p = Path(path)
        if p.exists() and p.stat().st_size > 0:
            raise ProjectExistsError(f"{p}: a file is already there; choose another name")
        if not p.parent.exists():
            raise ProjectError(f"{p}: the folder {p.parent} does not exist")
        conn = connect(p)
        try:
            migrate(conn, 0)
            chosen = schema or default_schema()
            conn.execute("BEGIN IMMEDIATE")
            conn.execute(
                "INSERT INTO label_schema (id, name, version, json) VALUES (1, ?, ?, ?)",
                (chosen.name, chosen.version, chosen.to_json()),
            )
            conn.execute("COMMIT")
        finally:
            conn.close()
        return cls(p, actor=actor)

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _check_and_migrate(self) -> None:
        try:
            app_id = self.conn.execute("PRAGMA application_id").fetchone()[0]
            version = self.conn.execute("PRAGMA user_version").fetchone()[0]
        except sqlite3.DatabaseError as exc:
            raise NotAProjectError(f"{self.path}: not a Dateline project ({exc})") from exc
        if app_id != APPLICATION_ID:
            raise NotAProjectError(
                f"{self.path}: an SQLite database, but not a Dateline project "
                "(another program's file?)"
            )
        if version > LATEST:
            raise ProjectVersionError(
                f"{self.path}: written by a newer Dateline (project format {version}; "
                f"this version reads up to {LATEST}). Upgrade Dateline to open it."
            )
        if version < LATEST:
            try:
                migrate(self.conn, version)
            except sqlite3.Error as exc:
                raise ProjectError(
                    f"{self.path}: could not be upgraded from project format {version} to "
                    f"{LATEST} ({exc}); the file is unchanged"
                ) from exc

    def _load_schema(self) -> LabelSchema:
        row = self.conn.execute("SELECT json FROM label_schema WHERE id = 1").fetchone()
        if row is None:
            raise NotAProjectError(f"{self.path}: the project has no label schema")
        return LabelSchema.from_dict(json.loads(row[0]), f"{self.path} (stored schema)")

    # --- transactions ----------------------------------------------------------

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One transaction around the block; nested blocks become savepoints.

        Raises ProjectError when the database is locked by another program or
        the disk is full; the block's changes are rolled back.
        """
        depth = self._depth
        try:
            self.conn.execute("BEGIN IMMEDIATE" if depth == 0 else f"SAVEPOINT sp{depth}")
        except sqlite3.OperationalError as exc:
            raise project_error(self.path, exc) from exc
        self._depth += 1
        try:
            yield
        except BaseException as exc:
            self._depth -= 1
            self._roll_back(depth)
            if depth == 0 and isinstance(exc, sqlite3.OperationalError):
                # A statement of the block failed (disk full, read-only file, locked).
                raise project_error(self.path, exc) from exc
            raise
        self._depth -= 1
        try:
            self.conn.execute("COMMIT" if depth == 0 else f"RELEASE sp{depth}")
        except sqlite3.OperationalError as exc:
            if depth == 0 and self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
                self._forget_cached_rows()
            raise project_error(self.path, exc) from exc

    def _roll_back(self, depth: int) -> None:
        """Undo the block at `depth`, unless SQLite already rolled the transaction back
        (it does on some errors, such as a full disk)."""
        if self.conn.in_transaction:
            if depth == 0:
                self.conn.execute("ROLLBACK")
            else:
                self.conn.execute(f"ROLLBACK TO sp{depth}")
                self.conn.execute(f"RELEASE sp{depth}")
        self._forget_cached_rows()

    def _forget_cached_rows(self) -> None:
        """Drop cached ids and texts: a rollback may have undone the rows they came from."""
        self._annotator_ids.clear()
        self._texts.clear()

    # --- settings ----------------------------------------------------------------

    def setting(self, key: str, default: Any = None) -> Any:
        row = self.conn.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
        return default if row is None else json.loads(row[0])

    def set_setting(self, key: str, value: Any) -> None:
        with self.transaction():
            before = self.setting(key)
            self.conn.execute(
                "INSERT INTO settings (key, value) VALUES (?, ?) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (key, dump_json(value)),
            )
            self._log("set_setting", "setting", None, None, "", {key: before}, {key: value})

    # --- annotators ---------------------------------------------------------------

    def annotator_id(self, name: str, *, create: bool = True) -> int:
        """The id of annotator `name`, added when new (unless create is False)."""
        cached = self._annotator_ids.get(name)
        if cached is not None:
            return cached
        row = self.conn.execute("SELECT id FROM annotators WHERE name = ?", (name,)).fetchone()
        if row is None:
            if not create:
                raise NotFoundError(f"no annotator {name!r} in {self.path.name}")
            check_annotator_name(name)
            with self.transaction():
                cur = self.conn.execute("INSERT INTO annotators (name) VALUES (?)", (name,))
            ident = int(cur.lastrowid or 0)
        else:
            ident = int(row[0])
        self._annotator_ids[name] = ident
        return ident

    def annotators(self) -> list[str]:
        return [r[0] for r in self.conn.execute("SELECT name FROM annotators ORDER BY name")]

    def text(self, document_id: int) -> str:
        """A document's text (cached: texts never change). Raises NotFoundError."""
        cached = self._texts.get(document_id)
        if cached is None:
            row = self.conn.execute(
                "SELECT text FROM documents WHERE id = ?", (document_id,)
            ).fetchone()
            if row is None:
                raise NotFoundError(f"no document {document_id} in {self.path.name}")
            cached = self._texts[document_id] = row[0]
        return cached

    def _existing_annotator(self, name: str) -> int:
        try:
            return self.annotator_id(name, create=False)
        except NotFoundError:
            return -1

    def _touch(self, document_id: int, annotator_id: int) -> None:
        """A new document becomes in progress at its annotator's first edit."""
        self.conn.execute(
            "INSERT INTO document_status (document_id, annotator_id, status, updated) "
            "VALUES (?, ?, 'in_progress', ?) ON CONFLICT (document_id, annotator_id) "
            "DO UPDATE SET status = 'in_progress' WHERE status = 'new'",
            (document_id, annotator_id, now()),
        )

    # --- the edit log --------------------------------------------------------------

    def _log(
        self,
        action: str,
        entity: str,
        entity_id: int | None,
        document_id: int | None,
        annotator: str,
        before: Any,
        after: Any,
    ) -> int:
        cur = self.conn.execute(
            "INSERT INTO edits (time, actor, annotator, document_id, action, entity, "
            "entity_id, before, after) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                now(), self.actor or annotator, annotator, document_id, action, entity,
                entity_id, None if before is None else dump_json(before),
                None if after is None else dump_json(after),
            ),
        )
        return int(cur.lastrowid or 0)

