"""The story timeline of one annotator: every EVENT mention of a set of
documents with its anchor, the documents' lanes and the story events.

Glossary: a *mention* is one EVENT span; its *anchor* is the interval of the
DATE it is WHEN-linked to (see anchors.py); a *story event* is a named group
of mentions, from one or many documents, that tell the same happening; a
*conflict* is a story event whose mentions' anchors do not all overlap.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from annotations.model import Document, Relation, Span
from annotations.store.stories import StoryEvent
from annotations.timeline.anchors import (
    Anchor,
    Interval,
    Unanchored,
    anchor,
    document_day,
    fix_unknown,
    narrowest,
)

if TYPE_CHECKING:
    from annotations.store import Project

EVENT, DATE, WHEN = "EVENT", "DATE", "WHEN"
REPORTING = "REPORTING"
# A sentence ends at . ! or ? (with any closing quotes or brackets) before white space, or at
# a blank-line or line break.
_SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]*(?=\s|\Z)|\n+")


def sentences(text: str) -> list[tuple[int, int]]:
    """The (start, end) of each sentence of `text`, white space trimmed, in order."""
    bounds: list[tuple[int, int]] = []
    begin = 0
    for m in _SENTENCE_END.finditer(text):
        _add_trimmed(text, begin, m.end(), bounds)
        begin = m.end()
    _add_trimmed(text, begin, len(text), bounds)
    return bounds


def _add_trimmed(text: str, start: int, end: int, bounds: list[tuple[int, int]]) -> None:
    piece = text[start:end]
    stripped = piece.strip()
    if stripped:
        lead = len(piece) - len(piece.lstrip())
        bounds.append((start + lead, start + lead + len(stripped)))


@dataclass(frozen=True)
class Mention:
    """One EVENT span placed in time."""

    span: Span
    anchor: Anchor
    sentence: str
    sentence_index: int  # from 0, the title line being sentence 0
    dates: tuple[str, ...] = ()  # the values of its WHEN-linked DATEs

    @property
    def id(self) -> int:
        return self.span.id

    @property
    def document_id(self) -> int:
        return self.span.document_id

    @property
    def event_class(self) -> str:
        return str(self.span.attrs.get("class", ""))

    @property
    def anchored(self) -> bool:
        return isinstance(self.anchor, Interval)


@dataclass
class Lane:
    """One document's row on the timeline."""

    document: Document
    mentions: list[Mention] = field(default_factory=list)

    @property
    def day(self) -> date | None:
        return document_day(self.document.date)


@dataclass(frozen=True)
class Conflict:
    """A story event whose mentions two by two do not overlap in time."""

    story: StoryEvent
    pairs: tuple[tuple[Mention, Mention], ...]

    def describe(self) -> str:
        first, second = self.pairs[0]
        return (f"{self.story.name}: {_where(first)} and {_where(second)} do not overlap"
                + (f" (+{len(self.pairs) - 1} more)" if len(self.pairs) > 1 else ""))


def _where(mention: Mention) -> str:
    value = ", ".join(mention.dates) or "inferred"
    return f"{mention.span.text!r} in document {mention.document_id} ({value})"


@dataclass
class Timeline:
    """Lanes sorted by document date (undated last), mentions by span id, story events."""

    annotator: str
    lanes: list[Lane]
    stories: list[StoryEvent] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.mentions: dict[int, Mention] = {
            m.id: m for lane in self.lanes for m in lane.mentions
        }

    def story_mentions(self, story: StoryEvent) -> list[Mention]:
        return [self.mentions[i] for i in story.mentions if i in self.mentions]

    def story_anchor(self, story: StoryEvent) -> Anchor:
        """Where the story event lies: the common part of its mentions' anchors (from WHEN links;
        inferred ones only when nothing else anchors it); Unanchored when they do not meet."""
        anchored = [m.anchor for m in self.story_mentions(story) if isinstance(m.anchor, Interval)]
        linked = [a for a in anchored if not a.inferred] or anchored
        if not linked:
            return Unanchored("none of its mentions is anchored")
        common = linked[0]
        for other in linked[1:]:
            meet = intersection(common, other)
            if meet is None:
                return Unanchored("its mentions' anchors do not overlap")
            common = meet
        return common

    def conflicts(self) -> list[Conflict]:
        """Story events with two mentions whose WHEN anchors do not overlap, in story order."""
        found = []
        for story in self.stories:
            linked = [m for m in self.story_mentions(story)
                      if isinstance(m.anchor, Interval) and not m.anchor.inferred]
            pairs = tuple(
                (a, b) for i, a in enumerate(linked) for b in linked[i + 1:]
                if isinstance(a.anchor, Interval) and isinstance(b.anchor, Interval)
                and not a.anchor.overlaps(b.anchor)
            )
            if pairs:
                found.append(Conflict(story, pairs))
        return found

    def story_of(self) -> dict[int, StoryEvent]:
        """The story event of each grouped mention, by span id."""
        return {i: s for s in self.stories for i in s.mentions}


