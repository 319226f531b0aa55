"""Text helpers shared by importers, the suggester and the window: the document-date
marker, titles, uids, snapping a selection to token edges, and the quotation marks
that make a QUOTE direct."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from datetime import date

_DATE_MARKER = re.compile(r"\A[ \t]*date[ \t]+(\d{4}-\d{2}-\d{2})(?:[ \t]+|\n|\Z)")
_SENTENCE_END = re.compile(r"[.!?](?=[\"'”’)\]]*(\s|\Z))")
TITLE_MAX = 160

# Quotation marks, by how they pair: the one home of the rule that a QUOTE opening
# right after one of them is direct (hand-tagged or suggested alike).
DOUBLE_OPENING = "“„«‟"
DOUBLE_CLOSING = "”»"
DOUBLE_NEUTRAL = '"＂'
SINGLE_OPENING = "‘‚‹‛"
SINGLE_CLOSING = "’›"
SINGLE_NEUTRAL = "'`"
DOUBLE_MARKS = DOUBLE_OPENING + DOUBLE_CLOSING + DOUBLE_NEUTRAL
# Quotation marks of every kind, curly and straight, that stay outside a span.
QUOTE_MARKS = DOUBLE_MARKS + SINGLE_OPENING + SINGLE_CLOSING + SINGLE_NEUTRAL
# Older wire copy and the Penn Treebank write double quotes as two characters.
DOUBLED_OPENING = "``"
DOUBLED_NEUTRAL = "''"


def is_quote_mark(token: str) -> bool:
    """Is `token` a quotation mark: one character of QUOTE_MARKS, or `` or ''?"""
    return (len(token) == 1 and token in QUOTE_MARKS) or token in (DOUBLED_OPENING,
                                                                   DOUBLED_NEUTRAL)


def opens_after_quote_mark(text: str, start: int) -> bool:
    """Does a span starting at `start` open right after a quotation mark (or on one)?

    The rule that makes a QUOTE direct, for spans tagged by hand and suggested alike.
    """
    before = text[start - 1] if start > 0 else ""
    at = text[start] if start < len(text) else ""
    return (before != "" and before in QUOTE_MARKS) or (at != "" and at in QUOTE_MARKS)


def uid(text: str) -> str:
    """The document uid: sha256 of its text, hex."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def normalise_newlines(text: str) -> str:
    """Drop a BOM and turn CRLF and CR into LF."""
    return text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def split_date_marker(text: str) -> tuple[str | None, str]:
    """Split a leading ` date YYYY-MM-DD ` marker from the text.

    Returns the date (or None when there is no marker) and the text without
    the marker. Raises ValueError when the marker holds an impossible date.
    """
    match = _DATE_MARKER.match(text)
    if match is None:
        return None, text
    value = match.group(1)
    check_date(value)
    return value, text[match.end() :]


def check_date(value: str) -> str:
    """Return `value` if it is a real YYYY-MM-DD date; else raise ValueError."""
    try:
        parsed = date.fromisoformat(value)
    except ValueError as exc:
        raise ValueError(f"{value!r} is not a date of the form YYYY-MM-DD") from exc
    if parsed.isoformat() != value:
        raise ValueError(f"{value!r} is not a date of the form YYYY-MM-DD")
    return value


def first_sentence(text: str, limit: int = TITLE_MAX) -> str:
    """The title of a text: its first sentence on its first non-empty line."""
    line = next((ln.strip() for ln in text.split("\n") if ln.strip()), "")
    match = _SENTENCE_END.search(line)
    title = line[: match.end()] if match else line
    if len(title) > limit:
        cut = title.rfind(" ", 0, limit)
        title = title[: cut if cut > limit // 2 else limit].rstrip() + "…"
    return title


def _is_word(ch: str) -> bool:
    return ch.isalnum() or ch in "_" or unicodedata.category(ch) == "Mn"


def _is_edge_junk(ch: str) -> bool:
    """White space and punctuation that a span never starts or ends with."""
    return ch.isspace() or (unicodedata.category(ch)[0] in "PZS" and ch not in "%$€£#@&")


def snap(text: str, start: int, end: int) -> tuple[int, int]:
    """Snap a selection to token edges.

    A partly selected word is taken whole; leading and trailing white space
    and punctuation (quotation marks included) are dropped. Returns
    (start, end) with start < end, or (start, start) when the selection holds
    nothing but white space and punctuation.
    """
    start, end = max(0, min(start, end)), min(len(text), max(start, end))
    while start < end and _is_edge_junk(text[start]):
        start += 1
    while end > start and _is_edge_junk(text[end - 1]):
        end -= 1
    if start == end:
        return start, start
    while start > 0 and _is_word(text[start - 1]) and _is_word(text[start]):
        start -= 1
    while end < len(text) and _is_word(text[end]) and _is_word(text[end - 1]):
        end += 1
    return start, end
