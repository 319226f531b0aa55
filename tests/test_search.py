"""Find in Project in the store: the full-text index, its upkeep, its filters."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from annotations.errors import ValidationError
from annotations.store import Project
from annotations.store import search as search_module
from annotations.store.migrations import LATEST
from annotations.store.search import MARK_END, MARK_START, Query, locate, plain_snippet, search
from tests.test_cli import dateline

FLOODS = ("The river burst its banks on Monday. Officials in Riverton said the flood "
          "would last a week, and the mayor declared an emergency.")
ELECTION = ("Voters in Riverton went to the polls on Sunday. The mayor said turnout "
            "was the highest since 1998.")
MARKET = "Shares fell sharply on Tuesday as traders weighed the central bank's decision."


@pytest.fixture
def corpus(project: Project) -> list[int]:
    ids = []
    for text, title, date in ((FLOODS, "Floods in Riverton", "2021-08-12"),
                              (ELECTION, "Riverton votes", "2021-09-05"),
                              (MARKET, "Markets fall", None)):
        doc, _ = project.add_document(text, title=title, date=date)
        ids.append(doc.id)
    return ids


def test_a_search_finds_every_document_holding_all_the_words_with_context(
    project: Project, corpus: list[int]
) -> None:
    hits = search(project, "mayor riverton", annotator="alice")
    assert sorted(h.document_id for h in hits) == corpus[:2]
    flood = next(h for h in hits if h.document_id == corpus[0])
    assert (flood.title, flood.date, flood.status) == ("Floods in Riverton", "2021-08-12", "new")
    assert f"{MARK_START}mayor{MARK_END}" in flood.snippet
    assert "[Riverton]" in plain_snippet(flood.snippet)
    assert search(project, "mayor shares", annotator="alice") == []


def test_case_prefixes_and_phrases(project: Project, corpus: list[int]) -> None:
    assert [h.document_id for h in search(project, "SHARES", annotator="a")] == [corpus[2]]
    assert [h.document_id for h in search(project, "trad*", annotator="a")] == [corpus[2]]
    assert [h.document_id for h in search(project, '"central bank"', annotator="a")] == [
        corpus[2]]
    assert search(project, '"bank central"', annotator="a") == []


def test_words_that_are_fts_operators_are_searched_as_words(
    project: Project, corpus: list[int]
) -> None:
    project.add_document("Cats AND dogs NOT allowed NEAR the door (said - nobody).")
    assert len(search(project, "AND NOT NEAR", annotator="a")) == 1
    assert len(search(project, "door) -nobody", annotator="a")) == 1
    with pytest.raises(ValidationError, match="nothing to search for"):
        search(project, ' " - " ', annotator="a")


def test_the_index_follows_documents_added_later(project: Project, corpus: list[int]) -> None:
    assert search(project, "hurricane", annotator="a") == []
    doc, _ = project.add_document("A hurricane reached the coast.", title="Storm")
    assert [h.document_id for h in search(project, "hurricane", annotator="a")] == [doc.id]
    assert [h.document_id for h in search(project, "storm", annotator="a")] == [doc.id]


def test_the_status_filter_uses_the_annotators_status(
    project: Project, corpus: list[int]
) -> None:
    project.set_status(corpus[1], "alice", "done")
    done = search(project, "riverton", annotator="alice", status="done")
    assert [(h.document_id, h.status) for h in done] == [(corpus[1], "done")]
    assert [h.document_id for h in search(project, "riverton", annotator="alice",
                                          status="new")] == [corpus[0]]
    assert search(project, "riverton", annotator="bob", status="done") == []
    with pytest.raises(ValidationError, match="status 'finished' is not one of"):
        search(project, "riverton", annotator="alice", status="finished")


def test_the_label_filter_keeps_documents_where_a_span_of_the_label_holds_the_words(
    project: Project, corpus: list[int]
) -> None:
    start = FLOODS.index("the flood")
    span = project.add_span(corpus[0], "alice", "EVENT", start, start + len("the flood"))
    project.add_span(corpus[1], "alice", "DATE", ELECTION.index("Sunday"),
                     ELECTION.index("Sunday") + 6)
    hits = search(project, "flood", annotator="alice", label="EVENT")
    assert [(h.document_id, h.span_id, h.start, h.end) for h in hits] == [
        (corpus[0], span.id, span.start, span.end)]
    assert search(project, "flood", annotator="alice", label="DATE") == []
    assert search(project, "flood", annotator="bob", label="EVENT") == []
    assert search(project, "riverton", annotator="alice", label="EVENT") == []
    with pytest.raises(ValidationError, match="label 'PLACE' is not a span label"):
        search(project, "flood", annotator="alice", label="PLACE")


def test_a_word_in_very_many_documents_lists_them_in_document_order(
        project: Project, corpus: list[int], monkeypatch: pytest.MonkeyPatch) -> None:
    ranked = [h.document_id for h in search(project, "riverton mayor", annotator="a")]
    assert sorted(ranked) == corpus[:2]
    monkeypatch.setattr(search_module, "RANKED_UP_TO", 1)  # two documents are "very many"
    assert [h.document_id for h in search(project, "riverton", annotator="a")] == corpus[:2]
    found = search(project, "riverton", annotator="a", limit=1)
    assert [h.document_id for h in found] == corpus[:1] and "Riverton" in found[0].snippet


def test_locate_finds_the_first_hit_in_the_text() -> None:
    assert locate(FLOODS, "MAYOR") == (FLOODS.index("mayor"), FLOODS.index("mayor") + 5)
    assert locate(MARKET, "trad*") == (MARKET.index("traders"), MARKET.index("traders") + 7)
    assert locate(MARKET, '"central   bank"') == (MARKET.index("central"),
                                                 MARKET.index("central") + 12)
    assert locate(MARKET, "zebra") is None
    assert Query.parse('x "a b" c*').match() == '"x" "a b" "c"*'


def test_sqlite_utils_finds_the_index(project: Project, corpus: list[int]) -> None:
    table = project.db["documents"]
    assert table.detect_fts() == "documents_fts"
    assert [row["id"] for row in table.search("traders")] == [corpus[2]]


def test_an_older_project_gets_its_index_on_upgrade(project_path: Path) -> None:
    with Project.create(project_path) as project:
        project.add_document(FLOODS, title="Floods")
    conn = sqlite3.connect(project_path)
    version = conn.execute("SELECT version FROM migrations WHERE name = 'full-text search'"
                           ).fetchone()[0]
    assert version == LATEST  # undoing a later migration too would need its own steps
    for trigger in ("documents_ai", "documents_ad", "documents_au"):
        conn.execute(f"DROP TRIGGER {trigger}")
    conn.execute("DROP TABLE documents_fts")
    conn.execute(f"DELETE FROM migrations WHERE version = {version}")
    conn.execute(f"PRAGMA user_version = {version - 1}")
    conn.commit()
    conn.close()
    with Project(project_path) as project:
        assert project.conn.execute("PRAGMA user_version").fetchone()[0] == LATEST
        assert [h.title for h in search(project, "emergency", annotator="a")] == ["Floods"]


def test_dateline_search_prints_the_hits_and_one_line_errors(
        project_path: Path, project: Project, corpus: list[int]) -> None:
    project.close()
    found = dateline("search", str(project_path), "mayor", "riverton", "--limit", "1")
    assert found.returncode == 0, found.stderr
    first, context = found.stdout.splitlines()
    dates = {"Floods in Riverton": "2021-08-12", "Riverton votes": "2021-09-05"}
    ident, date, status, title = first.split("\t")
    assert int(ident) in corpus[:2] and (date, status) == (dates[title], "new")
    assert "[mayor]" in context and "[Riverton]" in context
    as_json = dateline("search", str(project_path), "traders", "--json")
    assert json.loads(as_json.stdout)["title"] == "Markets fall"
    refused = dateline("search", str(project_path), "flood", "--annotator", "ann",
                       "--label", "PLACE")
    assert refused.returncode == 1
    assert refused.stderr.strip().splitlines() == [
        "Error: label 'PLACE' is not a span label of this project's schema "
        "(EVENT, DATE, SPEAKER, QUOTE)"]
