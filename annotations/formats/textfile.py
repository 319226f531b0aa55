"""Plain-text articles: one document per UTF-8 .txt file.

A BOM is dropped, CRLF becomes LF, a leading ` date YYYY-MM-DD ` marker
becomes the document date, and the title is the first sentence.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from annotations import text as textutil
from annotations.errors import Problem
from annotations.formats.base import DocumentRecord, Format, ReadOptions, register

_BLANK_LINES = re.compile(r"\A(?:[ \t]*\n)+")
BOM = b"\xef\xbb\xbf"
SNIFF = 8192  # the bytes looked at for NUL, which only binary files hold


def decode(path: Path, data: bytes) -> str | Problem:
    """The UTF-8 text of a file, or the Problem that says why it has none."""
    name = str(path)
    if not data.removeprefix(BOM).strip():
        return Problem(name, None, "the file is empty")
    if b"\x00" in data[:SNIFF]:
        return binary_problem(path)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return not_utf8(path, data[: exc.start].count(b"\n") + 1, data[exc.start], exc.start)


def binary_problem(path: Path) -> Problem:
    return Problem(str(path), None, "a binary file, not text (it holds NUL bytes)")


def not_utf8(path: Path, line: int, byte: int, offset: int) -> Problem:
    """The Problem of a file whose `byte` at `offset` (on `line`) is not UTF-8."""
    return Problem(
        str(path), line,
        f"not UTF-8 text (byte 0x{byte:02x} at offset {offset}); save it as UTF-8 and import "
        "again",
    )


def read_decoded(path: Path) -> str | Problem:
    """The UTF-8 text of the file at `path`, or the Problem that says why it has none
    (it cannot be read, is empty, binary or not UTF-8)."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        return Problem(str(path), None, f"cannot be read ({exc.strerror})")
    return decode(path, data)


def read_text_file(path: Path, options: ReadOptions) -> Iterator[DocumentRecord | Problem]:
    decoded = read_decoded(path)
    if isinstance(decoded, Problem):
        yield decoded
        return
    body = textutil.normalise_newlines(decoded)
    try:
        date, body = textutil.split_date_marker(body)
    except ValueError as exc:
        yield Problem(str(path), 1, f"date marker: {exc}")
        return
    if date is not None:  # a marker on its own line: the text starts on the next one
        body = _BLANK_LINES.sub("", body)
    if not body.strip():
        yield Problem(str(path), None, "the file holds a date marker but no text")
        return
    yield DocumentRecord(
        text=body,
        file=str(path),
        date=date or options.date_for(path),
        source=path.name,
    )


def _is_text(path: Path) -> bool:
    return path.suffix.lower() == ".txt"


TEXT = register(
    Format(
        name="txt",
        id="dateline.txt.v1",
        title="Plain-text articles (.txt)",
        reader=read_text_file,
        detect=_is_text,
    )
)
