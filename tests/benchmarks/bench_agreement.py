"""Agreement speed: every measure for 3 annotators over 1,000,000 tokens and
4 labels, beside the reference implementations and NLTK's AnnotationTask.

- `measure` (numpy): the whole report from the loaded corpus: span F1 exact and
  overlap, token Cohen/Fleiss/Krippendorff, alpha_u, attributes, relations,
  ranked documents, label confusion. Target: under 1 s.
- end to end: `agreement(project, ...)` on a real project file: read 2,000
  documents and their spans from SQLite, tokenize with spaCy, measure, and
  count suggestion use. Printed beside the same target.
- references, on the same token codings: scikit-learn's cohen_kappa_score
  (12 pair-label figures), statsmodels' fleiss_kappa and the krippendorff
  package (4 labels each), and NLTK's AnnotationTask alpha (one label, and
  its set-up). Their figures are checked equal to ours to 1e-9.

Run: `make bench` (NLTK: `.venv/bin/pip install nltk`; skipped without).
Asserts equality of figures, never time.
"""

from __future__ import annotations

import math
import time
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import numpy as np
import pytest

from annotations import agreement as ag
from annotations.progress import drive
from annotations.store import Project, now

T = TypeVar("T")
TARGET_S = 1.0
ANNOTATORS = ("a", "b", "c")
LABELS = ("EVENT", "DATE", "SPEAKER", "QUOTE")
DOCUMENTS = 2000
TOKENS_PER_DOCUMENT = 500  # 1,000,000 tokens
VOCABULARY = [
    "the", "embassy", "said", "flights", "would", "stop", "within", "ninety", "days", "and",
    "urged", "citizens", "to", "leave", "Kabul", "after", "talks", "ended", "on", "Thursday",
    "while", "officials", "warned", ",", ".", ";", ":",
]
# per label: share of tokens where a span starts, longest span in tokens
SHAPES = {"EVENT": (0.10, 1), "DATE": (0.03, 3), "SPEAKER": (0.03, 4), "QUOTE": (0.01, 25)}


def timed(fn: Callable[[], T]) -> tuple[T, float]:
    t0 = time.perf_counter()
    value = fn()
    return value, time.perf_counter() - t0


def line(name: str, seconds: float, target: float | None = None,
         ours: float | None = None) -> None:
    parts = [f"{name:58} {seconds:8.3f} s"]
    if target is not None:
        parts.append(f"target < {target:g} s {'ok' if seconds < target else 'OVER TARGET'}")
    if ours:
        parts.append(f"{seconds / ours:7.1f}x ours")
    print("  ".join(parts))


def make_document(rng: np.random.Generator) -> tuple[str, np.ndarray, np.ndarray]:
    words = rng.choice(VOCABULARY, size=TOKENS_PER_DOCUMENT)
    lengths = np.array([len(w) for w in words])
    starts = np.concatenate([[0], np.cumsum(lengths + 1)[:-1]])
    return " ".join(words), starts, starts + lengths


def make_spans(rng: np.random.Generator, starts: np.ndarray, ends: np.ndarray
               ) -> dict[str, list[tuple[str, int, int, str]]]:
    """Per annotator (label, start, end, attrs): a shared base with noise
    (10% dropped, 10% one token longer, 3% label swapped to another free label)."""
    out: dict[str, list[tuple[str, int, int, str]]] = {a: [] for a in ANNOTATORS}
    n = len(starts)
    for label, (rate, longest) in SHAPES.items():
        base: list[tuple[int, int]] = []
        last = -1
        for first in np.flatnonzero(rng.random(n) < rate).tolist():
            if first <= last + 1:
                continue
            final = min(n - 1, first + int(rng.integers(0, longest)))
            base.append((first, final))
            last = final
        for who in ANNOTATORS:
            for first, final in base:
                roll = rng.random()
                if roll < 0.10:
                    continue
                if roll < 0.20 and final + 1 < n and label != "EVENT":
                    final += 1
                attrs = '{"class":"OCCURRENCE"}' if label == "EVENT" else (
                    '{"value":"2021-08-12"}' if label == "DATE" else "{}")
                if label == "EVENT" and rng.random() < 0.05:
                    attrs = '{"class":"REPORTING"}'
                out[who].append((label, int(starts[first]), int(ends[final]), attrs))
    return out


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A real project file: 2,000 documents, 1M tokens, three annotators' spans."""
    path = tmp_path_factory.mktemp("agreement") / "big.db"
    rng = np.random.default_rng(7)
    with Project.create(path) as p:
        ids = {who: p.annotator_id(who) for who in ANNOTATORS}
        stamp = now()
        with p.transaction():
            for _ in range(DOCUMENTS):
                text, starts, ends = make_document(rng)
                doc, _ = p.add_document(text)
                rows = [
                    (doc.id, ids[who], label, s, e, text[s:e], attrs, stamp, stamp)
                    for who, spans in make_spans(rng, starts, ends).items()
                    for label, s, e, attrs in spans
                ]
                p.conn.executemany(
                    'INSERT INTO spans (document_id, annotator_id, label, start, "end", text, '
                    "attrs, origin, created, updated) VALUES (?, ?, ?, ?, ?, ?, ?, 'manual', ?, ?)",
                    rows,
                )
                p.conn.executemany(
                    "INSERT INTO document_status (document_id, annotator_id, status, updated) "
                    "VALUES (?, ?, 'done', ?)", [(doc.id, i, stamp) for i in ids.values()])
    return path


