"""DATE suggestions: temporal expressions found in a parsed document, with TIMEX3 values.

Extents come from the pipeline's DATE and TIME entities and from the words of
resources/suggest/dates/lexicon.json (weekdays, "now", "daily", "the future"...),
trimmed to the scheme: no leading preposition, no "earlier"/"later". Each
expression is normalised by `annotations.suggest.timex` against the document
date, with the tense of the verb that governs it.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

from spacy.tokens import Doc, Span, Token

from annotations.suggest.dateedges import (
    by_the_unit,
    counted_stretch,
    hyphened_length,
    modifies_noun_after,
    month_after_range,
    noun_before_date,
    stretch_noun,
    topic,
    vague_units,
)
from annotations.suggest.dateedges import day_number as _day
from annotations.suggest.datepairs import settle_neighbours
from annotations.suggest.datereading import (
    coming_stretch,
    fiscal_period,
    generic_present,
    running_count,
)
from annotations.suggest.datereading import key as _key
from annotations.suggest.datewords import ORDINAL_DAY, begins_name, ranked
from annotations.suggest.datewords import anchor as _anchor
from annotations.suggest.datewords import holidays as _holidays
from annotations.suggest.datewords import rate as _rate
from annotations.suggest.datewords import words as _words
from annotations.suggest.tense import governing_tense
from annotations.suggest.timex import (
    YEAR,
    Timex,
    TimexError,
    interpret,
    lexicon,
    parse_dct,
    tokens,
)
from annotations.suggest.timex.anchor import story_anchor, story_unit
from annotations.suggest.types import SuggestedSpan

LABEL = "DATE"
_ENTITY_LABELS = ("DATE", "TIME")
_QUARTER_VALUE = re.compile(r"^(\d{4})-Q([1-4])$")


def suggest_dates(doc: Doc, dct: str | None) -> list[SuggestedSpan]:
    """DATE suggestions for a parsed document whose creation date is `dct` (YYYY-MM-DD or None).

    Each span has attrs {"type": DATE|TIME|DURATION|SET, "value": TIMEX3 value}; the
    value is left out when the expression cannot be normalised, also when the normaliser
    cannot read it (TimexError), so one odd phrase never costs the document its
    suggestions. Raises ValidationError when `dct` is not a date.
    """
    parse_dct(dct)
    extents = _extents(doc)
    quarter = _reporting_quarter(doc, extents, dct)
    out: list[SuggestedSpan] = []
    timexes = _timexes([span for span, _ in extents], dct, quarter)
    for (span, from_model), timex in zip(extents, timexes, strict=True):
        if timex is None or (timex.value is None and not from_model):
            continue
        out.append(SuggestedSpan(LABEL, span.start_char, span.end_char, _attrs(timex)))
    return settle_neighbours(doc.text, out, dct)


def _timexes(spans: list[Span], dct: str | None, quarter: str | None) -> list[Timex | None]:
    """Each span's TIMEX3, in text order: 'the following year' counts from the last date
    named before it (_story_time), the others from the document date."""
    found: list[Timex | None] = []
    earlier: list[str] = []
    for span in spans:
        timex = _normalise(span, _story_time(span, dct, earlier), quarter)
        if timex is not None and timex.value is not None and timex.type in ("DATE", "TIME"):
            earlier.append(timex.value)
        found.append(timex)
    return found


def _attrs(timex: Timex) -> dict[str, str]:
    """A DATE span's attributes: its type, and its value where it has one."""
    return {"type": timex.type} if timex.value is None else \
        {"type": timex.type, "value": timex.value}


def date_attrs(spans: list[Span], dct: str | None) -> list[dict[str, str]]:
    """The DATE attributes ({"type": ..., "value": ...}) of spans found elsewhere (a trained
    model), in text order, normalised as `suggest_dates` does (a clock time on the day
    written next to it among them); no value where none can be given.
    Raises ValidationError when `dct` is not a date."""
    parse_dct(dct)
    if not spans:
        return []
    doc = spans[0].doc
    quarter = _reporting_quarter(doc, [(s, True) for s in spans], dct)
    found = [SuggestedSpan(LABEL, span.start_char, span.end_char,
                           _attrs(timex or Timex("DATE", None)))
             for span, timex in zip(spans, _timexes(spans, dct, quarter), strict=True)]
    return [span.attrs for span in settle_neighbours(doc.text, found, dct)]


