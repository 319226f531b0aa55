"""`dateline schema`: show a project's label schema, or replace it."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from annotations.cli.common import EXISTING_FILE, PROJECT, open_project

if TYPE_CHECKING:
    from annotations.schema import AttributeSpec, LabelSchema


def _attribute(spec: AttributeSpec) -> str:
    if spec.type == "choice":
        return f"{spec.name} ({', '.join(spec.values)})"
    if spec.type == "text" and spec.pattern:
        return f"{spec.name} (text matching {spec.pattern})"
    return f"{spec.name} ({spec.type})"


def describe(schema: LabelSchema) -> list[str]:
    """The schema as lines of text: its labels with their keys and attributes,
    and its relations with their endpoints."""
    lines = [f"{schema.name} (version {schema.version})"
             + (f": {schema.description}" if schema.description else "")]
    lines.append("labels:")
    for label in schema.labels:
        key = f" [{label.key}]" if label.key else ""
        attributes = "; ".join(_attribute(a) for a in label.attributes)
        lines.append(f"  {label.name}{key}" + (f": {attributes}" if attributes else ""))
    lines.append("relations:" + ("" if schema.relations else " none"))
    for rel in schema.relations:
        key = f" [{rel.key}]" if rel.key else ""
        lines.append(f"  {rel.name}{key}: {' | '.join(rel.heads)} -> {' | '.join(rel.children)}")
    return lines


@click.command()
@click.argument("project", type=PROJECT)
@click.option("--set", "replacement", type=EXISTING_FILE, default=None,
              help="Replace the schema with this JSON file; refused, with every reason, "
                   "when the project's spans, attributes or relations would break.")
@click.option("--json", "as_json", is_flag=True,
              help="Print the stored schema as JSON (the form --set reads).")
def schema(project: str, replacement: str | None, as_json: bool) -> None:
    """Show the project's label schema, or replace it (--set FILE)."""
    from annotations.identity import current_user
    from annotations.schema import LabelSchema
    from annotations.store.schema_change import SchemaConflictError, replace_schema

    with open_project(project) as p:
        if replacement is not None:
            chosen = LabelSchema.load(replacement)
            try:
                replace_schema(p, chosen, annotator=current_user(), source=replacement)
            except SchemaConflictError as exc:
                for reason in exc.reasons:
                    click.echo(f"dateline: {reason}", err=True)
                raise
            click.echo(f"{project}: the schema is now {chosen.name!r} version {chosen.version} "
                       f"({', '.join(chosen.label_names)})")
            return
        stored = p.schema
    click.echo(stored.to_json() if as_json else "\n".join(describe(stored)))
