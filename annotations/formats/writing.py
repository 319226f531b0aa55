"""What the writers share: the documents of each split part (an annotator's
work or a model's suggestions), the loop that writes each part, counts what
was written and reports progress, unique file names, and documents.tsv."""

from __future__ import annotations

import csv
import hashlib
import re
from collections.abc import Callable, Generator, Iterable, Iterator
from contextlib import AbstractContextManager
from dataclasses import replace
from pathlib import Path

from annotations.dataset import AnnotatedDocument, part_path, select_documents, split_documents
from annotations.errors import DatelineError
from annotations.formats.base import LATEST, ExportOptions, ExportReport, Written
from annotations.model import Document
from annotations.progress import Progress
from annotations.store import Project
from annotations.store.exports import (
    annotated_documents,
    latest_model,
    suggested_documents,
    suggestion_models,
)

DOCUMENTS_TSV = "documents.tsv"  # file, date, title, source of each document written
STEM_LIMIT = 120  # characters of a file stem (file systems allow 255 bytes a name)
PROGRESS_EVERY = 50  # documents between two progress reports

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")

# Writes one document; says what it wrote (or that it left the document out).
WriteDocument = Callable[[AnnotatedDocument], Written]
# Opens one split part at its target (a file, or a folder for folder formats).
OpenPart = Callable[[Path, ExportReport], AbstractContextManager[WriteDocument]]


def export_parts(project: Project, options: ExportOptions) -> dict[str, list[int]]:
    """Document ids per split part ("" when there is no split).

    Raises DatelineError for an unknown --status.
    """
    return split_documents(select_documents(project, options), options.split, options.seed)


def documents(project: Project, ids: Iterable[int], annotator: str
              ) -> Iterator[AnnotatedDocument]:
    """The documents with `annotator`'s work, read in batches (see the store's
    `annotated_documents`). Raises NotFoundError for an id that is not a document."""
    return annotated_documents(project, ids, annotator)


def exported_documents(project: Project, ids: Iterable[int], options: ExportOptions
                       ) -> Iterator[AnnotatedDocument]:
    """What an export writes: the annotator's work, or the model's suggestions
    when options.suggestions names one (resolved by `resolve_suggestions`)."""
    if options.suggestions is not None:
        return suggested_documents(project, ids, options.suggestions)
    return annotated_documents(project, ids, options.annotator)


def resolve_suggestions(project: Project, options: ExportOptions) -> ExportOptions:
    """The options with `suggestions` naming a stored model (LATEST: the last one).

    Raises DatelineError when no model has suggested, or naming the models
    when the one asked for has not.
    """
    if options.suggestions is None:
        return options
    models = suggestion_models(project)
    if not models:
        raise DatelineError(f"{project.path.name} holds no suggestions to export "
                            "(run `dateline suggest` first)")
    wanted = latest_model(project) if options.suggestions == LATEST else options.suggestions
    if wanted not in models:
        raise DatelineError(f"no suggestions by {options.suggestions!r} in "
                            f"{project.path.name} (models: {', '.join(models)})")
    return replace(options, suggestions=wanted)


def write_parts(
    project: Project, out: Path, options: ExportOptions, open_part: OpenPart, *,
    suffix: str = "", folder: bool = False,
) -> Generator[Progress, None, ExportReport]:
    """Write each split part through `open_part`, one document at a time, counting
    what was written and reporting progress. A folder format writes a folder per
    part (OUT itself without a split); a file format a file per part.

    Raises DatelineError for an unknown --status.
    """
    parts = export_parts(project, options)
    total, done = sum(len(ids) for ids in parts.values()), 0
    report = ExportReport(files=[str(out)] if folder else [])
    for part, ids in parts.items():
        target = part_path(out, part, suffix)
        (target if folder else target.parent).mkdir(parents=True, exist_ok=True)
        with open_part(target, report) as write:
            for item in exported_documents(project, ids, options):
                report.add(write(item))
                done += 1
                if done % PROGRESS_EVERY == 0:
                    yield Progress(done, total, "exporting")
    yield Progress(done, total, "exported")
    return report


def written(item: AnnotatedDocument, warnings: list[str]) -> Written:
    """One document written whole: its spans, relations and the warnings it raised."""
    return Written(len(item.spans), len(item.relations), warnings)


class Stems:
    """File names (without suffix) for the documents of one folder: the source's
    stem made safe, shortened when long (keeping it readable and unique with a
    hash of the whole), and unique (checked, case-insensitively); each name's
    document is kept for documents.tsv."""

    def __init__(self) -> None:
        self.used: set[str] = set()
        self.rows: list[tuple[str, str, str, str]] = []

    def stem(self, document: Document, suffix: str) -> str:
        base = Path(document.source).stem if document.source else ""
        stem = _UNSAFE.sub("_", base).strip("._") or f"doc-{document.id}"
        if len(stem) > STEM_LIMIT:
            digest = hashlib.sha1(base.encode("utf-8")).hexdigest()[:8]
            stem = f"{stem[: STEM_LIMIT - 9].rstrip('._-')}-{digest}"
        candidate, n = stem, 1
        while candidate.lower() in self.used:
            candidate = f"{stem}-{document.id}" + (f"-{n}" if n > 1 else "")
            n += 1
        self.used.add(candidate.lower())
        name = candidate + suffix
        self.rows.append((name, document.date or "", one_line(document.title),
                          one_line(document.source or name)))
        return candidate

    def write_table(self, folder: Path) -> None:
        """documents.tsv: file, date, title and source of each document written."""
        with (folder / DOCUMENTS_TSV).open("w", encoding="utf-8", newline="") as fh:
            rows = csv.writer(fh, delimiter="\t", lineterminator="\n")
            rows.writerow(("file", "date", "title", "source"))
            rows.writerows(self.rows)


def one_line(value: str) -> str:
    """`value` with its line breaks and tabs as spaces."""
    return " ".join(value.replace("\t", " ").split("\n")).replace("\r", " ")