def _story_time(span: Span, dct: str | None, earlier: list[str]) -> str | None:
    """The date `span` counts from: the last date the story named before it for 'the
    following year', 'that day'; the document date otherwise."""
    unit = story_unit(tokens(_expression(span)))
    anchor = story_anchor(unit, earlier) if unit is not None and dct is not None else None
    return anchor or dct


def _normalise(span: Span, dct: str | None, quarter: str | None) -> Timex | None:
    text = _expression(span)
    if not text:
        return None
    if fiscal_period(span):
        return Timex("DURATION", "P1Y")
    if len(span) > 1 and any(_range_end(t) is not None for t in span):
        return Timex("DATE", None)  # a trained model's '1957-58 season': two ends, no one value
    if generic_present(span):
        return Timex("DATE", "PRESENT_REF")
    tense = governing_tense(span)
    text = coming_stretch(span) or running_count(span, tense) or text
    try:
        return interpret(text, dct, tense, quarter=quarter)
    except TimexError:
        return Timex("DATE", None)


def _expression(span: Span) -> str:
    """The span's text with the trimmed 'earlier'/'ago' after it put back for meaning; not
    'later': in 'three days later' TimeML reads a duration and 'later' as its signal."""
    doc = span.doc
    end = span.end
    if end < len(doc) and _key(doc[end]) in ("earlier", "ago") \
            and not (end + 1 < len(doc) and _key(doc[end + 1]) == "than"):
        end += 1  # not 'a month earlier than usual': an offset, the span a duration
    elif end + 1 < len(doc) and _key(doc[end]) in ("before", "after") and doc[end + 1].is_punct \
            and [_key(t) for t in span][:1] == ["the"] and len(span) == 2:
        end += 1  # 'the day before,': an adverb, the day before the story's day
    start = span.start
    if start > 0 and _key(doc[start - 1]) in ("earlier", "later") and end - start == 1 \
            and _key(doc[start]) in lexicon()["relative_days"]:
        start -= 1
    if _rate(span):
        return "per " + doc[span.end - 1].text
    if len(span) == 1 and (year := _range_end(span[0])) is not None:
        return year
    if len(span) > 2 and _key(span[-2]) in ("and", "or") and vague_units(span[-3], span[-1:]):
        return doc[start:end - 2].text  # 'weeks or months': valued by its first unit
    if hyphened_length(span[-1]):
        return doc[start:end - 1].text  # 'a three-year period' is the length, 'period' its noun
    if (unit := _shared_unit(span) or _shared_part(span)) is not None:
        return f"{span.text} {unit}"
    if (month := _listed_day(span) or month_after_range(span)) is not None:
        return f"{month} {doc[start:end].text}"
    if end + 3 < len(doc) and _key(doc[end]) in ("and", "or") and doc[end + 2].text == "," \
            and _day(doc[end + 1]) and YEAR.match(doc[end + 3].text) \
            and end - start >= 2 and _key(doc[end - 2]) in _words().months and _day(doc[end - 1]):
        return f"{doc[start:end].text}, {doc[end + 3].text}"  # 'March 3 and 10, 2020'
    if end + 1 < len(doc) and _key(doc[end]) in ("in", "of") and YEAR.match(doc[end + 1].text) \
            and not any(YEAR.match(t.text) for t in doc[start:end]) \
            and any(_key(t) in _words().months for t in doc[start:end]):
        end += 2  # 'that January day in 2011': the month in the year named after it
    return doc[start:end].text


