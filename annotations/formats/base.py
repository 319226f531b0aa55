"""The format registry: what every reader yields and every writer takes.

Formats have a short name for `--format` and the File menu ("jsonl") and a
versioned id ("dateline.jsonl.v1"). Both the command line and the window read
this one registry; nothing else branches on file suffixes.
"""

from __future__ import annotations

from collections.abc import Callable, Generator, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from annotations.errors import DatelineError, Problem
from annotations.progress import Progress

if TYPE_CHECKING:
    from annotations.schema import LabelSchema
    from annotations.store import Project


@dataclass(slots=True)
class SpanRecord:
    """A span as a file states it; `id` is the file's own name for it.

    Not frozen (nothing changes one after its reader made it): an import builds one
    per span, and a frozen dataclass's __init__ costs seven times a plain one's."""

    start: int
    end: int
    label: str
    attrs: dict[str, Any] = field(default_factory=dict)
    id: str | None = None
    origin: str | None = None
    text: str | None = None  # the covered text the file states, checked on import
    line: int | None = None  # where the file states it, when not the document's line


@dataclass(frozen=True)
class RelationRecord:
    """A relation naming its endpoints by the file's span ids."""

    label: str
    head: str
    child: str
    line: int | None = None


@dataclass
class DocumentRecord:
    """One document read from a file, with where it was read from."""

    text: str
    file: str
    line: int | None = None
    title: str | None = None
    date: str | None = None
    source: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)
    spans: list[SpanRecord] = field(default_factory=list)
    relations: list[RelationRecord] = field(default_factory=list)
    status: str | None = None
    note: str | None = None
    # What the reader changed on purpose (a discontinuous brat span split), reported, not fatal.
    warnings: list[Problem] = field(default_factory=list)
    # One of several annotators' work on this text: imported as ANNOTATOR.suffix.
    annotator_suffix: str | None = None


@dataclass(frozen=True)
class ReadOptions:
    """What a reader may need besides the path.

    label_map renames labels (a label mapped to None is dropped); dates maps a
    file name (or stem) to its document date.
    """

    label_map: dict[str, str | None] = field(default_factory=dict)
    dates: dict[str, str] = field(default_factory=dict)
    # The project's schema (import_paths sets it): which relation links two labels.
    schema: LabelSchema | None = None

    def map_label(self, label: str) -> str | None:
        return self.label_map.get(label, label) if self.label_map else label

    def date_for(self, path: Path) -> str | None:
        return self.dates.get(path.name) or self.dates.get(path.stem)


LATEST = "latest"  # ExportOptions.suggestions: the model that suggested last


@dataclass(frozen=True)
class ExportOptions:
    annotator: str
    status: str | None = None  # only documents with this status for the annotator
    split: dict[str, float] | None = None  # e.g. {"train": 0.8, "dev": 0.1, "test": 0.1}
    seed: int = 0
    spans_key: str = "sc"
    force: bool = False  # replace an existing output file or non-empty folder
    ents: tuple[str, ...] | None = None  # spacy: the labels that go into doc.ents
    labels: tuple[str, ...] | None = None  # conll: the labels of the one file written
    dct: str | None = None  # timeml: YYYY-MM-DD for undated documents (else left out)
    # A model's stored suggestions instead of an annotator's work (LATEST: the last model).
    suggestions: str | None = None


@dataclass
class Written:
    """What a writer wrote of one document (nothing when it left the document out)."""

    spans: int = 0
    relations: int = 0
    warnings: list[str] = field(default_factory=list)
    left_out: bool = False


@dataclass
class ExportReport:
    documents: int = 0
    spans: int = 0
    relations: int = 0
    files: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def add(self, written: Written) -> None:
        """Count one document's writing: what it wrote, and its warnings."""
        self.warnings += written.warnings
        if not written.left_out:
            self.documents += 1
            self.spans += written.spans
            self.relations += written.relations


# A reader yields documents and, for records it cannot read, problems.
Reader = Callable[[Path, ReadOptions], Iterator["DocumentRecord | Problem"]]
Writer = Callable[["Project", Path, ExportOptions], Generator[Progress, None, ExportReport]]


@dataclass(frozen=True)
class Format:
    name: str
    id: str
    title: str
    reader: Reader | None = None
    writer: Writer | None = None
    # For import: does this format read this file? Checked in registry order.
    detect: Callable[[Path], bool] | None = None
    # Files read along with another (brat's .ann beside its .txt): not inputs themselves.
    companion: Callable[[Path], bool] | None = None
    # For export: "file" writes one file at -o, "folder" writes a folder.
    output: str = "file"
    suffix: str = ""
    # Higher is asked first by format_for (brat's .txt+.ann before plain .txt).
    priority: int = 0
    # For import: the file-name patterns a file chooser offers for this format ("*.tml").
    patterns: tuple[str, ...] = ()


class FormatError(DatelineError):
    """An unknown format name, or a path that no format reads."""


_REGISTRY: dict[str, Format] = {}


def register(fmt: Format) -> Format:
    _REGISTRY[fmt.name] = fmt
    return fmt


def formats() -> list[Format]:
    return list(_REGISTRY.values())


def get_format(name: str) -> Format:
    """The format called `name` (short name or versioned id).

    Raises FormatError naming the known formats.
    """
    for fmt in _REGISTRY.values():
        if name in (fmt.name, fmt.id):
            return fmt
    known = ", ".join(sorted(_REGISTRY))
    raise FormatError(f"unknown format {name!r} (known: {known})")


def export_formats() -> list[Format]:
    return [f for f in _REGISTRY.values() if f.writer is not None]


def import_formats() -> list[Format]:
    return [f for f in _REGISTRY.values() if f.reader is not None]


def format_for(path: Path) -> Format | None:
    """The format that reads `path`, or None when none does."""
    for fmt in sorted(_REGISTRY.values(), key=lambda f: -f.priority):
        if fmt.reader is not None and fmt.detect is not None and fmt.detect(path):
            return fmt
    return None


def is_companion(path: Path) -> bool:
    return any(f.companion is not None and f.companion(path) for f in _REGISTRY.values())
