"""The suggesters, registered by the labels they suggest (like the format registry).

A span suggester gives one or more labels' spans (and the relations among them, as the
quote finder gives SAID) from a parsed document and its date, and the attributes of a
span of its labels that a trained component found. A link suggester gives one
relation label between spans already suggested. Adding a label's suggester is one
`register_spans` (or `register_links`) call; the pipeline runs the suggesters of the
labels and relations the schema names.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from annotations.suggest.types import SuggestedRelation, SuggestedSpan, Suggestions

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span

RuleFunction = Callable[["Doc", "str | None"], Suggestions]
AttrsFunction = Callable[[str, "list[Span]", "str | None"], "list[dict[str, Any]]"]
LinkFunction = Callable[["Doc", list[SuggestedSpan]], list[SuggestedRelation]]
# How a label's rule spans and a trained component's spans on a document become one
# list (default: the trained spans replace the rules').
CombineFunction = Callable[["Doc", list[SuggestedSpan], list[SuggestedSpan]],
                           list[SuggestedSpan]]
# The rule spans of a label on which its combine asks the trained component (it keeps
# the others whatever the model says): the model need look only there.
AsksFunction = Callable[["Doc", list[SuggestedSpan]], list[SuggestedSpan]]


@dataclass(frozen=True)
class SpanSuggester:
    """Rules for `labels` (the first is its name), and attributes for trained spans;
    with a trained component, how the two combine and where the combination asks it."""

    labels: tuple[str, ...]
    rules: RuleFunction
    attrs: AttrsFunction
    combine: CombineFunction | None = None
    asks: AsksFunction | None = None


_SPANS: dict[str, SpanSuggester] = {}
_LINKS: dict[str, LinkFunction] = {}


def register_spans(suggester: SpanSuggester) -> SpanSuggester:
    """Make `suggester` the one for each of its labels (a later one replaces it)."""
    for label in suggester.labels:
        _SPANS[label] = suggester
    return suggester


def register_links(label: str, suggest: LinkFunction) -> LinkFunction:
    """Make `suggest` the suggester of the relation `label`."""
    _LINKS[label] = suggest
    return suggest


def span_suggesters(labels: list[str]) -> list[SpanSuggester]:
    """The registered suggesters of any of `labels`, each once, in registration order."""
    found: list[SpanSuggester] = []
    for suggester in _SPANS.values():
        if suggester not in found and any(label in labels for label in suggester.labels):
            found.append(suggester)
    return found


def span_suggester(label: str) -> SpanSuggester | None:
    return _SPANS.get(label)


def link_suggester(label: str) -> LinkFunction | None:
    return _LINKS.get(label)
