"""The token cache (annotations/tokens.py, migration 2): exactly spaCy's
tokens, read back without spaCy, invalidated by another tokenizer, stored in
one transaction; agreement figures equal with a cold and a warm cache; a
version-1 project file migrated with its data kept."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import tempfile
from functools import lru_cache
from pathlib import Path

import numpy as np
import pytest
import spacy
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotations import measures as ag
from annotations import tokens as tk
from annotations.errors import Cancelled, ProjectError
from annotations.importing import import_paths
from annotations.progress import drive
from annotations.store import Project, now
from annotations.store.migrations import APPLICATION_ID, LATEST, MIGRATIONS
from annotations.tokens import DocumentTokens

TEXTS = [
    "The embassy said on Thursday that “flights will stop,” and urged citizens to leave.",
    "U.S. officials don't expect talks (in Kabul) to end before 12 Aug.\n\nA spokesman agreed.",
    "Ministers met  again\ttoday: “We’re ready,” one said — 90 days on.",
]


@lru_cache(maxsize=1)
def english() -> spacy.language.Language:
    return spacy.blank("en")


def spacy_tokens(text: str) -> tuple[list[int], list[int]]:
    """The non-space tokens of spaCy's blank English pipeline, straight from spaCy."""
    doc = english()(text)
    kept = [t for t in doc if not t.is_space]
    return [t.idx for t in kept], [t.idx + len(t.text) for t in kept]


def stored_rows(project: Project) -> dict[int, str]:
    return dict(project.conn.execute("SELECT document_id, tokenizer FROM document_tokens"))


def add_texts(project: Project, texts: list[str]) -> list[int]:
    return [project.add_document(text)[0].id for text in texts]


# --- the cache holds exactly spaCy's tokens -------------------------------------------------

texts_strategy = st.lists(
    # A project refuses texts holding NUL characters (they are binary data).
    st.text(min_size=1, max_size=80).filter(lambda t: t.strip() and "\x00" not in t),
    min_size=1, max_size=4, unique=True,
)


