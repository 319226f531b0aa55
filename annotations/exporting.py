"""Export: an annotator's work through a registered format."""

from __future__ import annotations

from collections.abc import Generator
from pathlib import Path
from typing import TYPE_CHECKING

from annotations.errors import DatelineError
from annotations.formats import get_format
from annotations.formats.base import ExportOptions, ExportReport
from annotations.progress import Progress

if TYPE_CHECKING:
    from annotations.store import Project


def export(
    project: Project, format_name: str, out: Path, options: ExportOptions
) -> Generator[Progress, None, ExportReport]:
    """Export an annotator's work through a registered format.

    Raises FormatError for an unknown or read-only format, DatelineError for
    an unknown annotator.
    """
    fmt = get_format(format_name)
    if fmt.writer is None:
        raise DatelineError(f"the format {fmt.name!r} can be imported but not exported")
    warnings: list[str] = []
    if options.annotator not in project.annotators():
        known = ", ".join(project.annotators()) or "none yet"
        warnings.append(
            f"no annotator {options.annotator!r} in {project.path.name} (annotators: {known}); "
            "the documents are exported without annotations"
        )
    report = yield from fmt.writer(project, out, options)
    report.warnings[:0] = warnings
    return report
