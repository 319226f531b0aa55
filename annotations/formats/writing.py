"""What the writers share: the documents of each split part, file names, and
the labels whose spans overlap spans of other labels."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from annotations.dataset import AnnotatedDocument, annotated, select_documents, split_documents
from annotations.errors import DatelineError
from annotations.formats.base import ExportOptions
from annotations.model import Document, Span
from annotations.store import Project

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def export_parts(project: Project, options: ExportOptions) -> dict[str, list[int]]:
    """Document ids per split part ("" when there is no split).

    Raises DatelineError for an unknown --status.
    """
    return split_documents(select_documents(project, options), options.split, options.seed)


def documents(project: Project, ids: Iterable[int], annotator: str) -> Iterator[AnnotatedDocument]:
    for ident in ids:
        yield annotated(project, ident, annotator)


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
