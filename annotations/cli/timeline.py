"""`dateline timeline PROJECT --annotator NAME [--documents IDS] --format FORMAT -o OUT`:
an annotator's story timeline (with their story events) in a timeline format
(export.py's registry: timelinejs, semeval2015, csv, html)."""

from __future__ import annotations

import click

from annotations.errors import DatelineError
from annotations.timeline.export import timeline_formats


def parse_ids(value: str | None) -> list[int] | None:
    """`3,5,9-12` -> [3, 5, 9, 10, 11, 12]; None for none given.

    Raises DatelineError naming the part that is not a document id or a range of them."""
    if not value:
        return None
    ids: list[int] = []
    for part in (p.strip() for p in value.split(",") if p.strip()):
        first, dash, last = part.partition("-")
        if not first.isdigit() or (dash and not last.isdigit()):
            raise DatelineError(f"--documents: {part!r} is not a document id or a range "
                                "like 3-7")
        low, high = int(first), int(last) if dash else int(first)
        if high < low:
            raise DatelineError(f"--documents: the range {part!r} runs backwards")
        ids.extend(range(low, high + 1))
    return list(dict.fromkeys(ids))


@click.command("timeline")
@click.argument("project", type=click.Path(dir_okay=False, exists=True))
@click.option("--annotator", required=True, help="Whose annotations and story events.")
@click.option("--documents", default=None, metavar="IDS",
              help="Only these document ids, comma-separated, ranges allowed (3,5,9-12).")
@click.option("--format", "format_name", required=True,
              type=click.Choice([f.name for f in timeline_formats()]),
              help="timelinejs, semeval2015, csv or html.")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False),
              help="The file to write.")
@click.option("--name", default=None, help="The timeline's name (default: the annotator).")
def timeline_command(project: str, annotator: str, documents: str | None, format_name: str,
                     output: str, name: str | None) -> None:
    """Write ANNOTATOR's story timeline of PROJECT: every EVENT at its WHEN date, with the
    story events, in a timeline format."""
    from pathlib import Path

    from annotations.cli.common import open_project
    from annotations.store.stories import stories
    from annotations.timeline import project_timeline, write_timeline

    ids = parse_ids(documents)
    with open_project(project) as p:
        if annotator not in p.annotators():
            known = ", ".join(p.annotators()) or "none"
            raise DatelineError(f"{project}: no annotator {annotator!r} (annotators: {known})")
        timeline = project_timeline(p, annotator, ids, stories(p, annotator))
    write_timeline(timeline, Path(output), format_name, name or annotator)
    anchored = sum(1 for m in timeline.mentions.values() if m.anchored)
    click.echo(f"wrote {output}: {len(timeline.lanes)} document(s), {anchored} of "
               f"{len(timeline.mentions)} event(s) anchored, {len(timeline.stories)} story "
               f"event(s), {len(timeline.conflicts())} conflict(s)")