@given(texts_strategy)
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_cached_tokens_are_spacys_tokens_for_any_text(texts: list[str]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "p.db"
        with Project.create(path) as p:
            ids = add_texts(p, texts)
            cold = drive(tk.document_tokens(p, ids))
        with Project(path) as p:  # a new connection: read back from the file
            warm = tk.cached_tokens(p, ids)
    for text, ident, fresh in zip(texts, ids, cold, strict=True):
        starts, ends = spacy_tokens(text)
        for got in (fresh, warm[ident]):
            assert got.document_id == ident
            assert got.starts.tolist() == starts
            assert got.ends.tolist() == ends
            assert got.length == len(text)


def test_corpus_tokens_lay_documents_end_to_end(project: Project) -> None:
    ids = add_texts(project, TEXTS)
    corpus = drive(tk.corpus_tokens(project, ids))
    offset, starts, ends = 0, [], []
    for text in TEXTS:
        s, e = spacy_tokens(text)
        starts += [x + offset for x in s]
        ends += [x + offset for x in e]
        offset += len(text)
    assert corpus.starts.tolist() == starts and corpus.ends.tolist() == ends
    assert corpus.lengths.tolist() == [len(t) for t in TEXTS]
    assert corpus.starts.dtype == np.int64


def test_cold_documents_are_stored_in_one_transaction(project: Project) -> None:
    ids = add_texts(project, TEXTS)
    identity = tk.tokenizer_identity()
    drive(tk.document_tokens(project, ids[:1]))
    assert stored_rows(project) == {ids[0]: identity}
    tokens = drive(tk.document_tokens(project, ids))  # one warm, two cold
    assert [t.document_id for t in tokens] == ids
    assert stored_rows(project) == dict.fromkeys(ids, identity)
    blob = project.conn.execute(
        "SELECT starts FROM document_tokens WHERE document_id = ?", (ids[1],)).fetchone()[0]
    assert np.frombuffer(blob, dtype="<i4").tolist() == spacy_tokens(TEXTS[1])[0]


def test_cancelled_tokenizing_stores_nothing(project: Project) -> None:
    ids = [project.add_document(f"Document number {i} said the talks ended.")[0].id
           for i in range(tk.TOKENIZE_BATCH + 1)]
    with pytest.raises(Cancelled):
        drive(tk.document_tokens(project, ids), should_cancel=lambda: True)
    assert stored_rows(project) == {}


def test_a_locked_project_still_gets_its_tokens_uncached(project: Project) -> None:
    ids = add_texts(project, TEXTS)
    project.conn.execute("PRAGMA busy_timeout = 0")
    other = sqlite3.connect(project.path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        tokens = drive(tk.document_tokens(project, ids))
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert [t.starts.tolist() for t in tokens] == [spacy_tokens(t)[0] for t in TEXTS]
    assert stored_rows(project) == {}


def test_unknown_document_is_named(project: Project) -> None:
    from annotations.errors import NotFoundError

    with pytest.raises(NotFoundError, match="no document 99"):
        drive(tk.document_tokens(project, [99]))


# --- invalidation by tokenizer identity ---------------------------------------------------------


def test_identity_names_the_installed_spacy() -> None:
    from spacy.about import __version__

    assert tk.tokenizer_identity() == f"spacy {__version__} blank:en non-space v1"
    assert tk.spacy_version() == __version__


def test_rows_of_another_tokenizer_are_ignored_and_replaced(project: Project) -> None:
    ids = add_texts(project, TEXTS)
    drive(tk.document_tokens(project, ids))
    wrong = DocumentTokens(ids[0], np.array([0], np.int32), np.array([1], np.int32), 1)
    with project.transaction():
        project.conn.execute(
            "UPDATE document_tokens SET tokenizer = 'spacy 2.0.0 blank:en non-space v1', "
            "starts = ?, ends = ? WHERE document_id = ?",
            (wrong.starts.tobytes(), wrong.ends.tobytes(), ids[0]),
        )
    assert set(tk.cached_tokens(project, ids)) == set(ids[1:])
    tokens = drive(tk.document_tokens(project, ids))
    assert tokens[0].starts.tolist() == spacy_tokens(TEXTS[0])[0]
    assert stored_rows(project) == dict.fromkeys(ids, tk.tokenizer_identity())


def test_deleting_a_document_drops_its_tokens(project: Project) -> None:
    ids = add_texts(project, TEXTS[:2])
    drive(tk.document_tokens(project, ids))
    with project.transaction():
        project.conn.execute("DELETE FROM documents WHERE id = ?", (ids[0],))
    assert list(stored_rows(project)) == [ids[1]]


def test_importing_tokenizes_nothing(project: Project, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for i, text in enumerate(TEXTS):
        (folder / f"{i}.txt").write_text(text, encoding="utf-8")
    drive(import_paths(project, [str(folder)], "ann"))
    assert project.document_count() == len(TEXTS)
    assert stored_rows(project) == {}


# --- agreement on a cold and a warm cache -----------------------------------------------------


def annotated(path: Path) -> None:
    """Three annotators' spans on TEXTS, with differences, all marked done."""
    rng = np.random.default_rng(3)
    with Project.create(path) as p:
        for text in TEXTS:
            doc, _ = p.add_document(text)
            starts, ends = spacy_tokens(text)
            for who in ("a", "b", "c"):
                for label in ("EVENT", "DATE", "SPEAKER", "QUOTE"):
                    last = -1
                    for i in np.flatnonzero(rng.random(len(starts)) < 0.25).tolist():
                        j = min(len(starts) - 1, i + int(rng.integers(0, 3)))
                        if i > last:
                            p.add_span(doc.id, who, label, starts[i], ends[j])
                            last = j
                p.set_status(doc.id, who, "done")


def test_agreement_is_the_same_on_a_cold_and_a_warm_cache(tmp_path: Path) -> None:
    path = tmp_path / "p.db"
    annotated(path)
    with Project(path) as p:
        assert stored_rows(p) == {}
        cold = ag.to_json(drive(ag.agreement(p, ["a", "b", "c"])))
        assert len(stored_rows(p)) == len(TEXTS)
    with Project(path) as p:
        warm = ag.to_json(drive(ag.agreement(p, ["a", "b", "c"])))
    assert json.loads(warm) == json.loads(cold)
    assert json.loads(cold)["tokens"] == sum(len(spacy_tokens(t)[0]) for t in TEXTS)


def test_agreement_on_a_warm_cache_imports_no_spacy(tmp_path: Path) -> None:
    path = tmp_path / "p.db"
    annotated(path)
    with Project(path) as p:
        drive(ag.agreement(p, ["a", "b", "c"]))
    code = (
        "import sys\n"
        "from annotations.cli import main\n"
        "try:\n"
        f"    main(['agree', {str(path)!r}, '--annotators', 'a,b,c'])\n"
        "except SystemExit as exc:\n"
        "    print('EXIT', exc.code)\n"
        "print('SPACY', sorted(m for m in sys.modules if m.split('.')[0] in "
        "('spacy', 'thinc')))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            timeout=120)
    assert "SPACY []" in result.stdout, result.stdout + result.stderr
    assert "3 document(s)" in result.stdout


# --- token coverage (agreement's token coding) ---------------------------------------------------


@given(st.lists(st.tuples(st.integers(0, 60), st.integers(1, 8)), max_size=12),
       st.lists(st.tuples(st.integers(0, 70), st.integers(1, 20)), max_size=8))
def test_token_coverage_marks_the_tokens_a_span_overlaps(
    tokens: list[tuple[int, int]], spans: list[tuple[int, int]],
) -> None:
    bounds = sorted({(s, s + n) for s, n in tokens})
    kept: list[tuple[int, int]] = []
    for s, e in bounds:  # tokens do not overlap
        if not kept or s >= kept[-1][1]:
            kept.append((s, e))
    t_s = np.array([s for s, _ in kept], dtype=np.int64)
    t_e = np.array([e for _, e in kept], dtype=np.int64)
    s_s = np.array([s for s, _ in spans], dtype=np.int64)
    s_e = np.array([s + n for s, n in spans], dtype=np.int64)
    expected = [any(a < te and ts < b for a, b in zip(s_s, s_e, strict=True))
                for ts, te in kept]
    assert ag.token_coverage(t_s, t_e, s_s, s_e).tolist() == expected


# --- migration 2 on a version-1 file ---------------------------------------------------------


def version_1_project(path: Path) -> None:
    """A project file as Dateline wrote it before migration 2, with some work in it."""
    version, name, statements = MIGRATIONS[0]
    assert version == 1
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("BEGIN IMMEDIATE")
    for statement in statements:
        conn.execute(statement)
    conn.execute("INSERT INTO migrations VALUES (1, ?, ?)", (name, now()))
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    conn.execute("PRAGMA user_version = 1")
    with Project.create(path.with_name("schema.db")) as fresh:
        schema_row = fresh.conn.execute(
            "SELECT id, name, version, json FROM label_schema").fetchone()
    conn.execute("INSERT INTO label_schema VALUES (?, ?, ?, ?)", schema_row)
    stamp = now()
    conn.execute("INSERT INTO documents (uid, title, text, created) VALUES (?, 't', ?, ?)",
                 ("0" * 64, TEXTS[0], stamp))
    conn.execute("INSERT INTO annotators (name) VALUES ('ann')")
    conn.execute(
        'INSERT INTO spans (document_id, annotator_id, label, start, "end", text, origin, '
        "created, updated) VALUES (1, 1, 'EVENT', 12, 16, 'said', 'manual', ?, ?)",
        (stamp, stamp))
    conn.execute("COMMIT")
    conn.close()


def table_rows(path: Path, table: str) -> list[tuple[object, ...]]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(f"SELECT * FROM {table} ORDER BY 1").fetchall()
    finally:
        conn.close()


def test_a_version_1_file_is_migrated_with_its_data(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    version_1_project(path)
    before = {t: table_rows(path, t) for t in ("documents", "annotators", "spans")}
    with Project(path) as p:
        assert p.conn.execute("PRAGMA user_version").fetchone()[0] == LATEST
        versions = [r[0] for r in p.conn.execute("SELECT version FROM migrations")]
        assert versions == list(range(1, LATEST + 1))
        assert [s.text for s in p.spans(1)] == ["said"]
        p.annotator_id("ann2")
        report = drive(ag.agreement(p, ["ann", "ann2"], all_documents=True))
        assert report["documents"] == 1
        assert report["labels"]["EVENT"]["spans"] == {"ann": 1, "ann2": 0}
        assert list(stored_rows(p)) == [1]
    assert {t: table_rows(path, t) for t in ("documents", "spans")} == {
        t: before[t] for t in ("documents", "spans")}


def test_a_failed_migration_leaves_the_version_1_file_as_it_was(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    version_1_project(path)
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("CREATE VIEW document_tokens AS SELECT 1")  # in migration 2's way
    conn.close()
    before = {t: table_rows(path, t) for t in ("documents", "spans", "migrations")}
    with pytest.raises(ProjectError, match=r"could not be upgraded.*document_tokens"):
        Project(path)
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 1
    conn.close()
    assert {t: table_rows(path, t) for t in before} == before


# --- spans read for agreement: suggestion use from the same read ---------------------------------


def test_spans_linked_by_an_accepted_decision_count_against_their_suggestion(
    project: Project,
) -> None:
    text = TEXTS[0]
    doc, _ = project.add_document(text)
    said, thursday = text.index("said"), text.index("Thursday")
    with project.transaction():
        for label, start, end in (("EVENT", said, said + 4),
                                  ("DATE", thursday, thursday + 8)):
            project.conn.execute(
                'INSERT INTO suggestions (document_id, model, label, start, "end", text, attrs)'
                " VALUES (?, 'm1', ?, ?, ?, ?, '{}')", (doc.id, label, start, end,
                                                        text[start:end]))
    suggestion = {r[0]: r[1] for r in project.conn.execute("SELECT label, id FROM suggestions")}
    same = project.add_span(doc.id, "ann", "EVENT", said, said + 4, origin="suggested")
    wider = project.add_span(doc.id, "ann", "DATE", thursday - 3, thursday + 8,
                             origin="suggested")
    project.add_span(doc.id, "bob", "EVENT", said, said + 4)
    with project.transaction():
        for span, label in ((same, "EVENT"), (wider, "DATE")):
            project.conn.execute(
                "INSERT INTO suggestion_decisions (suggestion_id, annotator_id, decision, "
                "span_id, time) VALUES (?, ?, 'accepted', ?, 'now')",
                (suggestion[label], project.annotator_id("ann"), span.id))
    report = drive(ag.agreement(project, ["ann", "bob"], all_documents=True))
    use = report["suggestion_use"]["by_annotator"]
    assert (use["ann"]["EVENT"]["unchanged"], use["ann"]["EVENT"]["changed"]) == (1, 0)
    assert (use["ann"]["DATE"]["unchanged"], use["ann"]["DATE"]["changed"]) == (0, 1)
    assert (use["bob"]["EVENT"]["manual"], use["bob"]["EVENT"]["spans"]) == (1, 1)