def _reporting_quarter(
    doc: Doc, extents: list[tuple[Span, bool]], dct: str | None
) -> str | None:
    """The fiscal quarter a business story reports on: its most often named 'third quarter'."""
    if dct is None:
        return None
    counts: Counter[str] = Counter()
    for span, _ in extents:
        words = {_key(t) for t in span}
        if "quarter" not in words or not words & set(lexicon()["ordinals"]):
            continue
        if any(YEAR.match(t.text) for t in span):
            continue
        try:
            found = interpret(span.text, dct, governing_tense(span))
        except TimexError:
            continue
        if found.value and _QUARTER_VALUE.match(found.value):
            counts[found.value] += 1
    return counts.most_common(1)[0][0] if counts else None


# --- extents -------------------------------------------------------------------------


def _extents(doc: Doc) -> list[tuple[Span, bool]]:
    """Candidate spans, trimmed and without overlaps: (span, found by the model)."""
    holidays = list(_holidays(doc))  # one in a longer name ('the Good Friday Agreement')
    found: list[tuple[Span, bool]] = [(span, False) for span in holidays   # is no date,
                                      if not begins_name(span)]          # nor its weekday
    taken = {i for span in holidays for i in range(span.start, span.end)}
    for ent in _merged_entities(doc):
        for part in _split(ent):
            span = _trim(_extend(_drop_leading_words(part)))
            if span is None or not taken.isdisjoint(range(span.start, span.end)) \
                    or _is_age(span) or _part_of_other(span) or _unit_on_unit(
                    span) or by_the_unit(span) or (_not_temporal(
                    span) and _shared_unit(span) is None and _listed_day(span) is None
                    and month_after_range(span) is None):
                continue
            found.append((span, True))
            taken.update(range(span.start, span.end))
    for grown in _scan(doc):
        for span in _split(grown):
            if taken.isdisjoint(range(span.start, span.end)):
                found.append((span, False))
                taken.update(range(span.start, span.end))
    return sorted(found, key=lambda pair: pair[0].start)


def _merged_entities(doc: Doc) -> list[Span]:
    """The model's DATE and TIME entities, adjacent ones joined ('9 a.m.' + 'Tuesday')."""
    ents = [e for e in doc.ents if e.label_ in _ENTITY_LABELS]
    merged: list[Span] = []
    for ent in ents:
        gap = doc[merged[-1].end:ent.start] if merged else None
        time = bool(merged) and "TIME" in (merged[-1].label_, ent.label_)
        joined = gap is not None and (gap.text == "of" or (
            len(gap) == 0 and _key(merged[-1][-1]) == "of") or (  # 'the spring of' '2022'
            _month_in_year(merged[-1], gap, ent) or _week_in_month(merged[-1], gap, ent)) or (
            gap.text in ("", ",") and _key(merged[-1][-1]) in lexicon()["weekdays"]
            and (_key(ent[0]) in _words().months or _ordinal_day(ent)))  # 'Friday' 'Oct. 13'
            or (gap.text.lower() in ("and", "or") and vague_units(merged[-1][-1], ent)))
        if gap is not None and (joined or (time and (len(gap) == 0 or (
                gap.text == "," and not _counts_units(merged[-1], ent))))):
            merged[-1] = doc[merged[-1].start:ent.end]
            merged[-1].label_ = "TIME" if time else "DATE"
        else:
            merged.append(ent)
    return merged


def _ordinal_day(span: Span) -> bool:
    """'the 22nd' after a weekday ('Tuesday, the 22nd'): the weekday's day of the month."""
    return [_key(t) for t in span[:1]] == ["the"] and len(span) == 2 \
        and bool(ORDINAL_DAY.match(span[1].text)) and not ranked(span[1])


def _week_in_month(first: Span, gap: Span, second: Span) -> bool:
    """'the last week' 'in' 'June': a week counted in its month, one date (as with 'of')."""
    return gap.text.lower() == "in" and [_key(t) for t in first][-1:] == ["week"] \
        and len(first) == 3 and _key(first[1]) in ("first", "second", "third", "fourth", "last") \
        and _key(second[0]) in _words().months


