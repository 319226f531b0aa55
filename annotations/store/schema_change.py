"""Replacing a project's label schema, refused when existing annotations would break.

A new schema must still describe every span (its label), every attribute value
(the label has the attribute and allows the value) and every relation (its
label, and its head's and child's labels among the relation's endpoints), of
every annotator. Each way the annotations would break is one reason, with how
many annotations it touches, whose, and the first of them.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from annotations.errors import AttributeValueError, DatelineError
from annotations.schema import LabelSchema

if TYPE_CHECKING:
    from annotations.store.project import Project


class SchemaConflictError(DatelineError):
    """The new schema would break existing annotations; `reasons` says how, one line each."""

    def __init__(self, source: str, reasons: list[str]) -> None:
        self.reasons = reasons
        super().__init__(
            f"{source}: the schema would break the project's annotations in "
            f"{len(reasons)} way(s); the project's schema is unchanged"
        )


@dataclass
class _Reason:
    """One way annotations break: how many, whose, and the first one found."""

    kind: str
    text: str
    example: str
    count: int = 0
    annotators: set[str] = field(default_factory=set)

    def line(self) -> str:
        whose = ", ".join(sorted(self.annotators))
        return f"{self.count} {self.kind}(s) by {whose}: {self.text} (first: {self.example})"


class _Reasons:
    def __init__(self) -> None:
        self.found: dict[str, _Reason] = {}

    def add(self, kind: str, text: str, annotator: str, example: str) -> None:
        reason = self.found.setdefault(f"{kind} {text}", _Reason(kind, text, example))
        reason.count += 1
        reason.annotators.add(annotator)

    def lines(self) -> list[str]:
        return [reason.line() for reason in self.found.values()]


def _span_rows(project: Project) -> Iterator[tuple[int, str, str, int, int, str, str]]:
    yield from project.conn.execute(
        'SELECT s.document_id, a.name, s.label, s.start, s."end", s.text, s.attrs '
        "FROM spans s JOIN annotators a ON a.id = s.annotator_id ORDER BY s.id"
    )


def _relation_rows(project: Project) -> Iterator[tuple[int, str, str, str, str]]:
    yield from project.conn.execute(
        "SELECT r.document_id, a.name, r.label, h.label, c.label FROM relations r "
        "JOIN annotators a ON a.id = r.annotator_id JOIN spans h ON h.id = r.head_id "
        "JOIN spans c ON c.id = r.child_id ORDER BY r.id"
    )


def _span_reasons(schema: LabelSchema, rows: Iterable[tuple[int, str, str, int, int, str, str]],
                  reasons: _Reasons) -> None:
    for document, annotator, label, start, end, text, attrs in rows:
        example = f"document {document}, {label} {start}-{end} {text!r}"
        spec = schema.label(label)
        if spec is None:
            reasons.add("span", f"the label {label} is not in the schema", annotator, example)
            continue
        for name, value in json.loads(attrs).items():
            attribute = spec.attribute(name)
            if attribute is None:
                reasons.add("span", f"{label} has no attribute {name!r} in the schema",
                            annotator, example)
                continue
            try:
                attribute.check(label, value)
            except AttributeValueError as exc:
                reasons.add("span", str(exc), annotator, example)


def _relation_reasons(schema: LabelSchema, rows: Iterable[tuple[int, str, str, str, str]],
                      reasons: _Reasons) -> None:
    for document, annotator, label, head, child in rows:
        example = f"document {document}, {label} {head} -> {child}"
        spec = schema.relation(label)
        if spec is None:
            reasons.add("relation", f"the relation {label} is not in the schema", annotator,
                        example)
        elif head not in spec.heads or child not in spec.children:
            reasons.add("relation", f"{label} may not link {head} to {child} in the schema "
                        f"(only {' | '.join(spec.heads)} to {' | '.join(spec.children)})",
                        annotator, example)


def schema_conflicts(project: Project, schema: LabelSchema) -> list[str]:
    """Every way `schema` would break the project's spans, attribute values and
    relations, one line each (empty when it breaks none)."""
    reasons = _Reasons()
    _span_reasons(schema, _span_rows(project), reasons)
    _relation_reasons(schema, _relation_rows(project), reasons)
    return reasons.lines()


def replace_schema(project: Project, schema: LabelSchema, *, annotator: str,
                   source: str = "schema") -> None:
    """Make `schema` the project's, checked, written and logged (as `annotator`'s
    edit) in one transaction.

    Raises:
        SchemaConflictError: it would break existing annotations (every reason
            listed); the project is left exactly as it was.
    """
    with project.transaction():
        reasons = schema_conflicts(project, schema)
        if reasons:
            raise SchemaConflictError(source, reasons)
        project.conn.execute(
            "UPDATE label_schema SET name = ?, version = ?, json = ? WHERE id = 1",
            (schema.name, schema.version, schema.to_json()),
        )
        project.log("set_schema", annotator=annotator, entity="schema",
                    before=project.schema.raw, after=schema.raw)
    project.schema = schema
