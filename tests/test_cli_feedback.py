"""What the command line tells the user (issue 12, "The command line"), run as a
user runs it: `suggest` checks before loading the model and reports each
document, `import` adds no empty annotator and names every file it ignored,
`stats` shows suggestions, and a missing path is one error line."""

from __future__ import annotations

import getpass
import json
import subprocess
import sys
from pathlib import Path

from annotations.model import SuggestedRelation, SuggestedSpan, Suggestions
from annotations.store import Project
from annotations.store.suggestions import accept, reject, store_suggestions
from annotations.suggest.model import (
    default_model_name,
    identity_without_loading,
    load_model,
    model_identity,
)
from tests.conftest import dump

ARTICLES = {
    "a.txt": " date 2023-05-02 The ferry sank on Monday, officials said.\n",
    "b.txt": " date 2023-05-03 Rescuers found survivors on Tuesday.\n",
}


def dateline(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", "from annotations.cli import main; main()", *args],
        capture_output=True, text=True, timeout=300, check=False,
    )


def new_project(tmp_path: Path) -> str:
    db = str(tmp_path / "p.db")
    assert dateline("new", db).returncode == 0
    return db


def articles(tmp_path: Path, **extra: str) -> Path:
    folder = tmp_path / "articles"
    folder.mkdir()
    for name, text in {**ARTICLES, **extra}.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def annotators(db: str) -> list[str]:
    figures: list[str] = json.loads(dateline("stats", db, "--json").stdout)["annotators"]
    return figures


# --- suggest ------------------------------------------------------------------------


def test_the_model_is_known_without_loading_it() -> None:
    name = default_model_name()
    assert identity_without_loading(name) == model_identity(load_model(name))
    assert identity_without_loading("no_such_pipeline") is None


def test_suggest_reports_each_document_then_has_nothing_to_do(tmp_path: Path) -> None:
    db = new_project(tmp_path)
    assert dateline("import", db, str(articles(tmp_path))).returncode == 0
    first = dateline("suggest", db)
    assert first.returncode == 0, first.stderr
    # Not a terminal here, so each document gets its line (a terminal gets a bar).
    assert "suggesting 1/2: The ferry sank on Monday, officials said." in first.stderr
    assert "suggesting 2/2: Rescuers found survivors on Tuesday." in first.stderr
    assert "suggested 2 document(s)" in first.stdout

    before = dump(Path(db))
    code = (
        "import sys\n"
        "from annotations.cli import main\n"
        f"try:\n    main(['suggest', {db!r}])\n"
        "except SystemExit as exit:\n    print('EXIT', exit.code)\n"
        "print('SPACY', 'spacy' in sys.modules)\n"
    )
    again = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                           timeout=120, check=False)
    identity = identity_without_loading(default_model_name())
    assert again.stdout.splitlines() == [
        f"every document (2) is already suggested by {identity}; nothing to do",
        "EXIT 0",
        "SPACY False",
    ], again.stderr
    assert "loading" not in again.stderr
    assert dump(Path(db)) == before


# --- import ---------------------------------------------------------------------------


def test_import_without_annotator_adds_no_empty_annotator(tmp_path: Path) -> None:
    db = new_project(tmp_path)
    assert dateline("import", db, str(articles(tmp_path))).returncode == 0
    assert annotators(db) == []
    # Spans in the file are someone's: without --annotator, the current user's.
    spans = tmp_path / "spans.jsonl"
    spans.write_text(json.dumps({"text": "Talks resumed on Friday.", "spans": [
        {"start": 16, "end": 22, "label": "DATE"}]}) + "\n", encoding="utf-8")
    assert dateline("import", db, str(spans)).returncode == 0
    assert annotators(db) == [getpass.getuser()]
    # Naming an annotator makes them one of the project's, spans or not.
    more = tmp_path / "more.txt"
    more.write_text("A third article.\n", encoding="utf-8")
    assert dateline("import", db, str(more), "--annotator", "alice").returncode == 0
    assert annotators(db) == sorted(["alice", getpass.getuser()])


def test_import_names_every_file_it_ignored(tmp_path: Path) -> None:
    db = new_project(tmp_path)
    folder = articles(tmp_path, **{"notes.docx": "x", "scan.png": "y"})
    result = dateline("import", db, str(folder))
    assert result.returncode == 0, result.stderr
    ignored = [line for line in result.stderr.splitlines() if "ignored" in line]
    assert ignored == [
        f"dateline: ignored {folder / name}: no import format reads this kind of file"
        for name in ("notes.docx", "scan.png")
    ]
    assert "ignored 2 file(s) of other kinds (named above)" in result.stdout


