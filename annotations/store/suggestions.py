"""Stored suggestions and what annotators decided about them.

Suggestions are kept per document and model ("name@version") in their own
tables; they become annotations only when an annotator accepts one, which
adds a span with origin `suggested` and records the decision. Every decision
can be undone and redone with the same ids (the window's undo commands hold
a `Decision` and call `undo_decision` / `redo_decision`). Whether a span was
changed after accepting is derived: it differs from its suggestion.
"""

from __future__ import annotations

import json
from collections.abc import Collection
from contextlib import suppress
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from annotations.errors import AttributeValueError, NotFoundError, ValidationError
from annotations.model import Relation, Span, Suggestions
from annotations.store.connection import dump_json, now

if TYPE_CHECKING:

    from annotations.store import Project

BLIND_SETTING = "blind"
ACCEPTED, REJECTED = "accepted", "rejected"
_SUGGESTION_COLUMNS = 'id, document_id, model, label, start, "end", text, attrs, score'


@dataclass(frozen=True)
class StoredSuggestion:
    id: int
    document_id: int
    model: str
    label: str
    start: int
    end: int
    text: str
    attrs: dict[str, Any] = field(default_factory=dict)
    score: float | None = None


@dataclass(frozen=True)
class StoredSuggestedRelation:
    id: int
    document_id: int
    model: str
    label: str
    head: int  # suggestion ids
    child: int
    score: float | None = None


@dataclass(frozen=True)
class Decision:
    """One annotator's accept or reject of one suggestion; for an accept, the span
    it created and the relations added with it (so redo restores the same ids)."""

    id: int
    suggestion_id: int
    annotator: str
    decision: str
    span: Span | None = None
    relations: tuple[Relation, ...] = ()
    time: str = ""


@dataclass
class BatchDecision:
    """What `accept_all` did: the decisions made and the suggestions it left, with why."""

    decisions: list[Decision] = field(default_factory=list)
    skipped: list[tuple[StoredSuggestion, str]] = field(default_factory=list)


# --- settings ------------------------------------------------------------------------


def is_blind(project: Project) -> bool:
    """The project's "blind" setting: annotators do not see suggestions."""
    return bool(project.setting(BLIND_SETTING, False))


def set_blind(project: Project, blind: bool) -> None:
    project.set_setting(BLIND_SETTING, bool(blind))


# --- writing suggestions --------------------------------------------------------------


def has_suggestions(project: Project, document_id: int, model: str) -> bool:
    """Has this document been suggested by this model (even with nothing found)?"""
    row = project.conn.execute(
        "SELECT 1 FROM suggestion_runs WHERE document_id = ? AND model = ?", (document_id, model)
    ).fetchone()
    return row is not None


def done_documents(project: Project, model: str) -> set[int]:
    rows = project.conn.execute("SELECT document_id FROM suggestion_runs WHERE model = ?", (model,))
    return {int(r[0]) for r in rows}


def stored_models(project: Project, document_id: int | None = None) -> list[str]:
    """The models that have suggested (this document, or any), by name."""
    sql = "SELECT DISTINCT model FROM suggestion_runs"
    args: tuple[Any, ...] = ()
    if document_id is not None:
        sql += " WHERE document_id = ?"
        args = (document_id,)
    return sorted(r[0] for r in project.conn.execute(sql, args))


class DateChangedError(ValidationError):
    """The document's date changed after its suggestions were worked out:
    their DATE values are stale. `date` is the document's date now."""

    def __init__(self, document_id: int, used: str | None, date: str | None) -> None:
        super().__init__(
            f"document {document_id}'s date changed from {used or 'none'} to {date or 'none'} "
            "while it was being suggested; its suggestions were not stored"
        )
        self.date = date


_CURRENT = "current"


