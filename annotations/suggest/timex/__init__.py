"""TIMEX3 normalisation: a temporal expression to its type and value (rules.py), from
its words (words.py) and the calendar around the document date (calendar.py,
calendar_rules.py). Pure Python, no spaCy."""

from annotations.suggest.timex.rules import interpret, normalise
from annotations.suggest.timex.words import (
    CLOCK,
    DECADE,
    PREFIXED_YEAR,
    SHORT_DECADE,
    TENSES,
    YEAR,
    Lexicon,
    Tense,
    Timex,
    TimexError,
    TimexType,
    lexicon,
    number,
    parse_dct,
    tokens,
)

__all__ = [
    "CLOCK", "DECADE", "PREFIXED_YEAR", "SHORT_DECADE", "TENSES", "YEAR", "Lexicon", "Tense",
    "Timex", "TimexError", "TimexType", "interpret", "lexicon", "normalise", "number",
    "parse_dct", "tokens",
]
