"""CSV for spreadsheets: one row per span.

Columns: document (id), source, title, annotator, label, start, end, text,
attributes (a JSON object). UTF-8 with a BOM so that Excel reads the
accents right; one file per split part. A cell that starts with =, +, -, @,
a tab or a carriage return gets a leading `'`, so that a spreadsheet shows
it as text instead of running it as a formula (OWASP's CSV-injection rule).
"""

from __future__ import annotations

import csv
import json
from collections.abc import Generator, Iterator
from contextlib import contextmanager
from pathlib import Path

from annotations.dataset import AnnotatedDocument
from annotations.formats.base import ExportOptions, ExportReport, Format, Written, register
from annotations.formats.writing import WriteDocument, write_parts
from annotations.progress import Progress
from annotations.store import Project

COLUMNS = ("document", "source", "title", "annotator", "label", "start", "end", "text",
           "attributes")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def inert(cell: object) -> object:
    """A text cell a spreadsheet will not run: `'` before a formula's first character."""
    if isinstance(cell, str) and cell.startswith(FORMULA_STARTS):
        return "'" + cell
    return cell


def write_csv(
    project: Project, out: Path, options: ExportOptions
) -> Generator[Progress, None, ExportReport]:
    """Write one .csv per split part, a row per span.

    Raises DatelineError for an unknown --status.
    """
    who = options.suggestions or options.annotator

    @contextmanager
    def part(target: Path, report: ExportReport) -> Iterator[WriteDocument]:
        with target.open("w", encoding="utf-8-sig", newline="") as fh:
            rows = csv.writer(fh)
            rows.writerow(COLUMNS)

            def write(item: AnnotatedDocument) -> Written:
                doc = item.document
                for s in item.spans:
                    rows.writerow([inert(c) for c in (
                        doc.id, doc.source or "", doc.title, who, s.label, s.start, s.end,
                        s.text, json.dumps(s.attrs, ensure_ascii=False, sort_keys=True))])
                return Written(len(item.spans))  # CSV has no place for relations

            yield write
        report.files.append(str(target))

    return (yield from write_parts(project, out, options, part, suffix=".csv"))


CSV = register(
    Format(
        name="csv",
        id="dateline.csv.v1",
        title="CSV, one row per span (.csv)",
        writer=write_csv,
        suffix=".csv",
    )
)
