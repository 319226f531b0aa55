"""CSV for spreadsheets: one row per span.

Columns: document (id), source, title, annotator, label, start, end, text,
attributes (a JSON object). UTF-8 with a BOM so that Excel reads the
accents right; one file per split part.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Generator
from pathlib import Path

from annotations.formats.base import ExportOptions, ExportReport, Format, register
from annotations.formats.writing import documents, export_parts, part_file
from annotations.progress import Progress
from annotations.store import Project

COLUMNS = ("document", "source", "title", "annotator", "label", "start", "end", "text",
           "attributes")


def write_csv(
    project: Project, out: Path, options: ExportOptions
) -> Generator[Progress, None, ExportReport]:
    """Write one .csv per split part, a row per span.

    Raises DatelineError for an unknown --status.
    """
    parts = export_parts(project, options)
    total, done = sum(len(ids) for ids in parts.values()), 0
    report = ExportReport()
    for part, ids in parts.items():
        target = part_file(out, part, ".csv")
        with target.open("w", encoding="utf-8-sig", newline="") as fh:
            rows = csv.writer(fh)
            rows.writerow(COLUMNS)
            for item in documents(project, ids, options.annotator):
                doc = item.document
                for s in item.spans:
                    rows.writerow((doc.id, doc.source or "", doc.title, options.annotator,
                                   s.label, s.start, s.end, s.text,
                                   json.dumps(s.attrs, ensure_ascii=False, sort_keys=True)))
                report.documents += 1
                report.spans += len(item.spans)
                done += 1
                if done % 100 == 0:
                    yield Progress(done, total, "exporting")
        report.files.append(str(target))
    yield Progress(done, total, "exported")
    return report


CSV = register(
    Format(
        name="csv",
        id="dateline.csv.v1",
        title="CSV, one row per span (.csv)",
        writer=write_csv,
        suffix=".csv",
    )
)
