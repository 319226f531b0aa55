"""The registry of import and export formats.

Importing this package registers every built-in format; the command line's
`--format` and the window's File menu both list them from here.
"""

from annotations.formats import (
    brat,
    conll,
    csv_format,
    jsonl,
    spacy_docbin,
    textfile,
    timeml,
    timeml_write,
)
from annotations.formats.base import (
    DocumentRecord,
    ExportOptions,
    ExportReport,
    Format,
    FormatError,
    ReadOptions,
    RelationRecord,
    SpanRecord,
    export_formats,
    format_for,
    formats,
    get_format,
    import_formats,
    is_companion,
    register,
)

__all__ = [
    "DocumentRecord",
    "ExportOptions",
    "ExportReport",
    "Format",
    "FormatError",
    "ReadOptions",
    "RelationRecord",
    "SpanRecord",
    "brat",
    "conll",
    "csv_format",
    "export_formats",
    "format_for",
    "formats",
    "get_format",
    "import_formats",
    "is_companion",
    "jsonl",
    "register",
    "spacy_docbin",
    "textfile",
    "timeml",
    "timeml_write",
]
