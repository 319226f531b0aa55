"""Inter-annotator agreement: how far annotators agree on spans, tokens,
attributes and relations, where they disagree, and how they used suggestions.

The documents under study are laid end to end on one character axis (each
document's offsets shifted by the lengths of the documents before it), so
every measure is a handful of numpy operations over the whole corpus.

Measures (all per label unless said otherwise):

- span F1 for each annotator pair: *exact* (same label, start and end) and
  *overlap* (same label, overlapping, matched one to one, largest overlap
  first); F1 = 2 * matches / (spans of a + spans of b); micro-averaged over
  the labels too.
- token kappa: every non-space token of spaCy's English tokenizer is a unit
  coded 1 when it overlaps a span of the label, else 0. Cohen's kappa for
  each pair (as scikit-learn's `cohen_kappa_score`), Fleiss' kappa (as
  statsmodels' `fleiss_kappa`) and Krippendorff's alpha, nominal (as the
  `krippendorff` package) over all chosen annotators. The tokens are cached in
  the project file (annotations/tokens.py), so spaCy runs once per document.
- alpha_u: Krippendorff's (1995) unitizing alpha over characters, computed
  as DKPro Agreement's `KrippendorffAlphaUnitizingAgreement` computes the
  category agreement of the label (the measure INCEpTION reports), on one
  study whose continuum is the documents end to end.
- attributes on exactly matched spans: DATE value and EVENT class, percent
  agreement and Cohen's kappa (a missing attribute counts as the value "").
- relations: SAID and WHEN F1 over the relations whose two endpoints are
  spans both annotators marked exactly alike.

Degenerate cases follow the reference implementations: a kappa or alpha
whose expected disagreement is zero (nobody used the label, or everybody
marked every token) is NaN, as scikit-learn, statsmodels and krippendorff
(given the value domain {0, 1}) return; F1 with no spans on either side is
NaN; alpha_u is NaN when nobody marked the label (INCEpTION's "no data") and
0.0 when observed and expected disagreement are equal (DKPro's rule). NaN
becomes null in JSON.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Generator, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

from annotations.errors import DatelineError, NotFoundError, UnknownLabelError, ValidationError
from annotations.progress import Progress
from annotations.store.study import (
    accepted_span_ids,
    document_titles,
    documents_done,
    linked_span_rows,
    rejection_counts,
    relation_links,
    span_column_batch,
    suggestion_rows,
)
from annotations.tokens import corpus_tokens

if TYPE_CHECKING:
    from annotations.model import Span
    from annotations.store import Project

Ints = npt.NDArray[np.int64]
Bools = npt.NDArray[np.bool_]

NAN = float("nan")
# The attributes compared on exactly matched spans: label -> attribute.
COMPARED_ATTRIBUTES: tuple[tuple[str, str], ...] = (("DATE", "value"), ("EVENT", "class"))
NONE_LABEL = "(none)"
# Documents per query when reading spans (bounds the size of one query's result).
SPAN_READ_BATCH = 1000
# How a span came to be, as `SpanTable.use` codes it: origin * 4 + untouched * 2 + linked,
# where origin indexes USE_ORIGINS, untouched (never edited) is told for suggested spans
# only, and linked means tied to a suggestion (its id, or an accepting decision).
USE_ORIGINS = ("manual", "suggested", "imported")


class NoDocumentsError(DatelineError):
    """No document is marked done by every chosen annotator."""


# --- the corpus under study -------------------------------------------------------


@dataclass
class SpanTable:
    """One annotator's spans of the chosen labels, on the corpus axis."""

    ids: Ints
    labels: Ints  # index into Study.labels
    starts: Ints
    ends: Ints
    attrs: Ints  # index into the study's distinct attrs texts (stored JSON)
    use: Ints  # how each span came to be, coded as USE_ORIGINS says (0: manual, unlinked)

    def __len__(self) -> int:
        return len(self.ids)

    def layer(self, label: int) -> tuple[Ints, Ints]:
        """The (starts, ends) of one label, sorted by start."""
        pick = self.labels == label
        starts, ends = self.starts[pick], self.ends[pick]
        order = np.lexsort((ends, starts))
        return starts[order], ends[order]


@dataclass
class DocumentInfo:
    id: int
    title: str
    start: int  # where the document begins on the corpus axis
    length: int


