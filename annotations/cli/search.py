"""`dateline search`: Find in Project on the command line."""

from __future__ import annotations

import json
from dataclasses import asdict

import click

from annotations.cli.common import PROJECT, open_project
from annotations.model import STATUSES


@click.command()
@click.argument("project", type=PROJECT)
@click.argument("words", nargs=-1, required=True)
@click.option("--annotator", default="", help="Whose status (and spans, with --label) to use.")
@click.option("--label", help="Only documents where one of the annotator's spans of this "
                              "label holds the words.")
@click.option("--status", type=click.Choice(STATUSES), help="Only documents of this status "
                                                             "(the annotator's).")
@click.option("--limit", type=click.IntRange(1), default=20, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Print the hits as JSON lines.")
def search(project: str, words: tuple[str, ...], annotator: str, label: str | None,
           status: str | None, limit: int, as_json: bool) -> None:
    """The documents whose title or text holds every one of WORDS, best first,
    with their context ("a phrase" in quotes keeps words together; prefix*)."""
    from annotations.store.search import plain_snippet
    from annotations.store.search import search as find

    if (label or status) and not annotator:
        raise click.UsageError("--label and --status need --annotator (whose spans and status)")
    with open_project(project) as p:
        hits = find(p, " ".join(words), annotator=annotator, label=label, status=status,
                    limit=limit)
    for hit in hits:
        if as_json:
            click.echo(json.dumps({**asdict(hit), "snippet": plain_snippet(hit.snippet)},
                                  ensure_ascii=False))
            continue
        click.echo(f"{hit.document_id}\t{hit.date or '-'}\t{hit.status}\t{hit.title}")
        click.echo(f"\t{' '.join(plain_snippet(hit.snippet).split())}")
    if not hits and not as_json:
        click.echo("no document holds every one of these words", err=True)
