"""Import at the seams: hostile input (lone surrogates, file names that are not
UTF-8 or hold control characters, a BOM alone, a FIFO, fuzzed bytes for every
importer), big documents, and a second program editing during an import."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotations.errors import InputError, ProjectError, printable
from annotations.importing import ImportReport, import_paths
from annotations.progress import drive
from annotations.store import Project
from tests.conftest import dump


def run_import(project: Project, *paths: Path, **kwargs: Any) -> ImportReport:
    return drive(import_paths(project, list(paths), kwargs.pop("annotator", "ann"), **kwargs))


def jsonl(path: Path, *records: dict[str, Any]) -> Path:
    # ensure_ascii writes a lone surrogate as the escape \ud800, as a hostile file would
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="ascii")
    return path


SURROGATE_RECORDS: dict[str, dict[str, Any]] = {
    "text": {"text": "A text with \ud800 inside."},
    "title": {"text": "A fine text.", "meta": {"title": "bad \ud800"}},
    "meta": {"text": "A fine text.", "meta": {"desk": "bad \udfff"}},
    "note": {"text": "A fine text.", "note": "bad \ud800"},
    "source": {"text": "A fine text.", "meta": {"source": "\udc80"}},
}


@pytest.mark.parametrize("field", sorted(SURROGATE_RECORDS))
def test_a_lone_surrogate_is_one_clear_problem_and_skipped_with_skip_invalid(
    field: str, tmp_path: Path, project_path: Path, project: Project
) -> None:
    path = jsonl(tmp_path / "x.jsonl", {"text": "A good article first."},
                 SURROGATE_RECORDS[field])
    before = dump(project_path)
    with pytest.raises(InputError) as caught:
        run_import(project, path)
    (problem,) = caught.value.problems
    assert problem.line == 2 and "lone surrogate" in str(problem)
    assert "\ud800" not in str(problem) and "\udfff" not in str(problem)
    assert dump(project_path) == before
    report = run_import(project, path, skip_invalid=True)
    assert len(report.skipped) == 1
    texts = [d.text for d in project.documents()]
    assert "A good article first." in texts


def test_a_file_name_that_is_not_utf8_is_named_escaped(
    tmp_path: Path, project_path: Path, project: Project
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text("A good article.")
    bad = os.path.join(os.fsencode(folder), b"bad\xff.txt")
    with open(bad, "wb") as fh:
        fh.write(b"Another article.")
    before = dump(project_path)
    with pytest.raises(InputError) as caught:
        run_import(project, folder)
    (problem,) = caught.value.problems
    assert "bad\\udcff.txt" in str(problem) and "not valid UTF-8" in str(problem)
    assert dump(project_path) == before
    report = run_import(project, folder, skip_invalid=True)
    assert report.documents_added == 1


@pytest.mark.parametrize("name", ["bom.txt", "bom.jsonl"])
def test_a_file_holding_only_a_bom_is_empty(name: str, tmp_path: Path,
                                            project: Project) -> None:
    path = tmp_path / name
    path.write_bytes(b"\xef\xbb\xbf")
    with pytest.raises(InputError, match="the file is empty"):
        run_import(project, path)


def test_a_fifo_is_not_a_regular_file(tmp_path: Path, project: Project) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    with pytest.raises(InputError, match="not a regular file"):
        run_import(project, fifo)


def test_escape_and_newline_in_names_are_shown_escaped(tmp_path: Path,
                                                      project_path: Path) -> None:
    Project.create(project_path).close()
    bad = tmp_path / "x\x1b[31m\nred.txt"
    bad.write_bytes(b"\xff\xfe not utf-8")
    result = subprocess.run(
        [sys.executable, "-c", "from annotations.cli import main; main()", "import",
         str(project_path), str(bad), "--annotator", "a\x1b]0;title\x07"],
        capture_output=True, text=True, encoding="utf-8", errors="surrogateescape")
    assert result.returncode == 1
    assert "\x1b" not in result.stderr and "x\\x1b[31m\\nred.txt" in result.stderr
    named = [line for line in result.stderr.splitlines() if "red.txt" in line]
    assert named and all(line.startswith(("dateline: ", "Error: ")) for line in named)


def test_printable_escapes_what_a_terminal_would_act_on() -> None:
    assert printable("a\x1b[2Jb\nc\td\u2028e\udcff") == "a\\x1b[2Jb\\nc\\td\\u2028e\\udcff"
    assert printable("Café “quoted” — fine") == "Café “quoted” — fine"


# --- fuzzing every importer ---------------------------------------------------------------

HOSTILE = st.one_of(
    st.binary(max_size=300),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=200).map(
        lambda t: t.encode("utf-8", "surrogatepass")),
    st.sampled_from([
        b"\xef\xbb\xbf", b"\x00\x01", b'{"text": "\\ud800"}', b'{"text": "x", "spans": [1]}',
        b'{"text": "ok", "spans": [{"start": 0, "end": 2, "label": "EVENT", "id": "\\u001b"}]}',
        b"<TimeML><TEXT>\x1b</TEXT></TimeML>", b"T1\tEVENT 0 3\tabc\n", b"\xff" * 10,
        b" date 2021-02-30 Text.", b"[" * 5000,
    ]),
)
NAMES = {"jsonl": ("x.jsonl",), "txt": ("x.txt",), "brat": ("x.txt", "x.ann"),
         "timeml": ("x.tml",)}


@pytest.mark.parametrize("kind", sorted(NAMES))
@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.lists(HOSTILE, min_size=2, max_size=2))
def test_every_importer_meets_hostile_bytes_with_clear_problems(
    kind: str, data: list[bytes], tmp_path_factory: pytest.TempPathFactory
) -> None:
    folder = tmp_path_factory.mktemp(kind)
    project_path = folder / "p.db"
    Project.create(project_path).close()
    before = dump(project_path)
    paths = []
    for name, content in zip(NAMES[kind], data, strict=False):
        (folder / name).write_bytes(content)
        paths.append(folder / name)
    with Project(project_path) as project:
        try:
            run_import(project, paths[0])
        except InputError as exc:
            assert exc.problems
            for problem in exc.problems:
                shown = str(problem)
                assert shown == printable(shown) and str(paths[0].parent) in shown
            assert dump(project_path) == before
        except ProjectError as exc:  # never expected: a bug in the importer
            pytest.fail(f"unexpected project error {exc}")


# --- size and a second program -------------------------------------------------------------


def test_one_article_with_many_spans_imports_with_every_check(tmp_path: Path,
                                                             project: Project) -> None:
    words = ["word"] * 20_000
    text = " ".join(words)
    spans = [{"start": i * 5, "end": i * 5 + 4, "label": "EVENT"} for i in range(20_000)]
    spans.append({"start": 2, "end": 7, "label": "EVENT"})  # overlaps the first two
    path = jsonl(tmp_path / "big.jsonl", {"text": text, "spans": spans})
    report = run_import(project, path, skip_invalid=True)
    assert report.spans == 20_000
    (skipped,) = report.skipped
    assert "overlaps EVENT span spans[1] at 5-9" in skipped.reason


def test_edits_in_another_program_succeed_during_a_command_line_import(
    tmp_path: Path, project_path: Path
) -> None:
    with Project.create(project_path) as project:
        doc, _ = project.add_document("word " * 5000)
    corpus = tmp_path / "many.jsonl"
    with corpus.open("w", encoding="utf-8") as fh:
        for n in range(20_000):
            fh.write(json.dumps({"text": f"Article {n} says the port reopened.",
                                 "spans": [{"start": 0, "end": 7, "label": "EVENT"}]}) + "\n")
    importer = subprocess.Popen(
        [sys.executable, "-c", "from annotations.cli import main; main()", "import",
         str(project_path), str(corpus), "--annotator", "importer"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    made = 0
    with Project(project_path) as window:
        while importer.poll() is None:
            window.add_span(doc.id, "editor", "EVENT", made * 5, made * 5 + 4)
            made += 1
            time.sleep(0.01)
    out, err = importer.communicate()
    assert importer.returncode == 0, err
    assert "20000 new document(s)" in out
    with Project(project_path) as after:
        assert len(after.spans(doc.id, "editor")) == made
        assert after.document_count() == 20_001
    assert made > 10  # edits went on while the import ran


def test_the_database_still_refuses_overlapping_spans_in_one_index_probe(
    project: Project, doc_id: int
) -> None:
    import sqlite3

    for start in (0, 10, 20):
        project.add_span(doc_id, "ann", "EVENT", start, start + 5)
    ann = project.annotator_id("ann")
    insert = ('INSERT INTO spans (document_id, annotator_id, label, start, "end", text, '
              "origin, created, updated) VALUES (?, ?, 'EVENT', ?, ?, ?, 'manual', '', '')")
    for start, end in ((12, 14), (4, 11), (24, 40), (1, 30)):
        with pytest.raises(sqlite3.IntegrityError, match="overlapping"):
            project.conn.execute(insert, (doc_id, ann, start, end, "x" * (end - start)))
    project.conn.execute(insert, (doc_id, ann, 5, 10, "x" * 5))  # touching is allowed
    span = project.spans(doc_id, "ann")[0]
    with pytest.raises(sqlite3.IntegrityError, match="overlapping"):
        project.conn.execute('UPDATE spans SET "end" = 7, text = ? WHERE id = ?',
                             ("x" * 7, span.id))
    project.conn.execute('UPDATE spans SET start = 1, text = ? WHERE id = ?', ("x" * 4, span.id))