@dataclass
class Study:
    """The documents, tokens, spans and relations that agreement is measured on."""

    annotators: tuple[str, ...]
    labels: tuple[str, ...]
    documents: list[DocumentInfo]
    token_starts: Ints
    token_ends: Ints
    spans: dict[str, SpanTable]
    # (relation label, head span id, child span id) per annotator
    relations: dict[str, list[tuple[str, int, int]]] = field(default_factory=dict)
    attr_texts: list[str] = field(default_factory=list)  # distinct stored attrs JSON

    @property
    def length(self) -> int:
        if not self.documents:
            return 0
        last = self.documents[-1]
        return last.start + last.length

    @property
    def pairs(self) -> list[tuple[str, str]]:
        """Annotator pairs in the order the annotators were given."""
        names = self.annotators
        return [(a, b) for i, a in enumerate(names) for b in names[i + 1 :]]

    def document_index(self, positions: Ints) -> Ints:
        """The index (into `documents`) of the document each axis position is in."""
        starts = np.array([d.start for d in self.documents], dtype=np.int64)
        return np.searchsorted(starts, positions, side="right").astype(np.int64) - 1


def pair_key(a: str, b: str) -> str:
    return f"{a}|{b}"


def empty_table() -> SpanTable:
    none = np.zeros(0, dtype=np.int64)
    return SpanTable(none, none.copy(), none.copy(), none.copy(), none.copy(), none.copy())


def span_tables(
    annotators: Sequence[str],
    labels: Sequence[str],
    where: Mapping[int, int],
    spans: Iterable[tuple[int, int, str, str, int, int, str]],
) -> tuple[dict[str, SpanTable], list[str]]:
    """Per annotator, the spans of the chosen labels shifted onto the corpus
    axis (`where`: document id -> its start), and the distinct attrs texts
    their `attrs` codes index; spans of other annotators, labels or
    documents are left out. Rows: (span id, document id, annotator, label,
    start, end, attrs JSON)."""
    rows = list(spans)
    if not rows:
        return {name: empty_table() for name in annotators}, []
    ids, docs, owners, names, starts, ends, attrs = zip(*rows, strict=True)
    who = {name: i for i, name in enumerate(annotators)}
    which = {name: i for i, name in enumerate(labels)}
    distinct = list(dict.fromkeys(attrs))
    index = {text: i for i, text in enumerate(distinct)}
    columns = SpanColumns(
        ids=np.array(ids, dtype=np.int64),
        documents=np.array(docs, dtype=np.int64),
        owners=np.array([who.get(o, -1) for o in owners], dtype=np.int64),
        labels=np.array([which.get(n, -1) for n in names], dtype=np.int64),
        starts=np.array(starts, dtype=np.int64),
        ends=np.array(ends, dtype=np.int64),
        use=np.zeros(len(rows), dtype=np.int64),
        attrs=np.fromiter(map(index.__getitem__, attrs), dtype=np.int64, count=len(rows)),
    )
    return columns.tables(annotators, where), distinct


@dataclass(frozen=True)
class SpanColumns:
    """Spans as columns: annotator and label as indexes into the chosen ones
    (-1: not chosen), attrs as an index into a list of distinct texts."""

    ids: Ints
    documents: Ints
    owners: Ints
    labels: Ints
    starts: Ints
    ends: Ints
    use: Ints
    attrs: Ints

    def tables(self, annotators: Sequence[str], where: Mapping[int, int]) -> dict[str, SpanTable]:
        """Per annotator, the spans of chosen labels and documents (`where`:
        document id -> its start on the corpus axis), shifted onto the axis."""
        if len(self.ids) == 0:
            return {name: empty_table() for name in annotators}
        shift = np.full(int(self.documents.max()) + 1, -1, dtype=np.int64)
        for doc_id, offset in where.items():
            if doc_id < len(shift):
                shift[doc_id] = offset
        base = shift[self.documents]
        begin = self.starts + base
        finish = self.ends + base
        kept = (base >= 0) & (self.labels >= 0)
        tables = {}
        for k, name in enumerate(annotators):
            pick = kept & (self.owners == k)
            tables[name] = SpanTable(self.ids[pick], self.labels[pick], begin[pick],
                                     finish[pick], self.attrs[pick], self.use[pick])
        return tables


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


# --- the report ---------------------------------------------------------------------------


def measure(study: Study) -> dict[str, Any]:
    """Every agreement figure of the study, shaped as `dateline agree --json`
    writes it (NaN where a figure is undefined; see the module docstring).

    Raises ValidationError for fewer than two annotators.
    """
    if len(study.annotators) < 2:
        raise ValidationError("agreement needs at least two annotators")
    codes = _span_codes(study)
    attrs = attribute_codes(study)
    layers = {
        (name, lab): study.spans[name].layer(lab)
        for name in study.annotators
        for lab in range(len(study.labels))
    }
    overlaps = Overlaps(layers)
    labels: dict[str, Any] = {}
    micro = {pair_key(a, b): [0, 0, 0, 0] for a, b in study.pairs}
    for lab, label in enumerate(study.labels):
        labels[label] = _label_figures(study, lab, layers, codes, micro, overlaps)
    return {
        "annotators": list(study.annotators),
        "documents": len(study.documents),
        "tokens": len(study.token_starts),
        "characters": study.length,
        "labels": labels,
        "micro": {
            "pairs": {
                key: {"exact_f1": f1(m[0], m[2], m[3]), "overlap_f1": f1(m[1], m[2], m[3])}
                for key, m in micro.items()
            }
        },
        "attributes": attribute_agreement(study, codes, attrs),
        "relations": relation_agreement(study, codes),
        "documents_ranked": rank_documents(study, codes, attrs),
        "confusion": label_confusion(study, layers, codes, overlaps),
    }


