"""The kill -9 soak (`make soak`, not part of the test suite).

A writer process makes edits on one project file as fast as it can, through
the store's API and, every other run, through the window's undo commands
(add, undo, redo) on a real offscreen window. Before each edit it appends a
"pending" line to a journal, after the edit returns an "ack" line. The soak
kills it with SIGKILL at a random moment, then checks the file with
`PRAGMA integrity_check` and against every acknowledged edit (only the one
edit in flight at the kill may have landed or not), and starts the next run.

    python -m tests.soak.soak [--runs N] [--seed S] [--folder DIR]

Then `--merges N` times, `dateline merge` of a large file into a copy of a
project gets Ctrl+C (SIGINT) at a random moment: it must either finish or
stop with a one-line message and no traceback, the project unchanged.

Prints how many runs (kills), edits, merges and checks there were, and exits
1 on the first lost edit, damaged file or changed project.
"""

from __future__ import annotations

import argparse
import os
import random
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

WORDS = "The embassy said on Thursday that flights would stop within ninety days . "
SLOTS = 300  # spans one run can add: one document per run, one slot per span
EVENT_AT = WORDS.index("said")


def slot_span(slot: int) -> tuple[int, int]:
    start = slot * len(WORDS) + EVENT_AT
    return start, start + 4


# --- the writer (a child process) ------------------------------------------------------------


class Journal:
    """Lines appended with one unbuffered write each: a kill keeps every line written."""

    def __init__(self, path: Path) -> None:
        self.fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)

    def line(self, *fields: object) -> None:
        os.write(self.fd, (" ".join(str(f) for f in fields) + "\n").encode())


def api_writer(path: Path, run: int, journal: Journal) -> None:
    from annotations.store import Project

    doc = run + 1
    with Project(path, actor="api") as project:
        added: list[tuple[int, int, int]] = []  # (id, start, end) acknowledged
        for i in range(SLOTS):
            start, end = slot_span(i)
            journal.line("P", "add", "api", doc, start, end)
            span = project.add_span(doc, "api", "EVENT", start, end)
            journal.line("A")
            added.append((span.id, start, end))
            if i % 3 == 2:
                ident, s, e = added.pop(random.randrange(len(added)))
                journal.line("P", "del", "api", doc, s, e)
                project.delete_span(ident)
                journal.line("A")
            if i % 5 == 4:
                journal.line("P", "note", "api", doc, f"note-{run}-{i}")
                project.set_note(doc, "api", f"note-{run}-{i}")
                journal.line("A")


def window_writer(path: Path, run: int, journal: Journal, folder: Path) -> None:
    from PySide6.QtWidgets import QApplication

    from app.commands import AddSpan
    from app.main import build_window
    from app.session import SpanValues
    from app.settings import Settings

    doc = run + 1
    window = build_window(path, settings=Settings.at(folder / "settings.ini"),
                          annotator="win", ask=False)
    assert window is not None
    window.open_document(doc)
    stack = window.undo_stacks.stack_for(doc)
    for i in range(SLOTS):
        QApplication.processEvents()
        roll = random.random()
        if roll < 0.2 and stack.index() > 0:
            command = stack.command(stack.index() - 1)
            assert isinstance(command, AddSpan)
            journal.line("P", "del", "win", doc, command.values.start, command.values.end)
            window.undo_stacks.undo()
        elif roll < 0.3 and stack.canRedo():
            command = stack.command(stack.index())
            assert isinstance(command, AddSpan)
            journal.line("P", "add", "win", doc, command.values.start, command.values.end)
            window.undo_stacks.redo()
        else:
            start, end = slot_span(i)
            command = AddSpan(window.session, doc, SpanValues("EVENT", start, end, {}), "said")
            journal.line("P", "add", "win", doc, start, end)
            window.undo_stacks.push(command)
        if command.failed:
            raise SystemExit(f"an edit failed: {window.last_error}")
        journal.line("A")


# --- the soak (the parent) -------------------------------------------------------------------


