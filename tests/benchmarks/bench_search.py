"""Find in Project speed: a search over 100,000 documents.

Run with `make bench`. Prints each figure beside its target (100 ms) and its
ratio to a bare FTS5 MATCH on the same index (no join, no snippet, no
filter); asserts only that the searches found what they should.
"""

from __future__ import annotations

import random
import statistics
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from annotations.store import Project, now
from annotations.store.search import Query, search
from tests.benchmarks.bench_store import report

DOCUMENTS = 100_000
WORDS_PER_DOCUMENT = 90
TARGET_MS = 100.0
RUNS = 7


def vocabulary(rng: random.Random, size: int) -> list[str]:
    syllables = ["ka", "lo", "mi", "ner", "tas", "vo", "ru", "pel", "dan", "si", "gor", "te"]
    words: set[str] = set()
    while len(words) < size:
        words.add("".join(rng.choice(syllables) for _ in range(rng.randint(2, 4))))
    return sorted(words)


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str]]:
    """A project of 100,000 documents of Zipf-distributed words (the most
    common in nearly every document), the rare name "Zelenskyy" in 50 of
    them, a third marked done by ann, and an EVENT span in every tenth; with
    its words, most common first."""
    rng = random.Random(7)
    words = vocabulary(rng, 20_000)
    weights = [1 / (rank + 1) for rank in range(len(words))]
    path = tmp_path_factory.mktemp("search") / "big.dateline"
    with Project.create(path) as project:
        ann = project.annotator_id("ann")
        created = now()
        with project.transaction():
            for i in range(DOCUMENTS):
                body = rng.choices(words, weights, k=WORDS_PER_DOCUMENT)
                if i % 2000 == 0:
                    body[10] = "Zelenskyy"
                text = " ".join(body) + f" document {i}."
                project.conn.execute(
                    "INSERT INTO documents (uid, title, text, date, source, meta, created) "
                    "VALUES (?, ?, ?, '2021-08-12', NULL, '{}', ?)",
                    (f"{i:064d}", " ".join(body[:6]), text, created))
                doc = i + 1
                if i % 3 == 0:
                    project.conn.execute(
                        "INSERT INTO document_status (document_id, annotator_id, status, "
                        "updated) VALUES (?, ?, 'done', ?)", (doc, ann, created))
                if i % 10 == 0:
                    end = len(body[0])
                    project.conn.execute(
                        'INSERT INTO spans (document_id, annotator_id, label, start, "end", '
                        "text, origin, created, updated) VALUES (?, ?, 'EVENT', 0, ?, ?, "
                        "'manual', ?, ?)", (doc, ann, end, text[:end], created, created))
    return path, words


def median_ms(run: Callable[[], object]) -> float:
    times = []
    for _ in range(RUNS):
        t0 = time.perf_counter()
        run()
        times.append(time.perf_counter() - t0)
    return statistics.median(times) * 1000


def bare_ms(project: Project, match: str) -> float:
    """The floor: FTS5's own MATCH, its first 200 rowids."""
    sql = "SELECT rowid FROM documents_fts WHERE documents_fts MATCH ? LIMIT 200"
    return median_ms(lambda: project.conn.execute(sql, (match,)).fetchall())


CASES: list[tuple[str, Callable[[list[str]], str], str | None, str | None]] = [
    ("a rare name", lambda common: "zelenskyy", None, None),
    ("a word in 0.4% of them (ranked)", lambda common: common[2000], None, None),
    ("two words in nearly all of them", lambda common: f"{common[0]} {common[1]}", None, None),
    ("a word in nearly all, done only", lambda common: common[0], None, "done"),
    ("a word in nearly all, in EVENT spans", lambda common: common[0], "EVENT", None),
    ("a prefix of a few words", lambda common: common[300][:-1] + "*", None, None),
    # FTS5 merges the lists of every word a prefix covers: thousands here (no prefix index).
    ("a 2-letter prefix of thousands of words", lambda common: common[0][:2] + "*", None, None),
]


@pytest.mark.parametrize(("name", "pick", "label", "status"), CASES)
def test_search_over_100000_documents(big: tuple[Path, list[str]], name: str,
                                      pick: Callable[[list[str]], str], label: str | None,
                                      status: str | None) -> None:
    path, common = big
    words = pick(common)
    with Project(path) as project:
        assert project.document_count() == DOCUMENTS
        hits = search(project, words, annotator="ann", label=label, status=status)
        assert hits  # (and the page cache is warm)
        assert all(h.span_id is not None for h in hits) or label is None
        figure = median_ms(lambda: search(project, words, annotator="ann", label=label,
                                          status=status))
        report(f"search over {DOCUMENTS:,} documents, {name} ({len(hits)} hits shown; "
               "median)", figure, TARGET_MS, "ms", bare_ms(project, Query.parse(words).match()))
