"""Story-event agreement against a reference written here from the definitions:
MUC by counting links over partitions, B-cubed per mention, CEAF-e with scipy's
linear_sum_assignment."""

from __future__ import annotations

import random
from collections.abc import Hashable
from pathlib import Path

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


def test_two_annotators_story_events_compared_by_their_spans(tmp_path: Path) -> None:
    """Story events of two annotators over the same EVENT spans: mentions are matched by
    document and offsets, not by span id."""
    from annotations.store import Project
    from annotations.store.stories import create_story
    from annotations.timeline.agree import story_agreement, story_report
    from tests.timeline_story import STORIES, load_story

    with Project.create(tmp_path / "p.db") as project:
        alice = load_story(project, "alice")
        bob_events: dict[tuple[int, str], int] = {}
        for key, span_id in alice.events.items():
            span = project.span(span_id)
            bob_events[key] = project.add_span(span.document_id, "bob", "EVENT", span.start,
                                               span.end, span.attrs).id
        for name, keys in STORIES.items():
            create_story(project, "alice", name, [alice.events[k] for k in keys])
        # Bob splits the fire in two and leaves the resumption out.
        fire = STORIES["The engine fire"]
        create_story(project, "bob", "fire", [bob_events[k] for k in fire[:2]])
        create_story(project, "bob", "fire 2", [bob_events[k] for k in fire[2:]])
        create_story(project, "bob", "suspended",
                     [bob_events[k] for k in STORIES["Crossings suspended"]])
        got = story_agreement(project, "alice", "bob")
        alice_groups = [{(project.span(alice.events[k]).document_id,
                          project.span(alice.events[k]).start) for k in keys}
                        for keys in STORIES.values()]
        bob_groups = [{(project.span(bob_events[k]).document_id, project.span(bob_events[k]).start)
                       for k in keys} for keys in (fire[:2], fire[2:],
                                                   STORIES["Crossings suspended"])]
        expected = story_scores(alice_groups, bob_groups)
        assert got.as_dict() == pytest.approx(expected.as_dict(), abs=1e-9)
        assert got.muc.precision == pytest.approx(1.0)  # every link bob made, alice made
        report = story_report(project, ["alice", "bob"])
        assert report["story_events"] == {"alice": 3, "bob": 3}
        assert report["pairs"]["alice~bob"]["conll"] == pytest.approx(got.conll)


def test_document_ids_parse_with_ranges_and_refuse_the_rest() -> None:
    from annotations.cli.timeline import parse_ids
    from annotations.errors import DatelineError

    assert parse_ids("3, 5,9-11,5") == [3, 5, 9, 10, 11]
    assert parse_ids(None) is None
    with pytest.raises(DatelineError, match="'x7' is not a document id"):
        parse_ids("1,x7")
    with pytest.raises(DatelineError, match="runs backwards"):
        parse_ids("9-3")
