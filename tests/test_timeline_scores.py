"""Story-event agreement against a reference written here from the definitions:
MUC by counting links over partitions, B-cubed per mention, CEAF-e with scipy's
linear_sum_assignment."""

from __future__ import annotations

import random
from collections.abc import Hashable

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import linear_sum_assignment

from annotations.timeline.scores import story_scores

Groups = list[set[Hashable]]


def ref_muc(key: Groups, response: Groups) -> tuple[float, float]:
    def recall(gold: Groups, other: Groups) -> float:
        num = den = 0
        for cluster in gold:
            parts = []
            for c in other:
                if cluster & c:
                    parts.append(cluster & c)
            covered = set().union(*parts) if parts else set()
            n_parts = len(parts) + len(cluster - covered)
            num += len(cluster) - n_parts
            den += len(cluster) - 1
        return num / den if den else 0.0
    return recall(response, key), recall(key, response)


def ref_b_cubed(key: Groups, response: Groups) -> tuple[float, float]:
    def recall(gold: Groups, other: Groups) -> float:
        mentions = [m for c in gold for m in c]
        if not mentions:
            return 0.0
        score = 0.0
        for m in mentions:
            g = next(c for c in gold if m in c)
            o = next((c for c in other if m in c), set())
            score += len(g & o) / len(g)
        return score / len(mentions)
    return recall(response, key), recall(key, response)


def ref_ceaf_e(key: Groups, response: Groups) -> tuple[float, float]:
    if not key or not response:
        return 0.0, 0.0
    phi = np.array([[2 * len(k & r) / (len(k) + len(r)) for r in response] for k in key])
    rows, cols = linear_sum_assignment(phi, maximize=True)
    best = phi[rows, cols].sum()
    return best / len(response), best / len(key)


def f1(p: float, r: float) -> float:
    return 0.0 if p + r == 0 else 2 * p * r / (p + r)


def random_partition(rng: random.Random, mentions: list[int]) -> Groups:
    groups: dict[int, set[Hashable]] = {}
    for m in mentions:
        groups.setdefault(rng.randrange(max(1, len(mentions) // 2)), set()).add(m)
    return list(groups.values())


@settings(max_examples=300, deadline=None)
@given(seed=st.integers(0, 10**9), n=st.integers(0, 40), keep=st.floats(0.3, 1.0))
def test_scores_match_the_reference(seed: int, n: int, keep: float) -> None:
    rng = random.Random(seed)
    mentions = list(range(n))
    key = random_partition(rng, [m for m in mentions if rng.random() < keep])
    response = random_partition(rng, [m for m in mentions if rng.random() < keep])
    got = story_scores(key, response)
    for name, (p, r) in (("muc", ref_muc(key, response)),
                         ("b_cubed", ref_b_cubed(key, response)),
                         ("ceaf_e", ref_ceaf_e(key, response))):
        prf = getattr(got, name)
        assert prf.precision == pytest.approx(p, abs=1e-9), name
        assert prf.recall == pytest.approx(r, abs=1e-9), name
    expected = (sum(f1(*fn(key, response)) for fn in (ref_muc, ref_b_cubed, ref_ceaf_e))) / 3
    assert got.conll == pytest.approx(expected, abs=1e-9)


def test_identical_groupings_score_one_and_disjoint_ones_zero() -> None:
    same = story_scores([{1, 2, 3}, {4, 5}], [{3, 2, 1}, {5, 4}])
    assert same.conll == pytest.approx(1.0)
    apart = story_scores([{1, 2}], [{3, 4}])
    assert apart.conll == 0.0


def test_worked_example() -> None:
    """Key {a,b,c} {d,e}; response {a,b} {c,d,e}: MUC R = (1+1)/(2+1), P = (1+1)/(1+2)."""
    got = story_scores([{"a", "b", "c"}, {"d", "e"}], [{"a", "b"}, {"c", "d", "e"}])
    assert got.muc.recall == pytest.approx(2 / 3) and got.muc.precision == pytest.approx(2 / 3)
    # B-cubed recall: a,b: 2/3 each; c: 1/3; d,e: 1 each -> (2/3+2/3+1/3+1+1)/5
    assert got.b_cubed.recall == pytest.approx((2 / 3 + 2 / 3 + 1 / 3 + 2) / 5)


def test_a_mention_in_two_groups_is_refused() -> None:
    with pytest.raises(ValueError, match="two story events"):
        story_scores([{1, 2}, {2, 3}], [{1}])
