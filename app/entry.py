"""The `dateline` command: with no command it opens the window, otherwise it hands
over to the command line (annotations.cli), which never imports the window itself.

Qt is imported only when the window opens, so `dateline stats` and `dateline --help`
stay as light as the core's own command line.
"""

from __future__ import annotations

import sys

from annotations.cli import main as command_line


def open_window(project: str | None) -> int:
    """Open the window on `project` (None: the last or the default project); its exit code."""
    from app.main import run

    return run(project, dialogs=getattr(sys, "frozen", False))


def main(args: list[str] | None = None) -> None:
    """Run `dateline` with `args` (default: the process's own arguments)."""
    command_line.main(args, obj=open_window)


if __name__ == "__main__":
    main()
