"""Merge: bring the work of annotators who labelled on their own copies into
a project, all or nothing.

The other files are opened read-only and treated as untrusted input: every
document, span, relation, status, note, edit-log row and suggestion decision
is checked before it is written, and any problem leaves the project exactly
as it was. Documents match by text (the uid is recomputed from the text, not
taken from the file); new ones are added. An annotator who is in both files
with different work is refused unless renamed; identical work is skipped.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Generator, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from annotations import text as textutil
from annotations.errors import (
    DatelineError,
    InputError,
    NotAProjectError,
    NotFoundError,
    Problem,
    ProjectNotFoundError,
    ProjectVersionError,
    ValidationError,
)
from annotations.model import STATUSES
from annotations.progress import Progress
from annotations.store import Project, check_header
from annotations.store.migrations import APPLICATION_ID, LATEST


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


def _is_int(value: Any) -> bool:
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
        if not _is_int(ident) or not isinstance(name, str):
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
        if not all(_is_int(r[k]) for k in ("id", "document_id", "head_id", "child_id")) \
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
            "decision": r["decision"], "span_id": r["span_id"] if _is_int(r["span_id"])
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
        if not _is_int(r["id"]) or not isinstance(text, str) or not text.strip():
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
        ok = doc is not None and attrs is not None and _is_int(r["start"]) and \
            _is_int(r["end"]) and isinstance(r["model"], str) and isinstance(r["label"], str)
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
        if not all(_is_int(r[k]) for k in ("id", "start", "end")) \
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


def _canonical(attrs: Mapping[str, Any]) -> str:
    return json.dumps(attrs, sort_keys=True, ensure_ascii=False)


def source_work(source: SourceFile, annotator: str) -> Work:
    """An annotator's spans, relations, statuses and notes, by document text."""
    uid = {i: textutil.uid(d["text"]) for i, d in source.documents.items()}
    keys = {s.id: (s.label, s.start, s.end) for s in source.spans if s.annotator == annotator}
    items: set[tuple[Any, ...]] = {
        ("span", uid[s.document_id], s.label, s.start, s.end, _canonical(s.attrs), s.origin)
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
        ("span", r[1], r[2], r[3], r[4], _canonical(json.loads(r[5])), r[6]) for r in spans
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


# --- merging ---------------------------------------------------------------------------------


def merge(
    project: Project,
    others: Sequence[str | Path],
    renames: Mapping[str, str] | None = None,
    *,
    actor: str = "",
) -> Generator[Progress, None, MergeReport]:
    """Merge other project files into `project` in one transaction; yields
    progress per document and annotator.

    `renames` maps an annotator name in the other files to the name their
    work gets in the project. `actor` is who is merging (for the edit log).

    Raises:
        ProjectNotFoundError, NotAProjectError, ProjectVersionError: an other
            file is missing, not a Dateline project, damaged, or newer.
        ValidationError: a rename names no annotator of the files, or a file
            is the project itself.
        MergeConflictError: an annotator has different work in the project
            and in a file (rename it).
        InputError: records of a file break the project's rules (unknown
            labels, bad offsets, overlaps...), every one listed.
    In every case the project is left exactly as it was.
    """
    names = dict(renames or {})
    sources = [read_source(p) for p in _checked_paths(project, others)]
    _check_renames(sources, names)
    report = MergeReport()
    with project.transaction():
        for source in sources:
            yield from _merge_file(project, source, names, report, actor)
            report.files += 1
    return report


def _checked_paths(project: Project, others: Sequence[str | Path]) -> list[Path]:
    paths = [Path(p) for p in others]
    if not paths:
        raise ValidationError("name at least one project file to merge")
    for path in paths:
        if path.exists() and path.resolve() == project.path.resolve():
            raise ValidationError(f"{path}: cannot merge a project into itself")
    return paths


def _check_renames(sources: Sequence[SourceFile], renames: Mapping[str, str]) -> None:
    present = {name for s in sources for name in s.annotators}
    for old in renames:
        if old not in present:
            files = ", ".join(str(s.path) for s in sources)
            raise ValidationError(
                f"--rename {old}={renames[old]}: no annotator {old!r} in {files} "
                f"(annotators: {', '.join(sorted(present)) or 'none'})"
            )


@dataclass
class _Maps:
    documents: dict[int, int] = field(default_factory=dict)
    suggestions: dict[int, int] = field(default_factory=dict)
    spans: dict[int, int] = field(default_factory=dict)
    relations: dict[int, int] = field(default_factory=dict)


def _merge_file(
    project: Project, source: SourceFile, renames: Mapping[str, str], report: MergeReport,
    actor: str,
) -> Generator[Progress, None, None]:
    maps = _Maps()
    plan = _plan(project, source, renames, report)
    total = len(source.documents) + len(plan)
    done = 0
    for ident, doc in source.documents.items():
        maps.documents[ident] = _merge_document(project, source, doc, report, actor)
        done += 1
        yield Progress(done, total, source.path.name)
    _merge_suggestions(project, source, maps, report)
    before = report.spans + report.relations + report.statuses + report.edits
    for name, target in plan:
        _merge_annotator(project, source, name, target, maps, report)
        report.merged.append((str(source.path), name, target))
        done += 1
        yield Progress(done, total, source.path.name)
    if source.problems:
        raise InputError(source.problems, action="merge")
    changed = report.spans + report.relations + report.statuses + report.edits > before
    if changed:
        project.log(
            "merge", annotator=actor, entity="merge",
            after={"file": str(source.path), "annotators": {n: t for n, t in plan}},
        )


def _plan(
    project: Project, source: SourceFile, renames: Mapping[str, str], report: MergeReport
) -> list[tuple[str, str]]:
    """Which annotators of the file to bring in, under which name; raise
    MergeConflictError for every one whose work differs from the project's."""
    present = set(project.annotators())
    plan: list[tuple[str, str]] = []
    conflicts: list[str] = []
    for name in source.working():
        target = renames.get(name, name)
        if target != target.strip() or not target:
            raise ValidationError(
                f"{source.path}: {target!r} is not a valid annotator name; nothing was merged"
            )
        twin = next((n for n, t in plan if t == target), None)
        if twin is not None:
            raise MergeConflictError(
                f"{source.path}: {twin} and {name} would both become {target!r}; "
                "rename one of them to another name"
            )
        if target in present:
            theirs = source_work(source, name)
            ours = project_work(project, target)
            if ours and theirs == ours:
                report.identical.append((str(source.path), name))
                continue
            if ours:
                conflicts.append(name if target == name else f"{name} (as {target})")
                continue
        plan.append((name, target))
    if conflicts:
        raise MergeConflictError(
            f"{source.path}: {', '.join(conflicts)} ha{'s' if len(conflicts) == 1 else 've'} "
            f"different work in {source.path.name} and in {project.path.name}; nothing was "
            f"merged. Bring the work in under another name with --rename "
            f"{conflicts[0].split(' ')[0]}=NEW_NAME."
        )
    return plan


def _merge_document(
    project: Project, source: SourceFile, doc: Mapping[str, Any], report: MergeReport,
    actor: str,
) -> int:
    found, added = project.add_document(
        doc["text"], title=doc["title"], date=doc["date"], source=doc["source"],
        meta=doc["meta"],
    )
    report.documents_added += added
    report.documents_matched += not added
    if not added and doc["date"] and found.date != doc["date"]:
        if found.date is None:
            project.set_document_date(found.id, doc["date"], annotator=actor)
        else:
            report.warnings.append(
                f"{source.path}: document {found.title!r} is dated {doc['date']} there and "
                f"{found.date} here; kept {found.date}"
            )
    return found.id


def _merge_suggestions(
    project: Project, source: SourceFile, maps: _Maps, report: MergeReport
) -> None:
    """Map every suggestion of the file to one of the project, adding the
    suggestions of a document and model the project has none of."""
    conn = project.conn
    by_run: dict[tuple[int, str], list[int]] = {}
    for ident, sug in source.suggestions.items():
        by_run.setdefault((maps.documents[sug["document_id"]], sug["model"]), []).append(ident)
    for (doc, model), idents in by_run.items():
        existing = {
            (r[1], r[2], r[3], _canonical(json.loads(r[4]))): r[0]
            for r in conn.execute(
                'SELECT id, label, start, "end", attrs FROM suggestions '
                "WHERE document_id = ? AND model = ?", (doc, model))
        }
        text = project.text(doc)
        for ident in idents:
            sug = source.suggestions[ident]
            key = (sug["label"], sug["start"], sug["end"], _canonical(sug["attrs"]))
            if key not in existing:
                cur = conn.execute(
                    'INSERT INTO suggestions (document_id, model, label, start, "end", text, '
                    "attrs, score) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    (doc, model, sug["label"], sug["start"], sug["end"],
                     text[sug["start"]:sug["end"]], key[3], sug["score"]),
                )
                existing[key] = int(cur.lastrowid or 0)
                report.suggestions += 1
            maps.suggestions[ident] = existing[key]
    _merge_suggestion_links(project, source, maps)


