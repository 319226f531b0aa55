"""Export: an annotator's work (or a model's suggestions) through a registered format.

An export never destroys anything: it refuses to write over the project, its
-wal/-journal/-shm files or any other SQLite file, and over an existing file
or non-empty folder unless `force` is set. The writer works in a hidden
folder beside the output; only when it has finished is what it wrote renamed
into place, so a failed or cancelled export leaves nothing behind.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Generator, Iterator
from contextlib import suppress
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from annotations.dataset import part_path
from annotations.errors import DatelineError
from annotations.formats import get_format
from annotations.formats.base import ExportOptions, ExportReport
from annotations.formats.writing import resolve_suggestions
from annotations.progress import Progress

if TYPE_CHECKING:
    from annotations.store import Project

SQLITE_HEADER = b"SQLite format 3\x00"
LINE_FORMATS = ("jsonl", "csv", "conll")  # formats that can go to a stream (`-o -`)
SIDE_FILES = ("-wal", "-journal", "-shm")


class OutputExists(DatelineError):
    """The output is there already; exporting with force=True replaces it."""


def export(
    project: Project, format_name: str, out: Path, options: ExportOptions
) -> Generator[Progress, None, ExportReport]:
    """Export an annotator's work (or a model's suggestions) through a registered format.

    Raises FormatError for an unknown or read-only format; DatelineError for an
    unknown annotator (naming the annotators) or an output that is the project
    or another SQLite file; OutputExists for an existing output without force.
    """
    fmt = get_format(format_name)
    if fmt.writer is None:
        raise DatelineError(f"the format {fmt.name!r} can be imported but not exported")
    if options.suggestions is None or options.annotator:
        check_annotator(project, options.annotator)
    elif options.status is not None:
        raise DatelineError("--status of suggestions: name the annotator whose status counts "
                            "(--annotator)")
    options = resolve_suggestions(project, options)
    check_output(project, out, options.force)
    for part in options.split or {}:  # the split's files, asked before any work
        check_output(project, part_path(out, part, fmt.suffix), options.force)
    staging = _Staging(out)
    try:
        name = Path(os.path.abspath(out)).name
        report = yield from fmt.writer(project, staging.path / name, options)
        report.files = staging.commit(project, options.force, report.files)
    finally:
        staging.clean()
    return report


def export_stream(
    project: Project, format_name: str, stream: BinaryIO, options: ExportOptions
) -> Generator[Progress, None, ExportReport]:
    """Export a line format (jsonl, csv, conll) to `stream`, e.g. standard output.

    The export is written to a temporary file first, so a failed export writes
    nothing to the stream. Raises DatelineError for another format, a split or
    a CoNLL export of several label groups (one file each: choose with labels),
    and what `export` raises.
    """
    if format_name not in LINE_FORMATS:
        raise DatelineError(f"only {', '.join(LINE_FORMATS)} can be written to standard "
                            f"output, not {format_name}; give -o a file or folder")
    if options.split:
        raise DatelineError("a split writes a file per part; give -o a file name")
    with tempfile.TemporaryDirectory(prefix="dateline-export-") as tmp:
        out = Path(tmp) / f"standard-output{get_format(format_name).suffix}"
        report = yield from export(project, format_name, out, options)
        data = [Path(f) for f in report.files]
        if len(data) != 1:
            raise DatelineError(f"this export is {len(data)} files (one a label group); "
                                "choose the labels of one with --labels")
        with data[0].open("rb") as fh:
            shutil.copyfileobj(fh, stream)
    stream.flush()
    report.files = ["-"]
    return report


def check_annotator(project: Project, annotator: str) -> None:
    """Raises DatelineError naming the project's annotators when `annotator` is not one."""
    known = project.annotators()
    if annotator not in known:
        names = ", ".join(known) or "none yet"
        raise DatelineError(f"no annotator {annotator!r} in {project.path.name} "
                            f"(annotators: {names})")


def check_output(project: Project, out: Path, force: bool = False) -> None:
    """Refuse an output path that export must not write.

    Raises DatelineError when `out` is the project, one of its side files, a
    folder holding the project, or an SQLite file (or a folder holding one);
    OutputExists when it is an existing file or non-empty folder and not force.
    """
    target = Path(os.path.abspath(out))
    _refuse_database(project, target)
    if not target.exists() and not target.is_symlink():
        return
    if target.is_dir():
        if not any(target.iterdir()):
            return
        if not force:
            raise OutputExists(f"{out}: already exists and is not an empty folder; "
                               "choose a new folder or overwrite it (--force)")
    elif not force:
        raise OutputExists(f"{out}: already exists; choose another name or overwrite it "
                           "(--force)")


def _refuse_database(project: Project, target: Path) -> None:
    own = Path(os.path.abspath(project.path))
    for side in ("", *SIDE_FILES):
        if _same(target, own.with_name(own.name + side)):
            what = "the project" if not side else f"the project's {side[1:]} file"
            raise DatelineError(f"{target}: is {what} {project.path.name}; export to "
                                "another file")
    if target.is_dir():
        if own.resolve().is_relative_to(target.resolve()):
            raise DatelineError(f"{target}: holds the project {project.path.name}; "
                                "export to another folder")
        for found in _files(target):
            if is_sqlite(found):
                raise DatelineError(f"{target}: holds the SQLite file {found.name}; "
                                    "export to another folder")
        return
    for side in ("", *SIDE_FILES):
        base = target.name[: len(target.name) - len(side)] if side else target.name
        if target.name.endswith(side) and is_sqlite(target.with_name(base)):
            raise DatelineError(f"{target}: is an SQLite file or one of its side files, not "
                                "an export; export to another file")


def _same(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return os.path.normcase(a.resolve()) == os.path.normcase(b.resolve())


def _files(folder: Path) -> Iterator[Path]:
    for root, _, names in os.walk(folder):
        for name in names:
            yield Path(root, name)


def is_sqlite(path: Path) -> bool:
    """Does the file at `path` start with SQLite's header?"""
    try:
        with path.open("rb") as fh:
            return fh.read(len(SQLITE_HEADER)) == SQLITE_HEADER
    except OSError:
        return False


class _Staging:
    """A hidden folder beside the output that the writer writes into."""

    def __init__(self, out: Path) -> None:
        self.parent = Path(os.path.abspath(out)).parent
        self.made: list[Path] = []
        missing = self.parent
        while not missing.exists():
            self.made.append(missing)
            missing = missing.parent
        self.parent.mkdir(parents=True, exist_ok=True)
        self.path = Path(tempfile.mkdtemp(prefix=".dateline-export-", dir=self.parent))
        self.done = False

    def commit(self, project: Project, force: bool, files: list[str]) -> list[str]:
        """Rename what was written into place; the report's file names follow."""
        entries = sorted(self.path.iterdir())
        for entry in entries:
            check_output(project, self.parent / entry.name, force)
        for entry in entries:
            target = self.parent / entry.name
            if target.is_dir() or (entry.is_dir() and target.exists()):
                os.replace(target, self.path / f".replaced-{entry.name}")
            os.replace(entry, target)
        self.done = True
        prefix = str(self.path)
        return [str(self.parent) + f[len(prefix):] if f.startswith(prefix) else f
                for f in files]

    def clean(self) -> None:
        shutil.rmtree(self.path, ignore_errors=True)
        if not self.done:
            for folder in self.made:
                with suppress(OSError):
                    folder.rmdir()


