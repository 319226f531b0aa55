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
from collections.abc import Generator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from annotations.errors import (
    InputError,
    NotFoundError,
    ValidationError,
)
from annotations.model import NewSpan, Span
from annotations.progress import Progress
from annotations.store.merge_source import (
    MergeConflictError,
    MergeReport,
    SourceFile,
    SourceSpan,
    canonical,
    is_int,
    parse_renames,
    project_work,
    read_source,
    source_work,
)
from annotations.store.project import Project

__all__ = ["MergeConflictError", "MergeReport", "merge", "parse_renames"]


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
            (r[1], r[2], r[3], canonical(json.loads(r[4]))): r[0]
            for r in conn.execute(
                'SELECT id, label, start, "end", attrs FROM suggestions '
                "WHERE document_id = ? AND model = ?", (doc, model))
        }
        text = project.text(doc)
        for ident in idents:
            sug = source.suggestions[ident]
            key = (sug["label"], sug["start"], sug["end"], canonical(sug["attrs"]))
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
    by_document: dict[int, list[SourceSpan]] = {}
    for span in (s for s in source.spans if s.annotator == name):
        by_document.setdefault(span.document_id, []).append(span)
    for document_id, spans in by_document.items():
        try:
            results: list[Span | ValidationError | NotFoundError] = [*project.add_spans(
                maps.documents[document_id], target, [_new_span(s, maps) for s in spans])]
        except NotFoundError as exc:
            results = [exc] * len(spans)
        for span, made in zip(spans, results, strict=True):
            if isinstance(made, Span):
                maps.spans[span.id] = made.id
                report.spans += 1
            else:
                source.problem(f"{name}'s span {span.id} ({span.label} {span.start}-{span.end}) "
                               f"in {titles[span.document_id]!r}: {made}")
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


def _new_span(span: SourceSpan, maps: _Maps) -> NewSpan:
    return NewSpan(span.label, span.start, span.end, span.attrs, span.origin,
                   maps.suggestions.get(span.suggestion_id or -1), span.created, span.updated)


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
        if not is_int(value):
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