def make_project(path: Path, runs: int) -> None:
    from annotations.store import Project

    with Project.create(path) as project, project.transaction():
        for run in range(runs):
            project.add_document(f"Run {run}. " + WORDS * SLOTS)


def expected(journal: Path) -> tuple[dict[tuple[str, int, int, int], bool],
                                     dict[tuple[str, int], str], set[tuple[object, ...]], int]:
    """What the acknowledged edits say: span presence by (annotator, document,
    start, end), notes by (annotator, document), the keys of unacknowledged
    edits (they may or may not have landed), and how many edits were acknowledged."""
    spans: dict[tuple[str, int, int, int], bool] = {}
    notes: dict[tuple[str, int], str] = {}
    open_keys: set[tuple[object, ...]] = set()
    pending: list[str] | None = None
    acked = 0
    lines = journal.read_text().splitlines() if journal.exists() else []
    for line in lines:
        fields = line.split()
        if fields[0] == "R":
            if pending is not None:
                open_keys.add(_key(pending))
            pending = None
        elif fields[0] == "P":
            pending = fields[1:]
        elif fields[0] == "A" and pending is not None:
            acked += 1
            kind, who, doc = pending[0], pending[1], int(pending[2])
            if kind == "note":
                notes[(who, doc)] = pending[3]
            else:
                spans[(who, doc, int(pending[3]), int(pending[4]))] = kind == "add"
            pending = None
    if pending is not None:
        open_keys.add(_key(pending))
    return spans, notes, open_keys, acked


def _key(pending: list[str]) -> tuple[object, ...]:
    who, doc = pending[1], int(pending[2])
    if pending[0] == "note":
        return ("note", who, doc)
    return (who, doc, int(pending[3]), int(pending[4]))


def check(path: Path, journal: Path) -> tuple[int, list[str]]:
    """(acknowledged edits, problems) of the project file after a kill."""
    spans, notes, open_keys, acked = expected(journal)
    conn = sqlite3.connect(path)
    try:
        problems = [f"integrity_check: {r[0]}" for r in conn.execute("PRAGMA integrity_check")
                    if r[0] != "ok"]
        present = {(r[0], r[1], r[2], r[3]) for r in conn.execute(
            'SELECT a.name, s.document_id, s.start, s."end" FROM spans s '
            "JOIN annotators a ON a.id = s.annotator_id")}
        stored_notes = {(r[0], r[1]): r[2] for r in conn.execute(
            "SELECT a.name, st.document_id, st.note FROM document_status st "
            "JOIN annotators a ON a.id = st.annotator_id")}
    finally:
        conn.close()
    for key, wanted in spans.items():
        if key not in open_keys and (key in present) != wanted:
            problems.append(f"span {key}: acknowledged {'added' if wanted else 'deleted'}, "
                            f"but {'absent' if wanted else 'present'}")
    for (who, doc), note in notes.items():
        if ("note", who, doc) not in open_keys and stored_notes.get((who, doc)) != note:
            problems.append(f"note of {who} on {doc}: acknowledged {note!r}, "
                            f"found {stored_notes.get((who, doc))!r}")
    return acked, problems


def merge_source(path: Path, documents: int = 400, log_rows: int = 200_000) -> None:
    """Another annotator's file: many documents with spans, and a long edit log."""
    from annotations.store import Project

    with Project.create(path) as project, project.transaction():
        for d in range(documents):
            doc, _ = project.add_document(f"Copy {d}. " + WORDS * 20)
            for slot in range(20):
                start, end = slot_span(slot)
                project.add_span(doc.id, "bob", "EVENT", start + len(f"Copy {d}. "),
                                 end + len(f"Copy {d}. "), log=False)
        project.conn.execute(
            f"WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < "
            f"{log_rows - 1}) INSERT INTO edits (time, actor, annotator, document_id, action, "
            f"entity, entity_id, before, after) SELECT 't', 'bob', 'bob', 1 + i % {documents}, "
            "'set_note', 'status', 1 + i % " + str(documents) + ", json_object('note', 'n' || i),"
            " json_object('note', 'n' || (i + 1)) FROM n")