# --- stats ----------------------------------------------------------------------------


def suggested_project(tmp_path: Path) -> str:
    """Two models' suggestions; alice accepts one and rejects one of the first's."""
    db = tmp_path / "s.db"
    with Project.create(db) as project:
        first, _ = project.add_document("The ferry sank on Monday, officials said.")
        second, _ = project.add_document("Rescuers found survivors on Tuesday.")
        found = Suggestions(
            [SuggestedSpan("EVENT", 10, 14), SuggestedSpan("DATE", 18, 24),
             SuggestedSpan("SPEAKER", 26, 35)],
            [SuggestedRelation("WHEN", 0, 1)],
        )
        store_suggestions(project, first.id, "en_core_web_sm@3.8.0", found)
        store_suggestions(project, second.id, "en_core_web_sm@3.8.0",
                          Suggestions([SuggestedSpan("EVENT", 9, 14)]))
        store_suggestions(project, second.id, "events@0.1.0",
                          Suggestions([SuggestedSpan("EVENT", 9, 14)]))
        ids = [row[0] for row in project.conn.execute(
            "SELECT id FROM suggestions WHERE model = 'en_core_web_sm@3.8.0' ORDER BY id")]
        accept(project, ids[0], "alice")
        reject(project, ids[1], "alice")
    return str(db)


def test_stats_shows_each_models_suggestions_decided_and_pending(tmp_path: Path) -> None:
    db = suggested_project(tmp_path)
    figures = json.loads(dateline("stats", db, "--json").stdout)["suggestions"]
    assert figures == {
        "en_core_web_sm@3.8.0": {
            "documents": 2, "spans": 4, "relations": 1, "undecided": 2,
            "annotators": {"alice": {"accepted": 1, "rejected": 1, "pending": 2}},
        },
        "events@0.1.0": {"documents": 1, "spans": 1, "relations": 0, "undecided": 1,
                         "annotators": {}},
    }
    text = dateline("stats", db).stdout.splitlines()
    at = text.index("suggestions:")
    assert text[at + 1:] == [
        "  en_core_web_sm@3.8.0: 2 document(s), 4 span(s), 1 relation(s); "
        "2 decided by no one",
        "    alice: 1 accepted, 1 rejected, 2 pending",
        "  events@0.1.0: 1 document(s), 1 span(s), 0 relation(s); 1 decided by no one",
    ]


def test_stats_says_when_there_are_no_suggestions(tmp_path: Path) -> None:
    db = new_project(tmp_path)
    assert "suggestions: none" in dateline("stats", db).stdout.splitlines()


# --- errors -----------------------------------------------------------------------------


def test_a_missing_path_is_exactly_one_error_line(tmp_path: Path) -> None:
    db = new_project(tmp_path)
    nope = str(tmp_path / "nope")
    cases = {
        ("stats", nope): f"Error: {nope}: no such project file",
        ("suggest", nope): f"Error: {nope}: no such project file",
        ("export", nope, "--annotator", "a", "-o", str(tmp_path / "o.jsonl")):
            f"Error: {nope}: no such project file",
        ("schema", nope): f"Error: {nope}: no such project file",
        ("stats", str(tmp_path)): f"Error: {tmp_path}: a folder, not a project file",
        ("import", db, nope): f"Error: {nope}: no such file or folder; nothing was imported, "
                              "the project is unchanged",
        ("import", db, str(tmp_path), "--label-map", nope): f"Error: {nope}: no such file",
        ("new", str(tmp_path / "q.db"), "--schema", nope): f"Error: {nope}: no such file",
    }
    before = dump(Path(db))
    for args, line in cases.items():
        result = dateline(*args)
        assert (result.returncode, result.stderr) == (1, line + "\n"), args
    assert dump(Path(db)) == before
    assert not (tmp_path / "q.db").exists()


def test_several_bad_inputs_are_a_line_each_and_a_summary(tmp_path: Path) -> None:
    db = new_project(tmp_path)
    first, second = tmp_path / "one.txt", tmp_path / "two.txt"
    result = dateline("import", db, str(first), str(second))
    assert result.returncode == 1
    assert result.stderr.splitlines()[:2] == [f"dateline: {first}: no such file or folder",
                                              f"dateline: {second}: no such file or folder"]
    assert len(result.stderr.splitlines()) == 3