def store_suggestions(
    project: Project, document_id: int, model: str, suggestions: Suggestions,
    *, date: str | None = _CURRENT,
) -> bool:
    """Store one document's suggestions with its run record, all or nothing.

    `date` is the document date the suggestions were worked out against
    (recorded with the run); the document's current date when not given.
    Spans whose label the project's schema lacks are left out (with their
    relations), and so are attribute values it does not allow. Returns False,
    writing nothing, when the document was already suggested by this model.

    Raises NotFoundError for an unknown document, OffsetError-like
    ValidationError when a suggestion lies outside the text (a suggester bug)
    and DateChangedError, storing nothing, when the document's date is no
    longer `date` (read inside the write transaction: a date another program
    set meanwhile counts).
    """
    text = project.document(document_id).text
    if has_suggestions(project, document_id, model):
        return False
    with project.transaction():
        now_dated = project.conn.execute(
            "SELECT date FROM documents WHERE id = ?", (document_id,)).fetchone()[0]
        if date != _CURRENT and date != now_dated:
            raise DateChangedError(document_id, date, now_dated)
        ids: dict[int, int] = {}
        for index, span in enumerate(suggestions.spans):
            if project.schema.label(span.label) is None:
                continue
            if not 0 <= span.start < span.end <= len(text):
                raise ValidationError(
                    f"suggestion {span.label} {span.start}-{span.end} is outside document "
                    f"{document_id} (0-{len(text)}); nothing was stored for it"
                )
            cur = project.conn.execute(
                'INSERT INTO suggestions (document_id, model, label, start, "end", text, attrs, '
                "score) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    document_id, model, span.label, span.start, span.end,
                    text[span.start:span.end], dump_json(_allowed_attrs(project, span.label,
                                                                    span.attrs)),
                    span.score,
                ),
            )
            ids[index] = int(cur.lastrowid or 0)
        for rel in suggestions.relations:
            if rel.head not in ids or rel.child not in ids or \
                    project.schema.relation(rel.label) is None:
                continue
            project.conn.execute(
                "INSERT INTO suggested_relations (document_id, model, label, head_id, child_id, "
                "score) VALUES (?, ?, ?, ?, ?, ?)",
                (document_id, model, rel.label, ids[rel.head], ids[rel.child], rel.score),
            )
        project.conn.execute(
            "INSERT INTO suggestion_runs (document_id, model, created, date) VALUES (?, ?, ?, ?)",
            (document_id, model, now(), now_dated or ""),
        )
    return True


def stale_documents(project: Project, model: str) -> set[int]:
    """The documents whose suggestions by `model` were worked out against
    another date than the document's now (runs without a recorded date aside)."""
    return {int(r[0]) for r in project.conn.execute(
        "SELECT r.document_id FROM suggestion_runs r JOIN documents d ON d.id = r.document_id "
        "WHERE r.model = ? AND r.date IS NOT NULL AND r.date != coalesce(d.date, '')",
        (model,))}


def stale_models(project: Project, document_id: int) -> list[str]:
    """The models whose suggestions of the document were worked out against
    another date than the document's now (their DATE values may be wrong).
    Runs stored before dates were recorded are not counted."""
    return [r[0] for r in project.conn.execute(
        "SELECT r.model FROM suggestion_runs r JOIN documents d ON d.id = r.document_id "
        "WHERE r.document_id = ? AND r.date IS NOT NULL AND r.date != coalesce(d.date, '') "
        "ORDER BY r.model", (document_id,))]


def _allowed_attrs(project: Project, label: str, attrs: dict[str, Any]) -> dict[str, Any]:
    kept: dict[str, Any] = {}
    for name, value in attrs.items():
        if value is None or value == "":
            continue
        try:
            project.schema.check_attrs(label, {name: value})
        except AttributeValueError:
            continue
        kept[name] = value
    return kept


def delete_suggestions(
    project: Project, model: str, document_id: int | None = None, *,
    annotator: str | None = None,
) -> int:
    """Forget a model's suggestions (all, or one document's) so they can be redone.
    Accepted spans stay; their suggestion link is cleared. Returns how many went.

    Decisions go with their suggestions, so they may be only `annotator`'s:
    raises ValidationError, deleting nothing, while anyone else (anyone at
    all, when `annotator` is None) has decided one of them. The check and the
    delete are one transaction: a decision another program makes meanwhile
    is not lost."""
    where = "model = ?" + ("" if document_id is None else " AND document_id = ?")
    args: tuple[Any, ...] = (model,) if document_id is None else (model, document_id)
    with project.transaction():
        others = [r[0] for r in project.conn.execute(
            "SELECT DISTINCT a.name FROM suggestion_decisions d JOIN annotators a "
            "ON a.id = d.annotator_id WHERE a.name IS NOT ? AND d.suggestion_id IN "
            f"(SELECT id FROM suggestions WHERE {where}) ORDER BY a.name",
            (annotator, *args))]
        if others:
            place = "" if document_id is None else f" of document {document_id}"
            raise ValidationError(
                f"{', '.join(map(repr, others))} decided on {model}'s suggestions{place}; "
                "they are kept with their decisions (nothing was deleted)"
            )
        count = project.conn.execute(f"DELETE FROM suggestions WHERE {where}", args).rowcount
        project.conn.execute(f"DELETE FROM suggestion_runs WHERE {where}", args)
    return int(count)


