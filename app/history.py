"""Undo that survives a restart: a document's undo stack is seeded with the
steps this annotator made on it in earlier sessions, read from the edit log.

The log is linear: an undo in an earlier session is logged as the inverse
edit. Reading it back, each step that exactly inverts the step before it
cancels out with it (an undo), so what is left is the history the annotator
would have had on the stack. The log rows one user step wrote (a span
deleted with its relations, a suggestion accepted with the span it made)
are grouped into one step. Work the log cannot revert (an import) ends the
history: nothing before it is offered.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from annotations.model import Edit, Relation, Span
from annotations.store.suggestions import Decision
from app.commands import LoggedStep, quoted
from app.session import Session

HISTORY_LIMIT = 200
EARLIER = " (earlier session)"
_SINGLE = ("update_span", "add_relation", "delete_relation", "set_status", "set_note",
           "set_date", "reject_suggestion")
_DECIDED = ("accept_suggestion", "redo_decision")

Key = tuple[Any, ...]


@dataclass
class Step:
    """Log rows that one user action wrote, and what they did (to cancel against an undo)."""

    edits: list[Edit]
    key: Key
    inverse: Key

    @property
    def last(self) -> Edit:
        return self.edits[-1]


def _values(data: dict[str, Any] | None, *names: str) -> str:
    data = data or {}
    return json.dumps([data.get(n) for n in names], sort_keys=True)


def _span_fields(edit: Edit, side: str) -> str:
    return _values(getattr(edit, side), "label", "start", "end", "attrs")


def _single(edit: Edit) -> Step:
    action, ident = edit.action, edit.entity_id
    if action == "update_span":
        before, after = _span_fields(edit, "before"), _span_fields(edit, "after")
        return Step([edit], ("update", ident, before, after), ("update", ident, after, before))
    if action == "add_relation":
        return Step([edit], ("+relation", ident), ("-relation", ident))
    if action == "delete_relation":
        return Step([edit], ("-relation", ident), ("+relation", ident))
    if action == "reject_suggestion":
        decision = (edit.after or {}).get("decision")
        return Step([edit], ("+decision", decision), ("-decision", decision))
    before, after = json.dumps(edit.before, sort_keys=True), json.dumps(edit.after,
                                                                        sort_keys=True)
    return Step([edit], (action, edit.document_id, before, after),
                (action, edit.document_id, after, before))


def _touches(edit: Edit, span_id: int | None, side: str) -> bool:
    data = getattr(edit, side) or {}
    return span_id in (data.get("head"), data.get("child"))


def _deleted(edits: Sequence[Edit], first: int, at: int) -> Step:
    """A span deleted (at `at`) with the relations deleted before it, and, when
    that was an accept taken back, the decision's undo after it."""
    span_id = edits[at].entity_id
    after = at + 1
    if after < len(edits) and edits[after].action == "undo_decision":
        decision = (edits[after].before or {}).get("decision")
        return Step(list(edits[first:after + 1]), ("-decision", decision),
                    ("+decision", decision))
    return Step(list(edits[first:after]), ("-span", span_id), ("+span", span_id))


def group(edits: Sequence[Edit]) -> list[Step | None]:
    """The log rows as user steps, oldest first; None where the history breaks."""
    steps: list[Step | None] = []
    i = 0
    while i < len(edits):
        edit = edits[i]
        if edit.action == "add_span":
            j = i + 1
            while j < len(edits) and edits[j].action == "add_relation" \
                    and _touches(edits[j], edit.entity_id, "after"):
                j += 1
            if j < len(edits) and edits[j].action in _DECIDED:
                decision = (edits[j].after or {}).get("decision")
                steps.append(Step(list(edits[i:j + 1]), ("+decision", decision),
                                  ("-decision", decision)))
                i = j + 1
            else:
                steps.append(Step(list(edits[i:j]), ("+span", edit.entity_id),
                                  ("-span", edit.entity_id)))
                i = j
            continue
        if edit.action in ("delete_relation", "delete_span"):
            k = i
            while k < len(edits) and edits[k].action == "delete_relation":
                k += 1
            if k < len(edits) and edits[k].action == "delete_span" and all(
                    _touches(e, edits[k].entity_id, "before") for e in edits[i:k]):
                deleted = _deleted(edits, i, k)
                steps.append(deleted)
                i += len(deleted.edits)
                continue
        if edit.action == "undo_decision":
            decision = (edit.before or {}).get("decision")
            steps.append(Step([edit], ("-decision", decision), ("+decision", decision)))
        elif edit.action in _DECIDED:  # a reject made again
            decision = (edit.after or {}).get("decision")
            steps.append(Step([edit], ("+decision", decision), ("-decision", decision)))
        elif edit.action in _SINGLE:
            steps.append(_single(edit))
        else:
            steps.append(None)
        i += 1
    return steps


def standing(edits: Sequence[Edit], limit: int = HISTORY_LIMIT) -> list[Step]:
    """The steps still in effect, oldest first: undone ones cancelled out."""
    stack: list[Step] = []
    for step in group(edits):
        if step is None:
            stack.clear()
        elif stack and stack[-1].key == step.inverse:
            stack.pop()
        else:
            stack.append(step)
    return stack[-limit:]


def _decision(session: Session, step: Step) -> Decision | None:
    """The suggestion decision a step made, as the suggestion store takes it back."""
    if step.key[0] != "+decision":
        return None
    last = step.last
    ident = int(step.key[1])
    row = session.decision(ident)
    if row is None:
        return None
    spans = [Span(**e.after) for e in step.edits if e.action == "add_span" and e.after]
    relations = tuple(Relation(**e.after) for e in step.edits
                      if e.action == "add_relation" and e.after)
    return Decision(ident, int(last.entity_id or 0), last.annotator, str(row[0]),
                    spans[0] if spans else None, relations, str(row[1]))


def describe(step: Step) -> str:
    """What the step did, as the undo menu names it."""
    first, last = step.edits[0], step.last
    data = first.after or first.before or {}
    kind = step.key[0]
    if kind == "+decision":
        what = "Accept" if first.action == "add_span" else "Reject"
        return f"{what} suggestion{EARLIER}"
    if kind == "-decision":
        return f"Take back a suggestion decision{EARLIER}"
    if kind == "+span":
        return f"Tag {quoted(str(data.get('text', '')))} as {data.get('label')}{EARLIER}"
    if kind == "-span":
        gone = last.before or {}
        return f"Delete {gone.get('label')} {quoted(str(gone.get('text', '')))}{EARLIER}"
    if kind == "update":
        return f"Change {data.get('label')} {quoted(str(data.get('text', '')))}{EARLIER}"
    if kind in ("+relation", "-relation"):
        verb = "Link" if kind == "+relation" else "Remove link"
        return f"{verb} {data.get('label')}{EARLIER}"
    return f"{first.action.replace('_', ' ').capitalize()}{EARLIER}"


def earlier_steps(session: Session, document_id: int) -> list[LoggedStep]:
    """Undo commands for this annotator's standing edits of a document, oldest first."""
    commands: list[LoggedStep] = []
    for step in standing(session.logged_edits(document_id)):
        decision = _decision(session, step)
        if step.key[0] in ("+decision", "-decision") and decision is None:
            continue  # taken back where the log does not show it (a reject's undo)
        commands.append(LoggedStep(session, document_id, describe(step), step.edits,
                                   decision))
    return commands

