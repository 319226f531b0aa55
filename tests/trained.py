"""Pipelines trained once per test session (registered in tests/conftest.py), so the
slow tests that need a trained model share one instead of each training its own.

They are trained briefly on a deliberately odd labelling (every "the" of ARTICLES is
an EVENT), so that what the model suggests cannot be mistaken for what the rules do.
spaCy is imported only when a test asks for a pipeline.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from annotations.progress import Progress
    from annotations.train import TrainReport

DCT = "2021-08-12"
ARTICLES = [
    "The old bridge opened to traffic after the river flooded the lower town.",
    "Officials said the museum closed its doors while workers signed a new deal.",
    "A minister visited the harbour and announced a plan to reopen the ferry.",
    "Prices rose sharply in March and fell again when the strike ended.",
    "Residents said a wall collapsed during the storm, and neighbours met at dawn.",
    "The union announced a strike, and drivers said the protest would go on.",
    "The council met on Monday and said the library would reopen soon.",
    "Shares fell after the company announced that its factory closed.",
]


@dataclass(frozen=True)
class Trained:
    """A trained pipeline: its folder, what training reported, the steps it yielded,
    and the pipeline loaded as the suggester loads it."""

    folder: Path
    report: TrainReport
    steps: list[Progress]
    nlp: Any


def the_spans(text: str) -> list[tuple[int, int]]:
    """Character offsets of every "the" of `text` (the EVENTs of the odd labelling)."""
    return [(m.start(), m.end()) for m in re.finditer(r"\b[Tt]he\b", text)]


def trained_pipeline(folder: Path, component: str, epochs: int) -> Trained:
    """A `component` ("ner" or "spancat") trained on every "the" of ARTICLES."""
    from annotations.progress import drive
    from annotations.store import Project
    from annotations.suggest.model import load_model
    from annotations.train import TrainOptions, train

    steps: list[Progress] = []
    with Project.create(folder / "project.db") as project:
        for text in ARTICLES:
            doc, _ = project.add_document(text, date=DCT)
            for start, end in the_spans(text):
                project.add_span(doc.id, "ann", "EVENT", start, end)
        report = drive(train(project, TrainOptions(
            "ann", ("EVENT",), folder / "model", component=component, max_epochs=epochs,
            eval_frequency=100, dev_share=0.25, batch_words=16)), steps.append)
    return Trained(folder / "model", report, steps, load_model(str(folder / "model")))


@pytest.fixture(scope="session")
def ner_pipeline(tmp_path_factory: pytest.TempPathFactory) -> Trained:
    return trained_pipeline(tmp_path_factory.mktemp("ner"), "ner", epochs=35)


@pytest.fixture(scope="session")
def spancat_pipeline(tmp_path_factory: pytest.TempPathFactory) -> Trained:
    return trained_pipeline(tmp_path_factory.mktemp("spancat"), "spancat", epochs=10)