# --- reading suggestions ----------------------------------------------------------------


def _suggestion(row: tuple[Any, ...]) -> StoredSuggestion:
    return StoredSuggestion(row[0], row[1], row[2], row[3], row[4], row[5], row[6],
                            json.loads(row[7]), row[8])


def suggestion(project: Project, suggestion_id: int) -> StoredSuggestion:
    """Raises NotFoundError for an unknown id."""
    row = project.conn.execute(
        f"SELECT {_SUGGESTION_COLUMNS} FROM suggestions WHERE id = ?", (suggestion_id,)
    ).fetchone()
    if row is None:
        raise NotFoundError(f"no suggestion {suggestion_id} in {project.path.name}")
    return _suggestion(row)


def suggestions(
    project: Project,
    document_id: int,
    model: str,
    annotator: str | None = None,
    *,
    respect_blind: bool = False,
    label: str | None = None,
    overlapping: tuple[int, int] | None = None,
    ids: Collection[int] | None = None,
) -> list[StoredSuggestion]:
    """A document's suggestions by one model, by position; with `annotator`, only
    those that annotator has not decided yet; with respect_blind, none in a
    blind project. `label`, `overlapping` (a start and end sharing a character
    with the suggestion) and `ids` keep only the suggestions they name, so that
    one edit reads the few rows it concerns rather than the document's all."""
    if respect_blind and is_blind(project):
        return []
    sql = f"SELECT {_SUGGESTION_COLUMNS} FROM suggestions WHERE document_id = ? AND model = ?"
    args: tuple[Any, ...] = (document_id, model)
    if label is not None:
        sql += " AND label = ?"
        args += (label,)
    if overlapping is not None:
        sql += ' AND start < ? AND "end" > ?'
        args += overlapping[::-1]
    if ids is not None:
        wanted = sorted(set(ids))
        sql += f" AND id IN ({', '.join('?' * len(wanted))})"
        args += tuple(wanted)
    if annotator is not None:
        sql += (
            " AND id NOT IN (SELECT d.suggestion_id FROM suggestion_decisions d "
            "JOIN annotators a ON a.id = d.annotator_id WHERE a.name = ?)"
        )
        args += (annotator,)
    rows = project.conn.execute(sql + ' ORDER BY start, "end", id', args)
    return [_suggestion(r) for r in rows]


def suggested_relations(
    project: Project, document_id: int, model: str
) -> list[StoredSuggestedRelation]:
    rows = project.conn.execute(
        "SELECT id, document_id, model, label, head_id, child_id, score FROM suggested_relations "
        "WHERE document_id = ? AND model = ? ORDER BY id",
        (document_id, model),
    )
    return [StoredSuggestedRelation(*r) for r in rows]


# --- decisions ------------------------------------------------------------------------------


def _decided(project: Project, suggestion_id: int, annotator: str) -> str | None:
    row = project.conn.execute(
        "SELECT d.decision FROM suggestion_decisions d JOIN annotators a "
        "ON a.id = d.annotator_id WHERE d.suggestion_id = ? AND a.name = ?",
        (suggestion_id, annotator),
    ).fetchone()
    return None if row is None else str(row[0])


def _check_undecided(project: Project, found: StoredSuggestion, annotator: str) -> None:
    before = _decided(project, found.id, annotator)
    if before is not None:
        raise ValidationError(
            f"suggestion {found.id} ({found.label} {found.text!r}) was already {before} "
            f"by {annotator}; undo that first"
        )


def _insert_decision(
    project: Project, suggestion_id: int, annotator: str, decision: str, span_id: int | None,
    *, decision_id: int | None = None, stamp: str | None = None,
) -> tuple[int, str]:
    stamp = stamp or now()
    cur = project.conn.execute(
        "INSERT INTO suggestion_decisions (id, suggestion_id, annotator_id, decision, span_id, "
        "time) VALUES (?, ?, ?, ?, ?, ?)",
        (decision_id, suggestion_id, project.annotator_id(annotator), decision, span_id, stamp),
    )
    return int(cur.lastrowid or 0), stamp


