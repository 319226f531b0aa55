"""What the test suite's durability switch saves: one committed span edit with
the program's synchronous=FULL against the suite's synchronous=OFF.

Run with `make bench`. Prints the figures side by side; asserts nothing about time.
"""

from __future__ import annotations

import statistics
import time
from pathlib import Path

from annotations.store import Project
from annotations.store.connection import set_test_durability

WORDS = "The embassy said on Thursday that flights would stop within ninety days . "


def edit_ms(path: Path, n: int) -> float:
    with Project.create(path) as p:
        synchronous = p.conn.execute("PRAGMA synchronous").fetchone()[0]
        doc, _ = p.add_document(WORDS * n)
        times = []
        for i in range(n):
            start = i * len(WORDS)
            t0 = time.perf_counter()
            p.add_span(doc.id, "ann", "EVENT", start + 12, start + 16)
            times.append(time.perf_counter() - t0)
        assert len(p.spans(doc.id, "ann")) == n
    print(f"  synchronous={synchronous}: median {statistics.median(times) * 1000:.3f} ms")
    return statistics.median(times) * 1000


def test_an_edit_with_and_without_fsync(tmp_path: Path) -> None:
    full = edit_ms(tmp_path / "full.db", 300)
    set_test_durability(False)
    try:
        off = edit_ms(tmp_path / "off.db", 300)
    finally:
        set_test_durability(True)
    print(f"\ncommitted span edit: FULL {full:.3f} ms, the suite's OFF {off:.3f} ms "
          f"(FULL costs {full / off:.1f}x OFF)")