def _month_in_year(first: Span, gap: Span, second: Span) -> bool:
    """'that January day in' '2011': a day in a month named with its year, one date."""
    link = gap.text.lower() if len(gap) else _key(first[-1])
    return link == "in" and len(second) == 1 and bool(YEAR.match(second.text)) \
        and any(_key(t) in _words().months for t in first) \
        and not any(YEAR.match(t.text) for t in first)


def _counts_units(first: Span, second: Span) -> bool:
    """Either side of a comma counts in units ('last year', 'a few hours'): two expressions,
    not a day and its clock time ('Friday, 9 a.m.') that make one."""
    units = _words().units
    return any(_key(t) in units for t in (*first, *second))


def _drop_leading_words(span: Span) -> Span:
    """Cut words before the expression proper that the model took in ("d'etat last year")."""
    w = _words()
    start = span.start
    doc = span.doc
    while start < span.end - 1:
        token = doc[start]
        key = _key(token)
        if (key in w.left or key in w.prepositions or token.like_num or _anchor(token)
                or key in w.units or token.is_punct) and not _verb_last(token) \
                and not noun_before_date(token, span.end):
            break
        start += 1
    if start + 2 < span.end and doc[start].like_num and _key(doc[start + 1]) in ("a", "an") \
            and not _rate(doc[start + 1:start + 3]):
        start += 1  # '(from) seven a year ago': the count belongs to the amount before
    return doc[_after_fraction(doc, start, span.end):span.end]


def _verb_last(token: Token) -> bool:
    """'last' the verb before an amount of time ('will last two years'), not 'last year'."""
    nxt = token.doc[token.i + 1] if token.i + 1 < len(token.doc) else token
    return _key(token) == "last" and token.pos_ == "VERB" and _key(nxt) not in _words().units


def _after_fraction(doc: Doc, start: int, end: int) -> int:
    """Where the expression starts after an amount the model took in ('turn 50 next
    month') or a fraction ('a tenth next year',
    'two thirds last year', 'half last year': the share of an amount, the date after it);
    `start` when no such fraction opens doc[start:end]. A fraction before a unit counts in
    it ('a quarter century', 'half an hour', 'two and a half years'), and 'the second half
    last year' is a half of that year."""
    if doc[start].like_num and not YEAR.match(doc[start].text) and start + 2 < end \
            and _key(doc[start + 1]) in ("next", "last", "this") \
            and _key(doc[start + 2]) in _words().units:
        return start + 1  # 'turn 50 next month': an age or amount, then the date
    i = start + 1 if _key(doc[start]) in ("a", "an", "one") or doc[start].like_num else start
    if i + 1 >= end or (i == start and _key(doc[i]) != "half") \
            or (start > 0 and _key(doc[start - 1]) in ("the", "and")):
        return start
    word = _key(doc[i])
    ordinal = lexicon()["ordinals"].get(word.removesuffix("s"), 0)
    if not (word in ("half", "quarter", "quarters") or ordinal >= 3):
        return start
    after = doc[i + 1]
    date_follows = _key(after) in lexicon()["relative_direction"] or (
        _anchor(after) and _key(after) not in _words().units
        and _key(after) not in lexicon()["anchor_words"])  # 'a quarter ago' counts back
    return i + 1 if date_follows else start


