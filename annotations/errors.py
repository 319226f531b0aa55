"""Every error the core raises on purpose.

Each names what happened, where, and what to do; only the outermost layer
(the command line, the window) turns one into a message or a dialog.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Control characters (ESC, newline...), lone surrogates (a file name that is not
# UTF-8) and the line and paragraph separators: never echoed raw to a terminal.
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")


def printable(text: str) -> str:
    """`text` on one line and safe for a terminal: each control character, line
    separator or lone surrogate in it shown as its escape (\\x1b, \\n, \\udcff).
    Every message that echoes a name from outside (a file name, an annotator
    name) goes through this."""
    return _UNPRINTABLE.sub(_escape, text)


def _escape(found: re.Match[str]) -> str:
    code = ord(found.group())
    return {10: "\\n", 13: "\\r", 9: "\\t"}.get(code) or (
        f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")


class DatelineError(Exception):
    """Base of every expected error: the CLI prints its message and exits 1."""


class ProjectError(DatelineError):
    """The project file cannot be opened or written."""


class ProjectNotFoundError(ProjectError):
    """The project file does not exist."""


class NotAProjectError(ProjectError):
    """The file exists but is not a Dateline project (not SQLite, or another program's)."""


class ProjectVersionError(ProjectError):
    """The project file was written by a newer Dateline than this one."""


class ProjectExistsError(ProjectError):
    """`new` was asked to create a project where a file already exists."""


class SchemaError(DatelineError):
    """A label schema file is malformed or inconsistent."""


class ValidationError(DatelineError):
    """An edit or an imported record breaks a rule of the project."""


class OffsetError(ValidationError):
    """A span's offsets are outside the text or not start < end."""


class OverlapError(ValidationError):
    """Two spans of one label overlap for one annotator in one document."""


class UnknownLabelError(ValidationError):
    """A span or relation label is not in the project's schema."""


class AttributeValueError(ValidationError):
    """An attribute name or value is not allowed by the schema."""


class RelationError(ValidationError):
    """A relation's endpoints are missing, or their labels are not allowed."""


class NotFoundError(DatelineError):
    """A document, span, relation, annotator or edit id does not exist."""


class Cancelled(DatelineError):
    """Long work was stopped at a progress point because the user cancelled."""


@dataclass(frozen=True)
class Problem:
    """One bad record of an input file: where it is and why it is bad."""

    file: str
    line: int | None
    reason: str

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        return printable(f"{where}: {self.reason}")


class InputError(DatelineError):
    """Input files have bad records; nothing was written.

    `problems` lists every bad record found, each with its file and line.
    """

    def __init__(self, problems: list[Problem], action: str = "import") -> None:
        self.problems = list(problems)
        first = str(self.problems[0]) if self.problems else "no input"
        more = len(self.problems) - 1
        tail = f" (and {more} more problem{'s' if more != 1 else ''})" if more > 0 else ""
        super().__init__(
            f"{first}{tail}; nothing was imported. Fix the input, or pass "
            f"--skip-invalid to {action} the rest."
            if action == "import"
            else f"{first}{tail}; nothing was changed."
        )
