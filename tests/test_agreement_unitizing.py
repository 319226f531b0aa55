"""Krippendorff's unitizing alpha against the worked examples of the
literature, with the figures and tolerances DKPro Agreement's own tests use
(dkpro-statistics: unitizing/Krippendorff1995Test, Krippendorff2004Test,
UnitizingAgreementTest)."""

from __future__ import annotations

import math

import pytest

from annotations.errors import ValidationError
from annotations.measures import alpha_u

Units = list[tuple[int, int]]  # (offset, length), as DKPro's addUnit takes them


def layers(*raters: Units, stretch: float = 1.0) -> list[tuple[list[int], list[int]]]:
    """Per rater (starts, ends) from (offset, length) pairs stretched like
    DKPro's `(int) (x * stretch)`."""
    return [
        ([int(o * stretch) for o, _ in units],
         [int(o * stretch) + int(n * stretch) for o, n in units])
        for units in raters
    ]


# Krippendorff (2004: p. 254): continuum 150..450, two observers.
K2004_C = layers([(225, 70), (370, 30)], [(220, 80), (355, 20), (400, 20)])
K2004_K = layers([(180, 60), (300, 50)], [(180, 60), (300, 50)])

# Krippendorff (1995: p. 57): four categories, two coders each, continuum 0..24.
K1995: dict[str, tuple[Units, Units]] = {
    "A": ([(2, 8), (14, 6)], [(4, 4), (15, 2)]),
    "B": ([(0, 18)], [(0, 2), (2, 1), (3, 1), (4, 1), (5, 1), (6, 3), (9, 1)]),
    "C": ([(2, 6), (10, 2), (14, 4), (20, 2)], [(0, 2), (4, 4), (10, 4), (16, 2), (20, 2)]),
    "D": ([(0, 2), (2, 8), (10, 4), (14, 6), (20, 4)],
          [(0, 4), (4, 4), (8, 7), (15, 2), (17, 7)]),
}


def test_krippendorff_2004_category_c() -> None:
    result = alpha_u(K2004_C, 150, 300)
    assert result.observed == pytest.approx(0.0144, abs=1e-4)
    assert result.expected == pytest.approx(0.0532, abs=1e-4)
    assert result.alpha == pytest.approx(0.7286, abs=1e-4)


def test_krippendorff_2004_category_k_is_perfect() -> None:
    result = alpha_u(K2004_K, 150, 300)
    assert result.observed == 0.0
    assert result.expected == pytest.approx(0.0490, abs=1e-4)
    assert result.alpha == 1.0


def test_krippendorff_2004_overall() -> None:
    # DKPro's overall figure averages D_o and D_e over the categories.
    c, k = alpha_u(K2004_C, 150, 300), alpha_u(K2004_K, 150, 300)
    overall = 1 - (c.observed + k.observed) / (c.expected + k.expected)
    assert overall == pytest.approx(0.8591, abs=5e-4)


@pytest.mark.parametrize(
    ("category", "observed"),
    [("A", 0.03125), ("B", 2.26736), ("C", 0.02777), ("D", 0.38715)],
)
def test_krippendorff_1995_observed(category: str, observed: float) -> None:
    assert alpha_u(layers(*K1995[category]), 0, 24).observed == pytest.approx(
        observed, abs=1e-5
    )


@pytest.mark.parametrize(
    ("category", "expected", "alpha"),
    [("A", 0.06990, 0.553), ("B", 1.17731, -0.926), ("C", 0.08642, 0.679),
     ("D", 0.41445, 0.066)],
)
def test_krippendorff_1995_stretched(category: str, expected: float, alpha: float) -> None:
    # The paper's D_e holds in the limit of a fine continuum (DKPro: stretch 50,000).
    stretch = 1_200_000 / 24
    result = alpha_u(layers(*K1995[category], stretch=stretch), 0, int(24 * stretch))
    assert result.expected == pytest.approx(expected, abs=0.005)
    assert result.alpha == pytest.approx(alpha, abs=0.02)


def test_krippendorff_1995_c_at_half_stretch_matches_dkpro_exactly() -> None:
    result = alpha_u(layers(*K1995["C"], stretch=0.5), 0, 12)
    assert result.observed == pytest.approx(0.02777, abs=1e-5)
    assert result.expected == pytest.approx(0.05494, abs=1e-5)
    assert result.alpha == pytest.approx(0.494, abs=0.02)


def test_dkpro_unitizing_example() -> None:
    # r0: -11111111-   r1: --1-1-1---
    result = alpha_u(layers([(1, 8)], [(2, 1), (4, 1), (6, 1)]), 0, 10)
    assert result.observed == pytest.approx(0.9100, abs=1e-4)
    assert result.expected == pytest.approx(0.5351, abs=1e-4)
    assert result.alpha == pytest.approx(-0.7003, abs=1e-4)


def test_single_unit_gives_zero() -> None:
    result = alpha_u(layers([(0, 1)], [], []), 0, 20)
    assert result.alpha == pytest.approx(0.0, abs=1e-12)


def test_no_units_gives_nan() -> None:
    assert math.isnan(alpha_u(layers([], [], []), 0, 20).alpha)


@pytest.mark.parametrize(
    ("first", "second", "distance"),
    [((225, 70), (220, 80), 50.0), ((370, 30), (355, 20), 850.0)],
)
def test_distance_of_overlapping_units(
    first: tuple[int, int], second: tuple[int, int], distance: float
) -> None:
    # Two raters, one unit each, overlapping: D_o = 2 * d / (R L^2).
    length = 1000
    result = alpha_u(layers([first], [second]), 0, length)
    assert result.observed == pytest.approx(distance / length**2, rel=1e-12)


def test_unit_inside_a_gap_costs_its_length_squared() -> None:
    # DKPro Krippendorff2004Test: gap (400, 50) against unit (400, 20) is 400.
    length = 1000
    result = alpha_u(layers([], [(400, 20)]), 0, length)
    assert result.observed == pytest.approx(400 / length**2, rel=1e-12)


def test_overlapping_units_of_one_rater_are_refused() -> None:
    with pytest.raises(ValidationError, match="overlap"):
        alpha_u(layers([(0, 5), (3, 4)], [(0, 2)]), 0, 20)


def test_one_rater_is_refused() -> None:
    with pytest.raises(ValidationError, match="two raters"):
        alpha_u(layers([(0, 5)]), 0, 20)
