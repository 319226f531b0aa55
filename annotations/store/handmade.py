"""Spans made by hand where the model suggested one.

A span an annotator tags by hand over the same words as one of their pending
suggestions of that label resolves the suggestion: the span keeps the
suggestion's id and the suggestion is recorded as accepted, so the agreement
report counts it as accepted (or as changed, where the hand-made span's
extent or attributes differ) instead of leaving it pending for a later
reject. A span that overlaps a suggestion differently leaves it pending.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from annotations.model import Span
from annotations.store.suggestions import (
    ACCEPTED,
    Decision,
    StoredSuggestion,
    _insert_decision,
    suggestions,
)

if TYPE_CHECKING:
    from annotations.store import Project


def words(text: str, start: int, end: int) -> tuple[int, int]:
    """The range without the spaces and punctuation at its edges (quotation
    marks, a full stop): what two spans must share to cover the same words."""
    while start < end and not text[start].isalnum():
        start += 1
    while end > start and not text[end - 1].isalnum():
        end -= 1
    return start, end


def matching_suggestion(
    project: Project, document_id: int, annotator: str, label: str, start: int, end: int,
    model: str,
) -> StoredSuggestion | None:
    """The annotator's pending suggestion of `label` by `model` over the same
    words as `start`-`end`, if there is one."""
    near = suggestions(project, document_id, model, annotator, label=label,
                       overlapping=(start, end))
    if not near:
        return None
    text = project.text(document_id)
    covered = words(text, start, end)
    return next((f for f in near if words(text, f.start, f.end) == covered), None)


def add_hand_span(
    project: Project, document_id: int, annotator: str, label: str, start: int, end: int,
    attrs: dict[str, Any], model: str | None, *, span_id: int | None = None,
) -> tuple[Span, Decision | None]:
    """Add a hand-made span (origin `manual`) and, where it covers the same words
    as a pending suggestion of `model` with its label, record that suggestion
    as accepted with this span; one transaction. The decision (None when no
    suggestion matched) holds the span: `undo_decision` takes back both and
    leaves the suggestion pending again.

    Raises the span errors of `Project.add_span`.
    """
    with project.transaction():
        found = None if model is None else matching_suggestion(
            project, document_id, annotator, label, start, end, model)
        span = project.add_span(document_id, annotator, label, start, end, attrs,
                                suggestion_id=None if found is None else found.id,
                                span_id=span_id)
        if found is None:
            return span, None
        ident, stamp = _insert_decision(project, found.id, annotator, ACCEPTED, span.id)
        project.log("accept_suggestion", annotator=annotator, document_id=document_id,
                    entity="suggestion", entity_id=found.id,
                    after={"decision": ident, "span": span.id, "by_hand": True})
    return span, Decision(ident, found.id, annotator, ACCEPTED, span, (), stamp)
