"""EVENT suggestions with a pipeline from `dateline train`, trained on one TimeML corpus
and measured on the other (issue 13: the trained suggester must not lose to the rules
on any corpus; target >= 0.83 trained or combined).

TimeBank is the development side (measured with a model trained on AQUAINT), AQUAINT
the check (measured with a model trained on TimeBank). Each model is trained here, at
benchmark time, with `dateline train`'s defaults (ner, 20 epochs; about 2 and 5
minutes on 2 cores); no model trained on these corpora is kept in the project.
DATELINE_BENCH_MODELS=DIR keeps them in DIR between runs (trained when absent).

Printed for each side, all on the trained pipeline's own parses: EVENT exact F1 (with
P and R) and the TempEval-3 EVENT class F1 of the rules, of the trained model alone (its
spans scored SURE or above) and of the two combined as `dateline suggest` combines them;
and the trained suggester's time beside bare nlp.pipe.
Skipped when the data folder is missing (set DATELINE_DATA to move it).
Prints figures; asserts none.
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

import pytest

from annotations.evaluate import Item, Side, compare
from annotations.progress import drive
from annotations.suggest.events import suggest_events
from annotations.suggest.model import load_model
from annotations.suggest.pipeline import suggest_document, trained_spans
from annotations.suggest.trained import is_sure
from annotations.suggest.types import SuggestedSpan
from annotations.train import TrainOptions, train
from tests.benchmarks.bench_suggest import (
    AQUAINT,
    DATA,
    TARGETS,
    TIMEBANK,
    build,
    gold_side,
    show,
)

TARGET = 0.83

pytestmark = pytest.mark.skipif(not TIMEBANK.is_dir() or not AQUAINT.is_dir(),
                                reason=f"no TimeML data at {DATA}")


def trained_model(tmp_path: Path, corpus: Path) -> Path:
    """A `dateline train` EVENT ner model trained on `corpus` (kept in
    DATELINE_BENCH_MODELS when it is set, and reused from there)."""
    keep = os.environ.get("DATELINE_BENCH_MODELS")
    folder = Path(keep) / f"event_ner_{corpus.name}" if keep else tmp_path / "model"
    if folder.is_dir() and any(folder.iterdir()):
        print(f"\nmodel trained on {corpus.name}: reused from {folder}")
        return folder
    project = build(tmp_path, f"{corpus.name} (training)", [corpus], "timeml")
    t0 = time.perf_counter()
    report = drive(train(project, TrainOptions("timeml", ("EVENT",), folder)))
    project.close()
    print(f"model trained on {corpus.name}: {report.epochs + 1} epochs in "
          f"{time.perf_counter() - t0:.0f} s, dev F1 {report.scores.get('f', 0.0):.3f}")
    return folder


def as_side(doc_id: int, spans: list[SuggestedSpan]) -> Side:
    return Side([Item(doc_id, s.label, s.start, s.end, "", s.attrs)
                 for s in spans if s.label == "EVENT"])


def measured(tmp_path: Path, train_on: Path, test_on: Path, name: str) -> None:
    nlp: Any = load_model(str(trained_model(tmp_path, train_on)))
    project = build(tmp_path, name, [test_on], "timeml")
    documents = list(project.documents())
    t0 = time.perf_counter()
    parsed = list(nlp.pipe((d.text for d in documents), batch_size=32))
    t_pipe = time.perf_counter() - t0
    sides: dict[str, list[Side]] = {"rules": [], "trained": [], "combined": []}
    t_trained = 0.0
    for document, doc in zip(documents, parsed, strict=True):
        sides["rules"].append(as_side(document.id, suggest_events(doc)))
        t0 = time.perf_counter()
        combined = suggest_document(doc, document.date, nlp)
        t_trained += time.perf_counter() - t0
        model = [s for s in trained_spans(nlp, doc, document.date).get("EVENT", [])
                 if is_sure(s.score)]
        sides["trained"].append(as_side(document.id, model))
        sides["combined"].append(as_side(document.id, combined.spans))
    gold = gold_side(project, "timeml", lambda i: i.label == "EVENT")
    print(f"{name} ({len(documents)} documents), model trained on {train_on.name}")
    for what, parts in sides.items():
        figures, _ = compare(gold, Side([i for side in parts for i in side.items]))
        event = figures["labels"]["EVENT"]["exact"]
        show(f"EVENT F1 ({what}, exact)", event["f1"], TARGET if what != "rules" else 0.80)
        print(f"  EVENT P {event['p']:.3f} R {event['r']:.3f}; class F1, TempEval-3 "
              f"{figures['attributes']['EVENT.class']['tempeval_f1']['f1']:.3f}")
    show("suggester with the trained model / bare nlp.pipe", t_trained / t_pipe,
         TARGETS["overhead"], higher_is_better=False)
    print(f"  nlp.pipe {t_pipe:.1f} s, suggester {t_trained:.1f} s")
    project.close()


def test_timebank_development_trained_on_aquaint(tmp_path: Path) -> None:
    measured(tmp_path, AQUAINT, TIMEBANK, "TimeBank (development)")


def test_aquaint_check_trained_on_timebank(tmp_path: Path) -> None:
    measured(tmp_path, TIMEBANK, AQUAINT, "AQUAINT (check)")