def _span_codes(study: Study) -> dict[str, Ints]:
    """Per annotator, a code per span equal across annotators for equal
    (label, start, end)."""
    names = study.annotators
    tables = [study.spans[n] for n in names]
    codes = row_codes(
        np.concatenate([t.labels for t in tables]),
        np.concatenate([t.starts for t in tables]),
        np.concatenate([t.ends for t in tables]),
    )
    out: dict[str, Ints] = {}
    at = 0
    for name, table in zip(names, tables, strict=True):
        out[name] = codes[at : at + len(table)]
        at += len(table)
    return out


def _label_figures(
    study: Study,
    lab: int,
    layers: Mapping[tuple[str, int], tuple[Ints, Ints]],
    codes: Mapping[str, Ints],
    micro: dict[str, list[int]],
    overlaps: Overlaps | None = None,
) -> dict[str, Any]:
    names = study.annotators
    overlaps = overlaps or Overlaps(layers)
    coverage = {
        name: token_coverage(study.token_starts, study.token_ends, *layers[(name, lab)])
        for name in names
    }
    pairs: dict[str, Any] = {}
    for a, b in study.pairs:
        a_s, b_s = layers[(a, lab)][0], layers[(b, lab)][0]
        pick_a = study.spans[a].labels == lab
        pick_b = study.spans[b].labels == lab
        exact = exact_matches(codes[a][pick_a], codes[b][pick_b])
        overlap = len(overlaps.matches(a, b, lab)[0])
        key = pair_key(a, b)
        totals = micro[key]
        totals[0] += exact
        totals[1] += overlap
        totals[2] += len(a_s)
        totals[3] += len(b_s)
        pairs[key] = {
            "exact_f1": f1(exact, len(a_s), len(b_s)),
            "overlap_f1": f1(overlap, len(a_s), len(b_s)),
            "cohen_kappa": binary_cohen_kappa(coverage[a], coverage[b]),
            "spans": [len(a_s), len(b_s)],
            "exact_matches": exact,
            "overlap_matches": overlap,
        }
    raters = len(names)
    ones: npt.NDArray[np.integer[Any]] = np.zeros(
        len(study.token_starts), dtype=np.uint8 if raters < 256 else np.int64)
    for name in names:
        np.add(ones, coverage[name], out=ones, casting="unsafe")
    histogram = ones_histogram(ones, raters)
    unitizing = (
        alpha_u([layers[(n, lab)] for n in names], 0, study.length,
                overlapping=[overlaps.pairs(a, b, lab) for a, b in study.pairs])
        if study.length > 0
        else UnitizingResult(NAN, 0.0, 0.0)
    )
    return {
        "pairs": pairs,
        "fleiss_kappa": fleiss_kappa_of_histogram(histogram, raters),
        "krippendorff_alpha": krippendorff_alpha_of_histogram(histogram, raters),
        "alpha_u": unitizing.alpha,
        "spans": {name: len(layers[(name, lab)][0]) for name in names},
    }


@dataclass(frozen=True)
class AttributeCodes:
    """Every distinct stored attrs JSON of the study once, and per annotator
    the index of each span's attrs in that list."""

    distinct: list[str]
    codes: dict[str, Ints]

    def values(self, name: str) -> list[str]:
        """The value of attribute `name` for each distinct attrs ("" if absent)."""
        out = []
        for text in self.distinct:
            value = json.loads(text).get(name)
            out.append("" if value is None else str(value))
        return out


def attribute_codes(study: Study) -> AttributeCodes:
    return AttributeCodes(study.attr_texts,
                          {name: study.spans[name].attrs for name in study.annotators})


