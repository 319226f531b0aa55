"""`dateline new` and `dateline stats`: making a project file and reading its figures."""

from __future__ import annotations

import json

import click

from annotations.cli.common import EXISTING_FILE, NEW_PROJECT, PROJECT, open_project


@click.command()
@click.argument("project", type=NEW_PROJECT)
@click.option("--schema", type=EXISTING_FILE,
              help="A label schema JSON file (default: the bundled news-events scheme).")
def new(project: str, schema: str | None) -> None:
    """Create a new, empty project file."""
    from annotations.schema import LabelSchema
    from annotations.store import Project

    chosen = LabelSchema.load(schema) if schema else None
    with Project.create(project, chosen) as p:
        click.echo(f"created {project} with the schema {p.schema.name!r} "
                   f"({', '.join(p.schema.label_names)})")


@click.command()
@click.argument("project", type=PROJECT)
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
def stats(project: str, as_json: bool) -> None:
    """Documents, dated documents, annotators, spans per label, statuses, and the
    suggestions of each model: decided (accepted, rejected) and pending."""
    from annotations.store.suggestions import suggestion_counts

    with open_project(project) as p:
        figures = p.stats()
        figures["suggestions"] = suggestion_counts(p)
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
    click.echo("suggestions:" + ("" if figures["suggestions"] else " none"))
    for model, counts in figures["suggestions"].items():
        click.echo(f"  {model}: {counts['documents']} document(s), {counts['spans']} span(s), "
                   f"{counts['relations']} relation(s); {counts['undecided']} decided by no one")
        for name, mine in counts["annotators"].items():
            click.echo(f"    {name}: {mine['accepted']} accepted, {mine['rejected']} rejected, "
                       f"{mine['pending']} pending")
