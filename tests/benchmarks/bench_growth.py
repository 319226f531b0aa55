"""Growth tables: export (spacy DocBin, CoNLL) and `dateline agree` at 1,000 and
10,000 documents (and 100,000 with DATELINE_BENCH_FULL=1: building those
corpora alone takes several minutes), each in a fresh process whose peak
memory (VmHWM) is printed beside its time, with a line saying whether the
time grows linearly. Import's growth table is in bench_import.py.

Targets: spacy export peak memory < 500 MB at any size; CoNLL >= 1,000 docs/s;
agree <= 1 s warm at 1M tokens (bench_agreement.py has the full comparison).

Run: `.venv/bin/python tests/benchmarks/bench_growth.py` or `make bench`.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

from tests.benchmarks.bench_agreement import ANNOTATORS, agreement_corpus
from tests.benchmarks.bench_formats import build_corpus

MAX_DOCBIN_MB = 500.0
MIN_CONLL_RATE = 1000.0

_EXPORT = """
import sys, time
from tests.benchmarks.bench_import import peak_kib
from pathlib import Path
from annotations.exporting import export
from annotations.formats import ExportOptions
from annotations.progress import drive
from annotations.store import Project
with Project(sys.argv[1]) as p:
    t0 = time.perf_counter()
    report = drive(export(p, sys.argv[2], Path(sys.argv[3]), ExportOptions(annotator="gold")))
    seconds = time.perf_counter() - t0
print(report.documents, seconds, peak_kib())
"""

_AGREE = """
import sys, time
from tests.benchmarks.bench_import import peak_kib
from annotations import measures
from annotations.progress import drive
from annotations.store import Project
t0 = time.perf_counter()
with Project(sys.argv[1]) as p:
    report = drive(measures.agreement(p, sys.argv[2].split(","), all_documents=True))
seconds = time.perf_counter() - t0
print(report["documents"], seconds, peak_kib())
"""


def sizes() -> list[int]:
    return [1_000, 10_000] + ([100_000] if os.environ.get("DATELINE_BENCH_FULL") else [])


def child(script: str, *args: str) -> tuple[int, float, float]:
    out = subprocess.run([sys.executable, "-c", script, *args], capture_output=True, text=True,
                         check=True).stdout.split()
    return int(out[0]), float(out[1]), int(out[2]) / 1024


def linear(name: str, rows: list[tuple[int, float]]) -> None:
    (n0, t0), (n1, t1) = rows[0], rows[-1]
    verdict = "linearly" if (t1 / t0) / (n1 / n0) < 1.5 else "FASTER THAN LINEARLY"
    print(f"{name}: time grows {verdict} ({n1 // n0}x the documents, {t1 / t0:.1f}x the time)")


def export_growth(tmp: Path) -> None:
    print("\nexport growth (a fresh process each; peak is its VmHWM)")
    print(f"{'documents':>10} {'format':>7} {'seconds':>8} {'docs/s':>8} {'peak MB':>8}")
    rows: dict[str, list[tuple[int, float]]] = {"spacy": [], "conll": []}
    for size in sizes():
        project = tmp / f"export{size}.db"
        build_corpus(project, size)
        for fmt in rows:
            out = tmp / f"out{size}.{fmt}"
            written, seconds, peak = child(_EXPORT, str(project), fmt, str(out))
            assert written == size
            rows[fmt].append((size, seconds))
            verdict = (f"peak target < {MAX_DOCBIN_MB:g} MB "
                       f"{'ok' if peak < MAX_DOCBIN_MB else 'MISSES TARGET'}" if fmt == "spacy"
                       else f"target >= {MIN_CONLL_RATE:,.0f} docs/s "
                       f"{'ok' if size / seconds >= MIN_CONLL_RATE else 'MISSES TARGET'}")
            print(f"{size:>10,} {fmt:>7} {seconds:>8.2f} {size / seconds:>8,.0f} {peak:>8.0f}  "
                  f"{verdict}")
        project.unlink()
    for fmt, measured in rows.items():
        linear(f"export {fmt}", measured)


def agree_growth(tmp: Path) -> None:
    print("\n`dateline agree` growth, 500 tokens a document, warm token cache")
    print(f"{'documents':>10} {'tokens':>11} {'seconds':>8} {'peak MB':>8}")
    rows: list[tuple[int, float]] = []
    for size in sizes():
        project = tmp / f"agree{size}.db"
        agreement_corpus(project, size, seed=size)
        child(_AGREE, str(project), ",".join(ANNOTATORS))  # cold: fills the token cache
        documents, seconds, peak = child(_AGREE, str(project), ",".join(ANNOTATORS))
        assert documents == size
        rows.append((size, seconds))
        print(f"{size:>10,} {size * 500:>11,} {seconds:>8.2f} {peak:>8.0f}")
        project.unlink()
    linear("agree", rows)
    if not os.environ.get("DATELINE_BENCH_FULL"):
        print("(100,000 documents: set DATELINE_BENCH_FULL=1)")


def test_export_growth(tmp_path: Path) -> None:
    export_growth(tmp_path)


def test_agree_growth(tmp_path: Path) -> None:
    agree_growth(tmp_path)


if __name__ == "__main__":
    with tempfile.TemporaryDirectory() as folder:
        export_growth(Path(folder))
        agree_growth(Path(folder))
