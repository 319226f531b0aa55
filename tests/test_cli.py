"""The `dateline` command line, run as a user runs it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.conftest import dump

ARTICLES = {
    "a.txt": " date 2023-05-02 The ferry sank on Monday, officials said.\n",
    "b.txt": " date 2023-05-03 Rescuers found survivors on Tuesday.\n",
    "c.txt": "An undated article about the inquiry.\n",
}


def dateline(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", "from annotations.cli import main; main()", *args],
        capture_output=True, text=True, timeout=120,
    )


def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    for name, text in ARTICLES.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def test_new_import_stats(tmp_path: Path) -> None:
    db = str(tmp_path / "p.db")
    assert dateline("new", db).returncode == 0
    imported = dateline("import", db, str(corpus(tmp_path)))
    assert imported.returncode == 0, imported.stderr
    assert "3 new document(s)" in imported.stdout
    shown = dateline("stats", db, "--json")
    figures = json.loads(shown.stdout)
    assert (figures["documents"], figures["dated_documents"]) == (3, 2)
    # Text files hold no one's work: importing them without --annotator adds no one.
    assert figures["annotators"] == []
    text = dateline("stats", db).stdout
    assert "documents: 3 (2 dated)" in text


def test_a_bad_file_changes_nothing_and_is_named_without_a_traceback(tmp_path: Path) -> None:
    db = tmp_path / "p.db"
    dateline("new", str(db))
    folder = corpus(tmp_path)
    (folder / "latin.txt").write_bytes("Caf\xe9 au lait.".encode("latin-1"))
    before = dump(db)
    result = dateline("import", str(db), str(folder))
    assert result.returncode == 1
    assert "latin.txt:1: not UTF-8" in result.stderr
    assert "Traceback" not in result.stderr
    assert dump(db) == before


def test_expected_errors_are_one_line(tmp_path: Path) -> None:
    missing = dateline("stats", str(tmp_path / "nope.db"))
    assert missing.returncode != 0 and "Traceback" not in missing.stderr
    (tmp_path / "x.db").write_text("not sqlite")
    wrong = dateline("stats", str(tmp_path / "x.db"))
    assert wrong.returncode == 1
    assert wrong.stderr.strip().count("\n") == 0
    assert "not a Dateline project" in wrong.stderr
    db = str(tmp_path / "p.db")
    dateline("new", db)
    again = dateline("new", db)
    assert again.returncode == 1 and "already there" in again.stderr
    bad_format = dateline("export", db, "--annotator", "a", "--format", "xml", "-o", "o")
    # --format is a fixed choice: click's usage error (exit 2) lists the formats.
    assert bad_format.returncode == 2 and "'xml' is not one of" in bad_format.stderr
    assert "'jsonl'" in bad_format.stderr and "'brat'" in bad_format.stderr
    bad_split = dateline("export", db, "--annotator", "a", "--split", "train=0.5", "-o", "o")
    assert bad_split.returncode == 1 and "add up to 0.5" in bad_split.stderr


def test_export_then_import_through_the_command_line(tmp_path: Path) -> None:
    db, copy = str(tmp_path / "p.db"), str(tmp_path / "copy.db")
    dateline("new", db)
    dateline("import", db, str(corpus(tmp_path)), "--annotator", "ann")
    out = tmp_path / "out.jsonl"
    exported = dateline("export", db, "--annotator", "ann", "-o", str(out))
    assert exported.returncode == 0, exported.stderr
    lines = [json.loads(line) for line in out.read_text().splitlines()]
    assert len(lines) == 3
    assert lines[0]["tokens"][0] == {"text": "The", "start": 0, "end": 3, "id": 0, "ws": True}
    dateline("new", copy)
    assert dateline("import", copy, str(out)).returncode == 0
    assert json.loads(dateline("stats", copy, "--json").stdout)["dated_documents"] == 2


def test_split_export_writes_one_file_per_part(tmp_path: Path) -> None:
    db = str(tmp_path / "p.db")
    dateline("new", db)
    dateline("import", db, str(corpus(tmp_path)), "--annotator", "ann")
    out = tmp_path / "data.jsonl"
    result = dateline("export", db, "--annotator", "ann", "-o", str(out),
                      "--split", "train=0.67,dev=0.33", "--seed", "3")
    assert result.returncode == 0, result.stderr
    train = (tmp_path / "data.train.jsonl").read_text().splitlines()
    dev = (tmp_path / "data.dev.jsonl").read_text().splitlines()
    assert (len(train), len(dev)) == (2, 1)


def test_commands_load_neither_qt_nor_spacy_unless_needed(tmp_path: Path) -> None:
    db = tmp_path / "p.db"
    folder = corpus(tmp_path)
    code = (
        "import sys\n"
        "from annotations.cli import main\n"
        "try:\n"
        f"    main(['new', {str(db)!r}])\n"
        "except SystemExit: pass\n"
        "try:\n"
        f"    main(['import', {str(db)!r}, {str(folder)!r}])\n"
        "except SystemExit: pass\n"
        "try:\n"
        f"    main(['stats', {str(db)!r}])\n"
        "except SystemExit: pass\n"
        "heavy = [m for m in sys.modules if m.split('.')[0] in ('PySide6', 'spacy', 'thinc')]\n"
        "print('HEAVY', heavy)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            timeout=120)
    assert "HEAVY []" in result.stdout, result.stdout + result.stderr


def test_a_closed_pipe_is_not_an_error_message(tmp_path: Path) -> None:
    db = str(tmp_path / "p.db")
    dateline("new", db)
    dateline("import", db, str(corpus(tmp_path)), "--annotator", "ann")
    child = subprocess.Popen(
        [sys.executable, "-c", "from annotations.cli import main; main()", "stats", db],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    assert child.stdout is not None and child.stderr is not None
    child.stdout.close()  # the reader is gone before anything is written (`| head`)
    err = child.stderr.read()
    child.wait(timeout=120)
    assert "Broken pipe" not in err and "Traceback" not in err, err
