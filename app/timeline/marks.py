"""What the timeline view draws, as arrays: one row of marks per lane (the story events'
lane first, then one per document), each mark an interval in days since 1970 with its id,
class, tip and whether it is inferred or in conflict. No Qt here: the view reads these rows,
the tests and the benchmark build them directly."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime

import numpy as np
import numpy.typing as npt

from annotations.timeline import Interval, Mention, Timeline

EPOCH = datetime(1970, 1, 1)
FAR = 4_000_000.0  # days: where an open side (PAST_REF, FUTURE_REF) is drawn to
STORY = "story"  # the class of a story event's mark
# Anchors drawn as a point (at their middle) rather than a bar.
POINT_PRECISIONS = frozenset({"day", "part_of_day", "hour", "minute", "second"})


_EPOCH_ORDINAL = EPOCH.toordinal()


def days(moment: datetime | None, default: float) -> float:
    """Days since 1970 (fractional), or `default` for an open side."""
    if moment is None:
        return default
    return (moment.toordinal() - _EPOCH_ORDINAL
            + (moment.hour * 3600 + moment.minute * 60 + moment.second) / 86400.0)


@dataclass(frozen=True)
class Filters:
    """What the view shows: documents of one status, mentions of one class or with a text."""

    status: str = ""  # "" for every status
    event_class: str = ""  # "" for every class
    text: str = ""  # a case-insensitive part of the mention's text or sentence

    def keeps(self, mention: Mention) -> bool:
        if self.event_class and mention.event_class != self.event_class:
            return False
        needle = self.text.strip().lower()
        return not needle or needle in mention.span.text.lower() or needle in (
            mention.sentence.lower())


@dataclass
class LaneMarks:
    """One lane: its title, its document (None for the story lane), the document date's tick
    (at the middle of the day, where a day's point is drawn), and its marks sorted by start."""

    title: str
    document_id: int | None
    tick: float | None
    starts: npt.NDArray[np.float64] = field(default_factory=lambda: np.zeros(0))
    ends: npt.NDArray[np.float64] = field(default_factory=lambda: np.zeros(0))
    ids: list[int] = field(default_factory=list)
    classes: list[str] = field(default_factory=list)
    # What a mark's tip says: a mention (its text, class, dates and sentence) or a text.
    about: list[Mention | str] = field(default_factory=list)
    inferred: npt.NDArray[np.bool_] = field(default_factory=lambda: np.zeros(0, dtype=bool))
    conflicted: npt.NDArray[np.bool_] = field(default_factory=lambda: np.zeros(0, dtype=bool))
    points: npt.NDArray[np.bool_] = field(default_factory=lambda: np.zeros(0, dtype=bool))
    labels: list[str] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.ids)

    def tip(self, index: int) -> str:
        found = self.about[index]
        return found if isinstance(found, str) else _tip(found)

    def visible(self, left: float, right: float) -> npt.NDArray[np.intp]:
        """The indexes of the marks that reach into [left, right]."""
        upto = int(np.searchsorted(self.starts, right, side="right"))
        return np.flatnonzero(self.ends[:upto] >= left)

    def hit(self, x: float, tolerance: float) -> int | None:
        """The index of the mark at `x` (within `tolerance` days), the narrowest if several."""
        found = self.visible(x - tolerance, x + tolerance)
        if not len(found):
            return None
        widths = self.ends[found] - self.starts[found]
        return int(found[int(np.argmin(widths))])


Row = tuple[float, float, int, str, "Mention | str", bool, bool, bool, str]


def _lane(title: str, document_id: int | None, tick: float | None, rows: list[Row]) -> LaneMarks:
    """A lane of rows (start, end, id, class, tip, inferred, conflicted, point, label), sorted
    by start."""
    rows.sort(key=lambda r: r[0])
    columns = list(zip(*rows, strict=True)) if rows else [()] * 9
    return LaneMarks(
        title, document_id, tick,
        np.array(columns[0], dtype=np.float64), np.array(columns[1], dtype=np.float64),
        list(columns[2]), list(columns[3]), list(columns[4]),
        np.array(columns[5], dtype=bool), np.array(columns[6], dtype=bool),
        np.array(columns[7], dtype=bool), list(columns[8]),
    )


def _row(interval: Interval, ident: int, cls: str, about: Mention | str, label: str,
         bad: bool = False) -> Row:
    return (days(interval.start, -FAR), days(interval.end, FAR), ident, cls, about,
            interval.inferred, bad, interval.precision in POINT_PRECISIONS, label)


def _tip(mention: Mention) -> str:
    when = ", ".join(mention.dates) or ("the article's date (inferred)"
                                        if mention.anchored else "")
    return f"{mention.span.text} [{mention.event_class or 'EVENT'}] {when}\n{mention.sentence}"


def lane_marks(
    timeline: Timeline,
    filters: Filters = Filters(),
    statuses: Mapping[int, str] | None = None,
) -> tuple[list[LaneMarks], list[Mention]]:
    """The story lane and the document lanes to draw, and the unanchored mentions to list."""
    conflicts = {c.story.id: c for c in timeline.conflicts()}
    story_rows = []
    for story in timeline.stories:
        found = timeline.story_anchor(story)
        conflict = conflicts.get(story.id)
        if conflict is not None:  # drawn across every date its mentions give
            found = _hull([m.anchor for pair in conflict.pairs for m in pair
                           if isinstance(m.anchor, Interval)])
            tip = f"Conflict: {conflict.describe()}"
        else:
            tip = f"{story.name}: {len(story.mentions)} mentions"
        if isinstance(found, Interval):
            story_rows.append(_row(found, story.id, STORY, tip, story.name, conflict is not None))
    lanes = [_lane("Story events", None, None, story_rows)]
    unanchored: list[Mention] = []
    for lane in timeline.lanes:
        doc = lane.document
        if filters.status and statuses is not None and statuses.get(doc.id) != filters.status:
            continue
        rows = []
        for m in lane.mentions:
            if not filters.keeps(m):
                continue
            if isinstance(m.anchor, Interval):
                rows.append(_row(m.anchor, m.id, m.event_class, m, m.span.text))
            else:
                unanchored.append(m)
        day = lane.day
        tick = None if day is None else day.toordinal() - _EPOCH_ORDINAL + 0.5  # midday
        lanes.append(_lane(doc.title, doc.id, tick, rows))
    return lanes, unanchored


def _hull(intervals: list[Interval]) -> Interval:
    """The smallest interval holding them all, at the coarsest precision (not a point)."""
    starts = [i.start for i in intervals]
    ends = [i.end for i in intervals]
    return Interval(None if None in starts else min(s for s in starts if s is not None),
                    None if None in ends else max(e for e in ends if e is not None), "span")


def extent(lanes: list[LaneMarks]) -> tuple[float, float]:
    """The days to show at first: every closed mark and tick, with a margin."""
    values = [t for lane in lanes if lane.tick is not None for t in (lane.tick,)]
    for lane in lanes:
        closed_s = lane.starts[lane.starts > -FAR]
        closed_e = lane.ends[lane.ends < FAR]
        values += [float(v) for v in (*closed_s[:1], *closed_e[-1:])]
        if len(closed_e):
            values.append(float(closed_e.max()))
    if not values:
        today = days(datetime.now(), 0.0)
        return today - 15, today + 15
    low, high = min(values), max(values)
    margin = max((high - low) * 0.05, 1.0)
    return low - margin, high + margin
