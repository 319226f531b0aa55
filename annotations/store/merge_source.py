"""Merge, part one: reading another project file (read-only, as untrusted
input, every value checked for type) and comparing an annotator's work there
with the project's. `annotations.store.merging` writes what was read.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from annotations import text as textutil
from annotations.errors import (
    DatelineError,
    NotAProjectError,
    Problem,
    ProjectNotFoundError,
    ProjectVersionError,
    ValidationError,
)
from annotations.model import STATUSES
from annotations.store.connection import check_header
from annotations.store.migrations import APPLICATION_ID, LATEST
from annotations.store.project import Project


class MergeConflictError(DatelineError):
    """An annotator has different work in the project and in the merged file."""


# --- what another file holds -------------------------------------------------------------


@dataclass
class SourceSpan:
    id: int
    document_id: int
    annotator: str
    label: str
    start: int
    end: int
    attrs: dict[str, Any]
    origin: str
    suggestion_id: int | None
    created: str
    updated: str


@dataclass
class SourceFile:
    """Everything read from one other project file, checked for types."""

    path: Path
    documents: dict[int, dict[str, Any]] = field(default_factory=dict)
    spans: list[SourceSpan] = field(default_factory=list)
    relations: list[dict[str, Any]] = field(default_factory=list)
    statuses: list[dict[str, Any]] = field(default_factory=list)
    edits: list[dict[str, Any]] = field(default_factory=list)
    suggestions: dict[int, dict[str, Any]] = field(default_factory=dict)
    suggested_relations: list[dict[str, Any]] = field(default_factory=list)
    suggestion_runs: list[dict[str, Any]] = field(default_factory=list)
    decisions: list[dict[str, Any]] = field(default_factory=list)
    annotators: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def problem(self, reason: str) -> None:
        self.problems.append(Problem(str(self.path), None, reason))

    def working(self) -> list[str]:
        """Annotators with any spans, relations, statuses or decisions, by name."""
        names = {s.annotator for s in self.spans}
        names |= {r["annotator"] for r in self.relations}
        names |= {s["annotator"] for s in self.statuses}
        names |= {d["annotator"] for d in self.decisions}
        return sorted(names)


@dataclass
class MergeReport:
    files: int = 0
    documents_added: int = 0
    documents_matched: int = 0
    merged: list[tuple[str, str, str]] = field(default_factory=list)  # (file, from, as)
    identical: list[tuple[str, str]] = field(default_factory=list)  # (file, annotator)
    spans: int = 0
    relations: int = 0
    statuses: int = 0
    edits: int = 0
    decisions: int = 0
    suggestions: int = 0
    warnings: list[str] = field(default_factory=list)


def parse_renames(values: Iterable[str]) -> dict[str, str]:
    """Parse `old=new` pairs. Raises ValidationError naming a bad one."""
    renames: dict[str, str] = {}
    for value in values:
        old, sep, new = value.partition("=")
        if not sep or not old.strip() or not new.strip():
            raise ValidationError(f"--rename {value!r} is not of the form old=new")
        if old.strip() in renames:
            raise ValidationError(f"--rename names {old.strip()!r} twice")
        renames[old.strip()] = new.strip()
    return renames


def open_read_only(path: Path) -> sqlite3.Connection:
    """Open another project file read-only after checking that it is one.

    Raises ProjectNotFoundError (no file), NotAProjectError (not SQLite,
    damaged, or another program's database) or ProjectVersionError (written
    by a newer Dateline).
    """
    if path.is_dir():
        raise NotAProjectError(f"{path}: a folder, not a project file; name the .db files in it")
    if not path.is_file():
        raise ProjectNotFoundError(f"{path}: no such project file")
    check_header(path)
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        raise NotAProjectError(f"{path}: cannot be opened ({exc})") from exc
    try:
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if app_id != APPLICATION_ID or version < 1:
            raise NotAProjectError(
                f"{path}: an SQLite database, but not a Dateline project "
                "(another program's file?); nothing was merged"
            )
        if version > LATEST:
            raise ProjectVersionError(
                f"{path}: written by a newer Dateline (project format {version}; this "
                f"version reads up to {LATEST}). Upgrade Dateline to merge it."
            )
        check = conn.execute("PRAGMA quick_check").fetchall()
        if [r[0] for r in check] != ["ok"]:
            raise NotAProjectError(
                f"{path}: the file is damaged ({check[0][0]}); nothing was merged"
            )
    except sqlite3.Error as exc:
        conn.close()
        raise NotAProjectError(f"{path}: the file is damaged ({exc}); nothing was merged") \
            from exc
    except BaseException:
        conn.close()
        raise
    return conn


def read_source(path: str | Path) -> SourceFile:
    """Read another project file's contents, checking every value's type.

    Raises the errors of `open_read_only`, and NotAProjectError when a
    table or column a project has is missing or unreadable. Values of the
    wrong type become problems in `SourceFile.problems`.
    """
    where = Path(path)
    conn = open_read_only(where)
    source = SourceFile(where)
    try:
        _read_tables(conn, source)
    except sqlite3.Error as exc:
        raise NotAProjectError(
            f"{where}: not a readable Dateline project ({exc}); nothing was merged"
        ) from exc
    finally:
        conn.close()
    return source


def _rows(conn: sqlite3.Connection, sql: str) -> list[sqlite3.Row]:
    conn.row_factory = sqlite3.Row
    return conn.execute(sql).fetchall()


def is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _json(text: Any) -> tuple[bool, Any]:
    """(True, the value) of a JSON text, or (False, None) when it cannot be read:
    not text, malformed, a number over Python's digit limit, or nested too deeply."""
    try:
        return True, json.loads(text)
    except (TypeError, ValueError, RecursionError):
        return False, None


