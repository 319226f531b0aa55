"""The relations the article view draws, filed so that one edit or one frame
looks only at the arrows it concerns.

An arrow is filed under the first text block it touches, in a sorted list:
painting bisects for the arrows that can reach the blocks on screen, a
selected span finds its own arrows by id, and adding or removing one arrow
(a suggestion accepted, a link made) moves one entry, never re-sorting the
document's arrows. Nothing here imports Qt.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator, Mapping
from typing import NamedTuple

from app.spanindex import Mark, SpanIndex


class Ends(NamedTuple):
    """A relation as drawn: its two marks and the blocks they start in."""

    id: int
    label: str
    head: Mark
    child: Mark
    head_block: int
    child_block: int

    @property
    def first(self) -> int:
        return min(self.head_block, self.child_block)

    @property
    def last(self) -> int:
        return max(self.head_block, self.child_block)


def ends_of(index: SpanIndex, ident: int, label: str, head: Mark, child: Mark) -> Ends:
    """A relation between two marks, with the blocks they start in."""
    return Ends(ident, label, head, child, index.block_of(head.start), index.block_of(child.start))


def reach(index: SpanIndex, ends: Ends, lines: Mapping[int, tuple[int, int]],
          height: int) -> tuple[int, int] | None:
    """Between which heights of the screen an arrow's two ends lie, given the top
    and bottom of each block on screen (`lines`, not empty): each end is on its
    first line on screen, or on the edge (-6 or height + 6) where its span is
    off screen, as the view routes it. None when a block it spans is not on
    screen yet between ones that are (folded): the arrow is routed to know."""
    first, last = min(lines), max(lines)
    ys: list[int] = []
    for mark in (ends.head, ends.child):
        blocks = index.blocks_of(mark)
        if blocks[-1] < first:
            ys.append(-6)
        elif blocks[0] > last:
            ys.append(height + 6)
        else:
            top, bottom = lines.get(max(blocks[0], first)), lines.get(min(blocks[-1], last))
            if top is None or bottom is None:
                return None
            ys += (top[0], bottom[1])
    return min(ys), max(ys)


class RelationFile:
    """Arrows sorted by the first block they touch, findable by id and by end."""

    def __init__(self, ends: Iterable[Ends] = ()) -> None:
        # Sorted by key (first block, id): ids are unique, so no Ends is compared.
        keyed = sorted((min(e[4], e[5]), e[0], e) for e in ends)
        self._ends = [k[2] for k in keyed]
        self._keys = [k[:2] for k in keyed]  # the same order whatever came first
        self._reach = max((abs(e[4] - e[5]) for e in self._ends), default=0)
        self._by_id = {e.id: e for e in self._ends}
        self._by_span: dict[int, list[Ends]] = {}
        by_span = self._by_span
        for filed in self._ends:
            head, child = filed.head.id, filed.child.id
            by_span.setdefault(head, []).append(filed)
            if child != head:
                by_span.setdefault(child, []).append(filed)

    def __len__(self) -> int:
        return len(self._ends)

    def __iter__(self) -> Iterator[Ends]:
        return iter(self._ends)

    def __bool__(self) -> bool:
        return bool(self._ends)

    def get(self, ident: int) -> Ends | None:
        return self._by_id.get(ident)

    def touching(self, span_id: int | None) -> list[Ends]:
        """The arrows with the span `span_id` at one end."""
        return [] if span_id is None else list(self._by_span.get(span_id, ()))

    def is_endpoint(self, span_id: int) -> bool:
        return span_id in self._by_span

    def reaching(self, low: int, high: int) -> list[Ends]:
        """The arrows that can reach blocks `low` to `high` (a superset: the caller
        checks each against the lines on screen)."""
        first = bisect_left(self._keys, (low - self._reach,))
        last = bisect_left(self._keys, (high + 1,), first)
        return [e for e in self._ends[first:last] if e.last >= low]

    def add(self, ends: Ends) -> None:
        if ends.id in self._by_id:
            self.remove(ends.id)
        key = _key(ends)
        at = bisect_right(self._keys, key)
        self._ends.insert(at, ends)
        self._keys.insert(at, key)
        self._reach = max(self._reach, ends.last - ends.first)
        self._by_id[ends.id] = ends
        self._file_ends(ends)

    def remove(self, ident: int) -> Ends | None:
        """Drop an arrow by id; the arrow, or None when it was not filed."""
        ends = self._by_id.pop(ident, None)
        if ends is None:
            return None
        at = bisect_left(self._keys, _key(ends))
        del self._ends[at], self._keys[at]
        for span_id in {ends.head.id, ends.child.id}:
            kept = [e for e in self._by_span.get(span_id, ()) if e.id != ident]
            if kept:
                self._by_span[span_id] = kept
            else:
                self._by_span.pop(span_id, None)
        return ends

    def _file_ends(self, ends: Ends) -> None:
        for span_id in {ends.head.id, ends.child.id}:
            self._by_span.setdefault(span_id, []).append(ends)


def _key(ends: Ends) -> tuple[int, int]:
    return ends.first, ends.id
