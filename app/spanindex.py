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
from operator import itemgetter, sub
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


Run = tuple[int, int, str]
"""A highlighted run of a block: block-relative start, length and label."""

_FAR = 1 << 62
# Characters QTextDocument takes as block separators besides "\n"; shown as
# one character each so that view offsets stay the text's offsets.
_BLOCK_BREAKS = {0x2029: 0x0A, 0x0D: 0x20, 0xFDD0: 0x20, 0xFDD1: 0x20}
_START, _END, _ID = itemgetter(0), itemgetter(1), itemgetter(2)


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


def displayable(text: str) -> str:
    """The text as the view shows it: same length, "\\n" the only block break."""
    if "\r" in text or "\u2029" in text or "\ufdd0" in text or "\ufdd1" in text:
        return text.translate(_BLOCK_BREAKS)
    return text


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

    Marks live in one sorted list, so a block's marks are one bisected slice
    plus the marks that start in an earlier block and run into it (found
    once per block, looking back no further than the longest mark).
    Building the index is a sort and two C-level passes: nothing is filed
    per block until that block is drawn.
    """

    def __init__(self, starts: list[int], marks: Iterable[Mark] = ()) -> None:
        self._starts = starts
        self._marks = sorted(marks)
        self._by_id = dict(zip(map(_ID, self._marks), self._marks, strict=True))
        self._reach = max(map(sub, map(_END, self._marks), map(_START, self._marks)),
                          default=0)
        self._spill: dict[int, list[Mark]] = {}
        self._runs: dict[int, list[Run]] = {}
        self._nested: set[int] = set()
        self._segments: dict[int, list[Segment]] = {}

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

    def block_of(self, position: int) -> int:
        return max(0, bisect_right(self._starts, position) - 1)

    def blocks_of(self, mark: Mark) -> range:
        """The block numbers a mark touches."""
        return range(self.block_of(mark.start), self.block_of(max(mark.start, mark.end - 1)) + 1)

    def in_block(self, block: int) -> list[Mark]:
        """The marks that touch one block, in reading order."""
        starts, marks = self._starts, self._marks
        first = starts[block]
        lo = bisect_left(marks, (first,))
        more = block + 1 < len(starts)
        hi = bisect_left(marks, (starts[block + 1],), lo) if more else len(marks)
        own = marks[lo:hi]
        if block == 0 or not self._reach:
            return own
        spill = self._spill.get(block)
        if spill is None:
            back = bisect_left(marks, (first - self._reach,), 0, lo)
            spill = [m for m in marks[back:lo] if m.end > first]
            self._spill[block] = spill
        return spill + own if spill else own

    # --- edits -----------------------------------------------------------------

    def add(self, mark: Mark) -> range:
        """File a new mark; return the blocks whose drawing changes."""
        if mark.id in self._by_id:
            self.remove(mark.id)
        insort(self._marks, mark)
        self._by_id[mark.id] = mark
        self._reach = max(self._reach, mark.end - mark.start)
        blocks = self.blocks_of(mark)
        for block in blocks:
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
            self._forget(block)
        return blocks

    def _forget(self, block: int) -> None:
        self._spill.pop(block, None)
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
        """What to colour in one block: (start, length, label), block-relative.

        Where spans overlap, the longer ones come first, so that the
        innermost, applied last, fills the text it covers; the view draws
        the outer ones as bars (see `segments`).
        """
        cached = self._runs.get(block)
        if cached is not None:
            return cached
        base, limit = self._starts[block], self._limit(block)
        result: list[Run] = []
        cluster: list[tuple[int, int, int, Run]] = []
        reach = -1
        nested = False
        for start, end, ident, label in self.in_block(block):
            a = start - base if start > base else 0
            b = end - base if end - base < limit else limit
            item = (end - start, start, ident, (a, b - a, label))
            if start < reach:
                nested = True
                cluster.append(item)
                if end > reach:
                    reach = end
                continue
            _emit(cluster, result)
            cluster = [item]
            reach = end
        _emit(cluster, result)
        if nested:
            self._nested.add(block)
        else:
            self._nested.discard(block)
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
        self.runs(block)
        return block in self._nested

    def _limit(self, block: int) -> int:
        """The length of a block without its line break."""
        if block + 1 < len(self._starts):
            return self._starts[block + 1] - 1 - self._starts[block]
        return _FAR


def _emit(cluster: list[tuple[int, int, int, Run]], result: list[Run]) -> None:
    """Add a cluster of overlapping runs, outermost first."""
    if len(cluster) == 1:
        result.append(cluster[0][3])
    elif cluster:
        cluster.sort(reverse=True)
        result.extend(item[3] for item in cluster)


def _inner_first(mark: Mark) -> tuple[int, int, int]:
    return (mark.end - mark.start, mark.start, mark.id)


def _sweep(marks: list[Mark], base: int, limit: int) -> list[Segment]:
    """Cut a block into runs where the set of covering marks is constant."""
    opening: dict[int, list[Mark]] = {}
    closing: dict[int, list[Mark]] = {}
    for mark in marks:
        a = min(limit, max(0, mark.start - base))
        b = min(limit, max(0, mark.end - base))
        if a < b:
            opening.setdefault(a, []).append(mark)
            closing.setdefault(b, []).append(mark)
    cuts = sorted(opening.keys() | closing.keys())
    active: list[Mark] = []
    result: list[Segment] = []
    for a, b in pairwise(cuts):
        for mark in closing.get(a, ()):
            active.remove(mark)
        active += opening.get(a, ())
        if active:
            inner = tuple(sorted(active, key=_inner_first)) if len(active) > 1 else (active[0],)
            result.append(Segment(a, b, inner))
    return result
