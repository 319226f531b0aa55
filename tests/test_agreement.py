"""Agreement: every token-level figure equals the reference implementation
(scikit-learn, statsmodels, krippendorff) on generated data; span, attribute
and relation figures on hand-made cases; the report from a real project."""

from __future__ import annotations

import json
import math
import tempfile
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Any

import krippendorff
import numpy as np
import pytest
import spacy
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sklearn.metrics import cohen_kappa_score
from statsmodels.stats.inter_rater import fleiss_kappa as statsmodels_fleiss

from annotations import measures as ag
from annotations.errors import NotFoundError, UnknownLabelError, ValidationError
from annotations.progress import drive
from annotations.store import Project

TOL = 1e-9


def same(mine: float, reference: float) -> bool:
    if math.isnan(reference):
        return math.isnan(mine)
    return abs(mine - reference) <= TOL


@contextmanager
def quiet() -> Iterator[None]:
    """The references warn on undefined figures; that is what is tested."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        yield


# --- coefficients against the references ----------------------------------------

codings = st.integers(2, 5).flatmap(
    lambda raters: st.integers(1, 60).flatmap(
        lambda units: st.lists(
            st.lists(st.booleans(), min_size=units, max_size=units),
            min_size=raters, max_size=raters,
        )
    )
)


@given(codings)
@settings(max_examples=300, deadline=None)
def test_binary_coefficients_equal_the_references(rows: list[list[bool]]) -> None:
    data = np.array(rows, dtype=bool)
    raters = len(data)
    ones = data.sum(axis=0).astype(np.int64)
    with quiet():
        for i in range(raters):
            for j in range(i + 1, raters):
                reference = cohen_kappa_score(data[i], data[j])
                assert same(ag.binary_cohen_kappa(data[i], data[j]), reference)
                assert same(ag.cohen_kappa(data[i], data[j]), reference)
        table = np.stack([raters - ones, ones], axis=1)
        assert same(ag.binary_fleiss_kappa(ones, raters), statsmodels_fleiss(table))
        assert same(ag.fleiss_kappa(table), statsmodels_fleiss(table))
        reference = krippendorff.alpha(
            reliability_data=data.astype(float), level_of_measurement="nominal",
            value_domain=[0, 1],
        )
        assert same(ag.binary_krippendorff_alpha(ones, raters), reference)
        assert same(ag.krippendorff_alpha_nominal(table), reference)


@given(st.lists(st.tuples(st.sampled_from("abcd"), st.sampled_from("abcd")), min_size=1,
                max_size=50))
@settings(max_examples=200, deadline=None)
def test_categorical_cohen_kappa_equals_sklearn(pairs: list[tuple[str, str]]) -> None:
    x, y = zip(*pairs, strict=True)
    with quiet():
        assert same(ag.cohen_kappa(np.array(x), np.array(y)), cohen_kappa_score(x, y))


def test_degenerate_cases_are_nan_like_the_references() -> None:
    nobody = np.zeros(10, dtype=bool)
    everybody = np.ones(10, dtype=bool)
    for coding in (nobody, everybody):
        assert math.isnan(ag.binary_cohen_kappa(coding, coding))
        ones = np.full(10, 3 * int(coding[0]), dtype=np.int64)
        assert math.isnan(ag.binary_fleiss_kappa(ones, 3))
        assert math.isnan(ag.binary_krippendorff_alpha(ones, 3))
    # One annotator never uses the label, the other does: defined, and 0.
    one = nobody.copy()
    one[3] = True
    assert ag.binary_cohen_kappa(nobody, one) == 0.0


# --- span matching ---------------------------------------------------------------------


def arr(*values: int) -> ag.Ints:
    return np.array(values, dtype=np.int64)


def test_overlap_matching_takes_largest_overlap_first() -> None:
    # a0 overlaps b0 by 2 and b1 by 4; a1 overlaps b1 by 1: a0-b1 is taken
    # first, so a1 is left unmatched and b0 too.
    ma, mb = ag.overlap_matches(arr(0, 9), arr(10, 12), arr(0, 6), arr(2, 10))
    assert sorted(zip(ma.tolist(), mb.tolist(), strict=True)) == [(0, 1)]


def test_overlap_matching_is_one_to_one() -> None:
    ma, mb = ag.overlap_matches(arr(0), arr(10), arr(0, 5), arr(4, 9))
    assert (ma.tolist(), mb.tolist()) == ([0], [0])


def test_f1_of_nothing_is_nan() -> None:
    assert math.isnan(ag.f1(0, 0, 0))
    assert ag.f1(0, 1, 0) == 0.0


def test_token_coverage_counts_any_overlap() -> None:
    starts, ends = arr(0, 4, 10), arr(3, 9, 12)
    covered = ag.token_coverage(starts, ends, arr(5), arr(6))
    assert covered.tolist() == [False, True, False]
    covered = ag.token_coverage(starts, ends, arr(3), arr(4))  # between tokens
    assert covered.tolist() == [False, False, False]


# --- a real project --------------------------------------------------------------------

TEXT = "Ned Price said on Thursday that flights will stop. Talks ended in May."
#       0         1         2         3         4         5         6
#       0123456789012345678901234567890123456789012345678901234567890123456789


def event_class(name: str) -> dict[str, Any]:
    """An EVENT's `class` attribute as keyword arguments of `add`."""
    return {"class": name}


