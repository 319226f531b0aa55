"""Chance-corrected coefficients on coded units: Cohen's and Fleiss' kappa,
Krippendorff's nominal alpha, with their binary fast paths."""


from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

from annotations.errors import ValidationError
from annotations.measures.study import NAN, Bools, Ints

if TYPE_CHECKING:
    pass


# --- coefficients on coded units ---------------------------------------------------


def cohen_kappa(x: npt.ArrayLike, y: npt.ArrayLike) -> float:
    """Cohen's kappa of two codings of the same units (any hashable codes).

    Equals scikit-learn's `cohen_kappa_score(x, y)`; NaN where that is
    undefined (no units, or both coders used one and the same code only).
    """
    a, b = np.asarray(x), np.asarray(y)
    if a.shape != b.shape:
        raise ValidationError(f"cohen_kappa: {a.shape} and {b.shape} codings differ in size")
    if a.size == 0:
        return NAN
    codes, k = _dense_codes(np.concatenate([a.ravel(), b.ravel()]))
    codes = codes.reshape(2, -1)
    confusion = np.bincount(codes[0] * k + codes[1], minlength=k * k).reshape(k, k)
    return _kappa_from_confusion(confusion.astype(np.float64))


def _dense_codes(values: npt.NDArray[Any]) -> tuple[Ints, int]:
    """Each value's rank among the distinct values (as `np.unique`'s inverse),
    and how many distinct values there are; by counting for small
    non-negative integers, which is much faster than sorting."""
    if values.dtype.kind in "iu" and values.min() >= 0 and values.max() <= 4 * len(values):
        present = np.bincount(values) > 0
        rank = np.cumsum(present) - 1
        return rank[values].astype(np.int64), int(present.sum())
    distinct, inverse = np.unique(values, return_inverse=True)
    return inverse.astype(np.int64), len(distinct)


def _kappa_from_confusion(confusion: npt.NDArray[np.float64]) -> float:
    total = confusion.sum()
    if total == 0:
        return NAN
    expected = np.outer(confusion.sum(axis=0), confusion.sum(axis=1)) / total
    off = ~np.eye(len(confusion), dtype=bool)
    denominator = expected[off].sum()
    if denominator == 0:
        return NAN
    return float(1 - confusion[off].sum() / denominator)


def binary_cohen_kappa(x: Bools, y: Bools) -> float:
    """Cohen's kappa of two 0/1 codings (fast path of `cohen_kappa`)."""
    n = len(x)
    if n == 0:
        return NAN
    both = int(np.count_nonzero(x & y))
    ones_x, ones_y = int(np.count_nonzero(x)), int(np.count_nonzero(y))
    n10, n01 = ones_x - both, ones_y - both
    n00 = n - both - n10 - n01
    confusion = np.array([[n00, n01], [n10, both]], dtype=np.float64)
    return _kappa_from_confusion(confusion)


def fleiss_kappa(table: npt.ArrayLike) -> float:
    """Fleiss' kappa of a units x categories table of counts (every unit
    rated by the same number of raters), as statsmodels' `fleiss_kappa`.

    NaN when the expected agreement is 1 (one category used throughout).
    """
    counts = np.asarray(table, dtype=np.float64)
    if counts.size == 0:
        return NAN
    raters = counts.sum(axis=1).max()
    if raters < 2:
        return NAN
    p_category = counts.sum(axis=0) / counts.sum()
    p_unit = ((counts * counts).sum(axis=1) - raters) / (raters * (raters - 1.0))
    return _chance_corrected(float(p_unit.mean()), float((p_category**2).sum()))


def _chance_corrected(observed: float, expected: float) -> float:
    if expected == 1.0:
        return NAN
    return (observed - expected) / (1 - expected)


def ones_histogram(ones: npt.NDArray[np.integer[Any]], raters: int) -> Ints:
    """How many units were coded 1 by 0, 1, ..., `raters` raters."""
    return np.bincount(ones, minlength=raters + 1).astype(np.int64)


def binary_fleiss_kappa(ones: npt.NDArray[np.integer[Any]], raters: int) -> float:
    """Fleiss' kappa where unit u was coded 1 by `ones[u]` of `raters` raters."""
    if len(ones) == 0 or raters < 2:
        return NAN
    return fleiss_kappa_of_histogram(ones_histogram(ones, raters), raters)


def fleiss_kappa_of_histogram(counts: Ints, raters: int) -> float:
    """Fleiss' kappa of 0/1 codings from `ones_histogram`."""
    units = int(counts.sum())
    if units == 0 or raters < 2:
        return NAN
    histogram = counts.astype(np.float64)
    k = np.arange(raters + 1, dtype=np.float64)
    sum_squares = float((histogram * (k * k + (raters - k) ** 2)).sum())
    p_unit_mean = (sum_squares - units * raters) / (raters * (raters - 1.0)) / units
    share_ones = float((histogram * k).sum()) / (units * raters)
    expected = share_ones**2 + (1 - share_ones) ** 2
    return _chance_corrected(p_unit_mean, expected)


def krippendorff_alpha_nominal(value_counts: npt.ArrayLike) -> float:
    """Krippendorff's alpha, nominal, from a units x values table of counts,
    as the `krippendorff` package computes it (units coded fewer than twice
    are not pairable and are left out). NaN when fewer than two values occur.
    """
    counts = np.asarray(value_counts, dtype=np.float64)
    if counts.size == 0:
        return NAN
    coders = counts.sum(axis=1)
    counts = counts[coders >= 2]
    coders = coders[coders >= 2]
    n_value = counts.sum(axis=0)
    n = n_value.sum()
    if n <= 1:
        return NAN
    disagreeing = (coders**2 - (counts**2).sum(axis=1)) / (coders - 1)
    observed = float(disagreeing.sum())
    expected = float((n * n - (n_value**2).sum()) / (n - 1))
    if expected == 0:
        return NAN
    return 1 - observed / expected


def binary_krippendorff_alpha(ones: npt.NDArray[np.integer[Any]], raters: int) -> float:
    """Krippendorff's alpha (nominal) where every unit was coded by all
    `raters` raters and unit u was coded 1 by `ones[u]` of them."""
    if len(ones) == 0 or raters < 2:
        return NAN
    return krippendorff_alpha_of_histogram(ones_histogram(ones, raters), raters)


def krippendorff_alpha_of_histogram(counts: Ints, raters: int) -> float:
    """Krippendorff's alpha (nominal) of 0/1 codings from `ones_histogram`."""
    units = int(counts.sum())
    if units == 0 or raters < 2:
        return NAN
    histogram = counts.astype(np.float64)
    k = np.arange(raters + 1, dtype=np.float64)
    observed = float((histogram * 2 * k * (raters - k)).sum()) / (raters - 1)
    n1 = float((histogram * k).sum())
    n = float(units * raters)
    n0 = n - n1
    expected = 2 * n0 * n1 / (n - 1)
    if expected == 0:
        return NAN
    return 1 - observed / expected
