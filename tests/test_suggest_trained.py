"""The suggester with a pipeline from `dateline train`: the trained labels' spans come
from the trained component (EVENT: combined with the rules, the model deciding where
the rules only guess), the rules give the rest. The pipelines are trained once
per session (tests/trained.py) on a deliberately odd labelling (every "the" is an
EVENT) so that what the model suggests cannot be mistaken for what the rules suggest."""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from annotations.cli import main
from annotations.store import Project
from annotations.store.suggestions import suggestions
from annotations.suggest.events import suggest_events, where_the_model_decides
from annotations.suggest.model import model_identity
from annotations.suggest.pipeline import suggest_document, trained_spans
from annotations.suggest.trained import UNSURE, is_sure, predicted_spans
from tests.trained import DCT, Trained

TEXT = ("The ferry sank near the harbour on Tuesday, and the mayor said, "
        "“We will rebuild the port.”")


@pytest.fixture
def ner_nlp(ner_pipeline: Trained) -> Any:
    return ner_pipeline.nlp


def spans_of(found: Any, label: str) -> list[tuple[int, int, dict[str, Any]]]:
    return [(s.start, s.end, s.attrs) for s in found.spans if s.label == label]


@pytest.mark.slow
def test_trained_events_combine_with_the_rules(ner_nlp: Any) -> None:
    text = "Officials criticised the handling of the storm, and the ferry sank."
    doc = ner_nlp(text)
    found = suggest_document(doc, DCT, ner_nlp)
    events = {text[s.start:s.end] for s in found.spans if s.label == "EVENT"}
    model = {text[start:end] for start, end, label, score in predicted_spans(ner_nlp, doc)
             if label == "EVENT" and is_sure(score)}
    rules = {text[s.start:s.end] for s in suggest_events(doc)}
    assert model == {"the"}
    assert {"criticised", "handling", "sank"} <= rules
    # the rules stand, but for the noun they take for its suffix alone, which this
    # model (sure only of the determiners) rules out; its own spans add nothing
    assert events == rules - {"handling"}
    assert trained_spans(ner_nlp, doc, DCT)["EVENT"]  # the model was asked


@pytest.mark.slow
def test_a_recognizer_scores_its_spans_by_its_beam(ner_nlp: Any) -> None:
    """The spans it is sure of are those of its greedy parse (doc.ents); the others
    are scored below SURE and at least UNSURE."""
    doc = ner_nlp(TEXT)
    scored = [(a, b, score) for a, b, label, score in predicted_spans(ner_nlp, doc)]
    sure = [(a, b) for a, b, score in scored if is_sure(score)]
    greedy = [(e.start_char, e.end_char) for e in doc.ents if e.label_ == "DL_EVENT"]
    assert sure == greedy and {TEXT[a:b].lower() for a, b in sure} == {"the"}
    assert all(score is not None and UNSURE <= score <= 1.0 for _, _, score in scored)


@pytest.mark.slow
def test_the_beam_runs_only_where_the_combination_asks(ner_nlp: Any) -> None:
    """Asked about some places, the recognizer gives its greedy spans (score 1) and its
    beam's spans only in the sentences where an asked place lies outside them; there
    the scores are those of the beam over the whole document."""
    text = ("The ferry sank near the harbour. Officials criticised the handling of the "
            "storm. The mayor spoke on Tuesday.")
    doc = ner_nlp(text)
    whole = {(a, b): score for a, b, _, score in predicted_spans(ner_nlp, doc)}
    greedy = {(e.start_char, e.end_char) for e in doc.ents if e.label_ == "DL_EVENT"}
    assert greedy and set(whole) >= greedy
    nothing = predicted_spans(ner_nlp, doc, [])
    assert {(a, b): score for a, b, _, score in nothing} == dict.fromkeys(greedy, 1.0)
    handling = text.index("handling")
    second = next(s for s in doc.sents if s.start_char <= handling < s.end_char)
    asked = {(a, b): score for a, b, _, score in
             predicted_spans(ner_nlp, doc, [(handling, handling + 8)])}
    in_second = {k: v for k, v in whole.items()
                 if second.start_char <= k[0] < second.end_char}
    assert asked == {**dict.fromkeys(greedy, 1.0),
                     **{k: pytest.approx(v) for k, v in in_second.items()}}
    # the combination gives what it gives with the whole document's beam
    combined = [(s.start, s.end) for s in suggest_document(doc, DCT, ner_nlp).spans
                if s.label == "EVENT"]
    everywhere = where_the_model_decides(doc, suggest_events(doc),
                                         trained_spans(ner_nlp, doc, DCT)["EVENT"])
    assert combined == [(s.start, s.end) for s in everywhere]
    assert (handling, handling + 8) not in combined  # the model was asked, and said no


@pytest.mark.slow
def test_other_labels_and_links_still_come_from_the_rules(ner_nlp: Any) -> None:
    doc = ner_nlp(TEXT)
    with_model = suggest_document(doc, DCT, ner_nlp)
    rules_only = suggest_document(doc, DCT)
    for label in ("DATE", "QUOTE", "SPEAKER"):
        assert spans_of(with_model, label) == spans_of(rules_only, label), label
    assert spans_of(with_model, "DATE") == [
        (TEXT.index("Tuesday"), TEXT.index("Tuesday") + 7, {"type": "DATE",
                                                            "value": "2021-08-10"})]
    said = {(TEXT[with_model.spans[r.head].start:with_model.spans[r.head].end],
             TEXT[with_model.spans[r.child].start:with_model.spans[r.child].end])
            for r in with_model.relations if r.label == "SAID"}
    assert said == {("the mayor", "We will rebuild the port.")}


@pytest.mark.slow
def test_cli_suggest_with_a_trained_model(ner_nlp: Any, tmp_path: Path) -> None:
    path = tmp_path / "p.db"
    with Project.create(path) as project:
        doc = project.add_document(TEXT, date=DCT)[0].id
    folder = str(ner_nlp.path)
    result = CliRunner().invoke(main, ["suggest", str(path), "--model", folder])
    assert result.exit_code == 0, result.output
    with Project(path) as project:
        stored = suggestions(project, doc, model_identity(ner_nlp))
    assert model_identity(ner_nlp).startswith("en_dateline_event_ner@")
    rule_events = {TEXT[s.start:s.end] for s in suggest_events(ner_nlp(TEXT))}
    assert {s.text for s in stored if s.label == "EVENT"} == rule_events  # verbs all
    assert {s.label for s in stored} >= {"EVENT", "DATE", "QUOTE", "SPEAKER"}


@pytest.mark.slow
def test_span_categorizer_scores_are_kept(spancat_pipeline: Trained) -> None:
    nlp = spancat_pipeline.nlp
    doc = nlp(TEXT)
    events = trained_spans(nlp, doc, DCT)["EVENT"]
    model = {(start, end): score for start, end, label, score in predicted_spans(nlp, doc)}
    assert events and all(s.score is not None for s in events)
    assert all(model[(s.start, s.end)] == s.score for s in events)
    ordered = sorted((s.start, s.end) for s in events)
    assert all(a[1] <= b[0] for a, b in pairwise(ordered))
    for span, score in model.items():  # a span left out overlaps a better one kept
        if span not in {(s.start, s.end) for s in events}:
            assert any(s.start < span[1] and span[0] < s.end and (s.score or 0) >= (score or 0)
                       for s in events)