def attribute_agreement(
    study: Study, codes: Mapping[str, Ints], attrs: AttributeCodes
) -> dict[str, Any]:
    """DATE value and EVENT class on exactly matched spans, for each pair."""
    out: dict[str, Any] = {}
    for label, attribute in COMPARED_ATTRIBUTES:
        if label not in study.labels:
            continue
        lab = study.labels.index(label)
        names, value_codes = np.unique(np.array(attrs.values(attribute), dtype=str),
                                       return_inverse=True)
        value_codes = value_codes.astype(np.int64)
        pairs: dict[str, Any] = {}
        for a, b in study.pairs:
            ia = np.flatnonzero(study.spans[a].labels == lab)
            ib = np.flatnonzero(study.spans[b].labels == lab)
            _, ma, mb = np.intersect1d(codes[a][ia], codes[b][ib], return_indices=True)
            va = value_codes[attrs.codes[a][ia[ma]]] if len(names) else ma
            vb = value_codes[attrs.codes[b][ib[mb]]] if len(names) else mb
            same = int(np.count_nonzero(va == vb))
            pairs[pair_key(a, b)] = {
                "matched": len(va),
                "agreed": same,
                "percent": 100.0 * same / len(va) if len(va) else NAN,
                "cohen_kappa": cohen_kappa(va, vb),
            }
        out[f"{label}.{attribute}"] = {"pairs": pairs}
    return out


def relation_agreement(study: Study, codes: Mapping[str, Ints]) -> dict[str, Any]:
    """Relation F1 per relation label and pair, over the relations whose two
    endpoints both annotators marked exactly alike."""
    names = sorted({r[0] for rels in study.relations.values() for r in rels} | {"SAID", "WHEN"})
    keyed = {name: _relation_keys(study, name, codes[name], names) for name in study.annotators}
    out: dict[str, Any] = {}
    for index, label in enumerate(names):
        pairs: dict[str, Any] = {}
        for a, b in study.pairs:
            ra = _relations_within(keyed[a], index, codes[b])
            rb = _relations_within(keyed[b], index, codes[a])
            common = len(set(map(tuple, ra.tolist())) & set(map(tuple, rb.tolist())))
            pairs[pair_key(a, b)] = {
                "f1": f1(common, len(ra), len(rb)),
                "relations": [len(ra), len(rb)],
                "matched": common,
            }
        out[label] = {"pairs": pairs}
    return out


def _relation_keys(study: Study, name: str, codes: Ints, labels: list[str]) -> Ints:
    """(label index, head span code, child span code) of each relation."""
    rels = study.relations.get(name, [])
    ids = study.spans[name].ids
    if not rels or len(ids) == 0:
        return np.zeros((0, 3), dtype=np.int64)
    order = np.argsort(ids)
    raw = np.array([(labels.index(lab), h, c) for lab, h, c in rels], dtype=np.int64)
    out = np.empty_like(raw)
    out[:, 0] = raw[:, 0]
    keep = np.ones(len(raw), dtype=bool)
    for col in (1, 2):
        at = np.minimum(np.searchsorted(ids[order], raw[:, col]), len(ids) - 1)
        found = ids[order][at] == raw[:, col]
        keep &= found
        out[:, col] = codes[order][at]
    return out[keep]


def _relations_within(keys: Ints, label: int, other_codes: Ints) -> Ints:
    mine: Ints = keys[keys[:, 0] == label]
    inside = np.isin(mine[:, 1], other_codes) & np.isin(mine[:, 2], other_codes)
    return mine[inside]


def rank_documents(
    study: Study, codes: Mapping[str, Ints], attrs: AttributeCodes
) -> list[dict[str, Any]]:
    """Documents with their disagreements (see `find_disagreements`), most first."""
    names = study.annotators
    full = row_codes(
        np.concatenate([codes[n] for n in names]),
        np.concatenate([attrs.codes[n] for n in names]),
    )
    starts = np.concatenate([study.spans[n].starts for n in names])
    ends = np.concatenate([study.spans[n].ends for n in names])
    counts = np.bincount(full, minlength=int(full.max()) + 1 if len(full) else 0)
    shared = counts[full] == len(names)
    docs = len(study.documents)
    distinct = np.zeros(docs, dtype=np.int64)
    differing = np.zeros(docs, dtype=np.int64)
    groups = np.zeros(docs, dtype=np.int64)
    if len(full):
        _, first = np.unique(full, return_index=True)
        doc_of_first = study.document_index(starts[first])
        distinct = np.bincount(doc_of_first, minlength=docs)
        differing = np.bincount(doc_of_first[~shared[first]], minlength=docs)
        group_starts = _group_starts(starts[~shared], ends[~shared])
        groups = np.bincount(study.document_index(group_starts), minlength=docs)
    rows: list[dict[str, Any]] = [
        {
            "id": info.id,
            "title": info.title,
            "disagreements": int(groups[i]),
            "spans": int(distinct[i]),
            "share": float(differing[i] / distinct[i]) if distinct[i] else 0.0,
        }
        for i, info in enumerate(study.documents)
    ]
    rows.sort(key=lambda r: (-int(r["disagreements"]), -float(r["share"]), int(r["id"])))
    return rows


