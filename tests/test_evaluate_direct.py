"""Gold direct quotes that leave their quotation marks outside the span, as the scheme
says, count as direct quotes in the figures (the one rule, opens_after_quote_mark)."""

from __future__ import annotations

from annotations.evaluate import annotator_side, direct_quote_figures, is_direct, quote_direct
from annotations.store import Project

TEXT = "The mayor said: “We will rebuild the bridge.” Later she said the work would start."


def test_a_gold_quote_opening_right_after_its_mark_is_direct(project: Project) -> None:
    doc = project.add_document(TEXT, date="2021-08-12")[0].id
    inside = TEXT.index("We"), TEXT.index(".”") + 1
    marks = inside[0] - 1, inside[1] + 1
    indirect = TEXT.index("the work"), len(TEXT) - 1
    project.add_span(doc, "gold", "QUOTE", *inside, {})
    project.add_span(doc, "other", "QUOTE", *marks, {})
    project.add_span(doc, "gold", "QUOTE", *indirect, {})
    gold = annotator_side(project, doc, "gold")
    assert [is_direct(i) for i in gold.items] == [True, False]
    assert [is_direct(i) for i in annotator_side(project, doc, "other").items] == [True]
    ours = annotator_side(project, doc, "other")
    ours.items[0].attrs["direct"] = True
    assert direct_quote_figures(gold, ours)["r"] == 1.0


def test_direct_is_added_only_to_quotes_that_say_nothing() -> None:
    start = TEXT.index("We")
    assert quote_direct("QUOTE", {}, TEXT, start) == {"direct": True}
    assert quote_direct("QUOTE", {"direct": False}, TEXT, start) == {"direct": False}
    assert quote_direct("SPEAKER", {}, TEXT, start) == {}
    assert quote_direct("QUOTE", {}, TEXT, TEXT.index("mayor")) == {}
