"""Which tokens make a temporal expression, for the DATE suggester's extent finder
(dates.py): the word sets it grows spans with, built once from
resources/suggest/dates/lexicon.json, the test of whether a token by itself is a date
word in its context ('May' the month, not the verb; '1990' the year, not an amount), and
the holidays named in several words ("New Year's Eve")."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

from spacy.tokens import Doc, Span, Token

from annotations.suggest.datereading import key as _key
from annotations.suggest.timex import (
    CLOCK,
    DECADE,
    PREFIXED_YEAR,
    SHORT_DECADE,
    YEAR,
    lexicon,
)
from annotations.suggest.timex.words import YEAR_DIGITS, slash_date

_NAMES = ("GPE", "LOC", "ORG", "FAC", "LAW", "WORK_OF_ART", "PRODUCT", "PERSON", "NORP")
ORDINAL_DAY = re.compile(r"^([1-9]|[12]\d|3[01])(st|nd|rd|th)$")
_PART_OF_YEAR = re.compile(r"^(Q[1-4]|H[12])$")  # 'Q3 2021', 'H1 2022'
_FISCAL_YEAR = re.compile(rf"^FY{YEAR_DIGITS}$")  # 'FY2022'
_SLASHED_DAY = re.compile(rf"^\d{{1,2}}/\d{{1,2}}/{YEAR_DIGITS}$")  # '1/1/2022', not '3/4/10'
_CLOCK_SUFFIXED = re.compile(r"^\d{1,2}(:\d\d)?[ap]\.?m\.?$")  # '3:30pm'


@dataclass(frozen=True)
class Words:
    """Word sets the extent finder uses, built once from the lexicon."""

    anchors: frozenset[str]
    units: frozenset[str]
    left: frozenset[str]
    right: frozenset[str]
    prepositions: frozenset[str]
    trim: frozenset[str]
    trailing: frozenset[str]
    ages: frozenset[str]
    ambiguous_months: frozenset[str]
    months: frozenset[str]
    bare_references: frozenset[str]
    adjective_sets: frozenset[str]
    not_anchors: frozenset[str]
    parts_of_day: frozenset[str]
    spelled_centuries: frozenset[str]
    tens: frozenset[str]


@cache
def words() -> Words:
    lex = lexicon()
    units = frozenset(lex["units"])
    anchors = (
        set(lex["months"]) | set(lex["weekdays"]) | set(lex["weekday_plurals"])
        | set(lex["seasons"]) | set(lex["relative_days"]) | set(lex["sets"])
        | set(lex["clock_words"]) | set(lex["bare_references"]) | set(lex["decade_words"])
        | {h.split()[0] for h in lex["holidays"]} | {h.split()[0] for h in
                                                    lex["nth_weekday_holidays"]}
        | {"future", "past", "recent", "current", "ago", "am", "pm", "overnight", "easter",
           "pentecost"}
    )
    anchors -= {"a", "an", "per", "every", "each", "new", "st", "may", "valentine's",
                "presidents", "mother", "father", "martin", "labor", "memorial", "boxing",
                "independence", "veterans", "bastille"}
    left = (
        set(lex["numbers"]) | set(lex["ordinals"]) | set(lex["relative_direction"])
        | set(lex["vague_numbers"]) | set(lex["set_leaders"])
        | {"the", "early", "late", "mid", "mid-", "earlier", "later", "of", "about", "around",
           "nearly", "almost", "approximately", "roughly", "more", "than", "less", "at",
           "least", "fiscal", "calendar", "half", "end", "beginning", "middle", "start", "its",
           "same", "year", "-", "'s", "just", "only", "some", "rest", "part", "whole",
           "entire", "full", "comparable", "latest", "first", "and", "or", "no", "up", "to",
           "dawn", "turn", "close", "these", "those", "year-ago", "year-earlier", "over",
           "once", "twice", "thrice", "times", "fy"}
    )
    right = {"ago", "earlier", "later", "am", "pm", "a.m.", "p.m.", ",", "of", "-", "and",
             "half", "a", "hence", "so", "or", "'s", "night", "morning", "afternoon",
             "evening", "'", "the"} | set(lex["time_zones"]) | set(lex["parts_of_day"])
    return Words(
        anchors=frozenset(anchors),
        units=units,
        left=frozenset(left),
        right=frozenset(right),
        prepositions=frozenset(lex["leading_prepositions"]) - set(
            lex["keep_after_preposition"]),
        trim=frozenset(lex["trim_words"]),
        trailing=frozenset(lex["trailing_trim"]),
        ages=frozenset(lex["age_words"]),
        ambiguous_months=frozenset(lex["ambiguous_months"]),
        months=frozenset(lex["months"]),
        bare_references=frozenset(lex["bare_references"]),
        adjective_sets=frozenset(lex["adjective_sets"]),
        not_anchors=frozenset(lex["not_anchors"]),
        parts_of_day=frozenset(lex["parts_of_day"]),
        spelled_centuries=frozenset(("nineteen", "eighteen", "twenty")),
        tens=frozenset(("ten", "twenty", "thirty", "forty", "fifty", "sixty", "seventy",
                        "eighty", "ninety", "eleven", "twelve", "thirteen", "fourteen",
                        "fifteen", "sixteen", "seventeen", "eighteen", "nineteen",
                        "hundred", "oh")),
    )


def rate(span: Span) -> bool:
    """'a year' after an amount ('$1 billion a year') or a count ('twice a week'): a SET,
    not a duration."""
    doc = span.doc
    after = _key(doc[span.end]) if span.end < len(doc) else ""
    return len(span) == 2 and _key(span[0]) in ("a", "an", "per") \
        and after not in ("earlier", "ago", "later", "before", "after") \
        and _key(span[1]) in ("year", "month", "week", "day", "hour") and span.start > 0 \
        and (doc[span.start - 1].like_num or doc[span.start - 1].ent_type_ in (
            "MONEY", "PERCENT", "QUANTITY", "CARDINAL")
             or _key(doc[span.start - 1]) in ("once", "twice", "thrice", "times"))


def anchor(token: Token) -> bool:
    """A word that by itself makes a temporal expression: a month, weekday, year, 'now'."""
    w = words()
    key = _key(token)
    if key in w.months:
        if key in w.ambiguous_months or (len(key) <= 4 and key not in ("june", "july")):
            return _month_in_context(token)
        return True
    if key in w.adjective_sets:
        return token.tag_ != "JJ" and token.dep_ != "amod" and key not in w.not_anchors
    if key in w.anchors:
        if key in ("fall", "spring", "present", "past", "future", "recent", "current", "sun",
                   "sat", "wed", "mon", "fri", "thu", "tue", "tues", "thurs", "christmas",
                   "easter", "pentecost"):
            return _context_anchor(token, key)
        return True
    prev = _key(token.doc[token.i - 1]) if token.i > 0 else ""
    if key == "period":
        return prev in ("latest", "year-ago", "year-earlier", "comparable", "ago", "earlier") \
            or bool(YEAR.match(prev))
    if key in ("year", "month", "week", "day") and prev in ("a", "per") and token.i > 1:
        return rate(token.doc[token.i - 1:token.i + 1])
    if key in w.parts_of_day:  # 'late afternoon', 'each morning'; not 'late evening news'
        return prev in ("this", "last", "tomorrow", "yesterday", "tonight", "mid", "that") or (
            prev in ("early", "late", "each", "every") and token.dep_ != "compound")
    if key in w.spelled_centuries:
        nxt = token.doc[token.i + 1] if token.i + 1 < len(token.doc) else token
        return _key(nxt).split("-")[0] in w.tens
    if YEAR.match(token.text) and token.like_num:
        return _plausible_year(token)
    if _PART_OF_YEAR.match(token.text):
        return _next_to_year(token)
    if _FISCAL_YEAR.match(token.text) or _CLOCK_SUFFIXED.match(token.lower_) \
            or (_SLASHED_DAY.match(token.text) and slash_date(token.text) is not None):
        return True
    if DECADE.match(token.lower_) or SHORT_DECADE.match(token.lower_) \
            or PREFIXED_YEAR.match(token.lower_):
        return True
    if ORDINAL_DAY.match(token.lower_) and token.i > 0:
        return (prev == "the" or prev in w.months) and not ranked(token)
    following = _key(token.nbor(1) if token.i + 1 < len(token.doc) else token)
    return bool(CLOCK.match(token.text)) and (  # '6:15 p.m.', '6:15 tomorrow morning'
        following in ("am", "pm", "a.m.", "p.m.") or following in lexicon()["relative_days"])


def _next_to_year(token: Token) -> bool:
    """'Q3' in 'Q3 2021', '2021 Q3', 'Q3 of 2021': a part of a year named with its year
    (alone it may be a name: 'the Audi Q3')."""
    doc = token.doc
    near = [doc[i] for i in (token.i - 1, token.i + 1, token.i + 2) if 0 <= i < len(doc)]
    return any(YEAR.match(t.text) and (t.i == token.i + 1 or t.i == token.i - 1 or _key(
        doc[token.i + 1]) == "of") for t in near)


def _month_in_context(token: Token) -> bool:
    """'May' or 'Aug.' as a month: capitalised and next to a number or a date word."""
    if not token.text[:1].isupper() or token.tag_ == "MD":
        return False
    doc = token.doc
    nxt = doc[token.i + 1] if token.i + 1 < len(doc) else None
    prev = doc[token.i - 1] if token.i > 0 else None
    if nxt is not None and (nxt.like_num or (_key(nxt) == "of" and _of_date(nxt))):
        return True
    if token.text.endswith(".") or (nxt is not None and nxt.text == "."
                                    and nxt.idx == token.idx + len(token.text)):
        return True
    if prev is not None and _key(prev) in ("and", "or", "to", "through", "until", "-") \
            and prev.i > 0 and _key(doc[prev.i - 1]) in words().months \
            and anchor(doc[prev.i - 1]):
        return True  # 'between January and March', 'from May to June'
    return prev is not None and _key(prev) in ("in", "early", "late", "mid", "last", "next",
                                               "this", "since", "until", "by", "of", "through",
                                               "during", "before", "after", "from", "between")


def _of_date(of: Token) -> bool:
    """'May of 1998', 'March of this year'; not a name ('the March of the Mothers')."""
    doc = of.doc
    after = [_key(t) for t in doc[of.i + 1:of.i + 3]]
    return bool(after) and (doc[of.i + 1].like_num or (
        after[0] in ("this", "last", "next", "that", "the") and after[1:] == ["year"]))


def ranked(ordinal: Token) -> bool:
    """The ordinal ranks something, no day of a month: a noun after it ('the 10th day', 'the
    3rd round') or 'of' with no month after ('the 17th of 20 candidates'; not 'the 17th
    of March')."""
    doc, i = ordinal.doc, ordinal.i
    after = doc[i + 1] if i + 1 < len(doc) else None
    if after is not None and after.pos_ in ("NOUN", "PROPN", "ADJ", "NUM"):
        return True
    return after is not None and after.lower_ == "of" and (
        i + 2 >= len(doc) or _key(doc[i + 2]) not in words().months)


def _context_anchor(token: Token, key: str) -> bool:
    doc = token.doc
    nxt = _key(doc[token.i + 1]) if token.i + 1 < len(doc) else ""
    prev = _key(doc[token.i - 1]) if token.i > 0 else ""
    if key in ("fall", "spring"):
        return token.pos_ in ("NOUN", "PROPN") and prev in ("this", "last", "next", "the", "past",
                                                            "early", "late", "in", "since")
    if key in ("past", "present"):
        return (token.pos_ in ("NOUN",) and prev == "the") or (
            key != "present" and nxt in words().units)
    if key == "future":
        return token.pos_ == "NOUN" or nxt in words().units
    if key in ("recent", "current"):
        return token.pos_ == "ADJ" and prev not in ("most", "more", "then")
    if key in ("christmas", "easter", "pentecost"):
        return token.text[:1].isupper() and not begins_name(doc[token.i:token.i + 1])
    return token.text[:1].isupper() and token.text.endswith(".")


def _plausible_year(token: Token) -> bool:
    """A four-digit number that is a year, not an amount ('1990', not '1990 shares')."""
    doc = token.doc
    prev = doc[token.i - 1] if token.i > 0 else None
    nxt = doc[token.i + 1] if token.i + 1 < len(doc) else None
    if prev is not None and prev.text in ("$", "#", "€", "£", "No", "no.", "No."):
        return False
    if nxt is None:
        return True
    if _key(nxt) in lexicon()["year_blockers"]:
        return False
    return not (nxt.text in (",", ".") and nxt.i + 1 < len(doc) and doc[nxt.i + 1].is_digit
                and nxt.whitespace_ == "")


def holidays(doc: Doc) -> Iterator[Span]:
    """Holidays named in several capitalised words ("New Year's Eve", 'Good Friday'), whole
    where the pipeline calls them events or takes only their weekday."""
    i = 0
    while i < len(doc):
        end = _holiday_end(doc, i)
        if end is not None:
            yield doc[i:end]
        i = end or i + 1


@cache
def _holiday_names() -> frozenset[str]:
    lex = lexicon()
    names = (*lex["holidays"], *lex["nth_weekday_holidays"], *lex["easter_holidays"])
    return frozenset(name.replace(".", "") for name in names)  # as _key spells them


@cache
def _holiday_words() -> frozenset[str]:
    """The first words of the holidays' names."""
    return frozenset(name.split()[0] for name in _holiday_names())


def _holiday_end(doc: Doc, i: int) -> int | None:
    """Where the holiday whose name begins at token `i` ends ("New Year's Eve", 'Labor
    Day'), the longest name the lexicon knows; None when no capitalised name begins there."""
    if not doc[i].text[:1].isupper() or _key(doc[i]) not in _holiday_words():
        return None
    names = _holiday_names()
    name = ""
    found = None
    for j in range(i, min(i + 5, len(doc))):
        word = _key(doc[j])
        name = name + word if word == "'s" or not name else f"{name} {word}"
        if name in names and len(name.split()) > 1:
            found = j + 1
    if found is not None and found < len(doc) and YEAR.match(doc[found].text):
        found += 1  # 'Palm Sunday 2021'
    return found


def begins_name(span: Span) -> bool:
    """The holiday `span` is part of a longer proper name: one the pipeline calls a place,
    organisation or work ('Christmas Island'), or one after an article ('Good Friday' of 'the
    Good Friday Agreement', 'Easter' of 'the Easter Rising': a capitalised word after it that
    is no date word or year; a date takes no article, 'on Good Friday Pope Francis ...')."""
    doc, start, end = span.doc, span.start, span.end
    if any(e.label_ in _NAMES and e.start <= start and end <= e.end and len(e) > len(span)
           for e in doc.ents):
        return True
    if start == 0 or end >= len(doc) or _key(doc[start - 1]) not in ("the", "a", "an"):
        return False
    nxt = doc[end]
    return nxt.text[:1].isupper() and not YEAR.match(nxt.text) \
        and _key(nxt) not in words().months and _key(nxt) not in lexicon()["weekdays"]