def accept(project: Project, suggestion_id: int, annotator: str) -> Decision:
    """Make a suggestion `annotator`'s span (origin `suggested`) and record the accept.
    Suggested relations to suggestions this annotator accepted before are added too.

    Raises NotFoundError (no such suggestion), ValidationError (already decided)
    and the span errors of `Project.add_span` (it overlaps a span of its label).
    """
    found = suggestion(project, suggestion_id)
    _check_undecided(project, found, annotator)
    with project.transaction():
        span = project.add_span(
            found.document_id, annotator, found.label, found.start, found.end,
            _allowed_attrs(project, found.label, found.attrs), origin="suggested",
            suggestion_id=found.id,
        )
        ident, stamp = _insert_decision(project, found.id, annotator, ACCEPTED, span.id)
        relations = tuple(_link_accepted(project, found, span, annotator))
        project.log("accept_suggestion", annotator=annotator, document_id=found.document_id,
                    entity="suggestion", entity_id=found.id,
                    after={"decision": ident, "span": span.id})
    return Decision(ident, found.id, annotator, ACCEPTED, span, relations, stamp)


def _accepted_span(project: Project, suggestion_id: int, annotator: str) -> Span | None:
    row = project.conn.execute(
        "SELECT d.span_id FROM suggestion_decisions d JOIN annotators a ON a.id = d.annotator_id "
        "WHERE d.suggestion_id = ? AND a.name = ? AND d.decision = 'accepted'",
        (suggestion_id, annotator),
    ).fetchone()
    if row is None or row[0] is None:
        return None
    try:
        return project.span(int(row[0]))
    except NotFoundError:
        return None


def _link_accepted(
    project: Project, found: StoredSuggestion, span: Span, annotator: str
) -> list[Relation]:
    """Add the suggested relations whose other end this annotator has accepted."""
    added: list[Relation] = []
    for rel in suggested_relations(project, found.document_id, found.model):
        if found.id not in (rel.head, rel.child):
            continue
        other_id = rel.child if rel.head == found.id else rel.head
        other = _accepted_span(project, other_id, annotator)
        if other is None:
            continue
        head, child = (span, other) if rel.head == found.id else (other, span)
        try:
            project.check_relation(rel.label, head, child)
            added.append(project.add_relation(rel.label, head.id, child.id))
        except ValidationError:
            continue
    return added


def reject(project: Project, suggestion_id: int, annotator: str) -> Decision:
    """Record that `annotator` rejected a suggestion (it leaves their list).

    Raises NotFoundError (no such suggestion) or ValidationError (already decided).
    """
    found = suggestion(project, suggestion_id)
    _check_undecided(project, found, annotator)
    with project.transaction():
        ident, stamp = _insert_decision(project, found.id, annotator, REJECTED, None)
        project.log("reject_suggestion", annotator=annotator, document_id=found.document_id,
                    entity="suggestion", entity_id=found.id, after={"decision": ident})
    return Decision(ident, found.id, annotator, REJECTED, time=stamp)


def accept_all(
    project: Project, document_id: int, model: str, annotator: str, label: str | None = None
) -> BatchDecision:
    """Accept every undecided suggestion of a document (or of one label) in one
    transaction; those that clash with the annotator's spans are skipped and listed."""
    result = BatchDecision()
    with project.transaction():
        for found in suggestions(project, document_id, model, annotator):
            if label is not None and found.label != label:
                continue
            try:
                with project.transaction():
                    result.decisions.append(accept(project, found.id, annotator))
            except ValidationError as exc:
                result.skipped.append((found, str(exc)))
    return result


def undo_decision(project: Project, decision: Decision) -> None:
    """Take back an accept (its span and the relations added with it go) or a reject.
    The edit log row names the suggestion's document, as for the decision itself.

    Raises NotFoundError when the decision is not in the project (undone already).
    """
    with project.transaction():
        row = project.conn.execute(
            "SELECT s.document_id FROM suggestion_decisions d JOIN suggestions s "
            "ON s.id = d.suggestion_id WHERE d.id = ?", (decision.id,)
        ).fetchone()
        if row is None:
            raise NotFoundError(f"no suggestion decision {decision.id} in {project.path.name}")
        project.conn.execute("DELETE FROM suggestion_decisions WHERE id = ?", (decision.id,))
        if decision.span is not None:
            with suppress(NotFoundError):
                project.delete_span(decision.span.id)
        project.log("undo_decision", annotator=decision.annotator, document_id=int(row[0]),
                    entity="suggestion", entity_id=decision.suggestion_id,
                    before={"decision": decision.id, "what": decision.decision})


