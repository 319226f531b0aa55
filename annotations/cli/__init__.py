"""The `dateline` command line: the group here, one module per command group
(project, exchange, review, suggest, train), their shared helpers in `common`.

Expected errors print one line (per bad record) on stderr and exit 1, never a
traceback. Neither Qt nor spaCy is imported unless the command needs it; the
core never imports the window: `dateline` with no command opens it only when
the entry point in app/ (app/entry.py) passes its opener as the context object.
"""

from __future__ import annotations

import click

from annotations.cli.common import DatelineGroup, OpenWindow
from annotations.cli.exchange import export, formats, import_
from annotations.cli.project import new, stats
from annotations.cli.review import agree, merge
from annotations.cli.schema import schema
from annotations.cli.suggest import evaluate, suggest
from annotations.cli.timeline import timeline_command
from annotations.cli.train import train_command

__all__ = ["main"]


@click.group(cls=DatelineGroup, invoke_without_command=True)
@click.version_option(package_name="dateline")
@click.pass_context
def main(ctx: click.Context) -> None:
    """Dateline: annotate news with events, dates, speakers and quotes.

    Run `dateline [PROJECT]` to open the window (on the default project when
    none is given), or one of the commands below.
    """
    if ctx.invoked_subcommand is not None:
        return
    open_window: OpenWindow | None = ctx.obj if callable(ctx.obj) else None
    if open_window is None:
        raise click.UsageError("no command given (the window opens with `dateline [PROJECT]`)")
    ctx.exit(open_window(ctx.meta.get("dateline.project")))


for command in (new, import_, stats, schema, formats, export, merge, agree, train_command,
                suggest, evaluate, timeline_command):
    main.add_command(command)
