"""Where the spans of one document are, in the units the text view counts in.

Qt's text document counts UTF-16 code units; the project counts code points
(Python `str` indices). `OffsetMap` converts between the two, and
`SpanIndex` files each span under the text blocks (paragraphs) it touches, so
that highlighting a block, painting the visible part of the article and
finding the span under the mouse look only at the spans nearby. Nothing here
imports Qt, so it is tested directly.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right, insort
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import pairwise
from typing import NamedTuple

_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


class Mark(NamedTuple):
    """One span as the view draws it, in view offsets.

    The field order makes a mark's natural order its reading order (start,
    then end, then id), so sorted lists of marks are searched with bisect.
    """

    start: int
    end: int
    id: int
    label: str

    @property
    def length(self) -> int:
        return self.end - self.start


@dataclass(frozen=True, slots=True)
class Segment:
    """A run of one block's text covered by the same spans.

    `start` and `end` are relative to the block; `marks` runs from the
    innermost (shortest) span to the outermost.
    """

    start: int
    end: int
    marks: tuple[Mark, ...]


Run = tuple[int, int, str | tuple[str, ...]]
"""A highlighted run of a block: block-relative start, length, and the label
(or labels, innermost first, where spans nest) that colour it."""

_FAR = 1 << 62


class OffsetMap:
    """Converts code-point offsets (the project's) to UTF-16 offsets (Qt's) and back."""

    def __init__(self, text: str) -> None:
        self._astral = [] if text.isascii() else [m.start() for m in _ASTRAL.finditer(text)]
        # The view position right after each astral character's surrogate pair.
        self._view_ends = [a + k + 2 for k, a in enumerate(self._astral)]

    @property
    def identity(self) -> bool:
        return not self._astral

    def to_view(self, offset: int) -> int:
        if not self._astral:
            return offset
        return offset + bisect_left(self._astral, offset)

    def to_text(self, position: int) -> int:
        if not self._astral:
            return position
        return position - bisect_right(self._view_ends, position)

    def mark(self, start: int, end: int, span_id: int, label: str) -> Mark:
        """A span given in text offsets, as a mark in view offsets."""
        return Mark(self.to_view(start), self.to_view(end), span_id, label)


def block_starts(text: str, offsets: OffsetMap | None = None) -> list[int]:
    """The view position where each line (text block) of `text` starts."""
    starts = [0]
    find = text.find
    at = find("\n")
    while at >= 0:
        starts.append(at + 1)
        at = find("\n", at + 1)
    if offsets is not None and not offsets.identity:
        starts = [offsets.to_view(s) for s in starts]
    return starts


class SpanIndex:
    """The spans of one document in reading order, findable by text block.

    A mark lives in one sorted list; a mark that runs over a line break is
    also filed under each later block it reaches (`_spill`), so that a
    block's marks are one bisected slice plus those few.
    """

    def __init__(self, starts: list[int], marks: Iterable[Mark] = ()) -> None:
        self._starts = starts
        self._marks = list(marks)
        if any(a > b for a, b in zip(self._marks, self._marks[1:], strict=False)):
            self._marks.sort()
        self._by_id = {m.id: m for m in self._marks}
        self._spill: dict[int, list[Mark]] = {}
        self._runs: dict[int, list[Run]] = {}
        self._segments: dict[int, list[Segment]] = {}
        self._file_spill(self._marks)

    def _file_spill(self, marks: list[Mark]) -> None:
        starts, count = self._starts, len(self._starts)
        block, next_start = 0, starts[1] if count > 1 else _FAR
        for mark in marks:
            if mark[0] >= next_start:
                block = bisect_right(starts, mark[0]) - 1
                next_start = starts[block + 1] if block + 1 < count else _FAR
            if mark[1] > next_start:
                for later in range(block + 1, self.block_of(mark[1] - 1) + 1):
                    insort(self._spill.setdefault(later, []), mark)

    # --- contents ------------------------------------------------------------

    def __len__(self) -> int:
        return len(self._marks)

    def __contains__(self, span_id: object) -> bool:
        return span_id in self._by_id

    def get(self, span_id: int) -> Mark | None:
        return self._by_id.get(span_id)

    def marks(self) -> list[Mark]:
        """Every mark in reading order."""
        return list(self._marks)

    @property
    def block_count(self) -> int:
        return len(self._starts)

    def block_start(self, block: int) -> int:
        return self._starts[block]

    def block_of(self, position: int) -> int:
        return max(0, bisect_right(self._starts, position) - 1)

    def blocks_of(self, mark: Mark) -> range:
        """The block numbers a mark touches."""
        return range(self.block_of(mark.start), self.block_of(max(mark.start, mark.end - 1)) + 1)

    def in_block(self, block: int) -> list[Mark]:
        """The marks that touch one block, in reading order."""
        starts = self._starts
        if block + 1 < len(starts):
            lo = bisect_left(self._marks, (starts[block],))
            hi = bisect_left(self._marks, (starts[block + 1],), lo)
        else:
            lo, hi = bisect_left(self._marks, (starts[block],)), len(self._marks)
        spill = self._spill.get(block)
        own = self._marks[lo:hi]
        return spill + own if spill else own

    # --- edits -----------------------------------------------------------------

    def add(self, mark: Mark) -> range:
        """File a new mark; return the blocks whose drawing changes."""
        if mark.id in self._by_id:
            self.remove(mark.id)
        insort(self._marks, mark)
        self._by_id[mark.id] = mark
        blocks = self.blocks_of(mark)
        for block in blocks:
            if block != blocks.start:
                insort(self._spill.setdefault(block, []), mark)
            self._forget(block)
        return blocks

    def remove(self, span_id: int) -> range:
        """Drop a mark; return the blocks whose drawing changes (empty if unknown)."""
        mark = self._by_id.pop(span_id, None)
        if mark is None:
            return range(0)
        at = bisect_left(self._marks, mark)
        if at < len(self._marks) and self._marks[at] == mark:
            del self._marks[at]
        blocks = self.blocks_of(mark)
        for block in blocks:
            spill = self._spill.get(block)
            if spill and mark in spill:
                spill.remove(mark)
            self._forget(block)
        return blocks

    def _forget(self, block: int) -> None:
        self._runs.pop(block, None)
        self._segments.pop(block, None)

    # --- queries ---------------------------------------------------------------

    def at(self, position: int) -> list[Mark]:
        """The marks covering the character at `position`, innermost first."""
        found = [m for m in self.in_block(self.block_of(position)) if m.start <= position < m.end]
        found.sort(key=_inner_first)
        return found

    def overlapping(self, start: int, end: int) -> list[Mark]:
        """The marks that share at least one character with [start, end), in reading order."""
        seen: set[Mark] = set()
        for block in range(self.block_of(start), self.block_of(max(start, end - 1)) + 1):
            seen.update(m for m in self.in_block(block) if m.start < end and start < m.end)
        return sorted(seen)

    def after(self, span_id: int | None, position: int, step: int) -> Mark | None:
        """The next (step 1) or previous (step -1) mark in reading order, from a
        selected mark or, with none, from a text position; wraps around."""
        if not self._marks:
            return None
        mark = self._by_id.get(span_id) if span_id is not None else None
        if mark is not None:
            at = bisect_left(self._marks, mark) + step
        elif step > 0:
            at = bisect_left(self._marks, (position,))
        else:
            at = bisect_left(self._marks, (position,)) - 1
        return self._marks[at % len(self._marks)]

    def runs(self, block: int) -> list[Run]:
        """What to colour in one block: (start, length, label or labels), block-relative."""
        cached = self._runs.get(block)
        if cached is not None:
            return cached
        marks = self.in_block(block)
        if not marks:
            return []
        base, limit = self._starts[block], self._limit(block)
        result: list[Run] = []
        last_end = -1
        for start, end, _, label in marks:
            if start < last_end:
                result = [
                    (s.start, s.end - s.start, tuple(m.label for m in s.marks))
                    for s in self.segments(block)
                ]
                break
            last_end = end
            a = start - base if start > base else 0
            b = end - base if end - base < limit else limit
            result.append((a, b - a, label))
        self._runs[block] = result
        return result

    def segments(self, block: int) -> list[Segment]:
        """The runs of one block covered by spans, with block-relative offsets."""
        cached = self._segments.get(block)
        if cached is not None:
            return cached
        result = _sweep(self.in_block(block), self._starts[block], self._limit(block))
        self._segments[block] = result
        return result

    def nested(self, block: int) -> bool:
        """Whether spans overlap somewhere in this block."""
        return any(isinstance(run[2], tuple) for run in self.runs(block))

    def _limit(self, block: int) -> int:
        """The length of a block without its line break."""
        if block + 1 < len(self._starts):
            return self._starts[block + 1] - 1 - self._starts[block]
        return _FAR


def _inner_first(mark: Mark) -> tuple[int, int, int]:
    return (mark.end - mark.start, mark.start, mark.id)


def _sweep(marks: list[Mark], base: int, limit: int) -> list[Segment]:
    """Cut a block into runs where the set of covering marks is constant."""
    cuts = sorted(
        {min(limit, max(0, m.start - base)) for m in marks}
        | {min(limit, max(0, m.end - base)) for m in marks}
    )
    result: list[Segment] = []
    for a, b in pairwise(cuts):
        covering = [m for m in marks if m.start - base <= a and b <= m.end - base]
        if covering:
            covering.sort(key=_inner_first)
            result.append(Segment(a, b, tuple(covering)))
    return result
