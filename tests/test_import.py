"""Import: .txt files, folders and .jsonl, all or nothing."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from annotations.errors import InputError
from annotations.importing import ImportReport, import_paths
from annotations.progress import drive
from annotations.store import Project
from tests.conftest import dump

DATED = " date 2021-08-12 The port reopened on Thursday. Ships “lined up at dawn,\" he said.\n"


def run_import(project: Project, *paths: Path, **kwargs: Any) -> ImportReport:
    return drive(import_paths(project, list(paths), kwargs.pop("annotator", "ann"), **kwargs))


def write_jsonl(path: Path, *records: Any) -> Path:
    path.write_text("\n".join(r if isinstance(r, str) else json.dumps(r) for r in records) + "\n")
    return path


def test_txt_marker_bom_crlf_and_title(tmp_path: Path, project: Project) -> None:
    (tmp_path / "a.txt").write_bytes(b"\xef\xbb\xbf" + DATED.replace("\n", "\r\n").encode())
    (tmp_path / "b.txt").write_text("No marker here. Second sentence.\r\nLine two.\r\n")
    report = run_import(project, tmp_path / "a.txt", tmp_path / "b.txt")
    assert report.documents_added == 2
    a, b = project.documents()
    assert a.date == "2021-08-12"
    assert a.text.startswith("The port reopened") and "\r" not in a.text
    assert a.title == "The port reopened on Thursday."
    assert (b.date, b.title) == (None, "No marker here.")
    assert b.text == "No marker here. Second sentence.\nLine two.\n"


def test_folders_are_read_recursively_and_duplicates_added_once(
    tmp_path: Path, project: Project
) -> None:
    corpus = tmp_path / "corpus"
    (corpus / "sub" / "deeper").mkdir(parents=True)
    (corpus / "one.txt").write_text("First article text.")
    (corpus / "sub" / "deeper" / "two.txt").write_text("Second article text.")
    (corpus / "sub" / "copy.txt").write_text("First article text.")
    (corpus / "notes.md").write_text("not an article")
    report = run_import(project, corpus)
    assert (report.files, report.documents_added, report.documents_existing) == (3, 2, 1)
    assert report.ignored_files == [str(corpus / "notes.md")]


BAD_CASES = {
    "latin-1 text": ("x.txt", "café".encode("latin-1"), "x.txt:1: not UTF-8"),
    "binary file": ("x.txt", b"\x89PNG\r\n\x1a\n\x00\x00", "binary file"),
    "empty file": ("x.txt", b"  \n", "the file is empty"),
    "bad date marker": ("x.txt", b" date 2021-02-30 Text.", "date marker"),
    "malformed JSON": ("x.jsonl", b'{"text": "ok text"}\n{"text": oops}\n', "x.jsonl:2: malformed"),
    "number too long": (
        "x.jsonl", b'{"text": "Short.", "n": ' + b"9" * 5000 + b"}\n", "x.jsonl:1: a number with",
    ),
    "nesting too deep": (
        "x.jsonl", b'{"text": "Short.", "n": ' + b"[" * 100_000 + b"]" * 100_000 + b"}\n",
        "x.jsonl:1: JSON nested too deeply",
    ),
    "span outside": (
        "x.jsonl",
        json.dumps({"text": "Short.", "spans": [{"start": 0, "end": 40, "label": "EVENT"}]})
        .encode(),
        "x.jsonl:1: span spans[0] EVENT 0-40: span 0-40 is outside the text",
    ),
    "unknown label": (
        "x.jsonl",
        json.dumps({"text": "Short.", "spans": [{"start": 0, "end": 5, "label": "PERSON"}]})
        .encode(),
        "unknown label 'PERSON'",
    ),
    "bad attribute value": (
        "x.jsonl",
        json.dumps({"text": "Short.", "spans": [
            {"start": 0, "end": 5, "label": "EVENT", "attrs": {"polarity": "MAYBE"}}]}).encode(),
        "EVENT.polarity cannot be 'MAYBE'",
    ),
    "relation to nothing": (
        "x.jsonl",
        json.dumps({"text": "Short text.", "spans": [{"id": "a", "start": 0, "end": 5,
                    "label": "SPEAKER"}], "relations": [{"label": "SAID", "head": "a",
                    "child": "zz"}]}).encode(),
        "no span 'zz'",
    ),
    "span id used twice": (
        "x.jsonl",
        json.dumps({"text": "Short text here.", "spans": [
            {"id": "s", "start": 0, "end": 5, "label": "SPEAKER"},
            {"id": "q", "start": 6, "end": 10, "label": "QUOTE"},
            {"id": "s", "start": 11, "end": 15, "label": "SPEAKER"}],
            "relations": [{"label": "SAID", "head": "s", "child": "q"}]}).encode(),
        "x.jsonl:1: span id 's' is used twice",
    ),
    "stated text differs": (
        "x.jsonl",
        json.dumps({"text": "Short text.", "spans": [
            {"start": 0, "end": 5, "label": "EVENT", "text": "Shirt"}]}).encode(),
        "covers 'Shirt'",
    ),
}


@pytest.mark.parametrize("case", sorted(BAD_CASES))
def test_bad_input_aborts_everything_and_names_file_line_and_reason(
    case: str, tmp_path: Path, project_path: Path, project: Project
) -> None:
    name, data, message = BAD_CASES[case]
    good = tmp_path / "good.txt"
    good.write_text("A good article that would be imported.")
    bad = tmp_path / name
    bad.write_bytes(data)
    before = dump(project_path)
    with pytest.raises(InputError) as caught:
        run_import(project, good, bad)
    assert message in str(caught.value)
    assert all(p.file == str(bad) for p in caught.value.problems)
    assert dump(project_path) == before


def test_skip_invalid_imports_the_rest_and_lists_what_it_skipped(
    tmp_path: Path, project: Project
) -> None:
    (tmp_path / "good.txt").write_text("A good article.")
    (tmp_path / "bad.txt").write_bytes("café".encode("latin-1"))
    write_jsonl(
        tmp_path / "x.jsonl",
        {"text": "Kept text here.", "spans": [
            {"start": 0, "end": 4, "label": "EVENT"}, {"start": 0, "end": 99, "label": "DATE"}]},
        "{not json",
    )
    report = run_import(project, tmp_path, skip_invalid=True)
    assert report.documents_added == 2
    assert report.spans == 1
    reasons = sorted(str(p) for p in report.skipped)
    assert len(reasons) == 3
    assert any("bad.txt" in r and "not UTF-8" in r for r in reasons)
    assert any("x.jsonl:2" in r for r in reasons)
    assert any("x.jsonl:1" in r and "outside" in r for r in reasons)


def test_jsonl_with_span_ids_and_prodigy_relations(tmp_path: Path, project: Project) -> None:
    text = "The mayor said the bridge will close on Monday."
    ours = {
        "text": text, "meta": {"date": "2024-03-14", "title": "Bridge", "source": "wire",
                               "section": "city"},
        "spans": [
            {"id": "s1", "start": 0, "end": 9, "label": "SPEAKER"},
            {"id": "s2", "start": 15, "end": 46, "label": "QUOTE", "attrs": {"direct": False}},
        ],
        "relations": [{"label": "SAID", "head": "s1", "child": "s2"}],
    }
    prodigy_text = "Officials said talks would resume in June."
    prodigy = {
        "text": prodigy_text,
        "spans": [{"start": 0, "end": 9, "label": "SPEAKER", "token_start": 0, "token_end": 0},
                  {"start": 15, "end": 41, "label": "QUOTE", "token_start": 2, "token_end": 6}],
        "relations": [{"head": 0, "child": 6, "label": "SAID",
                       "head_span": {"start": 0, "end": 9, "token_start": 0, "token_end": 0,
                                     "label": "SPEAKER"},
                       "child_span": {"start": 15, "end": 41, "token_start": 2,
                                      "token_end": 6, "label": "QUOTE"}}],
        "answer": "accept",
    }
    rejected = {"text": "A rejected example.", "answer": "reject"}
    path = write_jsonl(tmp_path / "in.jsonl", ours, prodigy, rejected)
    report = run_import(project, path, annotator="alice")
    assert (report.documents_added, report.spans, report.relations) == (2, 4, 2)
    first, second = project.documents()
    assert (first.date, first.title, first.source, first.meta) == (
        "2024-03-14", "Bridge", "wire", {"section": "city"})
    for doc in (first, second):
        (rel,) = project.relations(doc.id, "alice")
        head, child = project.span(rel.head), project.span(rel.child)
        assert (head.label, child.label) == ("SPEAKER", "QUOTE")
    assert project.span(project.relations(first.id)[0].child).attrs == {"direct": False}


def test_reimporting_the_same_annotations_changes_nothing(
    tmp_path: Path, project_path: Path, project: Project
) -> None:
    path = write_jsonl(tmp_path / "a.jsonl", {
        "text": "Rain fell on Sunday.",
        "spans": [{"id": "e", "start": 5, "end": 9, "label": "EVENT"},
                  {"id": "d", "start": 13, "end": 19, "label": "DATE"}],
        "relations": [{"label": "WHEN", "head": "e", "child": "d"}]})
    run_import(project, path)
    spans, relations = project.spans(1), project.relations(1)
    report = run_import(project, path)
    assert (report.spans, report.relations, report.documents_existing) == (0, 0, 1)
    assert (project.spans(1), project.relations(1)) == (spans, relations)


def test_import_into_an_existing_document_adds_the_annotators_work(
    tmp_path: Path, project: Project
) -> None:
    (tmp_path / "a.txt").write_text(" date 2020-01-02 Rain fell on Sunday.")
    run_import(project, tmp_path / "a.txt")
    path = write_jsonl(tmp_path / "b.jsonl", {
        "text": "Rain fell on Sunday.", "spans": [{"start": 5, "end": 9, "label": "EVENT"}]})
    report = run_import(project, path, annotator="bob")
    assert (report.documents_added, report.documents_existing, report.spans) == (0, 1, 1)
    (doc,) = project.documents()
    assert doc.date == "2020-01-02"
    assert [s.text for s in project.spans(doc.id, "bob")] == ["fell"]


def test_a_path_that_does_not_exist_is_named(tmp_path: Path, project: Project) -> None:
    with pytest.raises(InputError, match=r"missing\.txt: no such file"):
        run_import(project, tmp_path / "missing.txt")