def _extend(span: Span) -> Span:
    """Take in 'each'/'every' before and a part of day or 'ago' after the model's entity."""
    doc = span.doc
    start, end = span.start, span.end
    lex = lexicon()
    counted = counted_stretch(span)
    if start > 0 and (_key(doc[start - 1]) in lex["set_leaders"] or counted
                      or (_key(doc[start - 1]) in lex["relative_direction"]
                      and (_key(doc[start]) in lex["units"] or _weekday_after_leader(
                          doc[start])))):
        start -= 1
        if start > 0 and _key(doc[start - 1]) == "the" and (
                counted or _weekday_after_leader(doc[start + 1])):
            start -= 1
    last = _key(doc[end - 1])
    if end < len(doc) and (last in lex["weekdays"] or last in lex["relative_days"]) \
            and _key(doc[end]) in lex["parts_of_day"]:
        end += 1
    if end < len(doc) and _key(doc[end]) in lex["time_zones"] and doc[end].is_upper \
            and _key(doc[end - 1]) in ("am", "pm"):
        end += 1  # '11:59 p.m. ET': the clock time with its zone
    if end - start == 1 and start > 0 and _key(doc[start - 1]) == "the" \
            and _key(doc[start]) in lex["units"] and doc[start].dep_ not in ("compound", "amod"):
        start -= 1  # 'the week's rally': the article of the unit, the head of its phrase
    if end < len(doc) and _key(doc[end]) == "ago":
        end += 1
    elif end < len(doc) and stretch_noun(doc[end]):
        end += 1  # 'the 1989 period', 'the year-ago period', 'a three-year term'
        if start > 0 and _key(doc[start - 1]) in ("the", "a", "an"):
            start -= 1  # the noun is the head: its article is the expression's
    return doc[start:end]


def _weekday_after_leader(token: Token) -> bool:
    """'Monday' in 'the following Monday', 'the previous Friday': a weekday counted from
    the story's time, the leader part of the expression."""
    doc = token.doc
    return token.i > 0 and _key(token) in lexicon()["weekdays"] \
        and _key(doc[token.i - 1]) in ("following", "previous", "preceding")


def _split(span: Span) -> Iterable[Span]:
    """Cut an entity between two expressions: "May 1 and June 3", "1994, 1995",
    "April 24 and 25", "the first nine months of 1997"."""
    start = span.start
    doc = span.doc
    for token in span:
        if start < token.i and _range_end(token) is not None:
            yield doc[start:token.i - 1]
            yield doc[token.i:token.i + 1]  # not the noun after: '1957-58' 'season'
            return
        if start < token.i and _starts_part(doc[start:token.i], token):
            yield doc[start:token.i]
            start = token.i
        elif start < token.i < span.end - 1 and _splits(doc[start:token.i], token):
            yield doc[start:token.i]
            start = token.i + 1
    yield doc[start:span.end]


def _range_end(token: Token) -> str | None:
    """The year that ends a range written with a hyphen ('58' in '1957-58' is 1958, '1995' in
    '1990-1995'); None for any other token. TimeML marks a range's two ends as two
    expressions, as it does 'from 1990 to 1995'."""
    doc, i = token.doc, token.i
    if i < 2 or doc[i - 1].text not in ("-", "–") or doc[i - 1].whitespace_ \
            or doc[i - 2].whitespace_ or not YEAR.match(doc[i - 2].text) \
            or not token.text.isdigit() or len(token.text) not in (2, 4):
        return None
    first = doc[i - 2].text
    if len(token.text) == 4:
        return token.text if YEAR.match(token.text) and token.text > first else None
    end = int(first[:2] + token.text)
    end += 100 if end <= int(first) else 0  # '1999-00'
    return str(end) if end - int(first) < 100 else None


def _listed_day(span: Span) -> str | None:
    """The month a day borrows from the date before it: '25' in 'April 24 and 25', '10,
    2020' in 'March 3 and 10, 2020'; None for any other span, and for a count ('on May 5
    and 6 officers ...', 'April 2019 and 12 others')."""
    doc, i = span.doc, span.start
    if i < 3 or not _day(span[0]) or any(t.text != "," and not YEAR.match(t.text)
                                         for t in span[1:]) or _key(doc[i - 1]) not in (
            "and", "or", "-", "–", "to", "through") or not _day(doc[i - 2]) \
            or _key(doc[i - 3]) not in _words().months:
        return None
    after = doc[span.end] if span.end < len(doc) else None
    if after is not None and after.pos_ in ("NOUN", "PROPN", "NUM") \
            and not _anchor(after) and _key(after) not in _words().units:
        return None
    return doc[i - 3].text