def dump(path: Path) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


def interrupted_merges(folder: Path, merges: int, rng: random.Random) -> tuple[int, int, int]:
    """(tried, finished, stopped cleanly) merges given Ctrl+C at a random moment."""
    import shutil

    other, base = folder / "bob.dateline", folder / "base.dateline"
    merge_source(other)
    make_project(base, 3)
    finished = stopped = 0
    for attempt in range(merges):
        target = folder / f"merge{attempt}.dateline"
        shutil.copy(base, target)
        before = dump(target)
        child = subprocess.Popen([sys.executable, "-m", "annotations", "merge", str(target),
                                  str(other)], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                 text=True)
        time.sleep(rng.uniform(0.3, 10.0))
        child.send_signal(signal.SIGINT)
        out, err = child.communicate()
        after = dump(target)
        if child.returncode == 0:
            finished += 1
            ok = after != before
        else:
            ok = after == before and "Traceback" not in err + out
            stopped += ok
        print(f"merge {attempt + 1}/{merges}: "
              f"{'finished' if child.returncode == 0 else 'stopped'}; "
              f"{'as it should' if ok else 'WRONG: ' + (err or out).strip()[-300:]}", flush=True)
        target.unlink()
        if not ok:
            return attempt + 1, finished, stopped
    return merges, finished, stopped


def soak(folder: Path, runs: int, seed: int, merges: int = 0) -> int:
    rng = random.Random(seed)
    path, journal = folder / "soak.dateline", folder / "journal.txt"
    make_project(path, runs)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    checks = survived = 0
    for run in range(runs):
        mode = "window" if run % 2 else "api"
        Journal(journal).line("R", run, mode)
        child = subprocess.Popen(
            [sys.executable, "-m", "tests.soak.soak", "--writer", mode, "--run", str(run),
             "--folder", str(folder), "--seed", str(seed + run)], env=env)
        time.sleep(rng.uniform(0.3, 4.0 if mode == "window" else 1.5))
        child.send_signal(signal.SIGKILL)
        child.wait()
        acked, problems = check(path, journal)
        checks += 1
        print(f"run {run + 1}/{runs} ({mode}): killed; {acked} edits acknowledged so far, "
              f"{'all there' if not problems else 'LOST: ' + problems[0]}", flush=True)
        if problems:
            break
        survived += 1
    print(f"soak: {checks} kills, {survived} survived, "
          f"{expected(journal)[3]} acknowledged edits checked after each kill")
    tried, finished, stopped = interrupted_merges(folder, merges, rng)
    if merges:
        print(f"soak: {tried} merges given Ctrl+C, {finished} finished first, {stopped} "
              "stopped with the project unchanged and no traceback")
    return 0 if survived == checks == runs and finished + stopped == tried == merges else 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=40)
    parser.add_argument("--merges", type=int, default=10)
    parser.add_argument("--seed", type=int, default=int(time.time()))
    parser.add_argument("--folder", type=Path)
    parser.add_argument("--writer", choices=["api", "window"])
    parser.add_argument("--run", type=int, default=0)
    args = parser.parse_args()
    if args.writer is not None:
        random.seed(args.seed)
        journal = Journal(args.folder / "journal.txt")
        path = args.folder / "soak.dateline"
        if args.writer == "api":
            api_writer(path, args.run, journal)
        else:
            window_writer(path, args.run, journal, args.folder)
        return 0
    print(f"soak: seed {args.seed}, {args.runs} runs")
    if args.folder is not None:
        args.folder.mkdir(parents=True, exist_ok=True)
        return soak(args.folder, args.runs, args.seed, args.merges)
    with tempfile.TemporaryDirectory(prefix="dateline-soak-") as folder:
        return soak(Path(folder), args.runs, args.seed, args.merges)


if __name__ == "__main__":
    raise SystemExit(main())
