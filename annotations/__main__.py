"""`python -m annotations` runs the `dateline` commands (the window opens through the
`dateline` entry point in app/entry.py, or `python -m app.entry`)."""

from annotations.cli import main

main()
