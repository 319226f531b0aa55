"""`dateline train`: a spaCy pipeline from an annotator's spans (heavy imports inside)."""

from __future__ import annotations

from pathlib import Path

import click

from annotations.cli.common import open_project, run_with_progress, split_list


@click.command("train")
@click.argument("project", type=click.Path())
@click.option("--annotator", required=True, help="Whose spans to learn (gold: `gold`).")
@click.option("--labels", required=True, help="Comma-separated span labels, e.g. EVENT.")
@click.option("-o", "--output", default=None, type=click.Path(),
              help="Folder for the trained pipeline (default: next to the project).")
@click.option("--model", "base_model", default=None,
              help="Base spaCy pipeline (name or path) whose tok2vec and parser are used.")
@click.option("--component", type=click.Choice(["ner", "spancat"]), default="ner",
              show_default=True, help="What to train: an entity recognizer or a span "
              "categorizer.")
@click.option("--dev", "dev_share", default=0.2, show_default=True,
              help="Share of the documents held out to pick the best model.")
@click.option("--epochs", default=20, show_default=True, help="At most this many epochs.")
@click.option("--seed", default=0, show_default=True, help="Seed of the split and training.")
def train_command(project: str, annotator: str, labels: str, output: str | None,
                  base_model: str | None, component: str, dev_share: float, epochs: int,
                  seed: int) -> None:
    """Train a pipeline that suggests LABELS, from ANNOTATOR's spans in PROJECT."""
    from annotations.train import TrainOptions, train

    wanted = tuple(split_list(labels))
    out = Path(output) if output else _default_output(Path(project), wanted, component)
    options = TrainOptions(annotator=annotator, labels=wanted, output=out,
                           base_model=base_model, component=component, dev_share=dev_share,
                           seed=seed, max_epochs=epochs)
    with open_project(project) as p:
        report = run_with_progress(train(p, options), "training")
    for warning in report.warnings:
        click.echo(f"dateline: warning: {warning}", err=True)
    f1 = report.scores.get("f")
    click.echo(
        f"trained {component} for {', '.join(wanted)} on {report.train_documents} document(s) "
        f"({report.train_spans} spans), checked on {report.dev_documents} "
        f"({report.dev_spans} spans): {', '.join(wanted)} dev F1 "
        f"{f1 if f1 is not None else float('nan'):.3f}"
    )
    click.echo(f"wrote {out}; use it with --model {out}")


def _default_output(project: Path, labels: tuple[str, ...], component: str) -> Path:
    stem = "-".join(label.lower() for label in labels) or "model"
    return project.with_name(f"{project.stem}-{stem}-{component}")
