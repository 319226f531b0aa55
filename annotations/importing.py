"""Import: files and folders into a project, all or nothing.

Every input is read and checked, then written in one short transaction. Each bad record
(a file that is not UTF-8, a malformed line, a span outside its text, an
unknown label or attribute value) becomes a Problem with its file and line;
at the end, any problem rolls the whole import back and raises InputError,
unless `skip_invalid` is set, in which case the bad items are left out and
listed in the report.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Generator, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, NamedTuple

from annotations.errors import InputError, Problem, RelationError, ValidationError
from annotations.formats import (
    DocumentRecord,
    Format,
    FormatError,
    ReadOptions,
    format_for,
    get_format,
    is_companion,
)
from annotations.model import ORIGINS, STATUSES
from annotations.progress import Progress
from annotations.store import Project
from annotations.store.base import check_annotator_name
from annotations.store.connection import dump_json
from annotations.store.documents import check_document
from annotations.store.spans import (
    OverlapIndex,
    check_link,
    check_origin,
    check_span_shape,
    overlap_error,
)
from annotations.store.staging import ImportStage, KnownSpan, Link, StagedDocument, staged
from annotations.text import first_sentence, uid


@dataclass
class ImportReport:
    files: int = 0
    documents_added: int = 0
    documents_existing: int = 0
    spans: int = 0
    relations: int = 0
    skipped: list[Problem] = field(default_factory=list)
    ignored_files: list[str] = field(default_factory=list)
    # Items a reader changed on purpose (e.g. a discontinuous brat span split in two).
    warnings: list[Problem] = field(default_factory=list)
    # How long the project's write lock was held (the set-wise copy at the end).
    locked_seconds: float = 0.0


def collect_files(paths: Iterable[Path]) -> tuple[list[Path], list[str], list[Problem]]:
    """Expand folders recursively (sorted); return the files a format reads,
    the files in folders that none reads, and problems for named paths that
    do not exist or that no format reads."""
    found, ignored, problems = _collect(paths)
    return [path for path, _ in found], ignored, problems


def _collect(paths: Iterable[Path], forced: Format | None = None
             ) -> tuple[list[tuple[Path, Format]], list[str], list[Problem]]:
    """collect_files with the format of each file (asked once: detection can stat files);
    with `forced`, a file named is read with it and a folder's files only if it reads them."""
    files: list[tuple[Path, Format]] = []
    ignored: list[str] = []
    problems: list[Problem] = []
    for path in paths:
        if path.is_dir():
            for child in sorted(p for p in path.rglob("*") if p.is_file()):
                if any(part.startswith(".") for part in child.relative_to(path).parts):
                    continue
                if not _utf8_name(child):
                    problems.append(_bad_name(child))
                    continue
                fmt = format_for(child)
                if forced is not None and fmt is not forced:
                    fmt = None
                if fmt is not None:
                    files.append((child, fmt))
                elif not is_companion(child):
                    ignored.append(str(child))
        elif path.is_file():
            fmt = forced or format_for(path)
            if not _utf8_name(path):
                problems.append(_bad_name(path))
            elif fmt is None:
                problems.append(Problem(str(path), None, "no import format reads this kind of file"
                                        " (.txt, .jsonl and the formats in `dateline formats`)"))
            else:
                files.append((path, fmt))
        elif path.exists():
            problems.append(Problem(str(path), None, "not a regular file (a FIFO, socket or "
                                    "device); import files and folders"))
        else:
            problems.append(Problem(str(path), None, "no such file or folder"))
    return files, ignored, problems


def _bad_name(path: Path) -> Problem:
    return Problem(str(path), None, "the file name is not valid UTF-8; rename the file and "
                   "import again")


def _utf8_name(path: Path) -> bool:
    """Does the file's name decode as UTF-8 (Python keeps bytes that do not as lone
    surrogates, which cannot be stored or shown)?"""
    try:
        path.name.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def import_paths(
    project: Project,
    paths: Iterable[str | Path],
    annotator: str,
    *,
    skip_invalid: bool = False,
    options: ReadOptions | None = None,
    format_name: str | None = None,
    register_annotator: bool = True,
) -> Generator[Progress, None, ImportReport]:
    """Import files and folders as `annotator`'s work; yields progress per file.
    Each file's format is detected, or `format_name`'s (FormatError when unknown).
    `annotator` becomes one of the project's even where the files hold no
    annotations, unless `register_annotator` is False (the command line without
    --annotator: the current user is then added only for work the files hold).

    The input is read and checked without holding the project's write lock:
    checked rows wait in a staging file and go into the project in one short
    transaction at the end (annotations/store/staging.py). Memory stays flat
    whatever the size of the input.

    Raises:
        InputError: some record is bad and skip_invalid is False; the project
            is left exactly as it was.
        ProjectError: the project is locked, or another program added the
            same documents meanwhile; nothing was imported.
    """
    opts = options or ReadOptions()
    if opts.schema is None:
        opts = replace(opts, schema=project.schema)
    forced = None if format_name is None else get_format(format_name)
    if forced is not None and forced.reader is None:
        raise FormatError(f"the format {forced.name!r} can be exported but not imported")
    files, ignored, problems = _collect((Path(p) for p in paths), forced)
    report = ImportReport(ignored_files=ignored)
    with staged(project) as stage:
        writer = _RecordWriter(project, stage, report, register_annotator)
        for number, (path, fmt) in enumerate(files, start=1):
            assert fmt.reader is not None
            for item in fmt.reader(path, opts):
                if isinstance(item, Problem):
                    problems.append(item)
                else:  # checked even after a problem, so every problem is listed
                    who = annotator if item.annotator_suffix is None else (
                        f"{annotator}.{item.annotator_suffix}")
                    problems += writer.write(item, who)
                    report.warnings += item.warnings
            report.files += 1
            yield Progress(number, len(files), path.name)
        if problems and not skip_invalid:
            raise InputError(problems)
        report.skipped = problems
        log = [(annotator, {"files": report.files, "documents": report.documents_added,
                            "spans": report.spans, "relations": report.relations,
                            "skipped": len(problems)})
               ] if report.documents_added or report.spans else []
        started = time.perf_counter()
        stage.commit(log)
        report.locked_seconds = time.perf_counter() - started
    return report


