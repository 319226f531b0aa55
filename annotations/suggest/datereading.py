"""How the sentence around a temporal expression changes its reading: a generic
'today' is the present in general, 'over the next decade' a stretch of time, 'the year
ended March 31' a year of accounts. Used by the DATE suggester (dates.py) before the
expression's words go to the normaliser (timex)."""

from __future__ import annotations

from spacy.tokens import Span, Token

from annotations.suggest.tense import verb_tense
from annotations.suggest.timex import lexicon
from annotations.suggest.timex.words import _ORDINAL_NUMBER


def key(token: Token) -> str:
    """The token as the lexicon spells it: lower case, without abbreviation stops, with a
    straight apostrophe for a curly one ('’s' of "New Year’s Eve")."""
    return token.lower_.replace(".", "").replace("\u2019", "'") if token.text != "." else "."


def generic_present(span: Span) -> bool:
    """'companies today must...', 'young people today are', 'today, most farmers use': a
    'today' right after a common-noun subject, or in a clause in the present whose subject
    is a plural class, is the present in general, not the DCT (after a name, 'Smith today
    is...', or before 'the council meets', it is the DCT)."""
    if len(span) != 1 or key(span[0]) not in ("today", "nowadays"):
        return False
    today = span[0]
    before = span.doc[span.start - 1] if span.start > 0 else today
    verb = today.head
    if before.i != today.i and before.dep_ in ("nsubj", "nsubjpass") and before.head.i == verb.i \
            and before.pos_ == "NOUN" and verb.tag_ in ("VB", "VBP", "VBZ") \
            and verb_tense(verb) != "PAST":
        return True
    subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
    return verb.tag_ in ("VBP", "VB") and verb_tense(verb) != "PAST" and len(subjects) == 1 \
        and _generic_plural(subjects[0])


def _generic_plural(noun: Token) -> bool:
    """'farmers', 'most farmers', 'young people': a bare or loosely quantified plural
    common noun, the class in general, not a group the story follows ('the farmers')."""
    return noun.tag_ == "NNS" and all(
        c.lower_ in ("most", "many", "few", "some", "all") for c in noun.children
        if c.dep_ in ("det", "poss", "nummod", "predet"))


def coming_stretch(span: Span) -> str | None:
    """'over the next decade', 'for the coming year': a stretch of time ahead, read as
    the duration it lasts ('1 decade'), never as the calendar unit after the DCT's. Behind
    the DCT only a decade or century ('over the past decade': not the 2010s); 'over the
    past year' can be the calendar year before."""
    doc = span.doc
    words = [key(t) for t in span]
    if span.start == 0 or key(doc[span.start - 1]) not in lexicon()["stretch_prepositions"]:
        return None
    if len(words) != 3 or words[0] != "the" or words[2] not in lexicon()["units"] \
            or words[2].endswith("s"):
        return None
    if words[1] in ("next", "coming") or (
            words[1] in ("past", "last") and words[2] in ("decade", "century")):
        return f"1 {words[2]}"
    return None


def fiscal_period(span: Span) -> bool:
    """'the year ended March 31': a year-long period of accounts, a duration."""
    doc = span.doc
    words = [key(t) for t in span]
    return span.end < len(doc) and key(doc[span.end]) in ("ended", "ending") \
        and words[-1] == "year" and set(words) <= {"the", "fiscal", "year", "its", "full"}


def running_count(span: Span, tense: str | None) -> str | None:
    """'(it is) the eighth day (of the siege)', 'the strike is in its third week': the
    Nth day or week of something told in the present is the document date's day or week
    ('today', 'this week'); None otherwise (in the past it counts from a start the
    expression does not name)."""
    words = [key(t) for t in span if key(t) not in ("the", "its", "their")]
    if tense != "PRESENT" or len(words) != 2 or not (
            words[0] in lexicon()["ordinals"] or _ORDINAL_NUMBER.match(words[0])) \
            or words[1] not in ("day", "week"):
        return None
    return "today" if words[1] == "day" else "this week"

