"""Exports never destroy anything: not the project, not another SQLite file, not
an existing file or folder (unless forced), and a cancelled export leaves
nothing behind; file names are unique and short, and counts are true."""

from __future__ import annotations

import csv
import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotations.errors import DatelineError
from annotations.exporting import OutputExists, export
from annotations.formats import ExportOptions, ExportReport, export_formats
from annotations.progress import drive
from annotations.store import Project
from annotations.store.suggestions import store_suggestions
from annotations.suggest.types import SuggestedRelation, SuggestedSpan, Suggestions
from tests.brat_rules import check_ann
from tests.conftest import ARTICLE, dump

FORMATS = [f.name for f in export_formats()]
FOLDER_FORMATS = [f.name for f in export_formats() if f.output == "folder"]


def run(project: Project, fmt: str, out: Path, **options: Any) -> ExportReport:
    return drive(export(project, fmt, out, ExportOptions(annotator="gold", **options)))


@pytest.fixture
def gold(project: Project, doc_id: int) -> Project:
    project.add_span(doc_id, "gold", "DATE", ARTICLE.index("Thursday"),
                     ARTICLE.index("Thursday") + 8, {"type": "DATE", "value": "2021-08-12"})
    project.set_status(doc_id, "gold", "done")
    return project


def listing(folder: Path) -> set[str]:
    return {str(p.relative_to(folder)) for p in folder.rglob("*")}


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_project_and_its_side_files_are_refused_even_forced(
    gold: Project, project_path: Path, fmt: str
) -> None:
    before = dump(project_path)
    for name in ("", "-wal", "-journal", "-shm"):
        target = project_path.with_name(project_path.name + name)
        for force in (False, True):
            with pytest.raises(DatelineError, match="is the project"):
                run(gold, fmt, target, force=force)
    with pytest.raises(DatelineError, match="holds the project"):
        run(gold, fmt, project_path.parent, force=True)
    assert dump(project_path) == before
    assert not [p for p in project_path.parent.iterdir() if p.name.startswith(".dateline")]


@pytest.mark.parametrize("fmt", ["jsonl", "spacy", "csv"])
def test_another_sqlite_file_is_refused_even_forced(
    gold: Project, tmp_path: Path, fmt: str
) -> None:
    other = tmp_path / "other.db"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE t (x)")
    conn.close()
    data = other.read_bytes()
    with pytest.raises(DatelineError, match="SQLite file"):
        run(gold, fmt, other, force=True)
    (tmp_path / "folder").mkdir()
    (tmp_path / "folder" / "notes.db").write_bytes(data)
    with pytest.raises(DatelineError, match=r"holds the SQLite file notes\.db"):
        run(gold, "brat", tmp_path / "folder", force=True)
    assert other.read_bytes() == data


@pytest.mark.parametrize("fmt", FORMATS)
def test_an_existing_output_is_kept_unless_forced(gold: Project, tmp_path: Path,
                                                   fmt: str) -> None:
    target = tmp_path / "out"
    if fmt in FOLDER_FORMATS:
        target.mkdir()
        (target / "mine.txt").write_text("keep me")
    else:
        target.write_text("keep me")
    with pytest.raises(OutputExists, match="already exists"):
        run(gold, fmt, target)
    assert "keep me" in (target / "mine.txt" if target.is_dir() else target).read_text()
    report = run(gold, fmt, target, force=True)
    assert report.documents == 1
    assert not (target / "mine.txt").exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".dateline")]


def test_a_split_part_that_exists_is_named_before_any_work(gold: Project, tmp_path: Path) -> None:
    (tmp_path / "gold.dev.jsonl").write_text("mine")
    with pytest.raises(OutputExists, match=r"gold\.dev\.jsonl: already exists"):
        run(gold, "jsonl", tmp_path / "gold.jsonl", split={"train": 0.5, "dev": 0.5})
    assert (tmp_path / "gold.dev.jsonl").read_text() == "mine"
    assert not [p for p in tmp_path.iterdir() if p.name.startswith((".dateline", "gold.train"))]