def _shared_unit(span: Span) -> str | None:
    """The unit a bare number borrows from the number after it: '12' in '12 and 18 months',
    not 'two or three years' (one approximate amount); None when `span` is not such a number."""
    doc = span.doc
    end = span.end
    if not all(t.like_num for t in span) or end + 2 >= len(doc):
        return None
    link, other, unit = doc[end], doc[end + 1], doc[end + 2]
    if _key(link) == "and" and other.like_num and _key(unit) in _words().units \
            and _key(unit).endswith("s"):
        return unit.text
    return None


def _shared_part(span: Span) -> str | None:
    """The part of day a weekday borrows from the weekday after it: 'Monday' in 'Monday and
    Tuesday nights'; None when `span` is not such a weekday."""
    doc, end = span.doc, span.end
    if len(span) != 1 or _key(span[0]) not in lexicon()["weekdays"] or end + 2 >= len(doc):
        return None
    link, other, part = doc[end], doc[end + 1], doc[end + 2]
    if _key(link) in ("and", "or") and _key(other) in lexicon()["weekdays"] \
            and _key(part) in _words().parts_of_day:
        return part.text
    return None


def _hour(token: Token) -> bool:
    """'5' in 'from 10 p.m. to 5 a.m.': a number that a.m. or p.m. makes a clock time."""
    doc = token.doc
    return token.like_num and token.i + 1 < len(doc) and _key(doc[token.i + 1]) in ("am", "pm")


def _starts_part(before: Span, token: Token) -> bool:
    """A weekday right after a duration starts a second expression: 'four hours' 'Friday'."""
    prev = _key(token.doc[token.i - 1])
    return _key(token) in lexicon()["weekdays"] and prev in _words().units \
        and prev.endswith("s")


def _splits(before: Span, token: Token) -> bool:
    doc = token.doc
    nxt = doc[token.i + 1]
    prev = doc[token.i - 1]
    key = _key(token)
    if key in ("and", "or", "to", "through", "-", "–"):
        if key != "and" and _day(prev) and _day(nxt) and int(prev.text) < int(nxt.text) \
                and (month_after_range(doc[token.i - 1:token.i]) is not None
                     or any(_key(t) in _words().months for t in before)):
            return True  # 'June 12-13', '12 to 13 June': a range's two ends, start first
        if (_anchor(nxt) or _hour(nxt)) and any(_anchor(t) for t in before):
            return not (key == "-" and token.whitespace_ == "")
        if key == "and" and _shared_unit(doc[before.start:token.i]) is not None:
            return True  # '12 and 18 months': two durations, the unit said once
        if key in ("to", "through") and _key(prev) in _words().units \
                and _key(prev).endswith("s") and _anchor(nxt):
            return True  # 'the three months to September': a stretch, then where it ends
        return key == "and" and nxt.like_num and prev.like_num and len(nxt.text) <= 2 \
            and any(_key(t) in _words().months for t in before)
    if key in ("ended", "ending", "ends", "beginning", "starting"):
        return _anchor(nxt) and any(_key(t) in _words().units for t in before)
    if key == "of":
        after = [_key(t) for t in doc[token.i + 1:token.i + 3]]
        return _key(prev) in _words().units and _key(prev).endswith("s") \
            and (bool(YEAR.match(nxt.text)) or (  # 'the first nine months' 'of the year'
                after[1:] == ["year"] and after[0] in ("the", "this", "last", "next")))
    if key == ",":
        return bool(YEAR.match(prev.text)) and (bool(YEAR.match(nxt.text)) or _anchor(nxt))
    return False


