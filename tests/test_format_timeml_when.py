"""Which TimeML TLINKs are WHEN relations: the event IS_INCLUDED in a time of the text,
or the same relation written from the time's side (the time INCLUDES the event); and
an export after such an import writes each WHEN once."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from annotations.exporting import export
from annotations.formats import ExportOptions
from annotations.formats.timeml import when_link
from annotations.progress import drive
from annotations.store import Project
from tests.test_format_timeml import TML, run_import, write

FROM_THE_TIME = '<TLINK lid="l1" relType="INCLUDES" timeID="t1" relatedToEventInstance="ei1"/>'


def with_link(link: str) -> str:
    """The harbour article with `link` in place of its IS_INCLUDED TLINK l1."""
    old = '<TLINK lid="l1" relType="IS_INCLUDED" eventInstanceID="ei1" relatedToTime="t1" ' \
          'signalID="s1"/>'
    assert old in TML
    return TML.replace(old, link)


@pytest.mark.parametrize(
    ("attrs", "expected"),
    [
        ({"relType": "IS_INCLUDED", "eventInstanceID": "ei1", "relatedToTime": "t1"},
         ("ei1", "t1")),
        ({"relType": "INCLUDES", "timeID": "t1", "relatedToEventInstance": "ei1"},
         ("ei1", "t1")),
        # The event includes the time, or the time is within the event: no WHEN.
        ({"relType": "INCLUDES", "eventInstanceID": "ei1", "relatedToTime": "t1"}, None),
        ({"relType": "IS_INCLUDED", "timeID": "t1", "relatedToEventInstance": "ei1"}, None),
        ({"relType": "BEFORE", "timeID": "t1", "relatedToEventInstance": "ei1"}, None),
        ({"relType": "IS_INCLUDED", "eventInstanceID": "ei1",
          "relatedToEventInstance": "ei2"}, None),
    ],
)
def test_when_link_reads_both_sides_of_inclusion(attrs: dict[str, str],
                                                 expected: tuple[str, str] | None) -> None:
    assert when_link("TLINK", attrs) == expected
    assert when_link("SLINK", attrs) is None


def test_a_time_that_includes_an_event_is_a_when(tmp_path: Path, project: Project) -> None:
    report = run_import(project, write(tmp_path, "harbour.tml", with_link(FROM_THE_TIME)))
    assert report.relations == 1
    (doc,) = project.documents()
    spans = {s.text: s for s in project.spans(doc.id, "tb")}
    (when,) = project.relations(doc.id, "tb")
    assert (when.label, when.head, when.child) == (
        "WHEN", spans["reopened"].id, spans["Thursday"].id)


def test_both_sides_of_one_inclusion_are_one_when_with_a_warning(
    tmp_path: Path, project: Project
) -> None:
    content = TML.replace('<TLINK lid="l2"', FROM_THE_TIME.replace("l1", "l9") +
                          '\n<TLINK lid="l2"')
    report = run_import(project, write(tmp_path, "harbour.tml", content))
    assert report.relations == 1
    (warning,) = [w for w in report.warnings if "repeats" in w.reason]
    assert "e1 in t1" in warning.reason


def whens_written(project: Project, out: Path) -> list[dict[str, str]]:
    """The exported TLINKs that put the event "reopened" (ei1) within "Thursday" (t1)."""
    drive(export(project, "timeml", out, ExportOptions(annotator="tb")))
    (path,) = sorted(out.rglob("*.tml"))
    return [dict(t.attrib) for t in ET.parse(path).getroot().iter("TLINK")
            if when_link("TLINK", dict(t.attrib)) == ("ei1", "t1")]


def test_export_writes_a_when_read_from_the_time_side_once(
    tmp_path: Path, project: Project
) -> None:
    run_import(project, write(tmp_path, "harbour.tml", with_link(FROM_THE_TIME)))
    (link,) = whens_written(project, tmp_path / "out")
    assert link["lid"] == "l1" and link["relType"] == "INCLUDES"


def test_export_leaves_out_the_time_side_link_of_a_deleted_when(
    tmp_path: Path, project: Project
) -> None:
    run_import(project, write(tmp_path, "harbour.tml", with_link(FROM_THE_TIME)))
    (doc,) = project.documents()
    (when,) = project.relations(doc.id, "tb")
    project.delete_relation(when.id)
    assert whens_written(project, tmp_path / "out") == []