def _merge_suggestion_links(project: Project, source: SourceFile, maps: _Maps) -> None:
    conn = project.conn
    for rel in source.suggested_relations:
        head, child = maps.suggestions[rel["head_id"]], maps.suggestions[rel["child_id"]]
        if head == child or conn.execute(
            "SELECT 1 FROM suggested_relations WHERE label = ? AND head_id = ? AND child_id = ?",
            (rel["label"], head, child),
        ).fetchone():
            continue
        conn.execute(
            "INSERT INTO suggested_relations (document_id, model, label, head_id, child_id, "
            "score) VALUES (?, ?, ?, ?, ?, ?)",
            (maps.documents[rel["document_id"]], rel["model"], rel["label"], head, child,
             rel["score"] if isinstance(rel["score"], int | float) else None),
        )
    for run in source.suggestion_runs:
        conn.execute(
            "INSERT OR IGNORE INTO suggestion_runs (document_id, model, created) "
            "VALUES (?, ?, ?)",
            (maps.documents[run["document_id"]], run["model"], str(run["created"])),
        )


def _merge_annotator(
    project: Project, source: SourceFile, name: str, target: str, maps: _Maps,
    report: MergeReport,
) -> None:
    titles = {i: d["title"] or f"document {i}" for i, d in source.documents.items()}
    for span in (s for s in source.spans if s.annotator == name):
        try:
            with project.transaction():
                made = project.add_span(
                    maps.documents[span.document_id], target, span.label, span.start, span.end,
                    span.attrs, origin=span.origin,
                    suggestion_id=maps.suggestions.get(span.suggestion_id or -1), log=False,
                )
                project.conn.execute(
                    "UPDATE spans SET created = ?, updated = ? WHERE id = ?",
                    (span.created, span.updated, made.id),
                )
        except (ValidationError, NotFoundError) as exc:
            source.problem(f"{name}'s span {span.id} ({span.label} {span.start}-{span.end}) "
                           f"in {titles[span.document_id]!r}: {exc}")
            continue
        maps.spans[span.id] = made.id
        report.spans += 1
    for rel in (r for r in source.relations if r["annotator"] == name):
        head, child = maps.spans.get(rel["head"]), maps.spans.get(rel["child"])
        if head is None or child is None:
            source.problem(f"{name}'s relation {rel['id']} ({rel['label']}): an endpoint span "
                           "is missing or was not merged")
            continue
        try:
            made_rel = project.add_relation(rel["label"], head, child, log=False)
        except (ValidationError, NotFoundError) as exc:
            source.problem(f"{name}'s relation {rel['id']} ({rel['label']}): {exc}")
            continue
        maps.relations[rel["id"]] = made_rel.id
        report.relations += 1
    _merge_statuses(project, source, name, target, maps, report)
    _merge_decisions(project, source, name, target, maps, report)
    _merge_edits(project, source, name, target, maps, report)


