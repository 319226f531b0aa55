"""`dateline merge` and `dateline agree`: the reviewer's commands."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import click

from annotations.cli.common import (
    MAX_PROBLEMS_SHOWN,
    PROJECT,
    open_project,
    run_with_progress,
    split_list,
)
from annotations.errors import InputError
from annotations.identity import current_user

RANKED_SHOWN = 5


@click.command()
@click.argument("project", type=PROJECT)
@click.argument("others", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("--rename", "renames", multiple=True, metavar="OLD=NEW",
              help="Bring annotator OLD's work in as NEW (repeatable).")
def merge(project: str, others: tuple[str, ...], renames: tuple[str, ...]) -> None:
    """Merge other project files' annotators into PROJECT (all or nothing)."""
    from annotations.store.merge_source import parse_renames
    from annotations.store.merging import merge as run_merge

    names = parse_renames(renames)
    with open_project(project) as p:
        try:
            report = run_with_progress(
                run_merge(p, others, names, actor=current_user()), "merging"
            )
        except InputError as exc:
            for problem in exc.problems[:MAX_PROBLEMS_SHOWN]:
                click.echo(f"dateline: {problem}", err=True)
            raise click.ClickException(
                f"{len(exc.problems)} problem(s); nothing was merged, the project is unchanged"
            ) from exc
    for warning in report.warnings:
        click.echo(f"dateline: warning: {warning}", err=True)
    for file, name in report.identical:
        click.echo(f"{name} in {file}: same work as in the project, left as it is")
    for file, name, target in report.merged:
        click.echo(f"merged {name} from {file}" + (f" as {target}" if target != name else ""))
    click.echo(
        f"merged {report.files} file(s): {report.documents_added} new document(s), "
        f"{report.documents_matched} already there, {report.spans} span(s), "
        f"{report.relations} relation(s), {report.statuses} status(es), "
        f"{report.edits} logged edit(s), {report.decisions} suggestion decision(s)"
    )


@click.command()
@click.argument("project", type=PROJECT)
@click.option("--annotators", required=True, metavar="A,B[,C...]",
              help="The annotators to compare, comma-separated (pairs keep this order).")
@click.option("--labels", default=None, metavar="L1,L2",
              help="Only these labels (default: every label of the schema).")
@click.option("--all", "all_documents", is_flag=True,
              help="All documents, not only those every chosen annotator marked done.")
@click.option("--json", "json_path", type=click.Path(dir_okay=False), default=None,
              help="Write the figures as JSON to this file ('-' for standard output).")
@click.option("--html", "html_path", type=click.Path(dir_okay=False), default=None,
              help="Write an HTML report with plots to this file.")
def agree(project: str, annotators: str, labels: str | None, all_documents: bool,
          json_path: str | None, html_path: str | None) -> None:
    """Inter-annotator agreement: span F1, token kappa and alpha, alpha_u,
    attributes, relations, documents by disagreement, suggestion use."""
    from annotations.measures import agreement, to_json

    with open_project(project) as p:
        report = run_with_progress(
            agreement(p, split_list(annotators), labels=split_list(labels) or None,
                      all_documents=all_documents),
            "measuring",
        )
    if json_path == "-":
        click.echo(to_json(report))
        return
    if json_path:
        Path(json_path).write_text(to_json(report) + "\n", encoding="utf-8")
    if html_path:
        from annotations.measures.report import render_html

        Path(html_path).write_text(render_html(report, title=Path(project).name),
                                   encoding="utf-8")
    click.echo(summary(report))
    for path in (json_path, html_path):
        if path:
            click.echo(f"wrote {path}")


def _f(value: Any, digits: int = 3) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "n/a"
    return f"{value:.{digits}f}"


def summary(report: dict[str, Any]) -> str:
    """The agreement report as a few readable tables."""
    lines = [
        f"{report['documents']} document(s), {report['tokens']} tokens; annotators: "
        f"{', '.join(report['annotators'])}",
        "",
        f"{'label':9} {'pair':19} {'exact F1':>8} {'overlap F1':>10} {'kappa':>7}",
    ]
    for label, figures in report["labels"].items():
        for pair, f in figures["pairs"].items():
            lines.append(f"{label:9} {pair:19} {_f(f['exact_f1']):>8} "
                         f"{_f(f['overlap_f1']):>10} {_f(f['cohen_kappa']):>7}")
    for pair, f in report["micro"]["pairs"].items():
        lines.append(f"{'micro':9} {pair:19} {_f(f['exact_f1']):>8} {_f(f['overlap_f1']):>10}")
    lines += ["", f"{'label':9} {'Fleiss k':>8} {'Kripp. a':>8} {'alpha_u':>8}"]
    for label, f in report["labels"].items():
        lines.append(f"{label:9} {_f(f['fleiss_kappa']):>8} {_f(f['krippendorff_alpha']):>8} "
                     f"{_f(f['alpha_u']):>8}")
    if report["attributes"]:
        lines += ["", "attributes on exactly matched spans (agreed/matched, percent, kappa):"]
        for name, f in report["attributes"].items():
            for pair, p in f["pairs"].items():
                lines.append(f"  {name:12} {pair:19} {p['agreed']}/{p['matched']} "
                             f"{_f(p['percent'], 1)}% {_f(p['cohen_kappa'])}")
    lines += ["", "relations over exactly matched endpoints (F1):"]
    for name, f in report["relations"].items():
        for pair, p in f["pairs"].items():
            lines.append(f"  {name:6} {pair:19} {_f(p['f1'])} "
                         f"({p['matched']} of {p['relations'][0]}/{p['relations'][1]})")
    ranked = [d for d in report["documents_ranked"] if d["disagreements"]][:RANKED_SHOWN]
    if ranked:
        lines += ["", "most disagreement:"]
        lines += [f"  {d['disagreements']:4} in #{d['id']} {d['title'][:60]}" for d in ranked]
    lines += ["", "suggestion use (unchanged/changed/by hand/rejected):"]
    for name, per_label in report["suggestion_use"]["by_annotator"].items():
        parts = [f"{label} {u['unchanged']}/{u['changed']}/{u['manual']}/{u['rejected']}"
                 for label, u in per_label.items() if u["spans"] or u["rejected"]]
        lines.append(f"  {name}: {', '.join(parts) or 'no spans'}")
    return "\n".join(lines)
