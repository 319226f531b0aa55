"""Where a DATE expression's edges lie, for the extent finder (dates.py): the noun or
article before a date that is not part of it ('the flood three years ago', 'a
fourth-quarter charge', 'about the future'), the noun after it that is its head ('the
year-ago period', 'a three-year term'), the counted stretch after 'the following' and two
units without a count joined into one ('weeks or months')."""

from __future__ import annotations

from spacy.tokens import Span, Token

from annotations.suggest.datereading import key as _key
from annotations.suggest.datewords import anchor as _anchor
from annotations.suggest.datewords import words as _words
from annotations.suggest.timex import YEAR, lexicon


def vague_units(last: Token, second: Span) -> bool:
    """'weeks' 'or' 'months', 'recent weeks' 'and' 'months': two units without a count,
    one vague stretch (TimeML marks it whole, valued by its first unit)."""
    return len(second) == 1 and _plural_unit(last) and _plural_unit(second[0]) \
        and not last.doc[last.i - 1].like_num


def _plural_unit(token: Token) -> bool:
    key = _key(token)
    return key in _words().units and key.endswith("s")


def noun_before_date(token: Token, end: int) -> bool:
    """'the' in 'the flood three years ago', 'an' in 'an interview several months (before)':
    the article of a noun that is no time word, the date after that noun. Not 'the school
    year': there the noun modifies the unit."""
    doc, w = token.doc, _words()
    if _key(token) not in ("the", "a", "an") or token.i + 2 >= end:
        return False
    noun, after = doc[token.i + 1], doc[token.i + 2]
    return noun.pos_ in ("NOUN", "PROPN") and not _temporal_word(noun) \
        and _temporal_word(after) and _key(after) not in w.units


def _temporal_word(token: Token) -> bool:
    """A word that can open or carry a date: a number, a date word, a unit, a modifier."""
    key = _key(token)
    return token.like_num or _anchor(token) or key in _words().units or key in _words().left


def stretch_noun(token: Token) -> bool:
    """'period' after a year or a year-ago ('the 1989 period', 'the year-ago period', a
    reporting period), 'period' or 'term' after a hyphenated length ('a three-year period',
    'its one-year term'): the noun the date modifies, the head of the expression."""
    doc, i = token.doc, token.i
    prev = doc[i - 1]
    if _key(token) == "term":
        return hyphened_length(token)
    return _key(token) == "period" and (hyphened_length(token) or bool(YEAR.match(prev.text))
                                        or _key(prev) in ("year-ago", "year-earlier") or (
        _key(prev) in ("ago", "earlier") and i > 2 and doc[i - 2].text == "-"
        and _key(doc[i - 3]) == "year"))


def hyphened_length(token: Token) -> bool:
    """'period' in 'a three-year period': a noun after a length written with a hyphen."""
    doc, i = token.doc, token.i
    return i > 2 and doc[i - 2].text == "-" and _key(doc[i - 1]) in _words().units \
        and not doc[i - 2].whitespace_ and amount_word(doc[i - 3])


def counted_stretch(span: Span) -> bool:
    """'20 years' after 'the following' ('during the following 20 years'): a number of
    units counted from a time, the leader and its article part of the expression, as in
    'the following two months' when the model finds it whole."""
    doc, start = span.doc, span.start
    if start < 2 or not amount_word(doc[start]) or _key(span[-1]) not in _words().units:
        return False
    return _key(doc[start - 1]) in ("following", "next", "past", "previous", "preceding",
                                    "last", "coming", "prior") and _key(doc[start - 2]) == "the"


def amount_word(token: Token) -> bool:
    """A word that opens an amount: '20', 'two', 'several', 'few'."""
    lex = lexicon()
    return token.like_num or _key(token) in lex["numbers"] or _key(token) in lex["vague_numbers"]


def modifies_noun_after(rest: Span) -> bool:
    """The date modifies a noun after it ('2022' in 'the 2022 World Cup', 'fourth-quarter' in
    'a fourth-quarter charge', 'Aug. 10, 1988' in 'an Aug. 10, 1988, agreement'): the article
    before it is that noun's."""
    root = rest.root
    return root.dep_ in ("compound", "amod", "nmod", "nummod") and root.head.i >= rest.end \
        and root.head.pos_ in ("NOUN", "PROPN")


def topic(rest: Span) -> bool:
    """'the future' after 'about' ('worried about the future'): what is talked about, the
    preposition's object; 'about' before a number or a date ('about two weeks', 'around
    Nov. 1') makes it approximate and stays."""
    return [_key(t) for t in rest] in (["the", "future"], ["the", "past"], ["the", "present"])


def month_after_range(span: Span) -> str | None:
    """The month the first day of a day-first range borrows: 'June' for '12' in '12-13 June'
    or '12 to 13 June' (the range's two ends are two expressions, as for years); None for
    any other span."""
    doc, end = span.doc, span.end
    if len(span) != 1 or not day_number(span[0]) or end + 2 >= len(doc) \
            or doc[end].text.lower() not in ("-", "–", "to", "through") \
            or not day_number(doc[end + 1]) or _key(doc[end + 2]) not in _words().months \
            or int(span[0].text) >= int(doc[end + 1].text):  # a range starts before it ends
        return None
    return doc[end + 2].text


def day_number(token: Token) -> bool:
    """A day of the month in digits: '25'."""
    return token.text.isdigit() and 1 <= int(token.text) <= 31


def by_the_unit(span: Span) -> bool:
    """'paid by the week', 'rented by the month': the unit something is counted in, no
    time ('by the week's end' and 'by the end of the month' are times)."""
    doc = span.doc
    after = _key(doc[span.end]) if span.end < len(doc) else ""
    return [_key(t) for t in span][:1] == ["the"] and len(span) == 2 \
        and _key(span[1]) in _words().units and not _key(span[1]).endswith("s") \
        and span.start > 0 and _key(doc[span.start - 1]) == "by" \
        and after not in ("'s", "of", "ending", "ended", "before", "after")