def test_an_empty_folder_is_used_without_force(gold: Project, tmp_path: Path) -> None:
    (tmp_path / "brat").mkdir()
    assert run(gold, "brat", tmp_path / "brat").documents == 1


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_cancelled_export_leaves_nothing(gold: Project, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / "new" / "deeper" / "out"
    work = export(gold, fmt, out, ExportOptions(annotator="gold"))
    for progress in work:
        if progress.message == "exported":  # everything written, nothing in place yet
            break
    work.close()
    assert not (tmp_path / "new").exists()


@pytest.mark.parametrize("fmt", FOLDER_FORMATS)
def test_file_stems_are_unique_checked_not_assumed(project: Project, tmp_path: Path,
                                                   fmt: str) -> None:
    for n, source in enumerate(("x-3.txt", "x.txt", "x.txt", "X.TXT")):
        doc, _ = project.add_document(f"Text {n}.", date="2021-01-01", source=source)
        project.add_span(doc.id, "gold", "EVENT", 0, 4)
    report = run(project, fmt, tmp_path / "out")
    suffix = ".txt" if fmt == "brat" else ".tml"
    written = sorted(p for p in (tmp_path / "out").iterdir() if p.suffix == suffix)
    assert report.documents == len(written) == 4
    assert len({p.name.lower() for p in written}) == 4
    with (tmp_path / "out" / "documents.tsv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t"))
    assert sorted(r["source"] for r in rows) == ["X.TXT", "x-3.txt", "x.txt", "x.txt"]
    assert {r["file"] for r in rows} == {p.name for p in written}


@pytest.mark.parametrize("fmt", FOLDER_FORMATS)
def test_long_names_are_shortened_readable_and_unique(project: Project, tmp_path: Path,
                                                      fmt: str) -> None:
    long = "a-very-long-headline-" * 20  # 420 characters
    for source in (long + "one.txt", long + "two.txt"):
        doc, _ = project.add_document(f"Text of {source[-7:]}", date="2021-01-01",
                                      source=source)
        project.add_span(doc.id, "gold", "EVENT", 0, 4)
    report = run(project, fmt, tmp_path / "out")
    assert report.documents == 2
    names = [p.name for p in (tmp_path / "out").iterdir() if p.name.startswith("a-very")]
    assert all(len(n.encode()) < 200 for n in names)
    assert len({n.rsplit(".", 1)[0] for n in names}) == 2
    table = (tmp_path / "out" / "documents.tsv").read_text(encoding="utf-8")
    assert long + "one.txt" in table and long + "two.txt" in table
    if fmt == "brat":
        assert all(check_ann(ann) == 1 for ann in (tmp_path / "out").glob("*.ann"))


def test_an_unknown_annotator_is_an_error_naming_the_annotators(
    gold: Project, tmp_path: Path
) -> None:
    gold.add_span(gold.document_ids()[0], "alice", "EVENT", 0, 3)
    with pytest.raises(DatelineError, match=r"no annotator 'bob' .*annotators: alice, gold"):
        drive(export(gold, "jsonl", tmp_path / "x.jsonl", ExportOptions(annotator="bob")))
    assert not (tmp_path / "x.jsonl").exists()


def test_csv_cells_that_would_run_as_formulas_are_inert(project: Project, tmp_path: Path) -> None:
    text = "=HYPERLINK(\"x\") +1 -2 @SUM(A1) plain"
    doc, _ = project.add_document(text, title="=cmd|' /C calc'!A0", source="@source.txt")
    for word in ("=HYPERLINK(\"x\")", "+1", "-2", "@SUM(A1)", "plain"):
        start = text.index(word)
        project.add_span(doc.id, "gold", "EVENT", start, start + len(word))
    run(project, "csv", tmp_path / "spans.csv")
    with (tmp_path / "spans.csv").open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    formula = ("=", "+", "-", "@", "\t", "\r")
    for row in rows:
        assert not any(str(cell).startswith(formula) for cell in row.values())
    assert [r["text"] for r in rows] == ["'=HYPERLINK(\"x\")", "'+1", "'-2", "'@SUM(A1)", "plain"]
    assert rows[0]["title"] == "'=cmd|' /C calc'!A0" and rows[0]["source"] == "'@source.txt"


@pytest.fixture
def suggested(project: Project, doc_id: int) -> Project:
    said, thursday = ARTICLE.index("said"), ARTICLE.index("Thursday")
    for model, extra in (("rules@1", []), ("rules@2", [SuggestedSpan("SPEAKER", 0, 11)])):
        spans = [SuggestedSpan("EVENT", said, said + 4, {"class": "REPORTING"}),
                 SuggestedSpan("DATE", thursday, thursday + 8, {"value": "2021-08-12"}),
                 *extra]
        store_suggestions(project, doc_id, model,
                          Suggestions(spans, [SuggestedRelation("WHEN", 0, 1)]))
    return project


