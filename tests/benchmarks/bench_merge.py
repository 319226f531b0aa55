"""Merge streams another file instead of loading whole tables: the memory a
merge of a file with 1,000,000 edit-log rows takes, against a bare pass of
sqlite3 over the same rows (each measured in a fresh process: its peak
resident memory during the merge over its resident memory before, Linux).
Two files: one document with a million rows (only its latest rows come in)
and 1,000 documents with 1,000 rows each (all come in).

Run with `make bench`. Prints figures and targets side by side; asserts only
that the merges succeed.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

from annotations.store import Project

ROWS = 1_000_000
TARGET_MB = 100  # the most a merge of ROWS log rows may grow the process by

MEASURE = """
import sqlite3, sys, time
from pathlib import Path
from annotations.progress import drive
from annotations.store import Project
from annotations.store.connection import set_test_durability
from annotations.store.merging import merge
set_test_durability(True)
target, other, mode = sys.argv[1:4]
def status(key):
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(key + ":"):
            return int(line.split()[1])
project = Project(target)
Path("/proc/self/clear_refs").write_text("5")  # the peak (VmHWM) starts again from here
base = status("VmRSS")
t0 = time.perf_counter()
if mode == "merge":
    drive(merge(project, [other], actor="reviewer"))
else:
    conn = sqlite3.connect(other)
    for row in conn.execute("SELECT * FROM edits"):
        pass
seconds = time.perf_counter() - t0
peak = status("VmHWM")
print((peak - base) / 1024, seconds)
"""


def other_file(path: Path, documents: int) -> Path:
    with Project.create(path) as p:
        with p.transaction():
            for d in range(documents):
                p.add_document(f"Document {d}: talks ended on Friday, a spokesman said.")
        p.set_note(1, "bob", "n0")
    per_document = ROWS // documents
    conn = __import__("sqlite3").connect(path, isolation_level=None)
    conn.execute("BEGIN")
    conn.execute(
        f"WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < {ROWS - 1}) "
        "INSERT INTO edits (time, actor, annotator, document_id, action, entity, entity_id, "
        f"before, after) SELECT 't', 'bob', 'bob', 1 + i / {per_document}, 'set_note', "
        f"'status', 1 + i / {per_document}, json_object('note', 'n' || i), "
        "json_object('note', 'n' || (i + 1)) FROM n")
    conn.execute("COMMIT")
    conn.close()
    return path


def measure(target: Path, other: Path, mode: str) -> tuple[float, float]:
    out = subprocess.run([sys.executable, "-c", MEASURE, str(target), str(other), mode],
                         capture_output=True, text=True, check=True).stdout.split()
    return float(out[0]), float(out[1])


def test_memory_of_a_merge_of_a_million_log_rows(tmp_path: Path) -> None:
    print(f"\n{'file':>28} {'merge MB':>9} {'bare MB':>8} {'target':>7} {'merge s':>8} "
          f"{'bare s':>7}")
    for documents in (1, 1000):
        t0 = time.perf_counter()
        other = other_file(tmp_path / f"other{documents}.db", documents)
        made = time.perf_counter() - t0
        target = tmp_path / f"target{documents}.db"
        Project.create(target).close()
        merged_mb, merged_s = measure(target, other, "merge")
        bare_mb, bare_s = measure(target, other, "bare")
        label = f"{ROWS:,} rows in {documents} doc(s)"
        print(f"{label:>28} {merged_mb:>9.1f} {bare_mb:>8.1f} {TARGET_MB:>7} {merged_s:>8.1f} "
              f"{bare_s:>7.1f}   (file made in {made:.1f} s)")
        with Project(target) as p:
            assert p.conn.execute("SELECT count(*) FROM edits").fetchone()[0] > 0