def intersection(a: Interval, b: Interval) -> Interval | None:
    """The common part of two intervals at the finer precision, or None when they do not meet."""
    if not a.overlaps(b):
        return None
    starts = [s for s in (a.start, b.start) if s is not None]
    ends = [e for e in (a.end, b.end) if e is not None]
    finer = a if _finer(a, b) else b
    start = max(starts) if starts else None
    end = min(ends) if ends else None
    if start is not None and end is not None and start >= end:
        return None
    return Interval(start, end, finer.precision, a.inferred and b.inferred)


def _finer(a: Interval, b: Interval) -> bool:
    la, lb = a.length, b.length
    return lb is None or (la is not None and la <= lb)


def event_anchor(event: Span, dates: Sequence[Span], dct: str | None) -> Anchor:
    """The anchor of an EVENT from its WHEN-linked DATE spans; a REPORTING event with no link
    in a dated document lies at the document's date, marked inferred."""
    values = [str(d.attrs.get("value") or "") for d in dates]
    anchors = [anchor(v, dct) for v in values]
    point = narrowest(anchors)
    if isinstance(point, Interval):
        anchors = [fix_unknown(v, point) if isinstance(a, Unanchored) and v else a
                   for v, a in zip(values, anchors, strict=True)]
        return narrowest(anchors)
    if dates:
        return point
    day = document_day(dct)
    if event.attrs.get("class") == REPORTING and day is not None:
        found = anchor(day.isoformat())
        if isinstance(found, Interval):
            return Interval(found.start, found.end, found.precision, inferred=True)
    return Unanchored("no WHEN link")


def document_lane(
    document: Document, spans: Sequence[Span], relations: Iterable[Relation]
) -> Lane:
    """The lane of one document: each EVENT with its anchor and its sentence."""
    by_id = {s.id: s for s in spans}
    linked: dict[int, list[Span]] = {}
    for rel in relations:
        child = by_id.get(rel.child)
        if rel.label == WHEN and child is not None and child.label == DATE:
            linked.setdefault(rel.head, []).append(child)
    bounds = sentences(document.text)
    lane = Lane(document)
    index = 0
    for span in sorted((s for s in spans if s.label == EVENT), key=lambda s: s.start):
        while index + 1 < len(bounds) and bounds[index][1] <= span.start:
            index += 1
        start, end = bounds[index] if bounds else (0, len(document.text))
        dates = linked.get(span.id, [])
        lane.mentions.append(Mention(
            span, event_anchor(span, dates, document.date), document.text[start:end], index,
            tuple(str(d.attrs.get("value") or "") for d in dates),
        ))
    return lane


def _lane_order(lane: Lane) -> tuple[int, date, int]:
    day = lane.day
    return (day is None, day or date.min, lane.document.id)


def build_timeline(
    annotator: str,
    documents: Iterable[tuple[Document, Sequence[Span], Iterable[Relation]]],
    stories: Iterable[StoryEvent] = (),
) -> Timeline:
    """A timeline from documents with their spans and relations (of one annotator)."""
    lanes = sorted((document_lane(*item) for item in documents), key=_lane_order)
    return Timeline(annotator, lanes, list(stories))


def project_timeline(
    project: Project,
    annotator: str,
    document_ids: Sequence[int] | None = None,
    stories: Iterable[StoryEvent] = (),
) -> Timeline:
    """The timeline of `annotator`'s work on `document_ids` (every document by default).

    Raises NotFoundError for a document id the project does not hold.
    """
    ids = list(project.document_ids() if document_ids is None else document_ids)
    return build_timeline(
        annotator,
        ((project.document(i), project.spans(i, annotator), project.relations(i, annotator))
         for i in ids),
        stories,
    )