class _Ref(NamedTuple):
    """A span a relation of the record may name: staged (sid) or in the project (id)."""

    sid: int | None
    main_id: int | None
    label: str


@dataclass(frozen=True)
class _End:
    """A relation endpoint as `check_link` sees it."""

    id: object
    document_id: object
    annotator: str
    label: str


class _RecordWriter:
    """Checks each record against the schema, the project and the import so far,
    and stages what is good; returns a Problem for everything else."""

    def __init__(self, project: Project, stage: ImportStage, report: ImportReport,
                 register_annotator: bool = True) -> None:
        self.register_annotator = register_annotator
        self.schema = project.schema
        self.valid_attrs: set[tuple[str, str]] = set()
        self.labels = set(project.schema.label_names)
        self._json_cache: dict[str, str] = {}
        self.stage = stage
        self.report = report

    def write(self, record: DocumentRecord, annotator: str) -> list[Problem]:
        """Stage one document with its spans, relations, status and note; return the
        problems of the items that could not be (they are left out)."""
        problems: list[Problem] = []

        def problem(reason: str, line: int | None = None) -> None:
            problems.append(Problem(record.file, line or record.line, reason))

        try:
            check_record_text(record)
            check_document(record.text, record.date)
            check_annotator_name(annotator)
        except ValidationError as exc:
            problem(str(exc))
            return problems
        stage = self.stage
        doc, added = stage.document(
            uid(record.text), record.text, record.title or first_sentence(record.text),
            record.date, record.source, record.meta)
        self.report.documents_added += added
        self.report.documents_existing += not added
        if not added and doc.date is None and record.date is not None:
            stage.set_date(doc, record.date, annotator)
        spans, ids = self._spans(doc, added, annotator, record, problem)
        work = self._relations(doc, added, annotator, record, ids, problem)
        self._status(doc, added, annotator, record, bool(spans) or work, problem)
        # Importing as a named annotator makes them one of the project's, spans or not;
        # without one (register_annotator False) only for work the file holds.
        if (self.register_annotator or spans or work or record.status is not None
                or record.note):
            stage.annotator(annotator)
        return problems

    def _spans(self, doc: StagedDocument, added: bool, annotator: str, record: DocumentRecord,
               problem: Callable[[str, int | None], None]) -> tuple[int, dict[str, _Ref]]:
        """Stage the record's spans (linear in their number); return how many were
        staged or found staged already, and the file's names of those spans (only when
        the record has relations to name them). One pass, kept lean: it runs per span."""
        index = OverlapIndex()
        same: dict[tuple[str, int, int], KnownSpan] = {}
        for known in [] if added else self.stage.known_spans(doc, annotator):
            index.add(known.label, known.start, known.end,
                      known.main_id if known.main_id is not None else "imported before")
            same[(known.label, known.start, known.end)] = known
        text, length, doc_sid = record.text, len(record.text), doc.sid
        labels, valid_attrs, place, json_of = (self.labels, self.valid_attrs, index.place,
                                               self._json)
        named: set[str] = set()
        ids: dict[str, _Ref] = {}
        want_ids = bool(record.relations)
        rows: list[tuple[Any, ...]] = []
        sid = self.stage.span_sid
        kept = 0
        for position, span in enumerate(record.spans):
            name = span.id
            if name is None:
                name = f"spans[{position}]"
            if name in named:
                problem(f"span id {name!r} is used twice in this document; relations naming it "
                        "would be ambiguous", span.line)
                continue
            named.add(name)
            label, start, end, stated = span.label, span.start, span.end, span.text
            if stated is not None and text[start:end] != stated:
                problem(f"span {name} {start}-{end}: the file says it covers "
                        f"{stated!r} but the text there is {text[start:end]!r}", span.line)
                continue
            attrs = json_of(span.attrs) if span.attrs else "{}"
            if same:
                found = same.get((label, start, end))
                if found is not None and found.attrs == attrs:
                    kept += 1
                    if want_ids:
                        ids[name] = _Ref(found.sid, found.main_id, label)
                    continue
            origin = span.origin or "imported"
            try:
                if not (label in labels and type(start) is int and type(end) is int
                        and 0 <= start < end <= length):  # else the check says what is wrong
                    check_span_shape(self.schema, label, start, end, span.attrs, length,
                                     attrs_checked=True)
                if (label, attrs) not in valid_attrs:  # most spans repeat a few
                    self.schema.check_attrs(label, span.attrs)
                    attrs.encode("utf-8")
                    valid_attrs.add((label, attrs))
                if origin not in ORIGINS:
                    check_origin(origin)
                clash = place(label, start, end, name)
                if clash is not None:
                    raise overlap_error(label, start, end, *clash, annotator)
            except (ValidationError, UnicodeEncodeError) as exc:
                problem(f"span {name} {label} {start}-{end}: {_reason(exc)}", span.line)
                continue
            sid += 1
            rows.append((sid, doc_sid, annotator, label, start, end,
                         text[start:end] if stated is None else stated, attrs, origin))
            if want_ids:
                ids[name] = _Ref(sid, None, label)
        self.stage.spans(rows)
        self.report.spans += len(rows)
        return kept + len(rows), ids

    def _json(self, attrs: dict[str, Any]) -> str:
        """`dump_json(attrs)`, remembered (most spans repeat a few sets of attributes).
        The key is the dict's repr, which tells the values of a file's JSON apart, types
        too (True, 1 and 1.0 are equal as keys of a dict, their reprs are not), and is
        hashable whatever the values: a quarter cheaper than a tuple of items and types."""
        key = repr(attrs)
        found = self._json_cache.get(key)
        if found is None:
            if len(self._json_cache) > 10_000:
                self._json_cache.clear()
            found = self._json_cache[key] = dump_json(attrs)
        return found

    def _relations(self, doc: StagedDocument, added: bool, annotator: str,
                   record: DocumentRecord, ids: dict[str, _Ref],
                   problem: Callable[[str, int | None], None]) -> bool:
        """Stage the record's relations; return whether any was staged."""
        if not record.relations:
            return False
        existing = set() if added else self.stage.known_links(doc, annotator)
        made: set[Link] = set()
        for position, rel in enumerate(record.relations):
            head, child = ids.get(rel.head), ids.get(rel.child)
            if head is None or child is None:
                missing = rel.head if head is None else rel.child
                problem(f"relations[{position}] {rel.label}: no span {missing!r} (or it was "
                        "skipped)", rel.line)
                continue
            key = (rel.label, (head.sid, head.main_id), (child.sid, child.main_id))
            if key in existing:
                continue
            try:
                check_link(self.schema, rel.label, _End(rel.head, doc.sid, annotator, head.label),
                           _End(rel.child, doc.sid, annotator, child.label))
                if key in made:
                    raise RelationError(f"{rel.label} from span {rel.head} to span {rel.child} "
                                        "exists already")
            except ValidationError as exc:
                problem(f"relations[{position}] {rel.label} {rel.head}->{rel.child}: {exc}",
                        rel.line)
                continue
            made.add(key)
            self.stage.relation((doc.sid, annotator, rel.label, head.sid, head.main_id,
                                 child.sid, child.main_id, self.stage.stamp))
            self.report.relations += 1
        return bool(made)

    def _status(self, doc: StagedDocument, added: bool, annotator: str, record: DocumentRecord,
                work: bool, problem: Callable[[str, int | None], None]) -> None:
        """Stage the record's status and note; an unknown status becomes a problem."""
        if record.status is None and not record.note:
            return
        if added:  # a new document is new, or in progress once it has work
            status, note = ("in_progress" if work else "new"), ""
        else:
            status, note = self.stage.status(doc, annotator)
        if record.status is not None:
            if record.status not in STATUSES:
                problem(f"status {record.status!r} is not one of {', '.join(STATUSES)}", None)
            elif record.status != status:
                self.stage.edit(doc, annotator, "status", record.status, status)
        if record.note:
            self.stage.edit(doc, annotator, "note", record.note, note)


def check_record_text(record: DocumentRecord) -> None:
    """Raise ValidationError when a text field of the record cannot be stored as
    UTF-8 (a lone surrogate such as \\ud800, which JSON's \\u escapes can make)."""
    fields = {"text": record.text, "title": record.title, "source": record.source,
              "note": record.note, "status": record.status}
    for field_name, value in fields.items():
        if value is not None:
            _encodable(field_name, value)
    if record.meta:
        _encodable("meta", dump_json(record.meta))


def _encodable(field_name: str, value: str) -> None:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise ValidationError(f"{field_name}: {_reason(exc)}") from exc


def _reason(exc: Exception) -> str:
    if isinstance(exc, UnicodeEncodeError):
        bad = exc.object[exc.start : exc.end]
        return (f"holds a lone surrogate {bad!r} at offset {exc.start}, which is not text; "
                "fix the file's \\u escapes")
    return str(exc)