def redo_decision(project: Project, decision: Decision) -> Decision:
    """Make an undone decision again with the same ids (span, relations, decision).
    The edit log row names the suggestion's document, as for the decision itself.

    Raises NotFoundError when the suggestion is gone (its model's suggestions were
    deleted) and the errors of `Project.add_span` when the span no longer fits.
    """
    found = suggestion(project, decision.suggestion_id)
    with project.transaction():
        span = decision.span
        if span is not None:
            span = project.add_span(
                span.document_id, span.annotator, span.label, span.start, span.end, span.attrs,
                origin="suggested", suggestion_id=span.suggestion_id, span_id=span.id,
            )
            for rel in decision.relations:
                project.add_relation(rel.label, rel.head, rel.child, relation_id=rel.id)
        _insert_decision(project, decision.suggestion_id, decision.annotator, decision.decision,
                         None if span is None else span.id, decision_id=decision.id,
                         stamp=decision.time or None)
        project.log("redo_decision", annotator=decision.annotator,
                    document_id=found.document_id,
                    entity="suggestion", entity_id=decision.suggestion_id,
                    after={"decision": decision.id, "what": decision.decision})
    return Decision(decision.id, decision.suggestion_id, decision.annotator, decision.decision,
                    span, decision.relations, decision.time)


def undo_decisions(project: Project, decisions: list[Decision]) -> None:
    """Undo a batch (accept all) in one transaction, last first."""
    with project.transaction():
        for decision in reversed(decisions):
            undo_decision(project, decision)


def redo_decisions(project: Project, decisions: list[Decision]) -> list[Decision]:
    with project.transaction():
        return [redo_decision(project, d) for d in decisions]


# --- how much annotators relied on the model -----------------------------------------------


def changed_after_accepting(project: Project, span: Span) -> bool:
    """Does a span made by accepting differ from its suggestion (label, extent, attributes)?"""
    if span.suggestion_id is None:
        return False
    try:
        found = suggestion(project, span.suggestion_id)
    except NotFoundError:
        return False
    return (span.label, span.start, span.end) != (found.label, found.start, found.end) or \
        span.attrs != _allowed_attrs(project, found.label, found.attrs)


def decision_counts(project: Project, annotator: str | None = None) -> dict[str, int]:
    """Decisions by kind: accepted (unchanged), changed (after accepting), deleted
    (after accepting), rejected; one annotator's or everyone's."""
    sql = (
        "SELECT d.decision, d.span_id FROM suggestion_decisions d JOIN annotators a "
        "ON a.id = d.annotator_id"
    )
    args: tuple[Any, ...] = ()
    if annotator is not None:
        sql += " WHERE a.name = ?"
        args = (annotator,)
    counts = {"accepted": 0, "changed": 0, "deleted": 0, "rejected": 0}
    for decision, span_id in project.conn.execute(sql, args).fetchall():
        if decision == REJECTED:
            counts["rejected"] += 1
            continue
        try:
            span = project.span(int(span_id))
        except (NotFoundError, TypeError):
            counts["deleted"] += 1
            continue
        counts["changed" if changed_after_accepting(project, span) else "accepted"] += 1
    return counts


def suggestion_counts(project: Project) -> dict[str, dict[str, Any]]:
    """Per model: documents suggested, suggested spans and relations, spans no one
    has decided on, and per annotator who decided any: accepted, rejected, pending."""
    one = project.conn.execute
    counts: dict[str, dict[str, Any]] = {}

    def model(name: str) -> dict[str, Any]:
        return counts.setdefault(name, {"documents": 0, "spans": 0, "relations": 0,
                                        "undecided": 0, "annotators": {}})

    for name, n in one("SELECT model, count(*) FROM suggestion_runs GROUP BY model"):
        model(name)["documents"] = n
    for name, n in one("SELECT model, count(*) FROM suggestions GROUP BY model"):
        model(name)["spans"] = n
    for name, n in one("SELECT model, count(*) FROM suggested_relations GROUP BY model"):
        model(name)["relations"] = n
    for name, n in one(
        "SELECT s.model, count(*) FROM suggestions s WHERE NOT EXISTS "
        "(SELECT 1 FROM suggestion_decisions d WHERE d.suggestion_id = s.id) GROUP BY s.model"
    ):
        model(name)["undecided"] = n
    for name, annotator, decision, n in one(
        "SELECT s.model, a.name, d.decision, count(DISTINCT d.suggestion_id) "
        "FROM suggestion_decisions d JOIN suggestions s ON s.id = d.suggestion_id "
        "JOIN annotators a ON a.id = d.annotator_id GROUP BY s.model, a.name, d.decision"
    ):
        figures = model(name)
        mine = figures["annotators"].setdefault(annotator, {ACCEPTED: 0, REJECTED: 0})
        mine[decision] = n
    for figures in counts.values():
        for mine in figures["annotators"].values():
            mine["pending"] = figures["spans"] - mine[ACCEPTED] - mine[REJECTED]
    return dict(sorted(counts.items()))
