"""How annotators used the suggestions, and how far each agrees with each model."""


from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from annotations.measures.matching import exact_matches, f1, overlap_matches, row_codes
from annotations.measures.study import NAN, USE_ORIGINS, Bools, Ints, SpanTable, Study, span_tables
from annotations.store.study import (
    linked_span_rows,
    rejection_counts,
    suggestion_rows,
)

if TYPE_CHECKING:
    from annotations.store import Project


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
