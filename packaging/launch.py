"""Entry point of the desktop bundle: the `dateline` command (no arguments opens the window)."""

from app.entry import main

if __name__ == "__main__":
    main()
