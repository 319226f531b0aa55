"""Merge other project files into a project: now `annotations.store.merging`
(writing) and `annotations.store.merge_source` (reading). This module keeps
the old import path working for the CLI and the window."""

from annotations.store.merge_source import (
    MergeConflictError,
    MergeReport,
    parse_renames,
    project_work,
    read_source,
    source_work,
)
from annotations.store.merging import merge

__all__ = [
    "MergeConflictError",
    "MergeReport",
    "merge",
    "parse_renames",
    "project_work",
    "read_source",
    "source_work",
]
