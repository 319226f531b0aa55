"""`python -m annotations` runs the `dateline` command line."""

from annotations.cli import main

main()
