"""Suggesting on several processes: bare `nlp.pipe` over the texts, a plain
`dateline suggest` run (one process), and the same run on 2 local worker
processes, in one run on the same synthetic corpus (no data folder needed).

Targets: the plain run within 25% of bare nlp.pipe (in this process, the
model loaded once before either clock starts); `dateline suggest --workers 2`
>= 1.7x faster than `dateline suggest`, both timed as whole commands from
process start to exit (Python start, imports and every model load counted on
both sides), on a machine with at least 2 free cores: the figure says what
this machine gave.

Run: `.venv/bin/python tests/benchmarks/bench_suggest_workers.py [DOCS]` or `make bench`.
"""

from __future__ import annotations

import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from annotations.progress import drive
from annotations.store import Project
from annotations.store.suggestions import suggestion_counts
from annotations.suggest.model import default_model_name, load_model
from annotations.suggest.run import suggest_project

DOCS = 600
MIN_SPEEDUP = 1.7
MAX_OVERHEAD = 0.25
SENTENCES = [
    "The ministry said on Monday that the border would reopen within ninety days.",
    "“We are ready to talk,” the envoy told reporters in Geneva.",
    "Officials warned of a rising threat after talks collapsed late on Friday.",
    "Flights resumed on March 3, 2021, and citizens were urged to leave Kabul.",
    "The company expects profits to rise next year, its chief executive said.",
]


def corpus(docs: int) -> list[str]:
    rng = random.Random(5)
    return [" ".join(rng.choice(SENTENCES) for _ in range(14)) + f" Report {n}."
            for n in range(docs)]


def fill(path: Path, texts: list[str]) -> None:
    with Project.create(path) as project:
        for text in texts:
            project.add_document(text, date="2021-03-01")


def run(tmp: Path, docs: int = DOCS) -> float:
    texts = corpus(docs)
    name = default_model_name()
    nlp = load_model(name)
    list(nlp.pipe(texts[:20]))
    start = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=32):
        pass
    bare = time.perf_counter() - start
    fill(tmp / "one.db", texts)
    fill(tmp / "two.db", texts)
    with Project(tmp / "one.db") as project:
        start = time.perf_counter()
        drive(suggest_project(project, nlp))
        one = time.perf_counter() - start
    fill(tmp / "three.db", texts)
    plain = command(tmp / "two.db")
    two = command(tmp / "three.db", "--workers", "2")
    overhead, speedup = one / bare - 1, plain / two
    print(f"\nsuggest {docs} documents ({os.cpu_count()} cores here)")
    print(f"bare nlp.pipe: {docs / bare:,.1f} docs/s ({bare:.1f} s)")
    print(f"suggest_project, one process: {docs / one:,.1f} docs/s ({one:.1f} s), "
          f"{overhead:+.0%} over bare nlp.pipe  target <= +{MAX_OVERHEAD:.0%}  "
          f"{'ok' if overhead <= MAX_OVERHEAD else 'MISSES TARGET'}")
    print(f"`dateline suggest` (whole command): {docs / plain:,.1f} docs/s ({plain:.1f} s)")
    print(f"`dateline suggest --workers 2` (whole command): {docs / two:,.1f} docs/s "
          f"({two:.1f} s), {speedup:.2f}x the plain command  target >= {MIN_SPEEDUP}x  "
          f"{'ok' if speedup >= MIN_SPEEDUP else 'MISSES TARGET'}")
    with Project(tmp / "three.db") as project, Project(tmp / "one.db") as reference:
        mine, theirs = suggestion_counts(project), suggestion_counts(reference)
        assert mine == theirs and all(c["documents"] == docs for c in mine.values()), mine
    return speedup


def command(project: Path, *options: str) -> float:
    """Seconds of `dateline suggest [options] project` from process start to exit."""
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "annotations", "suggest", *options, str(project)],
                   check=True, capture_output=True)
    return time.perf_counter() - start


def test_two_workers_against_one_process_and_bare_pipe(tmp_path: Path) -> None:
    assert run(tmp_path) > 0


if __name__ == "__main__":
    with tempfile.TemporaryDirectory() as folder:
        run(Path(folder), int(sys.argv[1]) if len(sys.argv) > 1 else DOCS)
