"""TimeML .tml import (and, below, export) against small hand-written files."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from annotations.errors import InputError
from annotations.formats import ReadOptions
from annotations.importing import ImportReport, import_paths
from annotations.progress import drive
from annotations.store import Project
from tests.conftest import dump

TML = """<?xml version="1.0" ?>
<TimeML xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">

<DOCID>HARBOUR-001</DOCID>

<DCT><TIMEX3 tid="t0" type="DATE" value="2021-08-12" temporalFunction="false" \
functionInDocument="CREATION_TIME">08/12/2021</TIMEX3></DCT>

<TITLE>Harbour bridge reopens</TITLE>

<TEXT>
The harbour bridge <EVENT eid="e1" class="OCCURRENCE">reopened</EVENT> \
<SIGNAL sid="s1">on</SIGNAL> <TIMEX3 tid="t1" type="DATE" value="2021-08-12" \
temporalFunction="true" anchorTimeID="t0">Thursday</TIMEX3> after \
<TIMEX3 tid="t2" type="DURATION" value="P90D">90 days</TIMEX3> of repairs &amp; tests.
The mayor <EVENT eid="e2" class="REPORTING">said</EVENT> tolls would not \
<EVENT eid="e3" class="OCCURRENCE" stem="rise">rise</EVENT>.
</TEXT>

<MAKEINSTANCE eventID="e1" eiid="ei1" tense="PAST" aspect="NONE" polarity="POS" pos="VERB"/>
<MAKEINSTANCE eventID="e2" eiid="ei2" tense="PAST" aspect="NONE" polarity="POS" pos="VERB"/>
<MAKEINSTANCE eventID="e3" eiid="ei3" tense="FUTURE" aspect="NONE" polarity="NEG" pos="VERB"/>
<TLINK lid="l1" relType="IS_INCLUDED" eventInstanceID="ei1" relatedToTime="t1" signalID="s1"/>
<TLINK lid="l2" relType="BEFORE" eventInstanceID="ei1" relatedToTime="t0"/>
<TLINK lid="l3" relType="IS_INCLUDED" eventInstanceID="ei2" relatedToTime="t0"/>
<SLINK lid="l4" relType="EVIDENTIAL" eventInstanceID="ei2" subordinatedEventInstance="ei3"/>

