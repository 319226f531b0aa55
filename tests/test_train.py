"""`dateline train`: a real spaCy pipeline trained (briefly) from an annotator's spans."""

from __future__ import annotations

from pathlib import Path
from typing import Any, cast

import pytest
import spacy
from click.testing import CliRunner
from spacy.tokens import Doc

from annotations.cli import main
from annotations.progress import drive
from annotations.store import Project
from annotations.suggest.model import default_model_name, load_model
from annotations.suggest.trained import predicted_spans
from annotations.train import TrainingError, TrainOptions, train
from tests.conftest import dump
from tests.trained import ARTICLES, Trained, the_spans

EVENT_WORDS = ("opened", "closed", "flooded", "said", "visited", "signed", "protest",
               "announced", "rose", "fell", "strike", "collapsed", "reopen", "met")


def events(text: str) -> list[tuple[int, int]]:
    """Character offsets of the event words of our own test sentences."""
    found = []
    for word in EVENT_WORDS:
        start = text.find(word)
        while start != -1:
            end = start + len(word)
            if (start == 0 or not text[start - 1].isalpha()) and not text[end].isalpha():
                found.append((start, end))
            start = text.find(word, end)
    return sorted(found)


@pytest.fixture
def annotated(project: Project) -> Project:
    for text in ARTICLES:
        doc, _ = project.add_document(text, date="2021-08-12")
        for start, end in events(text):
            project.add_span(doc.id, "ann", "EVENT", start, end, {"class": "OCCURRENCE"})
    return project


def options(out: Path, **kw: object) -> TrainOptions:
    settings: dict[str, object] = {"annotator": "ann", "labels": ("EVENT",), "output": out,
                                   "max_epochs": 2, "eval_frequency": 5, "dev_share": 0.25}
    settings.update(kw)
    return TrainOptions(**settings)  # type: ignore[arg-type]


@pytest.mark.slow
def test_trains_a_pipeline_the_suggester_can_load(ner_pipeline: Trained) -> None:
    report, steps = ner_pipeline.report, ner_pipeline.steps
    assert report.component == "ner"
    assert report.train_documents == 6 and report.dev_documents == 2
    assert report.train_spans + report.dev_spans == sum(len(the_spans(t)) for t in ARTICLES)
    assert any(s.total for s in steps) and report.steps > 0
    assert set(report.scores) == {"p", "r", "f"} and 0.0 <= report.scores["f"] <= 1.0
    nlp = spacy.load(ner_pipeline.folder)
    assert "parser" in nlp.pipe_names and "dateline_ner" in nlp.pipe_names
    assert "DL_EVENT" in cast(Any, nlp.get_pipe("dateline_ner")).labels
    assert nlp.meta["dateline"]["labels"] == ["EVENT"]
    doc = nlp("The ferry closed on Friday.")
    assert all(label == "EVENT" for _, _, label, _ in predicted_spans(nlp, doc))
    assert [e.text for e in doc.ents if e.label_ == "DATE"] == ["Friday"]
    base = load_model(default_model_name())
    text = "The mayor said, “We will rebuild the port,” after the storm on Tuesday."
    assert parse(nlp(text)) == parse(base(text))  # the frozen base tok2vec stays as it was


def parse(doc: Doc) -> list[tuple[str, str, int]]:
    return [(t.tag_, t.dep_, t.head.i) for t in doc]


@pytest.mark.slow
def test_spancat_writes_spans_under_its_key(spancat_pipeline: Trained) -> None:
    assert spancat_pipeline.report.component == "spancat"
    nlp = spacy.load(spancat_pipeline.folder)
    assert "dateline_spancat" in nlp.pipe_names
    assert nlp.meta["dateline"]["spans_key"] == "dateline"
    assert "dateline" in nlp("The bridge opened.").spans


def test_unknown_annotator_label_or_nonempty_output_are_named(
    annotated: Project, tmp_path: Path
) -> None:
    with pytest.raises(TrainingError, match="no annotator 'nobody'"):
        drive(train(annotated, options(tmp_path / "a", annotator="nobody")))
    with pytest.raises(TrainingError, match="WHATEVER"):
        drive(train(annotated, options(tmp_path / "b", labels=("WHATEVER",))))
    full = tmp_path / "full"
    full.mkdir()
    (full / "x.txt").write_text("x")
    with pytest.raises(TrainingError, match="not an empty folder"):
        drive(train(annotated, options(full)))


def test_no_spans_of_the_label_is_an_error(annotated: Project, tmp_path: Path) -> None:
    with pytest.raises(TrainingError, match="no span labelled DATE"):
        drive(train(annotated, options(tmp_path / "m", labels=("DATE",))))


def test_cli_reports_errors_in_one_line_and_leaves_the_project(
    annotated: Project, tmp_path: Path
) -> None:
    before = dump(annotated.path)
    result = CliRunner().invoke(
        main, ["train", str(annotated.path), "--annotator", "nobody", "--labels", "EVENT",
               "-o", str(tmp_path / "m")])
    assert result.exit_code == 1
    assert "no annotator 'nobody'" in result.output
    assert "Traceback" not in result.output
    assert dump(annotated.path) == before


@pytest.mark.slow
def test_cli_trains_and_says_where(annotated: Project, tmp_path: Path) -> None:
    out = tmp_path / "cli-model"
    result = CliRunner().invoke(
        main, ["train", str(annotated.path), "--annotator", "ann", "--labels", "EVENT",
               "-o", str(out), "--epochs", "1", "--dev", "0.25"])
    assert result.exit_code == 0, result.output
    assert str(out) in result.output and "--model" in result.output
    assert (out / "meta.json").exists()
