"""Quotes found by the rules and the scheme's nesting decisions between them."""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Token

from annotations.quotemarks import MARKS


@dataclass
class Quote:
    start: int
    end: int
    direct: bool
    speakers: list[Token] = field(default_factory=list)
    words: int = 0


def overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def starts_in(quote: Quote, direct: Quote, text: str) -> bool:
    """Does `quote` start inside `direct` or on the marks that open it?"""
    if direct.start <= quote.start < direct.end:
        return True
    before = text[quote.start:direct.start]
    return quote.start < direct.start and all(c.isspace() or c in MARKS for c in before)


def resolve(direct: list[Quote], indirect: list[Quote], text: str) -> list[Quote]:
    """Apply the scheme's nesting decisions and keep one-label spans apart:
    reported speech that starts inside a direct quote (or on its opening mark: the
    parse makes the quoted clause the object of "he said") is dropped; a quoted
    fragment inside an indirect quote is dropped (it stays inside it); of two
    overlapping indirect quotes the longer stays."""
    kept_indirect: list[Quote] = []
    for q in sorted(indirect, key=lambda q: q.start - q.end):
        if any(starts_in(q, d, text) or (q.start <= d.start and d.end <= q.end
               and d.end - d.start > 0.8 * (q.end - q.start)) for d in direct):
            continue
        if any(overlaps((q.start, q.end), (k.start, k.end)) for k in kept_indirect):
            continue
        kept_indirect.append(q)
    kept_direct = [
        d for d in direct
        if not any(overlaps((d.start, d.end), (k.start, k.end)) for k in kept_indirect)
    ]
    return sorted(kept_direct + kept_indirect, key=lambda q: q.start)
