"""Suggesting on several processes: bare `nlp.pipe` over the texts, a plain
`dateline suggest` run (one process), and the same run on 2 local worker
processes, in one run on the same synthetic corpus (no data folder needed).

Targets: the plain run within 25% of bare nlp.pipe; 2 workers >= 1.7x the
plain run's throughput (on a machine with at least 2 free cores: the figure
says what this machine gave). Worker start-up (each loads the model once) is
counted.

Run: `.venv/bin/python tests/benchmarks/bench_suggest_workers.py [DOCS]` or `make bench`.
"""

from __future__ import annotations

import os
import random
import sys
import tempfile
import time
from pathlib import Path

from annotations.progress import drive
from annotations.store import Project
from annotations.suggest.model import default_model_name, load_model, model_identity
from annotations.suggest.run import suggest_project
from annotations.suggest.shards import suggest_with_processes

DOCS = 300
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
    with Project(tmp / "two.db") as project:
        start = time.perf_counter()
        report = drive(suggest_with_processes(project, name, model_identity(nlp), 2))
        two = time.perf_counter() - start
    assert report.documents == docs
    overhead, speedup = one / bare - 1, one / two
    print(f"\nsuggest {docs} documents ({os.cpu_count()} cores here)")
    print(f"bare nlp.pipe: {docs / bare:,.1f} docs/s ({bare:.1f} s)")
    print(f"dateline suggest, one process: {docs / one:,.1f} docs/s ({one:.1f} s), "
          f"{overhead:+.0%} over bare nlp.pipe  target <= +{MAX_OVERHEAD:.0%}  "
          f"{'ok' if overhead <= MAX_OVERHEAD else 'MISSES TARGET'}")
    print(f"dateline suggest --workers 2: {docs / two:,.1f} docs/s ({two:.1f} s, model loads "
          f"included), {speedup:.2f}x one process  target >= {MIN_SPEEDUP}x  "
          f"{'ok' if speedup >= MIN_SPEEDUP else 'MISSES TARGET'}")
    return speedup


def test_two_workers_against_one_process_and_bare_pipe(tmp_path: Path) -> None:
    assert run(tmp_path) > 0


if __name__ == "__main__":
    with tempfile.TemporaryDirectory() as folder:
        run(Path(folder), int(sys.argv[1]) if len(sys.argv) > 1 else DOCS)
