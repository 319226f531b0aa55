"""Who is annotating: the default annotator name for the command line."""

from __future__ import annotations

import getpass
import os


def current_user() -> str:
    """$DATELINE_ANNOTATOR, else the login name, else "annotator"."""
    name = os.environ.get("DATELINE_ANNOTATOR", "").strip()
    if name:
        return name
    try:
        return getpass.getuser().strip() or "annotator"
    except (OSError, KeyError):
        return "annotator"
