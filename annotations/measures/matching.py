"""Matching spans of two annotators (exact and overlap, one to one), F1, and token coverage."""


from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from annotations.measures.study import NAN, Bools, Ints

if TYPE_CHECKING:
    pass


# --- span matching --------------------------------------------------------------------


def overlapping_pairs(a_s: Ints, a_e: Ints, b_s: Ints, b_e: Ints) -> tuple[Ints, Ints]:
    """Every (i, j) with span a[i] overlapping span b[j]; b sorted by start.

    Works for layers whose spans overlap each other too: a span of b that
    overlaps a[i] starts after a[i].start - (longest b span).
    """
    if len(a_s) == 0 or len(b_s) == 0:
        none = np.zeros(0, dtype=np.int64)
        return none, none.copy()
    longest = int((b_e - b_s).max())
    lo = np.searchsorted(b_s, a_s - longest, side="right")
    hi = np.searchsorted(b_s, a_e, side="left")
    counts = np.maximum(hi - lo, 0)
    total = int(counts.sum())
    ai = np.repeat(np.arange(len(a_s), dtype=np.int64), counts)
    first = np.repeat(lo - (np.cumsum(counts) - counts), counts)
    bi = first + np.arange(total, dtype=np.int64)
    keep = b_e[bi] > a_s[ai]
    return ai[keep], bi[keep]


def overlap_matches(
    a_s: Ints, a_e: Ints, b_s: Ints, b_e: Ints,
    *, overlapping: tuple[Ints, Ints] | None = None,
) -> tuple[Ints, Ints]:
    """Match spans of a and b one to one by overlap, largest overlap first
    (ties: earlier a, then earlier b). b must be sorted by start.
    overlapping: their `overlapping_pairs`, when the caller has them."""
    ai, bi = overlapping_pairs(a_s, a_e, b_s, b_e) if overlapping is None else overlapping
    if len(ai) == 0:
        return ai, bi
    a_degree = np.bincount(ai, minlength=len(a_s))
    b_degree = np.bincount(bi, minlength=len(b_s))
    alone = (a_degree[ai] == 1) & (b_degree[bi] == 1)
    rest_a, rest_b = ai[~alone], bi[~alone]
    if len(rest_a) == 0:
        return ai, bi
    overlap = np.minimum(a_e[rest_a], b_e[rest_b]) - np.maximum(a_s[rest_a], b_s[rest_b])
    order = np.lexsort((rest_b, rest_a, -overlap))
    used_a: set[int] = set()
    used_b: set[int] = set()
    picked_a: list[int] = []
    picked_b: list[int] = []
    for i, j in zip(rest_a[order].tolist(), rest_b[order].tolist(), strict=True):
        if i in used_a or j in used_b:
            continue
        used_a.add(i)
        used_b.add(j)
        picked_a.append(i)
        picked_b.append(j)
    return (
        np.concatenate([ai[alone], np.array(picked_a, dtype=np.int64)]),
        np.concatenate([bi[alone], np.array(picked_b, dtype=np.int64)]),
    )


@dataclass
class Overlaps:
    """The `overlapping_pairs` and `overlap_matches` of two annotators' layers
    of one label (sorted by start, then end), each computed once and shared
    by the measures that need them (overlap F1, alpha_u, label confusion)."""

    layers: Mapping[tuple[str, int], tuple[Ints, Ints]]
    _pairs: dict[tuple[str, str, int], tuple[Ints, Ints]] = field(default_factory=dict)
    _matches: dict[tuple[str, str, int], tuple[Ints, Ints]] = field(default_factory=dict)

    def pairs(self, a: str, b: str, label: int) -> tuple[Ints, Ints]:
        key = (a, b, label)
        if key not in self._pairs:
            self._pairs[key] = overlapping_pairs(*self.layers[(a, label)],
                                                 *self.layers[(b, label)])
        return self._pairs[key]

    def matches(self, a: str, b: str, label: int) -> tuple[Ints, Ints]:
        key = (a, b, label)
        if key not in self._matches:
            self._matches[key] = overlap_matches(
                *self.layers[(a, label)], *self.layers[(b, label)],
                overlapping=self.pairs(a, b, label))
        return self._matches[key]


def f1(matches: int, a: int, b: int) -> float:
    """2 * matches / (a + b); NaN when neither side has anything."""
    return NAN if a + b == 0 else 2.0 * matches / (a + b)


def row_codes(*columns: Ints) -> Ints:
    """One integer per row so that equal rows get equal codes (0, 1, ...)."""
    n = len(columns[0])
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    order = np.lexsort(columns[::-1])
    changed = np.zeros(n, dtype=bool)
    changed[0] = True
    for col in columns:
        ordered = col[order]
        changed[1:] |= ordered[1:] != ordered[:-1]
    codes = np.empty(n, dtype=np.int64)
    codes[order] = np.cumsum(changed) - 1
    return codes


def exact_matches(a_codes: Ints, b_codes: Ints) -> int:
    """How many spans match exactly, counting a repeated span at most as
    often as both sides have it."""
    if len(a_codes) == 0 or len(b_codes) == 0:
        return 0
    size = int(max(a_codes.max(), b_codes.max())) + 1
    return int(np.minimum(np.bincount(a_codes, minlength=size),
                          np.bincount(b_codes, minlength=size)).sum())


# --- token coding -------------------------------------------------------------------------


def token_coverage(token_starts: Ints, token_ends: Ints, starts: Ints, ends: Ints) -> Bools:
    """Which tokens overlap at least one of the spans."""
    n = len(token_starts)
    if len(starts) == 0:
        return np.zeros(n, dtype=bool)
    first = np.searchsorted(token_ends, starts, side="right")
    stop = np.searchsorted(token_starts, ends, side="left")
    keep = stop > first
    first, stop = first[keep], stop[keep]
    if len(first) == 0:
        return np.zeros(n, dtype=bool)
    if np.any(first[1:] < first[:-1]):
        order = np.argsort(first, kind="stable")
        first, stop = first[order], stop[order]
    # Merge the token ranges into runs, then write the array as gap, run, gap, ..., gap.
    reach = np.maximum.accumulate(stop)
    new = np.ones(len(first), dtype=bool)
    new[1:] = first[1:] > reach[:-1]
    last_of_run = np.append(np.flatnonzero(new)[1:] - 1, len(first) - 1)
    edges = np.empty(2 * len(last_of_run) + 2, dtype=np.int64)
    edges[0], edges[-1] = 0, n
    edges[1:-1:2] = first[new]
    edges[2:-1:2] = reach[last_of_run]
    runs = np.zeros(len(edges) - 1, dtype=bool)
    runs[1::2] = True
    return np.repeat(runs, np.diff(edges))
