"""What the writers share: the documents of each split part, file names, and
the labels whose spans overlap spans of other labels."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from annotations.dataset import AnnotatedDocument, part_path, select_documents, split_documents
from annotations.errors import DatelineError, NotFoundError
from annotations.formats.base import ExportOptions, ExportReport
from annotations.model import Document, Span
from annotations.store import Project
from annotations.store.export import export_batch

BATCH = 400  # documents read at once (SQLite allows 999 parameters by default)

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def export_parts(project: Project, options: ExportOptions) -> dict[str, list[int]]:
    """Document ids per split part ("" when there is no split).

    Raises DatelineError for an unknown --status.
    """
    return split_documents(select_documents(project, options), options.split, options.seed)


def documents(project: Project, ids: Iterable[int], annotator: str) -> Iterator[AnnotatedDocument]:
    """The documents with `annotator`'s spans, relations, status and note, as
    `dataset.annotated` gives them but without the spans' and relations'
    timestamps and suggestion ids, which no format writes; read with four
    queries per batch of documents (an export reads every span).

    Raises NotFoundError for an id that is not a document.
    """
    try:
        who = project.annotator_id(annotator, create=False)
    except NotFoundError:
        who = -1
    parsed: dict[str, dict[str, Any]] = {}
    every = list(ids)
    for begin in range(0, len(every), BATCH):
        yield from _batch(project, every[begin : begin + BATCH], annotator, who, parsed)


def _batch(project: Project, ids: list[int], annotator: str, who: int,
           parsed: dict[str, dict[str, Any]]) -> Iterator[AnnotatedDocument]:
    batch = export_batch(project, ids, annotator, who, parsed)
    docs, spans, relations, status = batch.documents, batch.spans, batch.relations, batch.status
    for ident in ids:
        if ident not in docs:
            raise NotFoundError(f"no document {ident} in {project.path.name}")
        state, note = status.get(ident, ("new", ""))
        yield AnnotatedDocument(docs[ident], spans.get(ident, []), relations.get(ident, []),
                                state, note)


def part_file(out: Path, part: str, suffix: str) -> Path:
    """The file one split part is written to (`dataset.part_path`), its folder made."""
    target = part_path(out, part, suffix)
    target.parent.mkdir(parents=True, exist_ok=True)
    return target


def count_written(report: ExportReport, item: AnnotatedDocument, warnings: list[str]) -> None:
    """Add one written document, its spans and relations and the warnings it raised."""
    report.documents += 1
    report.spans += len(item.spans)
    report.relations += len(item.relations)
    report.warnings += warnings


def fresh_folder(folder: Path) -> Path:
    """Create `folder` for a folder format; raises DatelineError when it holds files already
    (stale files from an earlier export would be read back with the new ones)."""
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise DatelineError(
            f"{folder}: already exists and is not an empty folder; export to a new folder"
        )
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def file_stem(document: Document, used: set[str]) -> str:
    """A file name (without suffix) for a document: its source's stem, made safe and unique."""
    base = Path(document.source).stem if document.source else ""
    stem = _UNSAFE.sub("_", base).strip("._") or f"doc-{document.id}"
    if stem.lower() in used:
        stem = f"{stem}-{document.id}"
    used.add(stem.lower())
    return stem


def cross_label_overlaps(spans: list[Span]) -> set[str]:
    """The labels of spans that overlap a span of another label."""
    found: set[str] = set()
    ordered = sorted(spans, key=lambda s: (s.start, s.end))
    open_spans: list[Span] = []
    for span in ordered:
        open_spans = [o for o in open_spans if o.end > span.start]
        for other in open_spans:
            if other.label != span.label:
                found.update((other.label, span.label))
        open_spans.append(span)
    return found
