"""The disagreements of one document, for adjudication."""


from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from annotations.model import Span


# --- disagreements of one document, for adjudication ---------------------------------------


@dataclass(frozen=True)
class Disagreement:
    """A group of overlapping spans that not every annotator marked alike:
    each annotator's spans in the group (an empty list: marked nothing)."""

    start: int
    end: int
    variants: dict[str, list[Span]]

    @property
    def labels(self) -> list[str]:
        return sorted({s.label for spans in self.variants.values() for s in spans})


def span_key(span: Span) -> tuple[str, int, int, str]:
    return (span.label, span.start, span.end, json.dumps(span.attrs, sort_keys=True))


def shared_spans(spans: Mapping[str, Sequence[Span]]) -> list[Span]:
    """The spans every annotator marked alike (label, offsets, attributes),
    one copy each (the first annotator's), by position."""
    names = list(spans)
    if not names:
        return []
    others = [{span_key(s) for s in spans[n]} for n in names[1:]]
    return [s for s in spans[names[0]] if all(span_key(s) in keys for keys in others)]


def find_disagreements(spans: Mapping[str, Sequence[Span]]) -> list[Disagreement]:
    """The disagreements of one document: spans not marked alike by every
    annotator, grouped by overlap (whatever their label), by position."""
    names = list(spans)
    counts: dict[tuple[str, int, int, str], int] = {}
    for name in names:
        for s in spans[name]:
            counts[span_key(s)] = counts.get(span_key(s), 0) + 1
    loose = sorted(
        ((s, name) for name in names for s in spans[name] if counts[span_key(s)] < len(names)),
        key=lambda item: (item[0].start, item[0].end, item[0].label),
    )
    groups: list[Disagreement] = []
    reach = -1
    for span, name in loose:
        if span.start >= reach:
            groups.append(Disagreement(span.start, span.end, {n: [] for n in names}))
        current = groups[-1]
        current.variants[name].append(span)
        reach = max(reach, span.end)
        groups[-1] = Disagreement(current.start, max(current.end, span.end), current.variants)
    return groups