def _group_starts(starts: Ints, ends: Ints) -> Ints:
    """Where each group of overlapping spans begins."""
    if len(starts) == 0:
        return starts
    order = np.lexsort((ends, starts))
    s, e = starts[order], ends[order]
    reach = np.maximum.accumulate(e)
    new = np.ones(len(s), dtype=bool)
    new[1:] = s[1:] >= reach[:-1]
    return s[new]


def label_confusion(
    study: Study,
    layers: Mapping[tuple[str, int], tuple[Ints, Ints]],
    codes: Mapping[str, Ints],
    overlaps: Overlaps | None = None,
) -> dict[str, Any]:
    """Which labels annotators swap, summed over the pairs (row: the first
    annotator's label, column: the second's). The diagonal counts spans of one
    label matched by overlap; off the diagonal, spans of different labels on
    exactly the same characters; `(none)`: a span with no counterpart.
    `layers` are the study's (`SpanTable.layer`); `overlaps` theirs, if known."""
    overlaps = overlaps or Overlaps(layers)
    names = [*study.labels, NONE_LABEL]
    k = len(study.labels)
    matrix = np.zeros((k + 1, k + 1), dtype=np.int64)
    for a, b in study.pairs:
        ta, tb = study.spans[a], study.spans[b]
        left_a = np.ones(len(ta), dtype=bool)
        left_b = np.ones(len(tb), dtype=bool)
        for lab in range(k):
            ia = np.flatnonzero(ta.labels == lab)
            ib = np.flatnonzero(tb.labels == lab)
            ia = ia[np.lexsort((ta.ends[ia], ta.starts[ia]))]
            ib = ib[np.lexsort((tb.ends[ib], tb.starts[ib]))]
            ma, mb = overlaps.matches(a, b, lab)
            matrix[lab, lab] += len(ma)
            left_a[ia[ma]] = False
            left_b[ib[mb]] = False
        ra, rb = np.flatnonzero(left_a), np.flatnonzero(left_b)
        extent = row_codes(
            np.concatenate([ta.starts[ra], tb.starts[rb]]),
            np.concatenate([ta.ends[ra], tb.ends[rb]]),
        )
        ea, eb = extent[: len(ra)], extent[len(ra) :]
        rank_a, rank_b = _occurrence(ea), _occurrence(eb)
        both = row_codes(np.concatenate([ea, eb]), np.concatenate([rank_a, rank_b]))
        _, xa, xb = np.intersect1d(both[: len(ra)], both[len(ra) :], return_indices=True)
        np.add.at(matrix, (ta.labels[ra[xa]], tb.labels[rb[xb]]), 1)
        alone_a = np.ones(len(ra), dtype=bool)
        alone_a[xa] = False
        alone_b = np.ones(len(rb), dtype=bool)
        alone_b[xb] = False
        matrix[:k, k] += np.bincount(ta.labels[ra[alone_a]], minlength=k)[:k]
        matrix[k, :k] += np.bincount(tb.labels[rb[alone_b]], minlength=k)[:k]
    return {"labels": names, "matrix": matrix.tolist()}


def _occurrence(values: Ints) -> Ints:
    """For each value, how many equal values come before it (0, 1, ...)."""
    if len(values) == 0:
        return values
    order = np.argsort(values, kind="stable")
    ordered = values[order]
    start = np.ones(len(values), dtype=bool)
    start[1:] = ordered[1:] != ordered[:-1]
    group_first = np.maximum.accumulate(np.where(start, np.arange(len(values)), 0))
    rank = np.empty(len(values), dtype=np.int64)
    rank[order] = np.arange(len(values)) - group_first
    return rank


# --- disagreements of one document, for adjudication ---------------------------------------


@dataclass(frozen=True)
class Disagreement:
    """A group of overlapping spans that not every annotator marked alike:
    each annotator's spans in the group (an empty list: marked nothing)."""

    start: int
    end: int
    variants: dict[str, list[Span]]

    @property
    def labels(self) -> list[str]:
        return sorted({s.label for spans in self.variants.values() for s in spans})


def span_key(span: Span) -> tuple[str, int, int, str]:
    return (span.label, span.start, span.end, json.dumps(span.attrs, sort_keys=True))


def shared_spans(spans: Mapping[str, Sequence[Span]]) -> list[Span]:
    """The spans every annotator marked alike (label, offsets, attributes),
    one copy each (the first annotator's), by position."""
    names = list(spans)
    if not names:
        return []
    others = [{span_key(s) for s in spans[n]} for n in names[1:]]
    return [s for s in spans[names[0]] if all(span_key(s) in keys for keys in others)]


