"""Entry point of the desktop bundle: the `dateline` command (no arguments opens the window).

Before the window opens, the system libraries Qt's X11 plugin needs are
checked, so a minimal Linux gets the command that installs them instead of
Qt's abort (app/platform_check.py).
"""

import sys

from annotations.cli import main as command_line
from app.entry import main
from app.platform_check import main as check_platform


def opens_window(args: list[str]) -> bool:
    """No command named: `dateline` or `dateline PROJECT` opens the window."""
    return not args or (args[0] not in command_line.commands and not args[0].startswith("-"))


if __name__ == "__main__":
    # The window starts its suggestion child as `<executable> -m annotations.suggest.child`;
    # a frozen bundle's executable is this launcher, so it runs the child itself.
    if sys.argv[1:3] == ["-m", "annotations.suggest.child"]:
        from annotations.suggest.child import main as child

        sys.exit(child(sys.argv[3:]))
    if opens_window(sys.argv[1:]) and check_platform() != 0:
        sys.exit(1)
    main()
