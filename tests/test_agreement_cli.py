"""`dateline agree`: the summary, --json, --html and one-line errors."""

from __future__ import annotations

import json
from pathlib import Path
from xml.etree import ElementTree

from click.testing import CliRunner

from annotations.cli import main
from annotations.measures import jsonable
from annotations.measures.report import render_html
from annotations.store import Project
from tests.conftest import ARTICLE


def annotated(path: Path) -> Path:
    with Project.create(path) as p:
        doc, _ = p.add_document(ARTICLE, date="2021-08-12")
        for who, end in (("ann", 11), ("bob", 11), ("cat", 8)):
            p.add_span(doc.id, who, "SPEAKER", 0, end)
            p.add_span(doc.id, who, "DATE", 18, 26, {"value": "2021-08-12"})
            p.set_status(doc.id, who, "done")
        p.add_span(doc.id, "ann", "EVENT", 12, 16, {"class": "REPORTING"})
        p.add_span(doc.id, "bob", "EVENT", 12, 16, {"class": "REPORTING"})
    return path


def test_agree_summary_json_and_html(tmp_path: Path) -> None:
    project = annotated(tmp_path / "p.db")
    out_json, out_html = tmp_path / "a.json", tmp_path / "a.html"
    result = CliRunner().invoke(main, [
        "agree", str(project), "--annotators", "cat,ann,bob", "--json", str(out_json),
        "--html", str(out_html)])
    assert result.exit_code == 0, result.output
    assert "SPEAKER   cat|ann" in result.output and "Fleiss" in result.output
    report = json.loads(out_json.read_text())
    assert report["annotators"] == ["cat", "ann", "bob"]
    assert list(report["labels"]["SPEAKER"]["pairs"]) == ["cat|ann", "cat|bob", "ann|bob"]
    assert report["labels"]["DATE"]["pairs"]["cat|ann"]["exact_f1"] == 1.0
    assert report["labels"]["QUOTE"]["fleiss_kappa"] is None  # nobody marked a quote
    assert set(report) >= {"annotators", "documents", "labels", "attributes", "relations",
                           "documents_ranked", "suggestion_use"}
    page = out_html.read_text()
    assert page.count("<svg") >= 5 and "cat|ann" in page


def test_agree_json_to_stdout_and_labels(tmp_path: Path) -> None:
    project = annotated(tmp_path / "p.db")
    result = CliRunner().invoke(main, [
        "agree", str(project), "--annotators", "ann,bob", "--labels", "EVENT", "--json", "-"])
    assert result.exit_code == 0, result.output
    assert list(json.loads(result.stdout)["labels"]) == ["EVENT"]


def test_agree_errors_are_one_line(tmp_path: Path) -> None:
    project = annotated(tmp_path / "p.db")
    runner = CliRunner()
    unknown = runner.invoke(main, ["agree", str(project), "--annotators", "ann,zed"])
    assert unknown.exit_code == 1 and "no annotator 'zed'" in unknown.output
    with Project(project) as p:
        p.add_span(1, "dan", "EVENT", 12, 16)
    none = runner.invoke(main, ["agree", str(project), "--annotators", "ann,dan"])
    assert none.exit_code == 1 and "--all" in none.output
    assert "Traceback" not in unknown.output + none.output
    everything = runner.invoke(main, ["agree", str(project), "--annotators", "ann,dan", "--all"])
    assert everything.exit_code == 0, everything.output


def test_html_plots_are_well_formed_svg(tmp_path: Path) -> None:
    project = annotated(tmp_path / "p.db")
    out = tmp_path / "a.json"
    CliRunner().invoke(main, ["agree", str(project), "--annotators", "ann,bob,cat",
                              "--json", str(out)])
    page = render_html(jsonable(json.loads(out.read_text())), title="<p.db>")
    assert "&lt;p.db&gt;" in page
    start = 0
    while (start := page.find("<svg", start)) >= 0:
        end = page.index("</svg>", start) + len("</svg>")
        ElementTree.fromstring(page[start:end])
        start = end
