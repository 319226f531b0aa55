"""`dateline export` and `dateline import` as a user runs them: refusals with one
line and exit 1, --force, standard input and output, the format choices, and
the options each consumer needs."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from annotations.cli import main
from annotations.store import Project
from annotations.store.suggestions import store_suggestions
from annotations.suggest.types import SuggestedSpan, Suggestions
from tests.conftest import ARTICLE, dump


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "p.db"
    with Project.create(path) as project:
        doc, _ = project.add_document(ARTICLE, date="2021-08-12", source="kabul.txt")
        thursday = ARTICLE.index("Thursday")
        project.add_span(doc.id, "gold", "DATE", thursday, thursday + 8, {"type": "DATE"})
        project.add_span(doc.id, "gold", "QUOTE", 0, thursday + 8)
        undated, _ = project.add_document("An undated note about it.")
        project.add_span(undated.id, "gold", "EVENT", 3, 10)
        store_suggestions(project, doc.id, "rules@1",
                          Suggestions([SuggestedSpan("DATE", thursday, thursday + 8)]))
    return path


def run(*args: str | Path, stdin: str | None = None) -> Result:
    return CliRunner().invoke(main, [str(a) for a in args], input=stdin)


def test_the_project_is_refused_and_left_as_it_was(db: Path) -> None:
    before = dump(db)
    for fmt in ("jsonl", "csv", "conll", "spacy"):
        result = run("export", db, "--annotator", "gold", "--format", fmt, "-o", db, "--force")
        assert result.exit_code == 1
        assert result.stderr.strip().count("\n") == 0 and "is the project" in result.stderr
    assert dump(db) == before


def test_an_existing_file_needs_force(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "gold.jsonl"
    out.write_text("mine")
    refused = run("export", db, "--annotator", "gold", "-o", out)
    assert refused.exit_code == 1 and "--force" in refused.stderr
    assert out.read_text() == "mine"
    assert run("export", db, "--annotator", "gold", "-o", out, "--force").exit_code == 0
    assert len(out.read_text().splitlines()) == 2


def test_an_unknown_annotator_exits_1_listing_the_annotators(db: Path, tmp_path: Path) -> None:
    result = run("export", db, "--annotator", "glod", "-o", tmp_path / "x.jsonl")
    assert result.exit_code == 1
    assert "no annotator 'glod'" in result.stderr and "annotators: gold" in result.stderr
    neither = run("export", db, "-o", tmp_path / "x.jsonl")
    assert neither.exit_code == 2 and "--suggestions" in neither.stderr
    whose = run("export", db, "--suggestions", "--status", "done", "-o", tmp_path / "x.jsonl")
    assert whose.exit_code == 1 and "--annotator" in whose.stderr
    both = run("export", db, "--annotator", "gold", "--suggestions", "-o", tmp_path / "x.jsonl")
    assert both.exit_code == 0 and "exported 2 document(s), 1 span(s)" in both.stdout


def test_help_lists_the_formats() -> None:
    export_help = run("export", "--help").output
    import_help = run("import", "--help").output
    for name in ("jsonl", "spacy", "conll", "brat", "timeml", "csv"):
        assert name in export_help
    for name in ("txt", "jsonl", "brat", "timeml"):
        assert name in import_help
    assert "csv" not in import_help.split("--format")[1].split("--")[0]


def test_export_to_standard_output_and_import_from_standard_input(
    db: Path, tmp_path: Path
) -> None:
    code = "from annotations.cli import main; main()"
    out = subprocess.run([sys.executable, "-c", code, "export", str(db), "--annotator", "gold",
                          "-o", "-"], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    lines = [json.loads(line) for line in out.stdout.splitlines()]
    assert [len(line["spans"]) for line in lines] == [2, 1]
    assert "exported 2 document(s)" in out.stderr
    copy = tmp_path / "copy.db"
    Project.create(copy).close()
    back = subprocess.run([sys.executable, "-c", code, "import", str(copy), "-",
                           "--annotator", "gold"], input=out.stdout, capture_output=True,
                          text=True, timeout=120)
    assert back.returncode == 0, back.stderr
    assert "2 new document(s), 0 already there, 3 span(s)" in back.stdout
    refused = run("export", db, "--annotator", "gold", "--format", "brat", "-o", "-")
    assert refused.exit_code == 1 and "standard output" in refused.stderr


def test_the_options_each_consumer_needs(db: Path, tmp_path: Path) -> None:
    conll = run("export", db, "--annotator", "gold", "--format", "conll", "--labels", "DATE",
                "-o", tmp_path / "dates.conll")
    assert conll.exit_code == 0, conll.output
    assert "B-DATE" in (tmp_path / "dates.conll").read_text()
    assert "QUOTE" not in (tmp_path / "dates.conll").read_text()
    tml = run("export", db, "--annotator", "gold", "--format", "timeml", "--dct", "2021-01-01",
              "-o", tmp_path / "tml")
    assert tml.exit_code == 0 and len(list((tmp_path / "tml").glob("*.tml"))) == 2
    spacy = run("export", db, "--annotator", "gold", "--format", "spacy", "--ents", "DATE",
                "-o", tmp_path / "gold.spacy")
    assert spacy.exit_code == 0 and "doc.ents holds DATE" in spacy.stderr
    silver = run("export", db, "--suggestions", "-o", tmp_path / "silver.jsonl")
    assert silver.exit_code == 0, silver.output
    spans = [s for line in (tmp_path / "silver.jsonl").read_text().splitlines()
             for s in json.loads(line)["spans"]]
    assert [(s["label"], s["origin"]) for s in spans] == [("DATE", "suggested")]
    named = run("export", db, "--suggestions", "rules@1", "--format", "csv",
                "-o", tmp_path / "silver.csv")
    assert named.exit_code == 0 and "exported 2 document(s), 1 span(s)" in named.stdout


def test_import_format_reads_a_named_file_and_only_its_files_of_a_folder(
    db: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "mixed"
    folder.mkdir()
    (folder / "data.json").write_text(json.dumps({"text": "A line read as JSONL."}) + "\n")
    (folder / "note.txt").write_text("A plain text note.\n")
    (folder / "more.jsonl").write_text(json.dumps({"text": "Another JSONL line."}) + "\n")
    named = run("import", db, folder / "data.json", "--format", "jsonl", "--annotator", "x")
    assert named.exit_code == 0, named.output
    assert "1 new document(s)" in named.stdout
    only = run("import", db, folder, "--format", "jsonl", "--annotator", "x")
    assert "1 new document(s)" in only.stdout and "ignored 2 file(s)" in only.stdout
    refused = run("import", db, folder, "--format", "csv")
    assert refused.exit_code == 2 and "'csv' is not one of" in refused.stderr
