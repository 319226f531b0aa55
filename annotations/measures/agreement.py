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
from collections.abc import Generator, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

from annotations.errors import ValidationError
from annotations.measures.coefficients import (
    binary_cohen_kappa,
    cohen_kappa,
    fleiss_kappa_of_histogram,
    krippendorff_alpha_of_histogram,
    ones_histogram,
)
from annotations.measures.loading import load_study
from annotations.measures.matching import (
    Overlaps,
    exact_matches,
    f1,
    row_codes,
    token_coverage,
)
from annotations.measures.study import (
    NAN,
    NONE_LABEL,
    Ints,
    Study,
    pair_key,
)
from annotations.measures.suggestion_use import suggestion_use
from annotations.measures.unitizing import UnitizingResult, alpha_u
from annotations.progress import Progress
from annotations.schema import COMPARED_ATTRIBUTES, COMPARED_RELATIONS

if TYPE_CHECKING:
    from annotations.store import Project


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
    used = {r[0] for rels in study.relations.values() for r in rels}
    names = sorted(used | set(COMPARED_RELATIONS))
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
