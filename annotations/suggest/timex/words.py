"""TIMEX3 normalisation, its words: the lexicon, the value types, and the readers of
numbers, years and directions that every rule uses. The patterns of a year, a decade
and a clock time live here once, for the normaliser and the extent finder alike."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib.resources import files
from typing import Any, Literal

from annotations.errors import ValidationError

TimexType = Literal["DATE", "TIME", "DURATION", "SET"]
Tense = Literal["PAST", "PRESENT", "FUTURE"]
TENSES: tuple[str, ...] = ("PAST", "PRESENT", "FUTURE")

# One pattern each for a year, a decade and a clock time, for the normaliser and the
# extent finder (suggest/dates.py) alike.
YEAR_DIGITS = r"(?:1[5-9]\d\d|20\d\d)"
YEAR = re.compile(rf"^({YEAR_DIGITS})$")
SHORT_YEAR = re.compile(r"^'(\d\d)$")
DECADE = re.compile(r"^(1\d\d|20\d)0'?s$")
SHORT_DECADE = re.compile(r"^'?(\d)0'?s$")
PREFIXED_YEAR = re.compile(rf"^(mid|post|pre|early|late)-({YEAR_DIGITS}|1\d\d0s|20\d0s)$")
CLOCK = re.compile(r"^(\d{1,2}):(\d\d)(?::(\d\d))?$")
HOUR = re.compile(r"^(\d{1,2})$")
_DAY_NUMBER = re.compile(r"^(\d{1,2})(st|nd|rd|th)?$")
_ORDINAL_NUMBER = re.compile(r"^(\d{1,3})(st|nd|rd|th)$")
_NUMBER = re.compile(r"^\d+(\.\d+)?$")
_FRACTION = re.compile(r"^(\d)/(\d)$")
_ISO_DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_ISO_MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")
_YEAR_RANGE = re.compile(rf"^({YEAR_DIGITS})[-–/](\d\d)$")
_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}(?!\d))")
_PART_OF_YEAR = re.compile(r"\b(q[1-4]|h[12])\b")  # 'Q3', 'H1': a quarter, a half of a year
_ORDINAL_WORDS = ("", "first", "second", "third", "fourth")
_SLASH_DATE = re.compile(r"\b(\d{1,2})/(\d{1,2})/(\d{2}|\d{4})\b")


@dataclass(frozen=True)
class Lexicon:
    """The words the normaliser knows, from resources/suggest/dates/lexicon.json."""

    raw: dict[str, Any]

    def __getitem__(self, key: str) -> Any:
        return self.raw[key]


@cache
def lexicon() -> Lexicon:
    """Load the lexicon shipped in resources (once per process)."""
    path = files("resources") / "suggest" / "dates" / "lexicon.json"
    return Lexicon(json.loads(path.read_text(encoding="utf-8")))


class TimexError(ValidationError):
    """An expression the normaliser cannot read: one of its rules failed on unusual words,
    or the date it names lies outside the years 0001-9999 that TIMEX3 values spell."""


@dataclass(frozen=True)
class Timex:
    """A normalised temporal expression: TIMEX3 type and value (None: not normalisable)."""

    type: str
    value: str | None


@dataclass(frozen=True)
class _Context:
    dct: date | None
    tense: str | None
    quarter: tuple[int, int] | None


Rule = Callable[[list[str], _Context], "Timex | None"]


def parse_dct(dct: str | None) -> date | None:
    """The document date as a `date`; None stays None.

    Raises ValidationError when `dct` is not an ISO date (YYYY-MM-DD, a time part is ignored).
    """
    if dct is None or not dct.strip():
        return None
    try:
        return date.fromisoformat(dct.strip()[:10])
    except ValueError as exc:
        raise ValidationError(
            f"document date {dct!r} is not a date of the form YYYY-MM-DD"
        ) from exc


def _shown(text: str, limit: int = 60) -> str:
    """`text` cut for an error message."""
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _parse_quarter(quarter: str | None) -> tuple[int, int] | None:
    if not quarter:
        return None
    m = re.fullmatch(r"(\d{4})-Q([1-4])", quarter)
    if m is None:
        raise ValidationError(f"quarter {quarter!r} is not of the form YYYY-Qn")
    return int(m.group(1)), int(m.group(2))


def tokens(expression: str) -> list[str]:
    """The lower-cased words of an expression, hyphens and abbreviation stops removed."""
    s = expression.lower().replace("’", "'").replace("‘", "'")
    s = re.sub(r"\b([ap])\.\s?m\b\.?", r"\1m", s)
    s = re.sub(r"(\d)\s?([ap])m\b", r"\1 \2m", s)
    s = _THOUSANDS.sub("", s)
    s = _PART_OF_YEAR.sub(lambda m: f" {_ORDINAL_WORDS[int(m[1][1])]} "
                          f"{'quarter' if m[1][0] == 'q' else 'half'} ", s)
    s = re.sub(r"\bfy\s?(\d{4})\b", r"fiscal \1", s)  # 'FY2022': the fiscal year 2022
    s = re.sub(r"\b(?:a )?quarter[- ]century\b", "25 years", s)  # 25 years, not a quarter
    s = re.sub(r"[,;()\"“”!?]", " ", s)
    s = re.sub(r"(?<=[a-z])-(?=[a-z0-9'])|(?<=[0-9])-(?=[a-z])", " ", s)
    out: list[str] = []
    for raw in s.split():
        word = raw.strip(".-")
        if word.endswith("'s") and len(word) > 2 and not re.match(r"^'?\d0'?s$", word):
            out.extend([word[:-2], "'s"])
        elif word:
            out.append(word)
    return out


def _strip_modifiers(words: list[str]) -> list[str]:
    """Drop the words that do not change a value: approximators, early/late/mid, 'the'."""
    lex = lexicon()
    w = list(words)
    changed = True
    approximators = [a.split() for a in lex["approximators"]]
    while changed and w:
        changed = False
        for a in sorted(approximators, key=len, reverse=True):
            if w[: len(a)] == a and len(w) > len(a):
                w = w[len(a):]
                changed = True
                break
        if w and w[0] in ("early", "late", "mid", "earlier", "later", "the", "fiscal", "its",
                          "calendar", "flat", "comparable", "entire", "whole") and len(w) > 1:
            w = w[1:]
            changed = True
        for lead in (["end", "of"], ["beginning", "of"], ["start", "of"], ["middle", "of"],
                     ["rest", "of"], ["remainder", "of"], ["part", "of"], ["dawn", "of"],
                     ["close", "of"], ["each", "of"], ["all", "of"], ["most", "of"]):
            if w[: len(lead)] == lead and len(w) > len(lead):
                w = w[len(lead):]
                changed = True
    while len(w) > 1 and w[-1] in ("or", "so", "and", "earlier", "later", "'s", "the"):
        if w[-1] in ("earlier", "later") and len(w) == 2 and w[0] in lex["units"]:
            break
        w = w[:-1]
    if len(w) > 2 and w[-2] == "or" and w[-1] in ("later", "earlier", "so", "more", "less"):
        w = w[:-2]
    return w


def number(words: list[str], i: int) -> tuple[float | None, int]:
    """Read a number (digits or words, "twenty four", "a") at `words[i]`: value, next index."""
    lex = lexicon()
    if i >= len(words):
        return None, i
    word = words[i].replace(",", "")
    if _NUMBER.match(word):
        if i + 1 < len(words) and (m := _FRACTION.match(words[i + 1])):
            return float(word) + int(m.group(1)) / int(m.group(2)), i + 2
        return float(word), i + 1
    if word in ("a", "an") and words[i + 1:i + 3] == ["couple", "of"]:
        return 2.0, i + 3
    if word in ("a", "an") and i + 1 < len(words) and words[i + 1] in lex["numbers"]:
        return number(words, i + 1)
    if word == "couple" and i + 1 < len(words) and words[i + 1] == "of":
        return 2.0, i + 2
    if word == "half":
        return 0.5, i + 1
    if word not in lex["numbers"]:
        return None, i
    total = 0.0
    current = 0.0
    j = i
    while j < len(words) and words[j] in lex["numbers"]:
        value = lex["numbers"][words[j]]
        if words[j] in ("a", "an") and j > i:
            break
        if words[j] in lex["multipliers"]:
            current = max(current, 1) * value
            if value >= 1000:
                total += current
                current = 0
        else:
            current += value
        j += 1
        if j < len(words) - 1 and words[j] == "and" and words[j + 1] in lex["numbers"] \
                and words[j + 1] not in ("a", "an"):
            j += 1
    return total + current, j


def _fmt_number(value: float) -> str:
    return str(int(value)) if value == int(value) else f"{value:g}"


def _direction(words: list[str]) -> tuple[int | None, list[str]]:
    """'last', 'next', 'this'... in front: the direction and the words after it."""
    table: dict[str, int] = lexicon()["relative_direction"]
    if words and words[0] in table and len(words) > 1:
        if words[:2] == ["this", "past"]:
            return -1, words[2:]
        if words[:2] == ["this", "coming"]:
            return 1, words[2:]
        return table[words[0]], words[1:]
    return None, words


def _day_number(word: str) -> int | None:
    m = _DAY_NUMBER.match(word)
    if m is None:
        ordinal = lexicon()["ordinals"].get(word)
        return ordinal if ordinal and ordinal > 0 else None
    day = int(m.group(1))
    return day if 1 <= day <= 31 else None


def _year_word(word: str) -> str | None:
    if YEAR.match(word):
        return word
    m = SHORT_YEAR.match(word)
    if m:
        short = int(m.group(1))
        return f"{1900 + short if short > 30 else 2000 + short}"
    return None


def _spelled_year(words: list[str]) -> str | None:
    """'nineteen ninety-four' (hyphen removed) or 'two thousand': a year in words."""
    numbers: dict[str, int] = lexicon()["numbers"]
    if not words or any(w not in numbers or w in ("a", "an", "dozen") for w in words):
        return None
    if 10 <= numbers[words[0]] <= 19 and len(words) > 1:
        rest, j = number(words, 1)
        if rest is not None and j == len(words) and rest < 100:
            return f"{numbers[words[0]] * 100 + int(rest)}"
    if words[:2] == ["two", "thousand"]:
        rest, j = number(words, 2) if len(words) > 2 else (0.0, 2)
        if rest is not None and j == len(words) and rest < 100:
            return f"{2000 + int(rest)}"
    return None


def slash_date(text: str) -> date | None:
    """The calendar day a date written with slashes names ('1/31/2022'; '15/3/2022' day
    first, as outside the US, when its first number is past 12), or None when its numbers
    name no day ('31/02/2022', '13/13/2022', '0/0/2022')."""
    m = _SLASH_DATE.search(text)
    if m is None:
        return None
    month, day, year = int(m.group(1)), int(m.group(2)), int(m.group(3))
    if year < 100:
        year += 1900 if year > 30 else 2000
    if month > 12 >= day:
        month, day = day, month
    try:
        return date(year, month, day)
    except ValueError:
        return None