def add(project: Project, doc: int, who: str, label: str, word: str, nth: int = 0,
        **attrs: Any) -> int:
    start = -1
    for _ in range(nth + 1):
        start = TEXT.index(word, start + 1)
    return project.add_span(doc, who, label, start, start + len(word), attrs).id


@pytest.fixture
def two(project: Project) -> tuple[Project, int]:
    doc, _ = project.add_document(TEXT, date="2021-08-12")
    p = project
    for who in ("ann", "bob"):
        p.add_span(doc.id, who, "SPEAKER", 0, 9)
        p.set_status(doc.id, who, "done")
    add(p, doc.id, "ann", "EVENT", "said", **event_class("REPORTING"))
    add(p, doc.id, "bob", "EVENT", "said", **event_class("OCCURRENCE"))
    add(p, doc.id, "ann", "EVENT", "stop", **event_class("OCCURRENCE"))
    add(p, doc.id, "bob", "EVENT", "stop", **event_class("OCCURRENCE"))
    add(p, doc.id, "ann", "DATE", "Thursday", value="2021-08-12")
    add(p, doc.id, "bob", "DATE", "on Thursday", value="2021-08-12")
    add(p, doc.id, "ann", "QUOTE", "flights will stop")
    add(p, doc.id, "bob", "QUOTE", "that flights will stop")
    return p, doc.id


def report_of(project: Project, annotators: list[str], **kw: Any) -> dict[str, Any]:
    return drive(ag.agreement(project, annotators, **kw))


def test_report_shape_and_span_figures(two: tuple[Project, int]) -> None:
    project, _ = two
    report = report_of(project, ["bob", "ann"])
    assert report["annotators"] == ["bob", "ann"]
    assert report["documents"] == 1
    assert list(report["labels"]["EVENT"]["pairs"]) == ["bob|ann"]
    event = report["labels"]["EVENT"]["pairs"]["bob|ann"]
    assert event["exact_f1"] == 1.0
    date = report["labels"]["DATE"]["pairs"]["bob|ann"]
    assert date["exact_f1"] == 0.0 and date["overlap_f1"] == 1.0
    assert report["labels"]["SPEAKER"]["alpha_u"] == 1.0
    micro = report["micro"]["pairs"]["bob|ann"]
    assert micro["exact_f1"] == pytest.approx(2 * 3 / 10)
    assert micro["overlap_f1"] == 1.0
    for key in ("fleiss_kappa", "krippendorff_alpha", "alpha_u"):
        assert key in report["labels"]["QUOTE"]
    json.loads(ag.to_json(report))


def test_attribute_agreement_on_exact_matches(two: tuple[Project, int]) -> None:
    project, _ = two
    report = report_of(project, ["ann", "bob"])
    event = report["attributes"]["EVENT.class"]["pairs"]["ann|bob"]
    assert (event["matched"], event["agreed"], event["percent"]) == (2, 1, 50.0)
    with quiet():
        assert same(event["cohen_kappa"],
                    cohen_kappa_score(["REPORTING", "OCCURRENCE"], ["OCCURRENCE", "OCCURRENCE"]))
    date = report["attributes"]["DATE.value"]["pairs"]["ann|bob"]
    assert date["matched"] == 0 and math.isnan(date["percent"])


def test_relation_f1_only_over_exactly_matched_endpoints(two: tuple[Project, int]) -> None:
    project, doc = two
    spans = {(s.annotator, s.label): s.id for s in project.spans(doc)}
    for who in ("ann", "bob"):
        quote = spans[(who, "QUOTE")]
        project.add_relation("SAID", spans[(who, "SPEAKER")], quote)
        stop = next(s.id for s in project.spans(doc, who) if s.text == "stop")
        project.add_relation("WHEN", stop, spans[(who, "DATE")])
    report = report_of(project, ["ann", "bob"])
    # SAID: the QUOTE spans differ, so neither relation counts.
    said = report["relations"]["SAID"]["pairs"]["ann|bob"]
    assert said["relations"] == [0, 0] and math.isnan(said["f1"])
    # WHEN: the DATE spans differ too.
    assert report["relations"]["WHEN"]["pairs"]["ann|bob"]["relations"] == [0, 0]
    # Make the QUOTEs equal: SAID now agrees.
    bob_quote = spans[("bob", "QUOTE")]
    project.update_span(bob_quote, start=TEXT.index("flights"))
    report = report_of(project, ["ann", "bob"])
    assert report["relations"]["SAID"]["pairs"]["ann|bob"] == {
        "f1": 1.0, "relations": [1, 1], "matched": 1}


