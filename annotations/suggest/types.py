"""What every suggester returns: spans and relations proposed for one document."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


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
