"""TimeML export checked by an XML parser: every file well-formed whatever a
document's meta holds, a DCT in every file or a warning naming the document,
no invented pos; and the import's repairs (repeated TLINK, padded extent)."""

from __future__ import annotations

import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotations.errors import DatelineError
from annotations.exporting import export
from annotations.formats import ExportOptions, ExportReport
from annotations.progress import drive
from annotations.store import Project
from tests.conftest import ARTICLE
from tests.test_format_timeml import TML, run_import, write


def run(project: Project, out: Path, annotator: str = "gold", **options: Any) -> ExportReport:
    return drive(export(project, "timeml", out, ExportOptions(annotator=annotator, **options)))


def parsed(folder: Path) -> dict[str, ET.Element]:
    """Every .tml file of a folder, parsed by an XML parser (which raises on a bad one)."""
    return {p.name: ET.parse(p).getroot() for p in sorted(folder.rglob("*.tml"))}


def test_an_undated_document_is_left_out_with_a_warning_naming_it(
    project: Project, tmp_path: Path
) -> None:
    dated, _ = project.add_document(ARTICLE, date="2021-08-12", source="dated.txt")
    undated, _ = project.add_document("No date here.", source="undated.txt")
    for doc in (dated, undated):
        project.add_span(doc.id, "gold", "EVENT", 0, 2)
    report = run(project, tmp_path / "out")
    assert report.documents == 1
    assert list(parsed(tmp_path / "out")) == ["dated.tml"]
    (warning,) = [w for w in report.warnings if "no date" in w]
    assert f"document {undated.id} ('undated.txt')" in warning and "--dct" in warning


def test_the_dct_option_dates_undated_documents(project: Project, tmp_path: Path) -> None:
    doc, _ = project.add_document("No date here.", source="undated.txt")
    project.add_span(doc.id, "gold", "EVENT", 0, 2)
    report = run(project, tmp_path / "out", dct="2020-02-29")
    assert report.documents == 1
    root = parsed(tmp_path / "out")["undated.tml"]
    dct = root.find("DCT/TIMEX3")
    assert dct is not None and dct.get("value") == "2020-02-29"
    assert dct.get("functionInDocument") == "CREATION_TIME"
    assert any("fallback 2020-02-29" in w for w in report.warnings)
    with pytest.raises(DatelineError, match="--dct '2020-02-30'"):
        run(project, tmp_path / "bad", dct="2020-02-30")


def test_export_keeps_an_imported_pos_and_invents_none(project: Project, tmp_path: Path) -> None:
    run_import(project, write(tmp_path, "harbour.tml", TML))
    (doc,) = project.documents()
    said = doc.text.index("tolls")
    project.add_span(doc.id, "tb", "EVENT", said, said + 5)  # a new event
    run(project, tmp_path / "out", annotator="tb")
    root = parsed(tmp_path / "out")["harbour.tml"]
    pos = {i.get("eventID"): i.get("pos") for i in root.iter("MAKEINSTANCE")}
    assert pos["e1"] == "VERB"
    (new,) = [e for e in pos if e not in ("e1", "e2", "e3")]
    assert pos[new] is None


def test_the_kept_header_and_root_are_never_copied(project: Project, tmp_path: Path) -> None:
    meta = {"timeml": {
        "root": {"xmlns:xi": "http://www.w3.org/2001/XInclude"},
        "header": ['<xi:include href="/etc/passwd" parse="text"/>', "<broken"],
        "trailer": ["</TimeML><TimeML>"],
        "dct": {"attrs": {"tid": "t0", "value": "2021-08-12\" onload=\"x"}, "text": "<"},
    }}
    doc, _ = project.add_document(ARTICLE, date="2021-08-12", meta=meta, title="A & <B>")
    project.add_span(doc.id, "gold", "DATE", 0, 3, {"value": "P\x01<&>\"", "type": "DATE"})
    run(project, tmp_path / "out")
    (root,) = parsed(tmp_path / "out").values()
    content = next((tmp_path / "out").glob("*.tml")).read_text(encoding="utf-8")
    assert "include" not in content and "passwd" not in content and "<broken" not in content
    assert root.findtext("TITLE") == "A & <B>"
    assert root.find("TEXT/TIMEX3").get("value") == "P<&>\""  # type: ignore[union-attr]


_STORABLE = st.characters(exclude_categories=["Cs"])  # a project stores no lone surrogate
_JSON = st.recursive(
    st.none() | st.booleans() | st.integers(-3, 3) | st.text(_STORABLE, max_size=8),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(
        st.text(_STORABLE, max_size=6), inner, max_size=3),
    max_leaves=8)
_KEYS = ["root", "header", "trailer", "dct", "timex3", "events", "elements", "instances",
         "links"]
_HOSTILE = st.dictionaries(st.sampled_from(_KEYS), _JSON | st.lists(st.dictionaries(
    st.sampled_from(["tag", "start", "end", "attrs", "eiid", "eventID"]), _JSON, max_size=4),
    max_size=3), max_size=5)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(kept=_HOSTILE, value=st.text(st.characters(exclude_characters="\n",
                                                  exclude_categories=["Cs"]), max_size=6))
def test_every_file_is_well_formed_whatever_the_meta_holds(kept: dict[str, Any],
                                                           value: str) -> None:
    with tempfile.TemporaryDirectory() as tmp, Project.create(Path(tmp) / "p.db") as project:
        doc, _ = project.add_document(ARTICLE, date="2021-08-12", meta={"timeml": kept})
        said = ARTICLE.index("said")
        event = project.add_span(doc.id, "gold", "EVENT", said, said + 4)
        date = project.add_span(doc.id, "gold", "DATE", 0, 3, {"value": "P" + value})
        project.add_relation("WHEN", event.id, date.id)
        report = run(project, Path(tmp) / "out")
        assert report.documents == 1
        (root,) = parsed(Path(tmp) / "out").values()
        assert root.find("DCT/TIMEX3") is not None


def test_a_repeated_tlink_is_one_when_with_a_warning(project: Project, tmp_path: Path) -> None:
    content = TML.replace(
        '<TLINK lid="l2"',
        '<TLINK lid="l9" relType="IS_INCLUDED" eventInstanceID="ei1" relatedToTime="t1"/>\n'
        '<TLINK lid="l2"')
    report = run_import(project, write(tmp_path, "harbour.tml", content))
    assert report.relations == 1
    (warning,) = [w for w in report.warnings if "repeats" in w.reason]
    assert "ei1" not in warning.reason and "e1 in t1" in warning.reason


def test_an_extent_with_a_leading_space_is_trimmed_with_a_warning(
    project: Project, tmp_path: Path
) -> None:
    content = TML.replace('<EVENT eid="e2" class="REPORTING">said</EVENT>',
                          '<EVENT eid="e2" class="REPORTING"> said</EVENT>')
    content = content.replace("The mayor <EVENT", "The mayor<EVENT")
    report = run_import(project, write(tmp_path, "harbour.tml", content))
    (doc,) = project.documents()
    assert "said" in {s.text for s in project.spans(doc.id, "tb")}
    assert any("trimmed" in w.reason for w in report.warnings)
