"""WHEN suggestions: an event to the date that modifies it in the parse."""

from __future__ import annotations

from spacy.tokens import Doc, Token

from annotations.suggest.types import SuggestedRelation, SuggestedSpan

# Prepositions whose measure-phrase object is an offset ("one day after"), not a time.
OFFSET_HEADS = frozenset({"after", "before", "later", "earlier", "ago", "since", "until"})
MAX_HOPS = 3
NOT_WITHIN = frozenset({"DURATION", "SET"})


def suggest_when(
    doc: Doc, spans: list[SuggestedSpan]
) -> list[SuggestedRelation]:
    """WHEN from an EVENT to a DATE where the date (through at most a preposition)
    depends on the event's token; offsets ("one day after") get no link."""
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
        event = _modified_event(tokens.root, range(tokens.start, tokens.end), event_at)
        if event is not None:
            relations.append(SuggestedRelation("WHEN", event, index))
    return relations


def _a_time_to_be_in(span: SuggestedSpan) -> bool:
    """WHEN says an event happened at or within a date: a duration ('for two days') or a
    set ('every month') is not one."""
    return span.attrs.get("type") not in NOT_WITHIN


def _modified_event(root: Token, inside: range, event_at: dict[int, int]) -> int | None:
    if root.dep_ == "npadvmod" and root.head.lower_ in OFFSET_HEADS:
        return None
    tok = root
    for _ in range(MAX_HOPS):
        head = tok.head
        if head.i == tok.i:
            return None
        if head.i in inside:
            tok = head
            continue
        if head.i in event_at:
            return event_at[head.i]
        if head.pos_ in ("ADP", "SCONJ") or head.dep_ in ("prep", "pcomp"):
            if head.lower_ in OFFSET_HEADS and root.dep_ == "npadvmod":
                return None
            tok = head
            continue
        return None
    return None