def _merge_statuses(
    project: Project, source: SourceFile, name: str, target: str, maps: _Maps,
    report: MergeReport,
) -> None:
    ann = project.annotator_id(target)
    for st in (s for s in source.statuses if s["annotator"] == name):
        project.conn.execute(
            "INSERT INTO document_status (document_id, annotator_id, status, seconds, note, "
            "updated) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (document_id, annotator_id) DO "
            "UPDATE SET status = excluded.status, seconds = excluded.seconds, "
            "note = excluded.note, updated = excluded.updated",
            (maps.documents[st["document_id"]], ann, st["status"], st["seconds"], st["note"],
             st["updated"]),
        )
        report.statuses += 1


def _merge_decisions(
    project: Project, source: SourceFile, name: str, target: str, maps: _Maps,
    report: MergeReport,
) -> None:
    ann = project.annotator_id(target)
    for dec in (d for d in source.decisions if d["annotator"] == name):
        project.conn.execute(
            "INSERT INTO suggestion_decisions (suggestion_id, annotator_id, decision, span_id, "
            "time) VALUES (?, ?, ?, ?, ?)",
            (maps.suggestions[dec["suggestion_id"]], ann, dec["decision"],
             maps.spans.get(dec["span_id"]) if dec["span_id"] is not None else None,
             dec["time"]),
        )
        report.decisions += 1


