"""Agreement on story events: the coreference scores MUC, B-cubed and CEAF-e
and their CoNLL average, between a key (gold, or a first annotator) and a
response, each a list of clusters of mentions.

A mention is anything hashable that names the same EVENT for both sides:
(document id, start, end). A mention in one side's clusters and in none of
the other's counts as that side's singleton.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

Cluster = frozenset[Hashable]


@dataclass(frozen=True)
class PRF:
    precision: float
    recall: float

    @property
    def f1(self) -> float:
        total = self.precision + self.recall
        return 0.0 if total == 0 else 2 * self.precision * self.recall / total


@dataclass(frozen=True)
class StoryScores:
    muc: PRF
    b_cubed: PRF
    ceaf_e: PRF

    @property
    def conll(self) -> float:
        """The CoNLL-2012 average: the mean of the three F1."""
        return (self.muc.f1 + self.b_cubed.f1 + self.ceaf_e.f1) / 3

    def as_dict(self) -> dict[str, float]:
        out: dict[str, float] = {}
        for name, prf in (("muc", self.muc), ("b_cubed", self.b_cubed), ("ceaf_e", self.ceaf_e)):
            out.update({f"{name}_p": prf.precision, f"{name}_r": prf.recall, f"{name}_f1": prf.f1})
        out["conll"] = self.conll
        return out


def clusters(groups: Iterable[Iterable[Hashable]]) -> list[Cluster]:
    """Non-empty groups as frozensets.

    Raises ValueError when a mention is in two groups (a story event partition has none).
    """
    out: list[Cluster] = []
    seen: set[Hashable] = set()
    for group in groups:
        cluster = frozenset(group)
        if seen & cluster:
            raise ValueError(f"mention {next(iter(seen & cluster))!r} is in two story events")
        seen |= cluster
        if cluster:
            out.append(cluster)
    return out


def _ratio(numerator: float, denominator: float) -> float:
    return 0.0 if denominator == 0 else numerator / denominator


def _muc_recall(key: Sequence[Cluster], response: Sequence[Cluster]) -> float:
    where = {m: i for i, c in enumerate(response) for m in c}
    gained = 0
    possible = 0
    for cluster in key:
        parts = {where.get(m, ("alone", m)) for m in cluster}
        gained += len(cluster) - len(parts)
        possible += len(cluster) - 1
    return _ratio(gained, possible)


def muc(key: Sequence[Cluster], response: Sequence[Cluster]) -> PRF:
    """Vilain et al. (1995): links kept, counted over the partitions of each cluster."""
    return PRF(_muc_recall(response, key), _muc_recall(key, response))


def _b_cubed_recall(key: Sequence[Cluster], response: Sequence[Cluster]) -> float:
    where = {m: c for c in response for m in c}
    total = 0.0
    mentions = 0
    for cluster in key:
        for m in cluster:
            other = where.get(m)
            total += 0.0 if other is None else len(cluster & other) / len(cluster)
            mentions += 1
    return _ratio(total, mentions)


def b_cubed(key: Sequence[Cluster], response: Sequence[Cluster]) -> PRF:
    """Bagga and Baldwin (1998): per mention, the share of its cluster the other side agrees on."""
    return PRF(_b_cubed_recall(response, key), _b_cubed_recall(key, response))


def ceaf_e(key: Sequence[Cluster], response: Sequence[Cluster]) -> PRF:
    """Luo (2005), entity-based: the best one-to-one alignment of clusters by
    phi4 = 2|K & R| / (|K| + |R|)."""
    if not key or not response:
        return PRF(0.0, 0.0)
    similarity = np.array(
        [[2 * len(k & r) / (len(k) + len(r)) for r in response] for k in key], dtype=np.float64
    )
    best = float(similarity[_max_assignment(similarity)].sum())
    return PRF(best / len(response), best / len(key))


def _max_assignment(weights: npt.NDArray[np.float64]) -> tuple[list[int], list[int]]:
    """The rows and columns of a one-to-one assignment with the largest total weight
    (the Hungarian method with potentials, O(n^2 m))."""
    transposed = weights.shape[0] > weights.shape[1]
    cost = -(weights.T if transposed else weights)
    n, m = cost.shape
    u = np.zeros(n + 1)
    v = np.zeros(m + 1)
    match = np.zeros(m + 1, dtype=np.int64)  # match[j]: the row (1-based) on column j
    for row in range(1, n + 1):
        match[0] = row
        j0 = 0
        least = np.full(m + 1, np.inf)
        previous = np.zeros(m + 1, dtype=np.int64)
        used = np.zeros(m + 1, dtype=bool)
        while True:
            used[j0] = True
            i0 = match[j0]
            free = ~used[1:]
            reduced = cost[i0 - 1] - u[i0] - v[1:]
            better = free & (reduced < least[1:])
            least[1:][better] = reduced[better]
            previous[1:][better] = j0
            candidates = np.where(free, least[1:], np.inf)
            j1 = int(np.argmin(candidates)) + 1
            delta = candidates[j1 - 1]
            u[match[used]] += delta
            v[used] -= delta
            least[1:][free] -= delta
            j0 = j1
            if match[j0] == 0:
                break
        while j0:
            j1 = int(previous[j0])
            match[j0] = match[j1]
            j0 = j1
    rows = [int(match[j]) - 1 for j in range(1, m + 1) if match[j]]
    cols = [j - 1 for j in range(1, m + 1) if match[j]]
    return (cols, rows) if transposed else (rows, cols)


def story_scores(
    key: Iterable[Iterable[Hashable]], response: Iterable[Iterable[Hashable]]
) -> StoryScores:
    """MUC, B-cubed and CEAF-e between two groupings of mentions.

    Raises ValueError when a mention is in two groups of one side.
    """
    k, r = clusters(key), clusters(response)
    return StoryScores(muc(k, r), b_cubed(k, r), ceaf_e(k, r))