@pytest.mark.parametrize("fmt", FORMATS)
def test_suggestions_export_in_every_format(suggested: Project, tmp_path: Path,
                                            fmt: str) -> None:
    options = ExportOptions(annotator="", suggestions="latest")
    report = drive(export(suggested, fmt, tmp_path / "silver", options))
    assert report.documents == 1
    # rules@2, the latest, also suggested a SPEAKER (which TimeML has no element for).
    assert report.spans == (2 if fmt == "timeml" else 3)
    old = drive(export(suggested, fmt, tmp_path / "older",
                       ExportOptions(annotator="", suggestions="rules@1")))
    assert old.spans == 2


def test_suggestions_in_jsonl_carry_their_origin_and_relations(suggested: Project,
                                                               tmp_path: Path) -> None:
    drive(export(suggested, "jsonl", tmp_path / "silver.jsonl",
                 ExportOptions(annotator="", suggestions="rules@1")))
    (line,) = (tmp_path / "silver.jsonl").read_text(encoding="utf-8").splitlines()
    record = json.loads(line)
    assert [(s["label"], s["origin"]) for s in record["spans"]] == [
        ("EVENT", "suggested"), ("DATE", "suggested")]
    assert [r["label"] for r in record["relations"]] == ["WHEN"]


def test_suggestions_of_an_unknown_model_name_the_models(suggested: Project,
                                                         tmp_path: Path) -> None:
    with pytest.raises(DatelineError, match=r"no suggestions by 'x' .*rules@1, rules@2"):
        drive(export(suggested, "jsonl", tmp_path / "s.jsonl",
                     ExportOptions(annotator="", suggestions="x")))


def test_line_formats_go_to_a_stream_others_are_refused(gold: Project, tmp_path: Path) -> None:
    import io

    from annotations.exporting import export_stream

    stream = io.BytesIO()
    report = drive(export_stream(gold, "jsonl", stream, ExportOptions(annotator="gold")))
    assert report.files == ["-"] and report.documents == 1
    run(gold, "jsonl", tmp_path / "file.jsonl")
    assert stream.getvalue() == (tmp_path / "file.jsonl").read_bytes()
    for fmt, options, reason in (
            ("brat", {}, "only jsonl, csv, conll"),
            ("csv", {"split": {"a": 0.5, "b": 0.5}}, "a split writes a file per part")):
        with pytest.raises(DatelineError, match=reason):
            drive(export_stream(gold, fmt, io.BytesIO(),
                                ExportOptions(annotator="gold", **options)))  # type: ignore[arg-type]
    conll = io.BytesIO()
    drive(export_stream(gold, "conll", conll, ExportOptions(annotator="gold", labels=("DATE",))))
    assert conll.getvalue().startswith(b"-DOCSTART- -X- O O\n")
    assert not [p for p in tmp_path.iterdir() if p.name != "file.jsonl" and
                p.name.startswith(("export", ".dateline"))]


_NAMES = st.lists(st.one_of(
    st.text(st.characters(exclude_categories=["Cs"]), max_size=40),  # no lone surrogates
    st.sampled_from(["../../etc/passwd", "..", ".", "CON", "a/b\\c.txt", " x .txt", "x.txt",
                     "X.txt", "x-3.txt", "é" * 300, "a" * 500 + ".txt"])), min_size=1, max_size=5)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                 HealthCheck.function_scoped_fixture])
@given(names=_NAMES)
@pytest.mark.parametrize("fmt", FOLDER_FORMATS)
def test_generated_hostile_names_give_one_safe_file_each(tmp_path_factory: pytest.TempPathFactory,
                                                         fmt: str, names: list[str]) -> None:
    root = tmp_path_factory.mktemp("names")
    with Project.create(root / "p.db") as project:
        for n, source in enumerate(names):
            doc, _ = project.add_document(f"Document {n}.", date="2021-01-01",
                                          source=source or None)
            project.add_span(doc.id, "gold", "EVENT", 0, 8)
        report = run(project, fmt, root / "out")
    suffix = ".txt" if fmt == "brat" else ".tml"
    written = [p for p in (root / "out").rglob(f"*{suffix}")]
    assert report.documents == len(written) == len(names)
    assert all(p.parent == root / "out" and len(p.name.encode()) < 200 for p in written)
    assert len({p.name.lower() for p in written}) == len(names)