def test_agreement_speed(corpus: Path) -> None:
    print(f"\nagreement: {len(ANNOTATORS)} annotators, {DOCUMENTS * TOKENS_PER_DOCUMENT:,} "
          f"tokens, {len(LABELS)} labels")
    _, warm = timed(lambda: ag.tokenize(["Loading spaCy's English tokenizer."]))
    with Project(corpus) as p:
        report, end_to_end = timed(lambda: drive(ag.agreement(p, list(ANNOTATORS))))
        study, loading = timed(lambda: drive(ag.load_study(p, list(ANNOTATORS))))
    spans = sum(len(t) for t in study.spans.values())
    print(f"  {len(study.token_starts):,} tokens, {spans:,} spans")
    _, ours = timed(lambda: ag.measure(study))
    line("ours: measure (numpy), every figure of the report", ours, TARGET_S)
    line("ours: end to end (SQLite read + spaCy tokenize + measure)", end_to_end, TARGET_S)
    line("  of which reading and tokenizing", loading)
    line("  (once per process: importing spaCy, loading its tokenizer)", warm)
    codings = {
        (who, lab): ag.token_coverage(study.token_starts, study.token_ends,
                                      *study.spans[who].layer(lab))
        for who in ANNOTATORS for lab in range(len(LABELS))
    }
    token_ours = _token_figures_ours(codings)
    _, token_time = timed(lambda: _token_figures_ours(codings))
    line("ours: the token figures alone (kappa, Fleiss, alpha)", token_time)
    _references(codings, report, token_ours, token_time)


def _token_figures_ours(codings: dict[tuple[str, int], np.ndarray]) -> dict[str, float]:
    out: dict[str, float] = {}
    for lab in range(len(LABELS)):
        for i, a in enumerate(ANNOTATORS):
            for b in ANNOTATORS[i + 1:]:
                out[f"{lab}:{a}|{b}"] = ag.binary_cohen_kappa(codings[(a, lab)], codings[(b, lab)])
        ones = sum(codings[(w, lab)].astype(np.int64) for w in ANNOTATORS)
        out[f"{lab}:fleiss"] = ag.binary_fleiss_kappa(ones, len(ANNOTATORS))
        out[f"{lab}:alpha"] = ag.binary_krippendorff_alpha(ones, len(ANNOTATORS))
    return out


def _same(x: float, y: float) -> bool:
    return (math.isnan(x) and math.isnan(y)) or abs(x - y) <= 1e-9


def _references(codings: dict[tuple[str, int], np.ndarray], report: dict[str, Any],
                ours: dict[str, float], ours_time: float) -> None:
    import krippendorff
    from sklearn.metrics import cohen_kappa_score
    from statsmodels.stats.inter_rater import fleiss_kappa

    for lab, label in enumerate(LABELS):  # the report holds the same token figures
        assert _same(report["labels"][label]["fleiss_kappa"], ours[f"{lab}:fleiss"])
    total = 0.0
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for lab in range(len(LABELS)):
            for i, a in enumerate(ANNOTATORS):
                for b in ANNOTATORS[i + 1:]:
                    kappa, t = timed(lambda a=a, b=b, lab=lab: cohen_kappa_score(
                        codings[(a, lab)], codings[(b, lab)]))
                    assert _same(kappa, ours[f"{lab}:{a}|{b}"])
                    total += t
        line("scikit-learn cohen_kappa_score, 12 pair-label figures", total, ours=ours_time)
        total = 0.0
        for lab in range(len(LABELS)):
            ones = sum(codings[(w, lab)].astype(np.int64) for w in ANNOTATORS)
            table = np.stack([len(ANNOTATORS) - ones, ones], axis=1)
            fleiss, t = timed(lambda table=table: fleiss_kappa(table))
            assert _same(fleiss, ours[f"{lab}:fleiss"])
            total += t
        line("statsmodels fleiss_kappa, 4 labels", total, ours=ours_time)
        total = 0.0
        for lab in range(len(LABELS)):
            data = np.stack([codings[(w, lab)] for w in ANNOTATORS]).astype(float)
            alpha, t = timed(lambda data=data: krippendorff.alpha(
                reliability_data=data, level_of_measurement="nominal", value_domain=[0, 1]))
            assert _same(alpha, ours[f"{lab}:alpha"])
            total += t
        line("krippendorff package alpha (nominal), 4 labels", total, ours=ours_time)
    _nltk(codings, ours, ours_time)


def _nltk(codings: dict[tuple[str, int], np.ndarray], ours: dict[str, float],
          ours_time: float) -> None:
    try:
        from nltk.metrics.agreement import AnnotationTask
    except ImportError:
        print("  NLTK not installed (.venv/bin/pip install nltk): skipped")
        return
    lab = 0
    triples = [(who, i, int(v)) for who in ANNOTATORS
               for i, v in enumerate(codings[(who, lab)].tolist())]
    task, setup = timed(lambda: AnnotationTask(data=triples))
    alpha, t = timed(task.alpha)
    assert abs(alpha - ours[f"{lab}:alpha"]) <= 1e-9
    line("NLTK AnnotationTask: set-up, one label", setup)
    line("NLTK AnnotationTask.alpha, one label", t, ours=ours_time)
    print(f"  (ours: all 12 kappas, 4 Fleiss, 4 alphas in {ours_time:.3f} s)")


if __name__ == "__main__":
    raise SystemExit(pytest.main(["-q", "-s", __file__, "-p", "no:cacheprovider"]))