def test_documents_ranked_and_disagreements_agree(two: tuple[Project, int]) -> None:
    project, doc = two
    calm, _ = project.add_document("Nothing happened at all here.")
    for who in ("ann", "bob"):
        project.add_span(calm.id, who, "EVENT", 8, 16)
        project.set_status(calm.id, who, "done")
    report = report_of(project, ["ann", "bob"])
    ranked = report["documents_ranked"]
    assert [r["id"] for r in ranked] == [doc, calm.id]
    groups = ag.find_disagreements({w: project.spans(doc, w) for w in ("ann", "bob")})
    assert ranked[0]["disagreements"] == len(groups) == 3  # said class, date, quote
    assert ranked[1]["disagreements"] == 0
    assert [g.labels for g in groups] == [["EVENT"], ["DATE"], ["QUOTE"]]
    shared = ag.shared_spans({w: project.spans(doc, w) for w in ("ann", "bob")})
    assert sorted(s.label for s in shared) == ["EVENT", "SPEAKER"]


def test_label_swaps_show_in_the_confusion_matrix(project: Project) -> None:
    doc, _ = project.add_document(TEXT)
    project.add_span(doc.id, "ann", "EVENT", 10, 14)
    project.add_span(doc.id, "bob", "SPEAKER", 10, 14)
    project.add_span(doc.id, "ann", "DATE", 18, 26)
    project.add_span(doc.id, "bob", "DATE", 18, 26)
    report = report_of(project, ["ann", "bob"], all_documents=True)
    confusion = report["confusion"]
    names = confusion["labels"]
    cell = {(names[i], names[j]): v for i, row in enumerate(confusion["matrix"])
            for j, v in enumerate(row) if v}
    assert cell == {("EVENT", "SPEAKER"): 1, ("DATE", "DATE"): 1}


def test_only_documents_everyone_finished_unless_all(two: tuple[Project, int]) -> None:
    project, _ = two
    other, _ = project.add_document("A second article without spans.")
    project.set_status(other.id, "ann", "done")
    assert report_of(project, ["ann", "bob"])["documents"] == 1
    assert report_of(project, ["ann", "bob"], all_documents=True)["documents"] == 2


def test_choice_errors(two: tuple[Project, int]) -> None:
    project, _ = two
    with pytest.raises(NotFoundError, match="'carol'"):
        report_of(project, ["ann", "carol"])
    with pytest.raises(UnknownLabelError, match="'PLACE'"):
        report_of(project, ["ann", "bob"], labels=["PLACE"])
    with pytest.raises(ValidationError, match="two annotators"):
        report_of(project, ["ann"])
    project.set_status(project.document_ids()[0], "bob", "in_progress")
    with pytest.raises(ag.NoDocumentsError, match="--all"):
        report_of(project, ["ann", "bob"])


def test_labels_option_limits_the_report(two: tuple[Project, int]) -> None:
    project, _ = two
    report = report_of(project, ["ann", "bob"], labels=["EVENT"])
    assert list(report["labels"]) == ["EVENT"]
    assert list(report["attributes"]) == ["EVENT.class"]


def test_suggestion_use(project: Project) -> None:
    doc, _ = project.add_document(TEXT)
    conn = project.conn
    with project.transaction():
        for start, end, label in ((10, 14, "EVENT"), (18, 26, "DATE"), (45, 49, "EVENT")):
            conn.execute(
                'INSERT INTO suggestions (document_id, model, label, start, "end", text, attrs)'
                " VALUES (?, 'm1', ?, ?, ?, ?, '{}')",
                (doc.id, label, start, end, TEXT[start:end]),
            )
    sug = {r[1]: r[0] for r in conn.execute("SELECT id, start FROM suggestions")}
    project.add_span(doc.id, "ann", "EVENT", 10, 14, origin="suggested", suggestion_id=sug[10])
    project.add_span(doc.id, "ann", "DATE", 15, 26, origin="suggested", suggestion_id=sug[18])
    project.add_span(doc.id, "ann", "EVENT", 32, 39)
    project.add_span(doc.id, "bob", "EVENT", 10, 14)
    with project.transaction():
        conn.execute(
            "INSERT INTO suggestion_decisions (suggestion_id, annotator_id, decision, time) "
            "VALUES (?, ?, 'rejected', 'now')", (sug[45], project.annotator_id("ann")))
    report = report_of(project, ["ann", "bob"], all_documents=True)
    use = report["suggestion_use"]["by_annotator"]["ann"]
    assert (use["EVENT"]["unchanged"], use["EVENT"]["manual"], use["EVENT"]["rejected"]) == (
        1, 1, 1)
    assert use["DATE"]["changed"] == 1
    assert use["EVENT"]["share_manual"] == 0.5
    vs = report["suggestion_use"]["agreement_with_suggestions"]
    assert vs["bob"]["m1"]["EVENT"]["exact_f1"] == pytest.approx(2 / 3)
    assert vs["ann"]["m1"]["DATE"] == {"exact_f1": 0.0, "overlap_f1": 1.0}