def find_disagreements(spans: Mapping[str, Sequence[Span]]) -> list[Disagreement]:
    """The disagreements of one document: spans not marked alike by every
    annotator, grouped by overlap (whatever their label), by position."""
    names = list(spans)
    counts: dict[tuple[str, int, int, str], int] = {}
    for name in names:
        for s in spans[name]:
            counts[span_key(s)] = counts.get(span_key(s), 0) + 1
    loose = sorted(
        ((s, name) for name in names for s in spans[name] if counts[span_key(s)] < len(names)),
        key=lambda item: (item[0].start, item[0].end, item[0].label),
    )
    groups: list[Disagreement] = []
    reach = -1
    for span, name in loose:
        if span.start >= reach:
            groups.append(Disagreement(span.start, span.end, {n: [] for n in names}))
        current = groups[-1]
        current.variants[name].append(span)
        reach = max(reach, span.end)
        groups[-1] = Disagreement(current.start, max(current.end, span.end), current.variants)
    return groups


# --- loading from a project ---------------------------------------------------------------


def check_choice(project: Project, annotators: Sequence[str],
                 labels: Sequence[str] | None) -> tuple[str, ...]:
    """Check the chosen annotators and labels; return the labels to measure.

    Raises ValidationError (fewer than two annotators, or one named twice),
    NotFoundError (an annotator the project does not have) or
    UnknownLabelError (a label not in the project's schema).
    """
    if len(annotators) < 2:
        raise ValidationError("choose at least two annotators to compare")
    if len(set(annotators)) != len(annotators):
        raise ValidationError(f"an annotator is named twice in {', '.join(annotators)}")
    known = project.annotators()
    for name in annotators:
        if name not in known:
            raise NotFoundError(
                f"no annotator {name!r} in {project.path.name} "
                f"(annotators: {', '.join(known) or 'none'})"
            )
    schema_labels = project.schema.label_names
    if not labels:
        return tuple(schema_labels)
    for label in labels:
        if label not in schema_labels:
            raise UnknownLabelError(
                f"unknown label {label!r} (this project's labels: {', '.join(schema_labels)})"
            )
    return tuple(labels)


def load_study(
    project: Project,
    annotators: Sequence[str],
    *,
    labels: Sequence[str] | None = None,
    all_documents: bool = False,
    document_ids: Sequence[int] | None = None,
) -> Generator[Progress, None, Study]:
    """Read the chosen documents' tokens (see annotations.tokens: cached in
    the project, spaCy only for documents not tokenized yet), spans and
    relations; yields progress while it tokenizes and reads.

    The documents are `document_ids` when given, else every document with
    `all_documents`, else those every annotator marked done.

    Raises the errors of `check_choice`, and NoDocumentsError when no
    document is left to measure.
    """
    chosen_labels = check_choice(project, annotators, labels)
    if document_ids is not None:
        ids = list(document_ids)
    elif all_documents:
        ids = project.document_ids()
    else:
        ids = documents_done(project, annotators)
    if not ids:
        raise NoDocumentsError(
            f"no document in {project.path.name} is marked done by every one of "
            f"{', '.join(annotators)}; pass --all to compare on all documents"
        )
    docs = document_titles(project, ids)
    doc_ids = [ident for ident, _ in docs]
    tokens = yield from corpus_tokens(project, doc_ids)
    offsets = (np.cumsum(tokens.lengths) - tokens.lengths).tolist()
    infos = [
        DocumentInfo(ident, title, start, length)
        for (ident, title), start, length in zip(docs, offsets, tokens.lengths.tolist(),
                                                 strict=True)
    ]
    columns, attr_texts = yield from read_span_columns(project, doc_ids, annotators,
                                                       chosen_labels)
    tables = columns.tables(annotators, {d.id: d.start for d in infos})
    links: dict[str, list[tuple[str, int, int]]] = {name: [] for name in annotators}
    for annotator, label, head, child in relation_links(project, doc_ids, annotators):
        links[annotator].append((label, head, child))
    return Study(tuple(annotators), tuple(chosen_labels), infos, tokens.starts, tokens.ends,
                 tables, links, attr_texts)


# The attrs column holds valid JSON (a CHECK says so), which has no raw control characters.
_ATTRS_SEPARATOR = "\x1e"


def _int_column(text: str | None, count: int) -> Ints:
    column = np.fromstring(text or "", dtype=np.int64, sep=",")  # text mode: not deprecated
    if len(column) != count:
        raise DatelineError(f"reading spans: {len(column)} values for {count} spans")
    return column


