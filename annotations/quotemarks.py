"""Where direct quotes are: pairing quotation marks as real files use them.

Real articles mix curly and straight marks (“...,\" ), leave quotes unclosed,
and run one quote over paragraphs by opening each paragraph again without
closing the last; older wire copy writes ``...'' and ''...'' with doubled
apostrophes. This module pairs marks from their characters and their context,
text only, so it works before (and without) a parse. Which characters are
quotation marks is annotations.text's to say.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from annotations import text as marks

OPENING = frozenset(marks.DOUBLE_OPENING)
CLOSING = frozenset(marks.DOUBLE_CLOSING)
NEUTRAL = frozenset(marks.DOUBLE_NEUTRAL)
SINGLE_OPENING = frozenset(marks.SINGLE_OPENING)
SINGLE_CLOSING = frozenset(marks.SINGLE_CLOSING)
OPEN_CONTEXT = frozenset("([{—–-/:")
TRIM_END = ",;:"
MARKS = frozenset(marks.DOUBLE_MARKS)
DOUBLED = (marks.DOUBLED_OPENING, marks.DOUBLED_NEUTRAL)
_DOUBLED = re.compile(r"``|''(?!')")
_TAG = re.compile(r"</?[A-Za-z][^<>\n]{0,500}>")


def is_double_mark(token: str) -> bool:
    """Is a token a double quotation mark (one character, or `` and '')?"""
    return token in MARKS or token in DOUBLED


def single_char_marks(text: str) -> str:
    """`text` (same length) with each doubled mark (`` or '') written as one double mark
    and a space on the side away from the quote, so that the pairing reads it as one."""
    if "``" not in text and "''" not in text:
        return text

    def one(m: re.Match[str]) -> str:
        before = text[m.start() - 1] if m.start() > 0 else " "
        after = text[m.end()] if m.end() < len(text) else " "
        opening = (before.isspace() or before in OPEN_CONTEXT) and not after.isspace()
        return " “" if m.group(0) == "``" or opening else "” "

    return _DOUBLED.sub(one, text)


@dataclass(frozen=True)
class QuoteRegion:
    """The text between a quote's marks (marks and edge white space excluded).

    `closed` is False when the closing mark is missing and the region was ended
    at its sentence end; `paragraphs` counts the paragraphs it runs over;
    `single` marks quotes in single marks (‘...’).
    """

    start: int
    end: int
    closed: bool
    paragraphs: int = 1
    single: bool = False


def _looks_opening(text: str, i: int) -> bool:
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return (before.isspace() or before in OPEN_CONTEXT or before in MARKS) and not after.isspace()


def _looks_closing(text: str, i: int) -> bool:
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return not before.isspace() and (after.isspace() or not after.isalnum())


def _role(text: str, i: int, is_open: bool) -> str:
    """"open", "close" or "skip" for the double mark at i, given the current state."""
    ch = text[i]
    lo, lc = _looks_opening(text, i), _looks_closing(text, i)
    if lo != lc:
        role = "open" if lo else "close"
    elif ch in OPENING:
        role = "open"
    elif ch in CLOSING:
        role = "close"
    else:
        role = "close" if is_open else "open"
    if role == "close" and not is_open:
        return "skip"
    return role


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and (text[start].isspace() or text[start] in MARKS):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in TRIM_END + "".join(MARKS)):
        end -= 1
    return start, end


def _paragraph_end(text: str, pos: int) -> int:
    found = text.find("\n", pos)
    return len(text) if found < 0 else found


def _starts_paragraph(text: str, i: int) -> bool:
    line_start = text.rfind("\n", 0, i) + 1
    return line_start > 0 and not text[line_start:i].strip()


def find_quote_regions(
    text: str, sentence_end: Callable[[int], int] | None = None
) -> list[QuoteRegion]:
    """Every direct-quote region of `text`, in order.

    `sentence_end(pos)` gives the end offset of the sentence holding `pos`; an
    unclosed quote ends there (or at its paragraph end, or before the next
    opening mark, whichever comes first). Without it, the paragraph end is used.
    """
    text = single_char_marks(text)
    regions: list[QuoteRegion] = []
    open_at: int | None = None  # the opening mark of the quote being read
    segment = 0  # its latest opening mark (a new one per paragraph it runs over)
    paragraphs = 1

    def close_unclosed(limit: int) -> None:
        assert open_at is not None
        end = min(limit, _paragraph_end(text, segment + 1))
        if sentence_end is not None:
            first = _first_char(text, segment + 1, end)
            end = min(end, max(sentence_end(first), first + 1))
        _add(regions, text, open_at + 1, end, closed=False, paragraphs=paragraphs)

    in_markup = _markup(text)
    for i, ch in enumerate(text):
        if ch not in MARKS or in_markup(i):
            continue
        role = _role(text, i, open_at is not None)
        if role == "skip":
            continue
        if role == "close":
            assert open_at is not None
            if _crossed_too_far(text, segment, i):
                close_unclosed(i)
            else:
                crossed = "\n" in text[segment:i].strip()
                _add(regions, text, open_at + 1, i, closed=True,
                     paragraphs=paragraphs + int(crossed))
            open_at, paragraphs = None, 1
            continue
        if open_at is not None:
            runs_on = "\n" not in text[segment:_line_start(text, i)].rstrip()
            if _starts_paragraph(text, i) and runs_on:
                segment, paragraphs = i, paragraphs + 1  # a quote that runs on: keep it open
                continue
            close_unclosed(i)
            paragraphs = 1
        open_at = segment = i
    if open_at is not None:
        close_unclosed(len(text))
    return _singles(text, regions)


def _markup(text: str) -> Callable[[int], bool]:
    """Is an offset inside an HTML/XML tag (`<tweet id="...">`)? Marks there are markup."""
    tags = [(m.start(), m.end()) for m in _TAG.finditer(text)] if "<" in text else []

    def inside(i: int) -> bool:
        return any(a < i < b for a, b in tags)

    return inside


def _line_start(text: str, i: int) -> int:
    return text.rfind("\n", 0, i) + 1


def _first_char(text: str, start: int, end: int) -> int:
    while start < end - 1 and text[start].isspace():
        start += 1
    return start


def _crossed_too_far(text: str, open_at: int, close_at: int) -> bool:
    """A closing mark more than one paragraph after its opening is not its close."""
    inner = text[open_at + 1:close_at]
    return len([p for p in inner.split("\n") if p.strip()]) > 2


def _add(
    regions: list[QuoteRegion], text: str, start: int, end: int, *, closed: bool,
    paragraphs: int,
) -> None:
    s, e = _trim(text, start, end)
    if e > s and any(c.isalnum() for c in text[s:e]):
        regions.append(QuoteRegion(s, e, closed, paragraphs))


def _singles(text: str, regions: list[QuoteRegion]) -> list[QuoteRegion]:
    """Add quotes in single curly marks (‘...’) that lie outside every double-mark quote."""
    found = list(regions)
    i = 0
    while True:
        i = _next_single_open(text, i)
        if i < 0:
            break
        if any(r.start - 1 <= i < r.end + 1 for r in regions):
            i += 1
            continue
        close = _single_close(text, i + 1)
        if close < 0:
            i += 1
            continue
        s, e = _trim(text, i + 1, close)
        if e > s and any(c.isalnum() for c in text[s:e]):
            found.append(QuoteRegion(s, e, True, single=True))
        i = close + 1
    return sorted(found, key=lambda r: r.start)


def _next_single_open(text: str, start: int) -> int:
    for i in range(start, len(text)):
        if text[i] in SINGLE_OPENING and _looks_opening(text, i):
            return i
    return -1


def _single_close(text: str, start: int) -> int:
    limit = _paragraph_end(text, start)
    for i in range(start, limit):
        if text[i] in SINGLE_CLOSING and _looks_closing(text, i) and not (
            i + 1 < len(text) and text[i + 1].isalpha()
        ):
            return i
    return -1
