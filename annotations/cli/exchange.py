"""`dateline formats`, `dateline import` and `dateline export`: data in and out."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import click

from annotations.cli.common import (
    EXISTING_FILE,
    MAX_PROBLEMS_SHOWN,
    NEW_PROJECT,
    PROJECT,
    open_project,
    run_with_progress,
    split_list,
)
from annotations.formats.base import LATEST
from annotations.identity import current_user


@click.command()
def formats() -> None:
    """List the import and export formats."""
    from annotations.formats import formats as all_formats

    for fmt in all_formats():
        ways = "/".join(w for w, f in (("import", fmt.reader), ("export", fmt.writer)) if f)
        click.echo(f"{fmt.name:8} {fmt.id:24} {ways:14} {fmt.title}")


def _format_names(kind: str) -> list[str]:
    """The registry's format names that import or export (the CLI's fixed choices)."""
    from annotations.formats import export_formats, import_formats

    return [f.name for f in (import_formats() if kind == "import" else export_formats())]


@click.command("import")
@click.argument("project", type=NEW_PROJECT)
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--annotator", default=None,
              help="Whose annotations the imported spans are (default: the current user).")
@click.option("--format", "format_name", type=click.Choice(_format_names("import")),
              default=None, help="Read every file named with this format, and only its files "
                                 "of a folder (default: each file's format is detected).")
@click.option("--skip-invalid", is_flag=True,
              help="Import what is valid and list every skipped item, instead of nothing.")
@click.option("--label-map", type=EXISTING_FILE, default=None,
              help="JSON object renaming labels; a label mapped to null is dropped.")
@click.option("--dates", type=EXISTING_FILE, default=None,
              help="TSV of file name and document date (YYYY-MM-DD) for files without one.")
def import_(project: str, paths: tuple[str, ...], annotator: str | None,
            format_name: str | None, skip_invalid: bool, label_map: str | None,
            dates: str | None) -> None:
    """Import files and folders (all or nothing); `-` reads JSONL from standard input."""
    import tempfile

    from annotations.importing import import_paths
    from annotations.readopts import read_options

    with tempfile.TemporaryDirectory(prefix="dateline-stdin-") as tmp:
        named = [_stdin_file(Path(tmp), format_name) if p == "-" else p for p in paths]
        with open_project(project) as p:
            report = run_with_progress(
                import_paths(p, named, annotator or current_user(),
                             skip_invalid=skip_invalid, options=read_options(label_map, dates),
                             format_name=format_name,
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


def _stdin_file(folder: Path, format_name: str | None) -> str:
    """Standard input saved as `stdin.jsonl` (only JSONL is read from it)."""
    if format_name not in (None, "jsonl"):
        raise click.UsageError(f"`-` reads JSONL from standard input, not {format_name}")
    target = folder / "stdin.jsonl"
    with target.open("wb") as fh:
        shutil.copyfileobj(sys.stdin.buffer, fh)
    return str(target)


@click.command()
@click.argument("project", type=PROJECT)
@click.option("--annotator", default=None,
              help="Whose work to export (gold: `gold`); with --suggestions, whose --status "
                   "counts.")
@click.option("--format", "format_name", type=click.Choice(_format_names("export")),
              default="jsonl", show_default=True, help="The dataset format to write.")
@click.option("-o", "--output", required=True, type=click.Path(allow_dash=True),
              help="The output file (or folder, for folder formats); `-` is standard output "
                   "(jsonl, csv, conll).")
@click.option("--force", is_flag=True,
              help="Replace an existing output file or non-empty folder (never the project "
                   "or another SQLite file).")
@click.option("--split", default=None, help="e.g. train=0.8,dev=0.1,test=0.1")
@click.option("--seed", default=0, show_default=True, help="Seed of the split's shuffle.")
@click.option("--status", default=None, help="Only documents with this status (e.g. done).")
@click.option("--spans-key", default="sc", show_default=True,
              help="spacy format: the doc.spans key.")
@click.option("--ents", default=None,
              help="spacy format: the labels that go into doc.ents, e.g. DATE,EVENT "
                   "(default: the labels that never overlap another).")
@click.option("--labels", default=None,
              help="conll format: the labels of the one file written, e.g. DATE,EVENT "
                   "(default: a file per group of labels that never overlap).")
@click.option("--dct", default=None, metavar="YYYY-MM-DD",
              help="timeml format: the date of undated documents (default: leave them out).")
@click.option("--suggestions", "suggestions", is_flag=False, flag_value=LATEST, default=None,
              metavar="[MODEL]",
              help="Export a model's stored suggestions (default model: the latest) instead "
                   "of an annotator's work, as a silver dataset.")
def export(project: str, annotator: str | None, format_name: str, output: str, force: bool,
           split: str | None, seed: int, status: str | None, spans_key: str, ents: str | None,
           labels: str | None, dct: str | None, suggestions: str | None) -> None:
    """Export an annotator's work (or a model's suggestions) in a dataset format."""
    from annotations.dataset import parse_split
    from annotations.exporting import export as run_export
    from annotations.exporting import export_stream
    from annotations.formats import ExportOptions

    if annotator is None and suggestions is None:
        raise click.UsageError("give --annotator NAME, or --suggestions [MODEL]")
    options = ExportOptions(
        annotator=annotator or "", status=status, split=parse_split(split) if split else None,
        seed=seed, spans_key=spans_key, force=force,
        ents=tuple(split_list(ents)) if ents is not None else None,
        labels=tuple(split_list(labels)) if labels is not None else None,
        dct=dct, suggestions=suggestions,
    )
    with open_project(project) as p:
        if output == "-":
            work = export_stream(p, format_name, sys.stdout.buffer, options)
        else:
            work = run_export(p, format_name, Path(output), options)
        report = run_with_progress(work, "exporting")
    for warning in report.warnings:
        click.echo(f"dateline: warning: {warning}", err=True)
    click.echo(
        f"exported {report.documents} document(s), {report.spans} span(s), "
        f"{report.relations} relation(s) to {', '.join(report.files)}",
        err=output == "-",
    )