def _read_batch(
    project: Project, documents: Sequence[int], annotator_ids: Sequence[int],
    labels: Sequence[str],
) -> tuple[list[Ints], list[str]]:
    """(id, use, annotator index, label index, document, start, end) columns
    and attrs texts of the chosen spans in `documents`.

    Raises DatelineError if the columns do not line up (they always do for
    a project file whose CHECK constraints hold)."""
    n_labels, n_owners = len(labels), len(annotator_ids)
    count, ids, codes, docs, extents, attrs = span_column_batch(
        project, documents, annotator_ids, labels, USE_ORIGINS)
    if not count or attrs is None:
        return [], []
    texts = attrs.split(_ATTRS_SEPARATOR)
    if len(texts) != count:
        raise DatelineError(f"reading spans: {len(texts)} attributes for {count} spans")
    code, extent = _int_column(codes, count), _int_column(extents, count)
    rest, owner = np.divmod(code, n_owners)
    use, label = np.divmod(rest, n_labels)
    return [_int_column(ids, count), use, owner, label, _int_column(docs, count),
            extent >> 32, extent & 0xFFFFFFFF], texts


def read_span_columns(
    project: Project, document_ids: Sequence[int], annotators: Sequence[str],
    labels: Sequence[str],
) -> Generator[Progress, None, tuple[SpanColumns, list[str]]]:
    """The spans of these annotators and labels in these documents, as
    columns (not on the corpus axis yet), with the distinct attrs texts that
    `SpanColumns.attrs` indexes; one query per batch of documents, yielding
    progress after each.

    Raises NotFoundError for an annotator the project does not have.
    """
    annotator_ids = [project.annotator_id(name, create=False) for name in annotators]
    accepted = accepted_span_ids(project)
    parts: list[list[Ints]] = []
    attrs: list[str] = []
    for first in range(0, len(document_ids), SPAN_READ_BATCH):
        batch = document_ids[first : first + SPAN_READ_BATCH]
        batch_columns, texts = _read_batch(project, batch, annotator_ids, labels)
        if texts:
            parts.append(batch_columns)
            attrs += texts
        yield Progress(min(first + SPAN_READ_BATCH, len(document_ids)), len(document_ids),
                       "reading spans")
    ids, use, owners, label_codes, documents, starts, ends = (
        np.concatenate([p[i] for p in parts]) if parts else np.zeros(0, dtype=np.int64)
        for i in range(7)
    )
    if accepted:
        use |= np.isin(ids, np.array(accepted, dtype=np.int64))
    distinct = list(dict.fromkeys(attrs))
    index = {text: i for i, text in enumerate(distinct)}
    attr_codes = np.fromiter(map(index.__getitem__, attrs), dtype=np.int64, count=len(attrs))
    # Rows come by document; by annotator and label (then document and start, as
    # read) the sorts of the measures find them almost in order, which is faster.
    layer = owners * len(labels) + label_codes
    order = np.argsort(layer.astype(np.int16 if len(layer) == 0 or layer.max() < 1 << 15
                                    else np.int64), kind="stable")
    columns = SpanColumns(*(c[order] for c in (ids, documents, owners, label_codes, starts,
                                                ends, use, attr_codes)))
    return columns, distinct


def agreement(
    project: Project,
    annotators: Sequence[str],
    *,
    labels: Sequence[str] | None = None,
    all_documents: bool = False,
    document_ids: Sequence[int] | None = None,
) -> Generator[Progress, None, dict[str, Any]]:
    """The full agreement report (`measure` plus `suggestion_use`) for the
    chosen annotators; a generator yielding progress while it reads.

    Raises the errors of `load_study`.
    """
    study = yield from load_study(
        project, annotators, labels=labels, all_documents=all_documents,
        document_ids=document_ids,
    )
    yield Progress(0, None, "measuring")
    report = measure(study)
    report["suggestion_use"] = suggestion_use(project, study)
    return report


# --- suggestion use -----------------------------------------------------------------------


def suggestion_use(project: Project, study: Study) -> dict[str, Any]:
    """How each annotator used the suggestions, per label: spans accepted
    unchanged, accepted and changed, made by hand, imported, and suggestions
    rejected; and each annotator's span F1 against each model's suggestions
    (on the documents that model made suggestions for). Counts come from the
    `use` codes of the study's spans; only spans linked to a suggestion are
    read again, to compare them with it."""
    ids = [d.id for d in study.documents]
    labels = set(study.labels)
    use: dict[str, dict[str, dict[str, Any]]] = {
        name: {label: _empty_use() for label in study.labels} for name in study.annotators
    }
    linked_ids: list[int] = []
    k = len(study.labels)
    for name in study.annotators:
        table = study.spans[name]
        linked = (table.use & 1).astype(bool)
        linked_ids += table.ids[linked].tolist()
        counts = np.bincount(table.labels[~linked] * 8 + table.use[~linked], minlength=k * 8)
        for lab, label in enumerate(study.labels):
            for code in np.flatnonzero(counts[lab * 8 : lab * 8 + 8]).tolist():
                kind = _plain_use(USE_ORIGINS[code >> 2], bool(code & 2))
                use[name][label][kind] += int(counts[lab * 8 + code])
    rows = linked_span_rows(project, linked_ids)
    for name, label, start, end, attrs, origin, untouched, *sug in rows:
        if label in labels:
            use[name][label][_linked_use(start, end, label, attrs, origin, bool(untouched),
                                         sug)] += 1
    for name, label, count in rejection_counts(project, ids, study.annotators):
        if label in labels:
            use[name][label]["rejected"] += count
    for per_label in use.values():
        for figures in per_label.values():
            total = figures["unchanged"] + figures["changed"] + figures["manual"] + \
                figures["imported"]
            figures["spans"] = total
            for kind in ("unchanged", "changed", "manual", "imported"):
                figures[f"share_{kind}"] = figures[kind] / total if total else NAN
    return {"by_annotator": use, "agreement_with_suggestions": _agreement_with_models(
        project, study, ids)}


