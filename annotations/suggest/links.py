"""WHEN suggestions: an event to the date that modifies it in the parse.

A date links to the event it modifies, directly or through its preposition
("rose in September", "On Tuesday, the council voted"). WHEN says the event happened
at or within the date, so none where the date is:
- a duration or a set ("for two days", "every month");
- the measure of an offset ("one day after the vote"): the event is the offset's;
- an argument of its verb, not an adjunct ("will review the first quarter"): the
  date is what the event is about, not when it happened;
- the object of a preposition that makes it a bound, not a time within
  ("until Friday", "from Monday to Thursday", "by the end of June", "since 1990",
  "between 1985 and 1987"): TimeML calls those BEFORE, AFTER, BEGINS or ENDS.
A date on an open complement (an infinitive or a gerund, "xcomp") times the verb
that takes it too: in "began trading this summer" and "will start producing chips next
week", the beginning is as much in the summer as the trading.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from annotations.suggest.types import SuggestedRelation, SuggestedSpan

# Prepositions whose measure-phrase object is an offset ("one day after"), not a time.
OFFSET_HEADS = frozenset({"after", "before", "later", "earlier", "ago", "since", "until"})
# Prepositions whose object is a bound of the event, not a time it happened within.
BOUND_PREPOSITIONS = frozenset({
    "after", "before", "between", "by", "from", "into", "since", "through", "till", "to",
    "until",
})
# Dependencies that make a date an argument of its head, not a time adjunct.
ARGUMENTS = frozenset({"dobj", "nsubj", "nsubjpass", "attr", "dative", "oprd", "csubj"})
MAX_HOPS = 3
NOT_WITHIN = frozenset({"DURATION", "SET"})


def suggest_when(
    doc: Doc, spans: list[SuggestedSpan]
) -> list[SuggestedRelation]:
    """WHEN from an EVENT to each DATE that modifies it (see the module's docstring):
    no link from a duration, a set, an offset or a bound."""
    event_at: dict[int, int] = {}
    for index, span in enumerate(spans):
        if span.label == "EVENT":
            tokens = doc.char_span(span.start, span.end, alignment_mode="expand")
            if tokens is not None:
                for tok in tokens:
                    event_at[tok.i] = index
    relations: list[SuggestedRelation] = []
    for index, span in enumerate(spans):
        if span.label != "DATE" or not _a_time_to_be_in(span):
            continue
        tokens = doc.char_span(span.start, span.end, alignment_mode="expand")
        if tokens is None:
            continue
        for event in _timed_events(tokens, event_at):
            relations.append(SuggestedRelation("WHEN", event, index))
    return relations


def _a_time_to_be_in(span: SuggestedSpan) -> bool:
    """WHEN says an event happened at or within a date: a duration ('for two days') or a
    set ('every month') is not one."""
    return span.attrs.get("type") not in NOT_WITHIN


def _timed_events(date: Span, event_at: dict[int, int]) -> list[int]:
    """The events `date` times: the one it modifies, and the verb whose open complement
    that one is."""
    head = _modified(date, event_at)
    if head is None:
        return []
    events = [event_at[head.i]] if head.i in event_at else []
    if head.dep_ == "xcomp" and head.head.i in event_at:
        events.append(event_at[head.head.i])
    return events


def _modified(date: Span, event_at: dict[int, int]) -> Token | None:
    """The token the date modifies (the nearest event, or the first other word past its
    preposition); None for an offset's measure, an argument, a bound's object, or a date
    the parse leaves at the top."""
    root = date.root
    if root.dep_ in ARGUMENTS:
        return None
    if root.dep_ == "npadvmod" and root.head.lower_ in OFFSET_HEADS:
        return None
    if date.start > 0 and _is_bound(date.doc[date.start - 1]):
        return None
    tok = root
    for _ in range(MAX_HOPS):
        head = tok.head
        if head.i == tok.i:
            return None
        if date.start <= head.i < date.end:
            tok = head
            continue
        if head.i in event_at:
            return head
        if head.pos_ in ("ADP", "SCONJ") or head.dep_ in ("prep", "pcomp"):
            if _is_bound(head):
                return None
            tok = head
            continue
        return head
    return None


def _is_bound(tok: Token) -> bool:
    return tok.lower_ in BOUND_PREPOSITIONS and tok.dep_ in ("prep", "pcomp", "mark")