def _json_object(source: SourceFile, text: Any, what: str) -> dict[str, Any] | None:
    value = _json(text)[1] if isinstance(text, str) else None
    if not isinstance(value, dict):
        shown = repr(text) if len(repr(text)) <= 60 else f"{repr(text)[:57]}..."
        source.problem(f"{what}: {shown} is not a JSON object")
        return None
    return value


def _read_tables(conn: sqlite3.Connection, source: SourceFile) -> None:
    names: dict[int, str] = {}
    for r in _rows(conn, "SELECT id, name FROM annotators"):
        ident, name = r["id"], r["name"]
        if not is_int(ident) or not isinstance(name, str):
            source.problem(f"annotator {ident!r}: malformed row")
            continue
        if not name.strip() or name != name.strip():
            source.problem(f"annotator {ident}: {name!r} is not a valid annotator name")
        names[ident] = name
    source.annotators = sorted(names.values())
    _read_documents(conn, source)
    _read_suggestions(conn, source)
    _read_spans(conn, source, names)
    for r in _rows(conn, "SELECT id, document_id, annotator_id, label, head_id, child_id, "
                         "created FROM relations ORDER BY id"):
        if not all(is_int(r[k]) for k in ("id", "document_id", "head_id", "child_id")) \
                or not isinstance(r["label"], str) or r["annotator_id"] not in names:
            source.problem(f"relation {r['id']!r}: malformed row")
            continue
        source.relations.append({
            "id": r["id"], "document_id": r["document_id"], "annotator":
            names[r["annotator_id"]], "label": r["label"], "head": r["head_id"],
            "child": r["child_id"], "created": str(r["created"]),
        })
    for r in _rows(conn, "SELECT document_id, annotator_id, status, seconds, note, updated "
                         "FROM document_status ORDER BY document_id, annotator_id"):
        if r["annotator_id"] not in names or r["document_id"] not in source.documents \
                or r["status"] not in STATUSES \
                or not isinstance(r["seconds"], int | float) or r["seconds"] < 0 \
                or not isinstance(r["note"], str):
            source.problem(f"status of document {r['document_id']!r}: malformed row")
            continue
        source.statuses.append({
            "document_id": r["document_id"], "annotator": names[r["annotator_id"]],
            "status": r["status"], "seconds": float(r["seconds"]), "note": r["note"],
            "updated": str(r["updated"]),
        })
    for r in _rows(conn, "SELECT id, suggestion_id, annotator_id, decision, span_id, time "
                         "FROM suggestion_decisions ORDER BY id"):
        if r["annotator_id"] not in names or r["decision"] not in ("accepted", "rejected") \
                or r["suggestion_id"] not in source.suggestions:
            source.problem(f"suggestion decision {r['id']!r}: malformed row")
            continue
        source.decisions.append({
            "suggestion_id": r["suggestion_id"], "annotator": names[r["annotator_id"]],
            "decision": r["decision"], "span_id": r["span_id"] if is_int(r["span_id"])
            else None, "time": str(r["time"]),
        })
    for r in _rows(conn, "SELECT id, time, actor, annotator, document_id, action, entity, "
                         "entity_id, before, after FROM edits ORDER BY id"):
        row = dict(r)
        for key in ("before", "after"):
            if row[key] is not None:
                ok, row[key] = _json(row[key])
                if not ok:
                    source.problem(f"edit {r['id']!r}: {key} is not JSON")
                    row = {}
                    break
        if row and all(isinstance(row[k], str) for k in ("time", "actor", "annotator",
                                                          "action", "entity")):
            source.edits.append(row)
        elif row:
            source.problem(f"edit {r['id']!r}: malformed row")