def _trim(span: Span) -> Span | None:
    """Drop leading prepositions and 'earlier'/'later', trailing punctuation and fillers."""
    w = _words()
    doc = span.doc
    start, end = span.start, span.end
    while start < end and (
        (_key(doc[start]) in w.prepositions and not (
            start + 1 < end and _key(doc[start + 1]) == "least"))  # 'at least 20 years'
        or (_key(doc[start]) in ("about", "around") and topic(doc[start + 1:end]))
        or (_key(doc[start]) in w.trim and end - start > 1)
        or doc[start].is_punct or doc[start].is_space
    ):
        start += 1
    if end - start > 1 and _key(doc[start]) in ("its", "their", "his", "her", "our", "my",
                                                 "your"):
        start += 1  # 'its fourth quarter': the owner's word, not the date's
    if end - start > 2 and _key(doc[start]) in ("early", "late", "soon") \
            and _key(doc[start + 1]) == "as":
        start += 2  # 'as early as next year': the bound around the date, not part of it
    while end > start and (
        _key(doc[end - 1]) in w.trailing or doc[end - 1].is_punct or doc[end - 1].is_space
    ):
        if _key(doc[end - 1]) == "ago" or _compound_end(doc[end - 1]):
            break
        end -= 1
    if end - start >= 2 and _key(doc[start]) in ("the", "a", "an") \
            and modifies_noun_after(doc[start + 1:end]):
        start += 1  # 'the 2022 World Cup', 'a fourth-quarter charge': the article is the noun's
    if start >= end:
        return None
    return doc[start:end]


def _compound_end(token: Token) -> bool:
    """'earlier' in 'year-earlier': part of a hyphenated compound, not an adverb to trim."""
    doc = token.doc
    return token.i > 1 and doc[token.i - 1].text == "-" and not doc[token.i - 2].whitespace_ \
        and not doc[token.i - 1].whitespace_


def _is_age(span: Span) -> bool:
    """'6-year-old', '52 years old', 'aged 40': an age is not a temporal expression."""
    doc = span.doc
    after = [_key(t) for t in doc[span.end: span.end + 3]]
    inside = [_key(t) for t in span]
    ages = _words().ages
    return bool(ages & set(inside)) or (after[:1] == ["-"] and bool(ages & set(after[1:3]))) \
        or bool(after and after[0] in ages) or (span.start > 0 and _key(
            doc[span.start - 1]) in ("aged", "age"))


def _not_temporal(span: Span) -> bool:
    """Entities the model calls DATE that hold no temporal word ('1,000', 'annual'), and
    names made of a number and a capitalised unit in mid-sentence ('60 Minutes')."""
    last = span[-1]
    if len(span) > 1 and _key(last) in _words().units and last.text.istitle() \
            and not span[0].is_sent_start and span[-2].like_num:
        return True
    return not any(_anchor(t) or _key(t) in _words().units or _half(t) for t in span)


def _half(token: Token) -> bool:
    """'half' after an ordinal ('the first half', 'the second half'): a half of the year."""
    return _key(token) == "half" and token.i > 0 \
        and _key(token.doc[token.i - 1]) in ("first", "second", "last", "final")


def _unit_on_unit(span: Span) -> bool:
    """'year on year', 'month-over-month': a unit compared with itself, how a change is
    measured, not a time."""
    doc = span.doc
    window = [t for t in doc[max(0, span.start - 4):span.end + 4] if t.text != "-"]
    return any(_key(a) == _key(c) and _key(a) in _words().units and _key(b) in ("on", "over")
               and any(span.start <= t.i < span.end for t in (a, b, c))
               for a, b, c in zip(window, window[1:], window[2:], strict=False))


def _part_of_other(span: Span) -> bool:
    """'the second half of the match', 'the first quarter of the game': a part of something
    that is not a time, no date."""
    doc, end = span.doc, span.end
    if _key(span[-1]) not in ("half", "quarter", "future") or end + 1 >= len(doc) \
            or _key(doc[end]) != "of":
        return False
    return any(head.dep_ == "pobj" and head.pos_ in ("NOUN", "PROPN") and not (
        _anchor(head) or _key(head) in _words().units) for head in doc[end].children)


