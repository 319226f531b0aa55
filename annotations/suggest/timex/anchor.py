"""TIMEX3 normalisation, the story's own time: expressions that count from the last date
the story named rather than from the document date ('the following year', 'that day',
'the previous month'), and the anchor they count from. Pure Python, like the rest of timex."""

from __future__ import annotations

import re

from annotations.suggest.timex.calendar import _unit
from annotations.suggest.timex.words import lexicon

_LEADERS = ("following", "previous", "preceding", "prior", "same")
_GRAIN = {"Y": re.compile(r"^(\d{4})"), "M": re.compile(r"^(\d{4})-(\d\d)(?!\d)"),
          "D": re.compile(r"^(\d{4})-(\d\d)-(\d\d)")}


def story_unit(words: list[str]) -> str | None:
    """The unit ("Y", "M" or "D") of an expression told from the story's time, None when it
    is told from the document date. 'the following year', 'that day', 'the previous month'
    and 'the next day' are anaphoric; 'next year', 'this month' and 'two years ago' are not
    ('three days later' is a duration, 'later' a signal, as TimeML annotates it)."""
    w = [x for x in words if x != "the"]
    unit: str | None = None
    if len(w) == 2 and ((w[0] in _LEADERS and words[0] == "the") or w[0] == "that"):
        unit = _unit(w[1])
        if w[1] in lexicon()["weekdays"] and w[0] != "same":
            unit = "D"  # 'the previous Friday': the Friday before the day the story is at
    elif len(w) == 3 and w[:2] == ["that", "same"]:
        unit = _unit(w[2])
    elif len(w) == 2 and words[0] == "the" and w[0] == "next":
        unit = _unit(w[1]) if w[1] == "day" else None
    elif len(w) >= 3 and w[-1] == "earlier" and w[0] not in ("this", "last", "next"):
        unit = _unit(w[-2])  # 'a week earlier': a week before the time the story is at
    elif len(w) == 2 and words[0] == "the" and w[1] in ("before", "after"):
        unit = _unit(w[0])  # 'the day before', 'the week after': told from the story's day
    if len(w) == 2 and w[1] in lexicon()["parts_of_day"] and not w[1].endswith("s") and (
            w[0] == "that" or (w[0] in ("next", "following", "previous") and words[0] == "the")):
        unit = "D"  # 'that night', 'the next morning': a part of the story's day
    unit = "D" if unit == "W" else unit  # 'that week': the week of the story's day
    return unit if unit in _GRAIN else None


def story_anchor(unit: str, earlier: list[str]) -> str | None:
    """The date (YYYY-MM-DD) to count `unit`s from: the last of the values named before
    (`earlier`, in text order) that is at least as fine as the unit; None if there is none."""
    for value in reversed(earlier):
        m = _GRAIN[unit].match(value)
        if m is None:
            continue
        parts = [int(p) for p in m.groups()] + [1, 1]
        year, month, day = parts[:3]
        if 1 <= month <= 12 and 1 <= day <= 31:
            return f"{year:04d}-{month:02d}-{day:02d}"
    return None
