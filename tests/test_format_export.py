"""Each export read back by its real consumer: spaCy loads the DocBin, `spacy
debug data` accepts it, the XML parses, brat offsets slice the text."""

from __future__ import annotations

import csv
import json
import re
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings

from annotations.cli import main
from annotations.errors import DatelineError
from annotations.exporting import export
from annotations.formats import ExportOptions, ExportReport
from annotations.progress import drive
from annotations.store import Project
from tests.brat_rules import check_ann
from tests.conftest import ARTICLE, dump
from tests.format_projects import DocSpec, build, projects

SETTINGS = settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def run_export(project: Project, fmt: str, out: Path, **options: Any) -> ExportReport:
    return drive(export(project, fmt, out, ExportOptions(annotator="gold", **options)))


def where(fragment: str, nth: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(nth + 1):
        start = ARTICLE.index(fragment, start + 1)
    return start, start + len(fragment)


@pytest.fixture
def gold(project: Project, doc_id: int) -> Project:
    """The conftest article with nested spans of every label and both relations."""
    def add(label: str, fragment: str, attrs: dict[str, Any] | None = None, nth: int = 0) -> int:
        start, end = where(fragment, nth)
        return project.add_span(doc_id, "gold", label, start, end, attrs).id

    speaker = add("SPEAKER", "The embassy")
    quote = add("QUOTE", "flights will stop", {"direct": True})
    said = add("EVENT", "said", {"class": "REPORTING", "polarity": "POS"})
    thursday = add("DATE", "Thursday", {"type": "DATE", "value": "2021-08-12"})
    stop = add("EVENT", "stop", {"class": "OCCURRENCE", "polarity": "NEG"})
    leave = add("QUOTE", "to leave Kabul within 90 days", {"direct": False})
    days = add("DATE", "90 days", {"type": "DURATION", "value": "P90D"})
    add("EVENT", "leave")
    # Runs over the paragraph break: two sentences.
    add("SPEAKER", "90 days.\n\nA spokesman")
    project.add_relation("SAID", speaker, quote)
    project.add_relation("SAID", speaker, leave)
    project.add_relation("WHEN", said, thursday)
    project.add_relation("WHEN", stop, days)
    other, _ = project.add_document("A second article. It has no spans at all.")
    project.set_status(other.id, "gold", "done")
    return project


# --- spaCy -----------------------------------------------------------------------


def load_docbin(path: Path) -> list[Any]:
    import spacy
    from spacy.tokens import DocBin

    return list(DocBin().from_disk(path).get_docs(spacy.blank("en").vocab))


def test_spacy_docbin_spans_ents_and_user_data_match_the_store(
    gold: Project, doc_id: int, tmp_path: Path
) -> None:
    report = run_export(gold, "spacy", tmp_path / "gold.spacy", spans_key="dl")
    first, second = load_docbin(tmp_path / "gold.spacy")
    stored = gold.spans(doc_id, "gold")
    assert [(s.start_char, s.end_char, s.label_) for s in first.spans["dl"]] == [
        (s.start, s.end, s.label) for s in stored]
    assert [s.id_ for s in first.spans["dl"]] == [f"s{s.id}" for s in stored]
    # DATE nests in QUOTE, EVENT in QUOTE and SPEAKER: no label is free of overlaps here.
    assert {e.label_ for e in first.ents} <= {"DATE"}
    data = first.user_data["dateline"]
    assert data["document"]["date"] == "2021-08-12" and data["annotator"] == "gold"
    assert [d["attrs"] for d in data["spans"]] == [s.attrs for s in stored]
    spans = first.spans["dl"]
    said = {(spans[r["head"]].text, spans[r["child"]].text, r["label"])
            for r in data["relations"]}
    assert ("The embassy", "flights will stop", "SAID") in said
    assert ("stop", "90 days", "WHEN") in said
    assert second.user_data["dateline"]["status"] == "done" and len(second.spans["dl"]) == 0
    assert report.documents == 2 and report.spans == len(stored)


def test_spacy_misaligned_spans_are_reported_and_kept_out_not_shifted(
    project: Project, doc_id: int, tmp_path: Path
) -> None:
    start, _ = where("embassy")
    project.add_span(doc_id, "gold", "SPEAKER", start, start + 4)  # "emba"
    report = run_export(project, "spacy", tmp_path / "x.spacy")
    (warning,) = [w for w in report.warnings if "does not line up" in w]
    assert "'emba'" in warning
    (doc,) = load_docbin(tmp_path / "x.spacy")
    assert len(doc.spans["sc"]) == 0 and len(doc.ents) == 0
    (kept,) = doc.user_data["dateline"]["misaligned"]
    assert (kept["start"], kept["end"], kept["text"]) == (start, start + 4, "emba")


@SETTINGS
@given(projects)
def test_spacy_docbin_holds_every_aligned_span_of_generated_projects(
    docs: list[DocSpec],
) -> None:
    with tempfile.TemporaryDirectory() as tmp, build(Path(tmp) / "p.db", docs) as project:
        report = run_export(project, "spacy", Path(tmp) / "out.spacy")
        loaded = {d.text: d for d in load_docbin(Path(tmp) / "out.spacy")}
        for doc in project.documents():
            spacy_doc = loaded[doc.text]
            got = {(s.start_char, s.end_char, s.label_) for s in spacy_doc.spans["sc"]}
            left = {(m["start"], m["end"], m["label"])
                    for m in spacy_doc.user_data["dateline"]["misaligned"]}
            want = {(s.start, s.end, s.label) for s in project.spans(doc.id, "gold")}
            assert got | left == want and not got & left
            assert len(left) == sum(f"document {doc.id} " in w for w in report.warnings)


@pytest.mark.slow
def test_spacy_debug_data_accepts_the_export(gold: Project, tmp_path: Path) -> None:
    """`python -m spacy debug data` over an ner and spancat config (about 10 s)."""
    from spacy.cli.init_config import init_config

    days = ["Monday", "Tuesday", "Friday", "Sunday"]
    with gold.transaction():  # debug data wants 100 training documents at least
        for i in range(240):
            day = days[i % 4]
            doc, _ = gold.add_document(f"Report {i}: the mayor said on {day} that tolls rise. "
                                       f"Nobody {'objected' if i % 3 else 'cared'}.")
            start = doc.text.index("the mayor")
            gold.add_span(doc.id, "gold", "SPEAKER", start, start + 9)
            start = doc.text.index(day)
            gold.add_span(doc.id, "gold", "DATE", start, start + len(day), {"type": "DATE"})
    run_export(gold, "spacy", tmp_path / "data.spacy", split={"train": 0.6, "dev": 0.4}, seed=3,
               ents=("SPEAKER", "DATE"))
    # ner reads doc.ents (chosen with ents), spancat doc.spans["sc"]: no glue for either.
    config = init_config(lang="en", pipeline=["ner", "spancat"], optimize="efficiency")
    config.to_disk(tmp_path / "config.cfg")
    result = subprocess.run(
        [sys.executable, "-m", "spacy", "debug", "data", str(tmp_path / "config.cfg"),
         "--paths.train", str(tmp_path / "data.train.spacy"),
         "--paths.dev", str(tmp_path / "data.dev.spacy")],
        capture_output=True, text=True, timeout=300, check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Spancat" in result.stdout or "spancat" in result.stdout.lower()
    assert "'SPEAKER'" in result.stdout and "'DATE'" in result.stdout  # the NER labels


def test_ents_choose_the_labels_of_doc_ents_and_overlaps_are_reported(
    gold: Project, tmp_path: Path
) -> None:
    default = run_export(gold, "spacy", tmp_path / "default.spacy")
    assert any("--ents" in w for w in default.warnings)
    report = run_export(gold, "spacy", tmp_path / "gold.spacy", ents=("QUOTE", "DATE"))
    doc = load_docbin(tmp_path / "gold.spacy")[0]
    assert [(e.label_, e.text) for e in doc.ents] == [
        ("DATE", "Thursday"), ("QUOTE", "flights will stop"),
        ("QUOTE", "to leave Kabul within 90 days")]
    (overlap,) = [w for w in report.warnings if "overlaps another of doc.ents" in w]
    assert "'90 days'" in overlap
    assert len(doc.spans["sc"]) == len(gold.spans(gold.document_ids()[0], "gold"))


# --- TimeML ----------------------------------------------------------------------


def text_offsets(element: ET.Element) -> tuple[str, list[tuple[ET.Element, int, int]]]:
    """The text of an element with every descendant's offsets (an independent walk)."""
    pieces: list[str] = []
    found: list[tuple[ET.Element, int, int]] = []

    def walk(el: ET.Element) -> None:
        start = sum(map(len, pieces))
        pieces.append(el.text or "")
        for child in el:
            walk(child)
            pieces.append(child.tail or "")
        found.append((el, start, sum(map(len, pieces))))

    walk(element)
    return "".join(pieces), found


def test_timeml_xml_parses_and_every_timex_and_event_covers_its_text(
    gold: Project, doc_id: int, tmp_path: Path
) -> None:
    report = run_export(gold, "timeml", tmp_path / "tml")
    assert any("TimeML has no element for" in w and "SPEAKER" in w for w in report.warnings)
    root = ET.parse(tmp_path / "tml" / f"doc-{doc_id}.tml").getroot()
    assert root.tag == "TimeML"
    dct = root.find("DCT/TIMEX3")
    assert dct is not None and dct.get("functionInDocument") == "CREATION_TIME"
    assert dct.get("value") == "2021-08-12"
    body = root.find("TEXT")
    assert body is not None
    text, elements = text_offsets(body)
    assert text == ARTICLE
    stored = {(s.start, s.end): s for s in gold.spans(doc_id, "gold")}
    marked = [(el, a, b) for el, a, b in elements if el.tag in ("TIMEX3", "EVENT")]
    assert len(marked) == sum(s.label in ("DATE", "EVENT") for s in stored.values())
    by_id: dict[str, Any] = {}
    for el, a, b in marked:
        span = stored[(a, b)]
        assert span.label == {"TIMEX3": "DATE", "EVENT": "EVENT"}[el.tag]
        assert text[a:b] == span.text
        by_id[el.get("tid") or el.get("eid") or ""] = span
        if el.tag == "TIMEX3":
            assert (el.get("type"), el.get("value")) == (span.attrs["type"], span.attrs["value"])
        else:
            assert el.get("class") == span.attrs.get("class")
    instances = {i.get("eiid"): i for i in root.iter("MAKEINSTANCE")}
    for eiid, inst in instances.items():
        assert by_id[inst.get("eventID") or ""].attrs.get("polarity") == inst.get("polarity")
        assert eiid
    whens = {(by_id[instances[t.get("eventInstanceID")].get("eventID") or ""].text,
              by_id[t.get("relatedToTime") or ""].text)
             for t in root.iter("TLINK") if t.get("relType") == "IS_INCLUDED"}
    assert whens == {("said", "Thursday"), ("stop", "90 days")}


# --- brat ------------------------------------------------------------------------


@SETTINGS
@given(projects)
def test_every_brat_t_line_parses_by_brats_rules(docs: list[DocSpec]) -> None:
    # Generated texts put line breaks between words, so spans cross them.
    with tempfile.TemporaryDirectory() as tmp, build(Path(tmp) / "p.db", docs) as project:
        report = run_export(project, "brat", Path(tmp) / "brat")
        anns = sorted((Path(tmp) / "brat").glob("*.ann"))
        assert len(anns) == len(docs) == report.documents
        assert sum(check_ann(ann) for ann in anns) == report.spans == sum(
            len(d.spans) for d in docs)


def test_a_span_over_a_line_break_is_fragments_split_at_the_break(
    project: Project, doc_id: int, tmp_path: Path
) -> None:
    start, end = where("90 days.\n\nA spokesman")
    project.add_span(doc_id, "gold", "SPEAKER", start, end)
    run_export(project, "brat", tmp_path / "brat")
    (ann,) = (tmp_path / "brat").glob("*.ann")
    (line,) = ann.read_text(encoding="utf-8").splitlines()
    middle = ARTICLE.index("\n\nA spokesman")
    assert line == (f"T1\tSPEAKER {start} {middle};{middle + 2} {end}\t"
                    "90 days. A spokesman")
    assert check_ann(ann) == 1


def test_brat_folder_has_the_conf_files_attributes_and_notes(gold: Project, tmp_path: Path) -> None:
    run_export(gold, "brat", tmp_path / "brat")
    conf = (tmp_path / "brat" / "annotation.conf").read_text()
    assert "SAID\tArg1:SPEAKER, Arg2:QUOTE" in conf
    assert "direct\tArg:QUOTE, Value:true|false" in conf
    assert "QUOTE\tbgColor:#dca6ed" in (tmp_path / "brat" / "visual.conf").read_text()
    ann = next(p for p in (tmp_path / "brat").glob("*.ann") if p.stat().st_size).read_text()
    assert re.search(r"^A\d+\tdirect T\d+ true$", ann, re.M)
    assert re.search(r"^A\d+\tdirect T\d+ false$", ann, re.M)  # False survives as a value
    assert re.search(r"^A\d+\tclass T\d+ REPORTING$", ann, re.M)
    assert re.search(r"^#\d+\tAnnotatorNotes T\d+\tP90D$", ann, re.M)


# --- CoNLL and CSV ---------------------------------------------------------------


def conll_rows(path: Path) -> list[list[str]]:
    return [line.split(" ") for line in path.read_text(encoding="utf-8").splitlines()
            if line and not line.startswith("-DOCSTART-")]


def test_conll_files_keep_every_label_through_spacy_convert(
    gold: Project, doc_id: int, tmp_path: Path
) -> None:
    report = run_export(gold, "conll", tmp_path / "gold.conll")
    files = [Path(f) for f in report.files]
    assert len(files) > 1  # labels that overlap each other go to files of their own
    readme = (tmp_path / "gold.README.txt").read_text(encoding="utf-8")
    assert "TOKEN TAG" in readme and all(f.name in readme for f in files)
    found: set[str] = set()
    (tmp_path / "converted").mkdir()
    for path in files:
        text = path.read_text(encoding="utf-8")
        assert text.count("-DOCSTART- -X- O O\n") == 2
        assert all(len(row) == 2 for row in conll_rows(path))
        subprocess.run([sys.executable, "-m", "spacy", "convert", str(path),
                        str(tmp_path / "converted"), "-c", "ner"], check=True,
                       capture_output=True)
        docs = load_docbin(tmp_path / "converted" / f"{path.stem}.spacy")
        assert len(docs) == 2  # the documents stay apart
        found |= {ent.label_ for doc in docs for ent in doc.ents}
    assert found == {s.label for s in gold.spans(doc_id, "gold")}
    speaker = next(f for f in files if "SPEAKER" in f.name)
    tags = [tag for word, tag in conll_rows(speaker) if word in ("days", "A", "spokesman")]
    # The SPEAKER over the paragraph break starts again in the next sentence.
    assert tags[:3] == ["I-SPEAKER", "B-SPEAKER", "I-SPEAKER"]


def test_conll_labels_choose_the_one_file_and_overlaps_are_reported(
    gold: Project, tmp_path: Path
) -> None:
    report = run_export(gold, "conll", tmp_path / "gold.conll", labels=("QUOTE", "DATE"))
    assert report.files == [str(tmp_path / "gold.conll")]
    tags = {tag for _, tag in conll_rows(tmp_path / "gold.conll")}
    assert tags == {"O", "B-QUOTE", "I-QUOTE", "B-DATE"}  # "Thursday"; "90 days" is in a QUOTE
    assert any("'90 days' overlaps a span written before it" in w for w in report.warnings)


def test_csv_has_a_row_per_span(gold: Project, doc_id: int, tmp_path: Path) -> None:
    run_export(gold, "csv", tmp_path / "spans.csv")
    with (tmp_path / "spans.csv").open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    stored = gold.spans(doc_id, "gold")
    assert [(int(r["start"]), int(r["end"]), r["label"], r["text"]) for r in rows] == [
        (s.start, s.end, s.label, s.text) for s in stored]
    assert [json.loads(r["attributes"]) for r in rows] == [s.attrs for s in stored]
    assert {r["annotator"] for r in rows} == {"gold"}


# --- errors and the command line -----------------------------------------------------


def test_export_into_a_folder_with_files_is_refused_and_changes_nothing(
    gold: Project, project_path: Path, tmp_path: Path
) -> None:
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "old.txt").write_text("stale")
    before = dump(project_path)
    for fmt in ("brat", "timeml"):
        with pytest.raises(DatelineError, match="not an empty folder"):
            run_export(gold, fmt, tmp_path / "out")
    with pytest.raises(DatelineError, match="--status 'finished'"):
        run_export(gold, "csv", tmp_path / "x.csv", status="finished")
    assert dump(project_path) == before


def test_cli_export_with_split_and_import_back(gold: Project, tmp_path: Path) -> None:
    gold.close()
    runner = CliRunner()
    out = tmp_path / "brat"
    result = runner.invoke(main, ["export", str(gold.path), "--annotator", "gold", "--format",
                                  "brat", "-o", str(out), "--split", "train=0.5,dev=0.5"])
    assert result.exit_code == 0, result.output
    assert {p.name for p in out.iterdir()} >= {"train", "dev", "annotation.conf"}
    new = tmp_path / "new.db"
    assert runner.invoke(main, ["new", str(new)]).exit_code == 0
    result = runner.invoke(main, ["import", str(new), str(out), "--annotator", "gold"])
    assert result.exit_code == 0, result.output
    assert "2 new document(s), 0 already there, 9 span(s), 4 relation(s)" in result.output
    assert "ignored" not in result.output


def test_bulk_reading_gives_what_annotated_gives(gold: Project) -> None:
    from annotations.dataset import annotated
    from annotations.formats.writing import documents

    gold.add_span(gold.document_ids()[1], "other", "EVENT", 2, 8)
    ids = gold.document_ids()
    for who in ("gold", "other", "nobody"):
        want = [annotated(gold, i, who) for i in ids]
        for got, one in zip(documents(gold, ids, who), want, strict=True):
            assert (got.document, got.status, got.note) == (one.document, one.status, one.note)
            assert got.spans == [replace(s, created="", updated="") for s in one.spans]
            assert got.relations == [replace(r, created="") for r in one.relations]


def test_a_document_over_a_million_characters_is_exported_or_named_not_a_traceback(
    project: Project, tmp_path: Path
) -> None:
    # One long token: spaCy's tokenizer is quick on it; its default max_length is 1,000,000.
    long_doc, _ = project.add_document("x" * 1_000_001)
    project.add_span(long_doc.id, "gold", "EVENT", 0, 1_000_001)
    for fmt in ("jsonl", "spacy"):
        report = run_export(project, fmt, tmp_path / f"long.{fmt}")
        assert (report.documents, report.spans) == (1, 1)
    report = run_export(project, "conll", tmp_path / "long.conll")
    assert (report.documents, report.spans) == (1, 1)
    assert "-DOCSTART-" in (tmp_path / "long.conll").read_text(encoding="utf-8")