def _scan(doc: Doc) -> Iterable[Span]:
    """Spans grown around anchor words: 'the past two months', 'Friday night'."""
    i = 0
    while i < len(doc):
        token = doc[i]
        listed = _listed_day(doc[i:i + 1]) is not None
        if not (listed or _anchor(token) or _unit_phrase(token)):
            i += 1
            continue
        if listed or _key(token) in _words().bare_references or (_key(token) in (
                "recent", "current") and not _before_unit(token)):
            start, end = i, i + 1
        else:
            start, end = _grow(doc, i)
        span = _trim(doc[start:end])
        if span is not None and not _is_age(span) and not _part_of_other(span):
            yield span
        i = max(end, i + 1)


def _before_unit(token: Token) -> bool:
    """'current' in 'the current quarter': the adjective of a unit, one expression with it."""
    nxt = token.doc[token.i + 1] if token.i + 1 < len(token.doc) else token
    return nxt.text.islower() and _key(nxt) in _words().units  # not 'a recent SEC filing'


def _unit_phrase(token: Token) -> bool:
    """A unit word with a number or 'last/this/next' before it: '90 days', 'last year'."""
    w = _words()
    if _key(token) not in w.units or token.i == 0:
        return False
    prev = token.doc[token.i - 1]
    if prev.text == "-" and token.i > 1:
        prev = token.doc[token.i - 2]
    lex = lexicon()
    nxt = token.doc[token.i + 1] if token.i + 1 < len(token.doc) else None
    if _key(token).startswith("quarter") and nxt is not None and _key(nxt) == "of":
        return False  # three-quarters of its food
    if token.text.istitle() and not token.is_sent_start:
        return False  # "60 Minutes"
    before = token.doc[prev.i - 1] if prev.i > 0 else prev
    if _key(prev) in ("a", "an") and _key(before) in lex["stretch_prepositions"]:
        return True  # 'over a week', 'within a month': a stretch of one unit
    if _key(prev) == "more" and before.like_num:
        return True  # 'at least 20 more years'
    return prev.like_num or _key(prev) in lex["relative_direction"] or _key(prev) in (
        "several", "few", "recent", "coming", "many", "couple", "each", "every", "per",
        "year-ago", "year-earlier") or (_key(token).endswith("s") and _key(prev) in (
            "for", "in", "within", "over", "since"))


def _grow(doc: Doc, i: int) -> tuple[int, int]:
    """The token range around anchor `i`: modifiers to the left, date parts to the right."""
    w = _words()
    start = i
    while start > 0:
        prev = doc[start - 1]
        key = _key(prev)
        if prev.pos_ in ("VERB", "AUX") and not _anchor(prev):
            break  # 'to last over a week': the verb 'last' is no 'last week'
        if key in w.left or prev.like_num or (_key(prev) in w.units and key != "day") \
                or _anchor(prev) or (key in ("near", "distant", "foreseeable")
                                     and _key(doc[i]) == "future"):  # 'the near future'
            if key in ("and", "or", "to", "-", "of") and start - 1 > 0 and not (
                    doc[start - 2].like_num or _key(doc[start - 2]) in w.units
                    or _anchor(doc[start - 2]) or key == "-" or (_key(doc[start - 2]) in w.left
                    and key != "and")):
                break
            if key in (",",):
                break
            start -= 1
        else:
            break
    end = i + 1
    while end < len(doc):
        nxt = doc[end]
        key = _key(nxt)
        number = nxt.like_num and (YEAR.match(nxt.text) or len(nxt.text) <= 2 or ":" in nxt.text)
        if number or _anchor(nxt) or key in w.units:
            end += 1
        elif key in w.right and end + 1 <= len(doc):
            follow = doc[end + 1] if end + 1 < len(doc) else None
            if key in (",", "of", "-", "and", "a", "'", "the", "or") and (
                    follow is None or not (_anchor(follow) or follow.like_num
                                           or _key(follow) in w.units
                                           or _key(follow) in ("half", "so", "later",
                                                               "earlier"))):
                break
            if key in ("and", "or") and follow is not None and _anchor(follow) \
                    and _key(follow) not in ("a",):
                break
            end += 1
        else:
            break
    return start, end