class _IdBook:
    """New ids for spans and relations of the other file, including those it
    deleted: ids of deleted ones are reserved in the project (sqlite_sequence),
    so undoing a logged deletion restores them without a clash."""

    def __init__(self, project: Project, table: str, known: dict[int, int]) -> None:
        self.project, self.table, self.known = project, table, known
        self.next: int | None = None

    def __call__(self, value: Any) -> Any:
        if not _is_int(value):
            return None
        if value in self.known:
            return self.known[value]
        if self.next is None:
            row = self.project.conn.execute(
                f"SELECT max(coalesce((SELECT seq FROM sqlite_sequence WHERE name = ?), 0), "
                f"coalesce((SELECT max(id) FROM {self.table}), 0))", (self.table,)
            ).fetchone()
            self.next = int(row[0]) + 1
        self.known[value] = self.next
        self.next += 1
        return self.known[value]

    def reserve(self) -> None:
        if self.next is not None:
            self.project.conn.execute(
                "UPDATE sqlite_sequence SET seq = ? WHERE name = ?", (self.next - 1, self.table)
            )


def _merge_edits(
    project: Project, source: SourceFile, name: str, target: str, maps: _Maps,
    report: MergeReport,
) -> None:
    spans = _IdBook(project, "spans", maps.spans)
    relations = _IdBook(project, "relations", maps.relations)

    def remap(value: Any, entity: str) -> Any:
        if not isinstance(value, dict):
            return value
        out = dict(value)
        if "document_id" in out:
            out["document_id"] = maps.documents.get(out["document_id"])
        if out.get("annotator") == name:
            out["annotator"] = target
        if entity == "span" and "id" in out:
            out["id"] = spans(out["id"])
            if out.get("suggestion_id") is not None:
                out["suggestion_id"] = maps.suggestions.get(out["suggestion_id"])
        if entity == "relation":
            for key, book in (("id", relations), ("head", spans), ("child", spans)):
                if key in out:
                    out[key] = book(out[key])
        return out

    for edit in (e for e in source.edits if e["annotator"] == name):
        entity = edit["entity"]
        entity_id = edit["entity_id"]
        if entity == "span":
            entity_id = spans(entity_id)
        elif entity == "relation":
            entity_id = relations(entity_id)
        elif entity in ("document", "status"):
            entity_id = maps.documents.get(entity_id)
        before, after = remap(edit["before"], entity), remap(edit["after"], entity)
        project.conn.execute(
            "INSERT INTO edits (time, actor, annotator, document_id, action, entity, entity_id, "
            "before, after) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (edit["time"], target if edit["actor"] == name else edit["actor"], target,
             maps.documents.get(edit["document_id"]), edit["action"], entity, entity_id,
             None if before is None else json.dumps(before, ensure_ascii=False, sort_keys=True),
             None if after is None else json.dumps(after, ensure_ascii=False, sort_keys=True)),
        )
        report.edits += 1
    spans.reserve()
    relations.reserve()