</TimeML>
"""


def run_import(project: Project, *paths: Path, **kwargs: Any) -> ImportReport:
    options = ReadOptions(label_map=kwargs.pop("label_map", {}))
    return drive(import_paths(project, list(paths), "tb", options=options, **kwargs))


def write(folder: Path, name: str, content: str) -> Path:
    path = folder / name
    path.write_text(content, encoding="utf-8")
    return path


def test_timeml_maps_dct_timex_event_polarity_and_when(tmp_path: Path, project: Project) -> None:
    report = run_import(project, write(tmp_path, "harbour.tml", TML))
    assert (report.documents_added, report.spans, report.relations) == (1, 5, 1)
    (doc,) = project.documents()
    assert doc.date == "2021-08-12"
    assert doc.title == "Harbour bridge reopens"
    assert doc.text.startswith("\nThe harbour bridge reopened on Thursday")
    assert "repairs & tests." in doc.text
    spans = {s.text: s for s in project.spans(doc.id, "tb")}
    assert set(spans) == {"reopened", "Thursday", "90 days", "said", "rise"}
    assert spans["Thursday"].label == "DATE"
    assert spans["Thursday"].attrs == {"type": "DATE", "value": "2021-08-12"}
    assert spans["90 days"].attrs == {"type": "DURATION", "value": "P90D"}
    assert spans["rise"].attrs == {"class": "OCCURRENCE", "polarity": "NEG"}
    assert spans["said"].attrs == {"class": "REPORTING", "polarity": "POS"}
    (when,) = project.relations(doc.id, "tb")
    assert (when.label, when.head, when.child) == (
        "WHEN", spans["reopened"].id, spans["Thursday"].id)


def test_timeml_keeps_the_rest_in_meta(tmp_path: Path, project: Project) -> None:
    run_import(project, write(tmp_path, "harbour.tml", TML))
    (doc,) = project.documents()
    kept = doc.meta["timeml"]
    assert kept["dct"]["attrs"]["tid"] == "t0" and kept["dct"]["text"] == "08/12/2021"
    assert kept["header"][0] == "<DOCID>HARBOUR-001</DOCID>"
    assert kept["header"][1] == "<TITLE>Harbour bridge reopens</TITLE>"
    (signal,) = kept["elements"]
    assert signal["tag"] == "SIGNAL" and doc.text[signal["start"]:signal["end"]] == "on"
    assert kept["timex3"]["t1"]["attrs"] == {"temporalFunction": "true", "anchorTimeID": "t0"}
    assert kept["events"]["e3"]["attrs"] == {"stem": "rise"}
    assert [i["tense"] for i in kept["instances"]] == ["PAST", "PAST", "FUTURE"]
    assert [(k["tag"], k["attrs"]["lid"]) for k in kept["links"]] == [
        ("TLINK", "l1"), ("TLINK", "l2"), ("TLINK", "l3"), ("SLINK", "l4")]


def test_timeml_label_map_drops_events_into_meta(tmp_path: Path, project: Project) -> None:
    report = run_import(project, write(tmp_path, "harbour.tml", TML), label_map={"EVENT": None})
    assert (report.spans, report.relations) == (2, 0)
    (doc,) = project.documents()
    assert {e["tag"] for e in doc.meta["timeml"]["elements"]} == {"SIGNAL", "EVENT"}


@pytest.mark.parametrize(
    ("content", "line", "reason"),
    [
        (TML.replace("</TEXT>", "</TEXTS>"), 13, "malformed XML"),
        ("<?xml version='1.0'?>\n<Other><TEXT>x</TEXT></Other>\n", 2, "not <TimeML>"),
        ("<TimeML>\n<DOCID>x</DOCID>\n</TimeML>\n", None, "no <TEXT>"),
        (TML.replace('<TIMEX3 tid="t2" type="DURATION" value="P90D">90 days</TIMEX3>',
                     '<TIMEX3 tid="t2" type="DURATION" value="P90D">90 '
                     '<TIMEX3 tid="t3" type="DURATION" value="P1D">days</TIMEX3></TIMEX3>'),
         11, "spans of one label do not overlap"),
        (TML.replace('class="REPORTING"', 'class="TALKING"'), 12, "EVENT.class cannot be"),
    ],
)
def test_timeml_bad_input_names_file_and_line_and_changes_nothing(
    tmp_path: Path, project: Project, project_path: Path, content: str, line: int | None,
    reason: str,
) -> None:
    path = write(tmp_path, "bad.tml", content)
    before = dump(project_path)
    with pytest.raises(InputError) as info:
        run_import(project, path)
    first = info.value.problems[0]
    assert (first.file, first.line) == (str(path), line)
    assert reason in first.reason
    assert dump(project_path) == before


def test_timeml_skip_invalid_imports_the_rest(tmp_path: Path, project: Project) -> None:
    bad_value = TML.replace('value="P90D"', 'value="ninety days"')
    report = run_import(project, write(tmp_path, "a.tml", bad_value), skip_invalid=True)
    (skipped,) = report.skipped
    assert skipped.line == 11 and "t2" in skipped.reason and "value" in skipped.reason
    assert (report.spans, report.relations) == (4, 1)


def test_timeml_dct_without_a_date_warns_and_takes_the_dates_table(
    tmp_path: Path, project: Project
) -> None:
    content = TML.replace('value="2021-08-12" temporalFunction="false"',
                          'value="PRESENT_REF" temporalFunction="false"')
    path = write(tmp_path, "harbour.tml", content)
    options = ReadOptions(dates={"harbour": "2021-08-13"})
    report = drive(import_paths(project, [path], "tb", options=options))
    (warning,) = report.warnings
    assert warning.line == 6 and "PRESENT_REF" in warning.reason
    assert next(project.documents()).date == "2021-08-13"
