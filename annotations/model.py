"""The domain records: documents, spans, relations, statuses and edits.

Glossary: a *document* is one article's text; a *span* is a labelled,
end-exclusive character range of it made by one *annotator*; a *relation*
links two spans of one annotator; a *suggestion* is a span proposed by a
model, which becomes a span only when accepted; *gold* is the annotator
that holds the adjudicated version.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

Origin = Literal["manual", "suggested", "imported"]
ORIGINS: tuple[str, ...] = ("manual", "suggested", "imported")
Status = Literal["new", "in_progress", "done"]
STATUSES: tuple[str, ...] = ("new", "in_progress", "done")
GOLD = "gold"


@dataclass(frozen=True)
class Document:
    id: int
    uid: str
    title: str
    text: str
    date: str | None = None
    source: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Span:
    id: int
    document_id: int
    annotator: str
    label: str
    start: int
    end: int
    text: str
    attrs: dict[str, Any] = field(default_factory=dict)
    origin: str = "manual"
    suggestion_id: int | None = None
    created: str = ""
    updated: str = ""


@dataclass(frozen=True)
class Relation:
    id: int
    document_id: int
    annotator: str
    label: str
    head: int
    child: int
    created: str = ""


@dataclass(frozen=True)
class DocumentStatus:
    document_id: int
    annotator: str
    status: str = "new"
    seconds: float = 0.0
    note: str = ""


@dataclass(frozen=True)
class DeletedSpan:
    """A span removed together with the relations that touched it, for undo."""

    span: Span
    relations: tuple[Relation, ...] = ()


@dataclass(frozen=True)
class Edit:
    """One row of the append-only edit log."""

    id: int
    time: str
    actor: str
    annotator: str
    document_id: int | None
    action: str
    entity: str
    entity_id: int | None
    before: dict[str, Any] | None
    after: dict[str, Any] | None



@dataclass(frozen=True)
class NewSpan:
    """A span to add in bulk (`Project.add_spans`): no id, document or annotator yet."""

    label: str
    start: int
    end: int
    attrs: dict[str, Any] = field(default_factory=dict)
    origin: str = "imported"
    suggestion_id: int | None = None
    #: When it was made and last changed (a merge keeps them); None: now.
    created: str | None = None
    updated: str | None = None

# --- what a suggester proposes (stored by annotations.store.suggestions) ---


@dataclass(frozen=True)
class SuggestedSpan:
    """A proposed span: end-exclusive character offsets into the document text."""

    label: str
    start: int
    end: int
    attrs: dict[str, Any] = field(default_factory=dict)
    score: float | None = None


@dataclass(frozen=True)
class SuggestedRelation:
    """A proposed relation between two SuggestedSpans, by their index in `Suggestions.spans`."""

    label: str
    head: int
    child: int
    score: float | None = None


@dataclass
class Suggestions:
    spans: list[SuggestedSpan] = field(default_factory=list)
    relations: list[SuggestedRelation] = field(default_factory=list)
