"""Reading the side files of an import: a label map and a table of dates."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

from annotations import text as textutil
from annotations.errors import DatelineError
from annotations.formats import ReadOptions

_DATE_LIKE = re.compile(r"\d{4}-\d{2}-\d{2}")


def load_label_map(path: str | Path) -> dict[str, str | None]:
    """A JSON object from source label to project label (null drops the label).

    Raises DatelineError naming the file and the problem.
    """
    p = Path(path)
    try:
        data = json.loads(p.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise DatelineError(f"{p}: not a JSON label map ({exc})") from exc
    if not isinstance(data, dict) or not all(
        isinstance(k, str) and (v is None or isinstance(v, str)) for k, v in data.items()
    ):
        raise DatelineError(f"{p}: a label map is a JSON object of label to label or null")
    return data


def load_dates(path: str | Path) -> dict[str, str]:
    """A TSV of file name (or stem) and YYYY-MM-DD date; a header row is allowed.

    Extra columns are ignored; the first column that holds a date is taken.
    The name is the first column, or the column a header row calls
    `filename`/`file`/`name` (PolNeAR's metadata.tsv has `compartment` first).
    Raises DatelineError naming the line.
    """
    p = Path(path)
    dates: dict[str, str] = {}
    try:
        lines = p.read_text(encoding="utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise DatelineError(f"{p}: cannot be read as UTF-8 text ({exc})") from exc
    key = 0
    for number, row in enumerate(csv.reader(lines, delimiter="\t"), start=1):
        if not row or len(row) <= key or not row[key].strip():
            continue
        cells = [cell for i, cell in enumerate(row) if i != key]
        found = next((_date(cell) for cell in cells if _date(cell)), None)
        if found is None:
            if number == 1:
                key = _name_column(row)
                continue  # a header
            bad = next((c.strip() for c in cells if _DATE_LIKE.match(c.strip())), None)
            if bad is not None:
                raise DatelineError(f"{p}:{number}: {bad!r} is not a real YYYY-MM-DD date")
            continue  # a row without a date (PolNeAR's PARC3 rows): its file gets none
        dates[row[key].strip()] = found
    return dates


def _name_column(header: list[str]) -> int:
    names = [cell.strip().lower() for cell in header]
    return next((names.index(n) for n in ("filename", "file", "name") if n in names), 0)


def _date(cell: str) -> str | None:
    value = cell.strip()[:10]
    try:
        return textutil.check_date(value)
    except ValueError:
        return None


def read_options(label_map: str | None, dates: str | None) -> ReadOptions:
    return ReadOptions(
        label_map=load_label_map(label_map) if label_map else {},
        dates=load_dates(dates) if dates else {},
    )
