"""Reading only the suggestions one edit concerns (issue 15: a key press reads
the rows it touches, not the document's all)."""

from __future__ import annotations

from annotations.model import SuggestedSpan, Suggestions
from annotations.store import Project
from annotations.store.handmade import add_hand_span
from annotations.store.suggestions import reject, store_suggestions, suggestions

TEXT = "The council voted on Wednesday to fund repairs, the minister said on Monday."
MODEL = "pipe@1.0"


def stored(project: Project) -> int:
    doc = project.add_document(TEXT)[0].id
    store_suggestions(project, doc, MODEL, Suggestions([
        SuggestedSpan("EVENT", 12, 17),  # voted
        SuggestedSpan("DATE", 21, 30),  # Wednesday
        SuggestedSpan("EVENT", 34, 38),  # fund
        SuggestedSpan("EVENT", 39, 46),  # repairs
        SuggestedSpan("DATE", 68, 74),  # Monday
    ]))
    return doc


def test_filters_keep_only_the_named_suggestions(project: Project) -> None:
    doc = stored(project)
    every = suggestions(project, doc, MODEL, "ann")
    assert [s.label for s in suggestions(project, doc, MODEL, label="DATE")] == ["DATE", "DATE"]
    assert [s.text for s in suggestions(project, doc, MODEL, overlapping=(16, 40))] == [
        "voted", "Wednesday", "fund", "repairs"]
    # Touching at an edge is not overlapping: [17, 21) shares no character with them.
    assert suggestions(project, doc, MODEL, overlapping=(17, 21)) == []
    assert [s.text for s in suggestions(project, doc, MODEL, label="EVENT",
                                        overlapping=(30, 40))] == ["fund", "repairs"]
    picked = {every[1].id, every[4].id}
    assert [s.id for s in suggestions(project, doc, MODEL, ids=picked)] == sorted(picked)
    assert suggestions(project, doc, MODEL, ids=[]) == []
    # The annotator filter still applies: a rejected one is no longer theirs to decide.
    reject(project, every[1].id, "ann")
    assert [s.id for s in suggestions(project, doc, MODEL, "ann", ids=picked)] == [every[4].id]


def test_a_hand_made_span_finds_its_suggestion_among_the_overlapping_ones(
        project: Project) -> None:
    doc = stored(project)
    span, decision = add_hand_span(project, doc, "ann", "EVENT", 39, 46, {}, MODEL)
    assert decision is not None and span.suggestion_id == decision.suggestion_id
    assert [s.text for s in suggestions(project, doc, MODEL, ids=[decision.suggestion_id])] \
        == ["repairs"]
    # A DATE over an EVENT suggestion's words leaves it pending.
    _, none = add_hand_span(project, doc, "ann", "DATE", 12, 17, {}, MODEL)
    assert none is None
    assert "voted" in [s.text for s in suggestions(project, doc, MODEL, "ann")]