def _empty_use() -> dict[str, Any]:
    return {"unchanged": 0, "changed": 0, "manual": 0, "imported": 0, "rejected": 0}


def _plain_use(origin: str, untouched: bool) -> str:
    """A span with no suggestion on record: by its origin (an accepted
    suggestion whose record is gone counts as unchanged if never edited)."""
    if origin == "suggested":
        return "unchanged" if untouched else "changed"
    return "imported" if origin == "imported" else "manual"


def _linked_use(
    start: int, end: int, label: str, attrs: str, origin: str, untouched: bool,
    suggestion: list[Any],
) -> str:
    """A span linked to a suggestion: unchanged when label, offsets and
    attributes are still the suggestion's."""
    s_label, s_start, s_end, s_attrs = suggestion
    if s_label is None:
        return _plain_use(origin, untouched)
    same = (s_label, s_start, s_end) == (label, start, end) and json.loads(
        s_attrs or "{}") == json.loads(attrs)
    return "unchanged" if same else "changed"


def _agreement_with_models(project: Project, study: Study, ids: Sequence[int]) -> dict[str, Any]:
    rows = suggestion_rows(project, ids)
    models = sorted({str(r[2]) for r in rows})
    out: dict[str, Any] = {name: {} for name in study.annotators}
    for model in models:
        mine = [r for r in rows if r[2] == model]
        covered = {int(r[1]) for r in mine}
        fake = span_tables(
            ["__model__"], study.labels, {d.id: d.start for d in study.documents},
            [(r[0], r[1], "__model__", r[3], r[4], r[5], r[6]) for r in mine],
        )[0]["__model__"]
        in_covered = _in_documents(study, covered)
        for name in study.annotators:
            table = study.spans[name]
            keep = in_covered(table.starts)
            out[name][model] = _f1_against(table, keep, fake, study.labels)
    return out


def _in_documents(study: Study, covered: set[int]) -> Callable[[Ints], Bools]:
    flags = np.array([d.id in covered for d in study.documents], dtype=bool)

    def test(positions: Ints) -> Bools:
        if len(positions) == 0:
            return np.zeros(0, dtype=bool)
        return np.asarray(flags[study.document_index(positions)])

    return test


def _f1_against(
    table: SpanTable, keep: Bools, model: SpanTable, labels: Sequence[str]
) -> dict[str, Any]:
    figures: dict[str, Any] = {}
    sums = [0, 0, 0, 0]
    for lab, label in enumerate(labels):
        pick = keep & (table.labels == lab)
        a_s, a_e = table.starts[pick], table.ends[pick]
        order = np.lexsort((a_e, a_s))
        a_s, a_e = a_s[order], a_e[order]
        b_s, b_e = model.layer(lab)
        codes = row_codes(np.concatenate([a_s, b_s]), np.concatenate([a_e, b_e]))
        exact = exact_matches(codes[: len(a_s)], codes[len(a_s) :])
        overlap = len(overlap_matches(a_s, a_e, b_s, b_e)[0])
        figures[label] = {"exact_f1": f1(exact, len(a_s), len(b_s)),
                          "overlap_f1": f1(overlap, len(a_s), len(b_s))}
        for i, v in enumerate((exact, overlap, len(a_s), len(b_s))):
            sums[i] += v
    figures["micro"] = {"exact_f1": f1(sums[0], sums[2], sums[3]),
                        "overlap_f1": f1(sums[1], sums[2], sums[3])}
    return figures


# --- output -------------------------------------------------------------------------------


def jsonable(value: Any) -> Any:
    """The report with NaN and infinities turned into None (null in JSON)."""
    if isinstance(value, float):
        return None if math.isnan(value) or math.isinf(value) else value
    if isinstance(value, dict):
        return {k: jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, np.floating):
        return jsonable(float(value))
    return value


def to_json(report: Mapping[str, Any]) -> str:
    return json.dumps(jsonable(dict(report)), indent=2, ensure_ascii=False, allow_nan=False)
