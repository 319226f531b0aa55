"""The annotator's day, in the core: a date marker on its own line, hand-made
spans resolving suggestions, and DATE values from the product's normaliser."""

from __future__ import annotations

from pathlib import Path

from annotations.importing import import_paths
from annotations.progress import drive
from annotations.store import Project


def test_a_date_marker_on_its_own_line_leaves_no_blank_first_line(
    tmp_path: Path, project: Project
) -> None:
    (tmp_path / "a.txt").write_text(" date 2021-08-15 \n\nKabul fell on Sunday.\n")
    (tmp_path / "b.txt").write_text("date 2021-08-16\r\nThe airport closed.\r\n")
    drive(import_paths(project, [tmp_path / "a.txt", tmp_path / "b.txt"], "ann"))
    a, b = project.documents()
    assert (a.date, a.text) == ("2021-08-15", "Kabul fell on Sunday.\n")
    assert (b.date, b.text) == ("2021-08-16", "The airport closed.\n")
    assert a.title == "Kabul fell on Sunday."
