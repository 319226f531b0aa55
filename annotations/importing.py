"""Import: files and folders into a project, all or nothing.

Every input is read and written inside one transaction. Each bad record
(a file that is not UTF-8, a malformed line, a span outside its text, an
unknown label or attribute value) becomes a Problem with its file and line;
at the end, any problem rolls the whole import back and raises InputError,
unless `skip_invalid` is set, in which case the bad items are left out and
listed in the report.
"""

from __future__ import annotations

from collections.abc import Callable, Generator, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

from annotations.errors import DatelineError, InputError, Problem, ValidationError
from annotations.formats import (
    DocumentRecord,
    Format,
    FormatError,
    ReadOptions,
    SpanRecord,
    format_for,
    get_format,
    is_companion,
)
from annotations.model import STATUSES, NewSpan
from annotations.progress import Progress
from annotations.store import Project


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
                fmt = format_for(child)
                if forced is not None and fmt is not forced:
                    fmt = None
                if fmt is not None:
                    files.append((child, fmt))
                elif not is_companion(child):
                    ignored.append(str(child))
        elif path.is_file():
            fmt = forced or format_for(path)
            if fmt is None:
                problems.append(Problem(str(path), None, "no import format reads this kind of file"
                                        " (.txt, .jsonl and the formats in `dateline formats`)"))
            else:
                files.append((path, fmt))
        else:
            problems.append(Problem(str(path), None, "no such file or folder"))
    return files, ignored, problems


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

    Raises:
        InputError: some record is bad and skip_invalid is False; the project
            is left exactly as it was.
    """
    opts = options or ReadOptions()
    if opts.schema is None:
        opts = replace(opts, schema=project.schema)
    forced = None if format_name is None else get_format(format_name)
    if forced is not None and forced.reader is None:
        raise FormatError(f"the format {forced.name!r} can be exported but not imported")
    files, ignored, problems = _collect((Path(p) for p in paths), forced)
    report = ImportReport(ignored_files=ignored)
    with project.transaction():
        for number, (path, fmt) in enumerate(files, start=1):
            assert fmt.reader is not None
            for item in fmt.reader(path, opts):
                if isinstance(item, Problem):
                    problems.append(item)
                else:  # written even after a problem, so every problem is listed
                    who = annotator if item.annotator_suffix is None else (
                        f"{annotator}.{item.annotator_suffix}")
                    problems += _write_record(project, item, who, report, register_annotator)
                    report.warnings += item.warnings
            report.files += 1
            yield Progress(number, len(files), path.name)
        if problems and not skip_invalid:
            raise InputError(problems)
        report.skipped = problems
        if report.documents_added or report.spans:
            project.log(
                "import", annotator=annotator, entity="import",
                after={"files": report.files, "documents": report.documents_added,
                       "spans": report.spans, "relations": report.relations,
                       "skipped": len(problems)},
            )
    return report


def _write_record(
    project: Project, record: DocumentRecord, annotator: str, report: ImportReport,
    register_annotator: bool = True,
) -> list[Problem]:
    """Write one document with its spans and relations; return the problems of
    the items that could not be written (they are left out)."""
    problems: list[Problem] = []

    def problem(reason: str, line: int | None = None) -> None:
        problems.append(Problem(record.file, line or record.line, reason))

    try:
        with project.transaction():
            doc, added = project.add_document(
                record.text, title=record.title, date=record.date, source=record.source,
                meta=record.meta,
            )
            if not added and doc.date is None and record.date is not None:
                project.set_document_date(doc.id, record.date, annotator=annotator)
            # Importing as a named annotator makes them one of the project's, spans or not.
            if register_annotator:
                project.annotator_id(annotator)
    except DatelineError as exc:  # a bad text or date (ValidationError)
        problem(str(exc))
        return problems
    report.documents_added += added
    report.documents_existing += not added
    existing = {} if added else {
        (s.label, s.start, s.end): s for s in project.spans(doc.id, annotator)}
    ids: dict[str, int] = {}
    named: set[str] = set()
    wanted: list[tuple[str, SpanRecord]] = []
    for index, span in enumerate(record.spans):
        name = span.id or f"spans[{index}]"
        if name in named:
            problem(f"span id {name!r} is used twice in this document; relations naming it "
                    "would be ambiguous", span.line)
            continue
        named.add(name)
        if span.text is not None and record.text[span.start : span.end] != span.text:
            problem(f"span {name} {span.start}-{span.end}: the file says it covers "
                    f"{span.text!r} but the text there is {record.text[span.start:span.end]!r}",
                    span.line)
            continue
        same = existing.get((span.label, span.start, span.end))
        if same is not None and same.attrs == span.attrs:
            ids[name] = same.id
            continue
        wanted.append((name, span))
    # Adding no spans must not add their annotator (a text-only file, no --annotator).
    made = project.add_spans(doc.id, annotator, [
        NewSpan(span.label, span.start, span.end, span.attrs, span.origin or "imported")
        for _, span in wanted
    ]) if wanted else []
    for (name, span), result in zip(wanted, made, strict=True):
        if isinstance(result, ValidationError):
            problem(f"span {name} {span.label} {span.start}-{span.end}: {result}", span.line)
            continue
        ids[name] = result.id
        report.spans += 1
    existing_links = set() if added else {
        (r.label, r.head, r.child) for r in project.relations(doc.id, annotator)}
    for index, rel in enumerate(record.relations):
        head, child = ids.get(rel.head), ids.get(rel.child)
        if head is None or child is None:
            missing = rel.head if head is None else rel.child
            problem(f"relations[{index}] {rel.label}: no span {missing!r} (or it was skipped)",
                    rel.line)
            continue
        if (rel.label, head, child) in existing_links:
            continue
        try:
            with project.transaction():
                project.add_relation(rel.label, head, child, log=False)
        except ValidationError as exc:
            problem(f"relations[{index}] {rel.label} {rel.head}->{rel.child}: {exc}", rel.line)
            continue
        report.relations += 1
    _write_status(project, doc.id, annotator, record, problem)
    return problems


def _write_status(project: Project, doc_id: int, annotator: str, record: DocumentRecord,
                  problem: Callable[[str], None]) -> None:
    """Set the record's status and note; an unknown status becomes a problem."""
    if record.status is not None:
        if record.status not in STATUSES:
            problem(f"status {record.status!r} is not one of {', '.join(STATUSES)}")
        elif record.status != project.status(doc_id, annotator).status:
            project.set_status(doc_id, annotator, record.status)
    if record.note:
        project.set_note(doc_id, annotator, record.note)