# --- token-level figures of a project equal the references ----------------------------

WORDS = ["The", "embassy", "said", "on", "Thursday", ",", "“", "flights", "stop", ".", "”",
         "U.S.", "don't", "90", "days", "-", "Kabul", "(", ")", "again"]
SEPARATORS = [" ", " ", " ", "  ", "\n", "\n\n", ""]
LABELS = ("EVENT", "DATE", "SPEAKER", "QUOTE")


@st.composite
def corpora(draw: st.DrawFn) -> tuple[list[str], list[list[tuple[str, str, int, int]]]]:
    """Documents and, per document, (annotator, label, start, end) spans that
    do not overlap within one annotator and label."""
    texts = []
    spans = []
    for _ in range(draw(st.integers(1, 3))):
        pieces = draw(st.lists(st.tuples(st.sampled_from(WORDS), st.sampled_from(SEPARATORS)),
                               min_size=1, max_size=25))
        text = "".join(w + s for w, s in pieces).strip() or "word"
        texts.append(text)
        doc_spans = []
        for who in ("a", "b", "c"):
            for label in LABELS:
                cuts = sorted(set(draw(st.lists(st.integers(0, len(text)), max_size=6))))
                for start, end in zip(cuts[::2], cuts[1::2], strict=False):
                    if start < end:
                        doc_spans.append((who, label, start, end))
        spans.append(doc_spans)
    return texts, spans


@lru_cache(maxsize=1)
def english() -> spacy.language.Language:
    return spacy.blank("en")


def reference_figures(texts: list[str], spans: list[list[tuple[str, str, int, int]]],
                      label: str) -> dict[str, float]:
    nlp = english()
    coded: dict[str, list[int]] = {w: [] for w in "abc"}
    for text, doc_spans in zip(texts, spans, strict=True):
        for token in nlp(text):
            if token.is_space:
                continue
            lo, hi = token.idx, token.idx + len(token.text)
            for who in "abc":
                coded[who].append(int(any(
                    w == who and lab == label and s < hi and lo < e
                    for w, lab, s, e in doc_spans)))
    data = np.array([coded[w] for w in "abc"])
    ones = data.sum(axis=0)
    out = {f"{x}|{y}": cohen_kappa_score(data[i], data[j])
           for i, x in enumerate("abc") for j, y in enumerate("abc") if i < j}
    out["fleiss"] = statsmodels_fleiss(np.stack([3 - ones, ones], axis=1))
    out["alpha"] = krippendorff.alpha(reliability_data=data.astype(float),
                                      level_of_measurement="nominal", value_domain=[0, 1])
    return out


@given(corpora())
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_project_token_figures_equal_the_references(
    corpus: tuple[list[str], list[list[tuple[str, str, int, int]]]],
) -> None:
    texts, spans = corpus
    kept: dict[str, list[tuple[str, str, int, int]]] = {}  # a repeated text is one document
    with tempfile.TemporaryDirectory() as folder, Project.create(Path(folder) / "p.db") as p:
        ids = []
        for text, doc_spans in zip(texts, spans, strict=True):
            doc, added = p.add_document(text)
            if not added:
                continue
            kept[text] = doc_spans
            ids.append(doc.id)
            for who, label, start, end in doc_spans:
                p.add_span(doc.id, who, label, start, end)
        for who in "abc":
            p.annotator_id(who)
        report = drive(ag.agreement(p, ["a", "b", "c"], document_ids=ids))
    with quiet():
        for label in LABELS:
            ref = reference_figures(list(kept), list(kept.values()), label)
            figures = report["labels"][label]
            for pair in ("a|b", "a|c", "b|c"):
                assert same(figures["pairs"][pair]["cohen_kappa"], ref[pair]), (label, pair)
            assert same(figures["fleiss_kappa"], ref["fleiss"]), label
            assert same(figures["krippendorff_alpha"], ref["alpha"]), label