def _read_documents(conn: sqlite3.Connection, source: SourceFile) -> None:
    for r in _rows(conn, "SELECT id, title, text, date, source, meta FROM documents ORDER BY id"):
        what = f"document {r['id']!r}"
        text, title, date = r["text"], r["title"], r["date"]
        if not is_int(r["id"]) or not isinstance(text, str) or not text.strip():
            source.problem(f"{what}: no text")
            continue
        if "\x00" in text:
            source.problem(f"{what}: the text holds a NUL character (binary data)")
            continue
        if date is not None:
            try:
                textutil.check_date(date if isinstance(date, str) else repr(date))
            except ValueError as exc:
                source.problem(f"{what}: {exc}")
                continue
        meta = _json_object(source, r["meta"], f"{what} meta")
        if meta is None:
            continue
        source.documents[r["id"]] = {
            "text": text, "title": title if isinstance(title, str) else None, "date": date,
            "source": r["source"] if isinstance(r["source"], str) else None, "meta": meta,
        }


def _read_suggestions(conn: sqlite3.Connection, source: SourceFile) -> None:
    for r in _rows(conn, 'SELECT id, document_id, model, label, start, "end", attrs, score '
                         "FROM suggestions ORDER BY id"):
        doc = source.documents.get(r["document_id"])
        attrs = _json_object(source, r["attrs"], f"suggestion {r['id']!r} attrs")
        ok = doc is not None and attrs is not None and is_int(r["start"]) and \
            is_int(r["end"]) and isinstance(r["model"], str) and isinstance(r["label"], str)
        if not ok or not 0 <= r["start"] < r["end"] <= len(doc["text"]):  # type: ignore[index]
            source.problem(f"suggestion {r['id']!r}: malformed row")
            continue
        source.suggestions[r["id"]] = {
            "document_id": r["document_id"], "model": r["model"], "label": r["label"],
            "start": r["start"], "end": r["end"], "attrs": attrs,
            "score": r["score"] if isinstance(r["score"], int | float) else None,
        }
    for r in _rows(conn, "SELECT document_id, model, label, head_id, child_id, score "
                         "FROM suggested_relations ORDER BY id"):
        if r["head_id"] in source.suggestions and r["child_id"] in source.suggestions \
                and r["document_id"] in source.documents and isinstance(r["label"], str) \
                and isinstance(r["model"], str):
            source.suggested_relations.append(dict(r))
    for r in _rows(conn, "SELECT document_id, model, created FROM suggestion_runs"):
        if r["document_id"] in source.documents and isinstance(r["model"], str):
            source.suggestion_runs.append(dict(r))


