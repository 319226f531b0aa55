"""Lossless round trips on generated projects: export, import into a new
project, export again; the projects and the second export match the first."""

from __future__ import annotations

import tempfile
from dataclasses import replace
from pathlib import Path

from hypothesis import HealthCheck, given, settings

from annotations.exporting import export
from annotations.formats import ExportOptions
from annotations.importing import import_paths
from annotations.progress import drive
from annotations.store import Project
from tests.format_projects import DocSpec, build, canonical, projects

SETTINGS = settings(max_examples=20, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])


def files(root: Path) -> dict[str, bytes]:
    if root.is_file():
        return {root.name: root.read_bytes()}
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file()}


def round_trip(docs: list[DocSpec], fmt: str, out_name: str,
               labels: set[str] | None = None, same_files: bool = True) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        with build(root / "a.db", docs) as first, Project.create(root / "b.db") as second:
            options = ExportOptions(annotator="gold")
            report = drive(export(first, fmt, root / "one" / out_name, options))
            assert report.documents == len(docs)
            drive(import_paths(second, [root / "one" / out_name], "gold"))
            assert canonical(second, labels=labels) == canonical(first, labels=labels)
            drive(export(second, fmt, root / "two" / out_name, options))
        if same_files:
            assert files(root / "two" / out_name) == files(root / "one" / out_name)


@settings(SETTINGS, max_examples=10)
@given(projects)
def test_jsonl_round_trip_is_lossless(docs: list[DocSpec]) -> None:
    # JSONL names spans by their ids in the project, which a new project renumbers.
    round_trip(docs, "jsonl", "gold.jsonl", same_files=False)


@SETTINGS
@given(projects)
def test_brat_round_trip_is_lossless(docs: list[DocSpec]) -> None:
    round_trip(docs, "brat", "brat")


@SETTINGS
@given(projects)
def test_timeml_round_trip_is_lossless_for_what_timeml_holds(docs: list[DocSpec]) -> None:
    # An undated document is left out of a TimeML export (tools refuse a file without a DCT).
    dated = [replace(d, date=d.date or "2020-02-29") for d in docs]
    round_trip(dated, "timeml", "timeml", labels={"EVENT", "DATE"})
