"""Krippendorff's (1995) unitizing alpha over characters, as DKPro Agreement computes it."""


from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

from annotations.errors import ValidationError
from annotations.measures.matching import overlapping_pairs
from annotations.measures.study import NAN, Ints

if TYPE_CHECKING:
    pass


# --- Krippendorff's unitizing alpha -----------------------------------------------------


@dataclass(frozen=True)
class UnitizingResult:
    alpha: float
    observed: float
    expected: float


def alpha_u(
    units: Sequence[tuple[npt.ArrayLike, npt.ArrayLike]], begin: int, length: int,
    *, overlapping: Sequence[tuple[Ints, Ints]] | None = None,
) -> UnitizingResult:
    """Krippendorff's (1995) alpha_u of one category, as DKPro Agreement's
    `KrippendorffAlphaUnitizingAgreement.calculateCategoryAgreement`.

    units: per rater, the (starts, ends) of its units of the category, end
    exclusive, not overlapping; the continuum is [begin, begin + length).
    Returns alpha with the observed and expected disagreement; alpha is NaN
    when no rater marked a unit and 0.0 when both disagreements are equal.
    overlapping: the `overlapping_pairs` of each pair of raters (i < j, in
    order) when the caller has them already, for units sorted by start.

    Raises ValidationError for fewer than two raters, an empty continuum, a
    unit outside it, overlapping units of one rater, or `overlapping` given
    for units not sorted by start.
    """
    raters = len(units)
    if raters < 2:
        raise ValidationError("alpha_u needs at least two raters")
    if length <= 0:
        raise ValidationError("alpha_u needs a continuum of positive length")
    layers = [_sorted_units(s, e, begin, length) for s, e in units]
    if overlapping is not None and any(np.any(s[1:] < s[:-1]) for s, _ in units
                                       if isinstance(s, np.ndarray)):
        raise ValidationError("alpha_u: overlapping pairs given for units not sorted by start")
    if sum(len(s) for s, _ in layers) == 0:
        return UnitizingResult(NAN, 0.0, 0.0)
    known = iter(overlapping) if overlapping is not None else None
    observed = 0.0
    for i in range(raters):
        for j in range(i + 1, raters):
            pairs = next(known) if known is not None else None
            observed += _unitizing_pair_distance(layers[i], layers[j], pairs)
    observed = observed * 2.0 / (raters * (raters - 1) * float(length) * float(length))
    expected = _unitizing_expected(layers, begin, length)
    if observed == expected:
        return UnitizingResult(0.0, observed, expected)
    return UnitizingResult(1.0 - observed / expected, observed, expected)


def _sorted_units(
    starts: npt.ArrayLike, ends: npt.ArrayLike, begin: int, length: int
) -> tuple[Ints, Ints]:
    s = np.asarray(starts, dtype=np.int64)
    e = np.asarray(ends, dtype=np.int64)
    if np.any(s[1:] < s[:-1]):
        order = np.argsort(s, kind="stable")
        s, e = s[order], e[order]
    if len(s) and (s.min() < begin or e.max() > begin + length or np.any(e <= s)):
        raise ValidationError(
            f"alpha_u: a unit lies outside the continuum {begin}-{begin + length} "
            "or is empty"
        )
    if len(s) > 1 and np.any(e[:-1] > s[1:]):
        raise ValidationError("alpha_u: units of one rater overlap")
    return s, e


def _unitizing_pair_distance(
    a: tuple[Ints, Ints], b: tuple[Ints, Ints], pairs: tuple[Ints, Ints] | None = None
) -> float:
    """Sum of DKPro's segment distances between two raters' unitizations:
    overlapping units (b1-b2)^2 + (e1-e2)^2, a unit inside the other's gap
    its length squared, everything else 0."""
    (a_s, a_e), (b_s, b_e) = a, b
    ai, bi = overlapping_pairs(a_s, a_e, b_s, b_e) if pairs is None else pairs
    both = float(((a_s[ai] - b_s[bi]) ** 2 + (a_e[ai] - b_e[bi]) ** 2).sum())
    alone_a = np.ones(len(a_s), dtype=bool)
    alone_a[ai] = False
    alone_b = np.ones(len(b_s), dtype=bool)
    alone_b[bi] = False
    lengths_a = (a_e - a_s)[alone_a].astype(np.float64)
    lengths_b = (b_e - b_s)[alone_b].astype(np.float64)
    return both + float((lengths_a**2).sum()) + float((lengths_b**2).sum())


def _gaps(starts: Ints, ends: Ints, begin: int, length: int) -> Ints:
    edges_from = np.concatenate([np.array([begin], dtype=np.int64), ends])
    edges_to = np.concatenate([starts, np.array([begin + length], dtype=np.int64)])
    gaps: Ints = edges_to - edges_from
    return gaps[gaps > 0]


def _unitizing_expected(layers: list[tuple[Ints, Ints]], begin: int, length: int) -> float:
    raters = len(layers)
    whole = np.concatenate([e - s for s, e in layers])
    lengths = whole.astype(np.float64)
    gaps = np.sort(np.concatenate([_gaps(s, e, begin, length) for s, e in layers]))
    gaps_f = gaps.astype(np.float64)
    suffix = np.concatenate([np.cumsum(gaps_f[::-1])[::-1], [0.0]])
    first = _first_at_least(gaps, whole)
    fitting = len(gaps) - first
    room = suffix[first] - (lengths - 1.0) * fitting  # sum over gaps g >= l of (g - l + 1)
    n_units = len(lengths)
    within = (n_units - 1.0) * (2 * lengths**3 - 3 * lengths**2 + lengths) / 3.0
    total = float((within + lengths**2 * room).sum())
    total *= 2.0 / length
    rl = float(raters) * float(length)
    return total / (rl * (rl - 1.0) - float((lengths * (lengths - 1.0)).sum()))


def _first_at_least(ordered: Ints, values: Ints) -> Ints:
    """np.searchsorted(ordered, values): through a table of every value up to
    the largest when that is short (unit lengths are), else directly."""
    if len(values) == 0:
        return values
    top = int(values.max())
    if int(values.min()) >= 0 and top <= len(values):
        table = np.searchsorted(ordered, np.arange(top + 1, dtype=np.int64), side="left")
        return np.asarray(table[values], dtype=np.int64)
    return np.searchsorted(ordered, values, side="left").astype(np.int64)