def _read_spans(conn: sqlite3.Connection, source: SourceFile, names: dict[int, str]) -> None:
    for r in _rows(conn, 'SELECT id, document_id, annotator_id, label, start, "end", attrs, '
                         "origin, suggestion_id, created, updated FROM spans "
                         "ORDER BY document_id, start, id"):
        what = f"span {r['id']!r}"
        attrs = _json_object(source, r["attrs"], f"{what} attrs")
        if attrs is None:
            continue
        if not all(is_int(r[k]) for k in ("id", "start", "end")) \
                or r["annotator_id"] not in names or r["document_id"] not in source.documents \
                or not isinstance(r["label"], str) or not isinstance(r["origin"], str):
            source.problem(f"{what}: malformed row")
            continue
        suggestion = r["suggestion_id"] if r["suggestion_id"] in source.suggestions else None
        source.spans.append(SourceSpan(
            r["id"], r["document_id"], names[r["annotator_id"]], r["label"], r["start"],
            r["end"], attrs, r["origin"], suggestion, str(r["created"]), str(r["updated"]),
        ))


# --- comparing annotators' work ------------------------------------------------------------

Work = frozenset[tuple[Any, ...]]


def canonical(attrs: Mapping[str, Any]) -> str:
    return json.dumps(attrs, sort_keys=True, ensure_ascii=False)


def source_work(source: SourceFile, annotator: str) -> Work:
    """An annotator's spans, relations, statuses and notes, by document text."""
    uid = {i: textutil.uid(d["text"]) for i, d in source.documents.items()}
    keys = {s.id: (s.label, s.start, s.end) for s in source.spans if s.annotator == annotator}
    items: set[tuple[Any, ...]] = {
        ("span", uid[s.document_id], s.label, s.start, s.end, canonical(s.attrs), s.origin)
        for s in source.spans if s.annotator == annotator
    }
    items |= {
        ("relation", uid.get(r["document_id"]), r["label"], keys.get(r["head"]),
         keys.get(r["child"]))
        for r in source.relations if r["annotator"] == annotator
    }
    items |= {
        ("status", uid.get(s["document_id"]), s["status"], s["note"])
        for s in source.statuses
        if s["annotator"] == annotator and (s["status"] != "new" or s["note"])
    }
    return frozenset(items)


def project_work(project: Project, annotator: str) -> Work:
    """The same as `source_work`, for an annotator of the project."""
    conn = project.conn
    who = (annotator,)
    spans = conn.execute(
        'SELECT s.id, d.uid, s.label, s.start, s."end", s.attrs, s.origin FROM spans s '
        "JOIN documents d ON d.id = s.document_id JOIN annotators a ON a.id = s.annotator_id "
        "WHERE a.name = ?", who,
    ).fetchall()
    keys = {r[0]: (r[2], r[3], r[4]) for r in spans}
    items: set[tuple[Any, ...]] = {
        ("span", r[1], r[2], r[3], r[4], canonical(json.loads(r[5])), r[6]) for r in spans
    }
    items |= {
        ("relation", r[0], r[1], keys.get(r[2]), keys.get(r[3]))
        for r in conn.execute(
            "SELECT d.uid, r.label, r.head_id, r.child_id FROM relations r "
            "JOIN documents d ON d.id = r.document_id JOIN annotators a "
            "ON a.id = r.annotator_id WHERE a.name = ?", who)
    }
    items |= {
        ("status", r[0], r[1], r[2])
        for r in conn.execute(
            "SELECT d.uid, st.status, st.note FROM document_status st "
            "JOIN documents d ON d.id = st.document_id JOIN annotators a "
            "ON a.id = st.annotator_id WHERE a.name = ?", who)
        if r[1] != "new" or r[2]
    }
    return frozenset(items)
