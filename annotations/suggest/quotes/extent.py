"""The scheme's extent of a speaker's noun phrase inside the words the parse gives it."""

from __future__ import annotations

from spacy.tokens import Doc, Token

DASHES = frozenset({"-", "–", "—", "--"})
PLACES = frozenset({"GPE", "LOC"})


def _breaks_before(doc: Doc, i: int) -> bool:
    """A paragraph break, or a dash set off by a space, right before token i."""
    prev = doc[i - 1] if i > 0 else None
    if prev is None:
        return False
    if "\n" in prev.text or "\n" in prev.whitespace_:
        return True
    return prev.text in DASHES and bool(prev.whitespace_ or (i > 1 and doc[i - 2].whitespace_))


def _place_in_place(tok: Token) -> bool:
    """'Laconia, N.H.': a place set off after a place is part of its name."""
    return tok.ent_type_ in PLACES and tok.head.ent_type_ in PLACES


def cut_phrase(head: Token, left: int, right: int) -> tuple[int, int]:
    """Token range (left, right) of the speaker's phrase without what the parse hung
    on it past its edges: a dateline or a paragraph before the name ('RENO, Nev. (AP)
    — Donald Trump'), and a relative clause or an apposition after a comma inside it
    ('one person with knowledge of the plan, who spoke ...'); a place after a place
    stays ('Tom Smith of Laconia, N.H.')."""
    doc = head.doc
    for i in range(left + 1, head.i + 1):
        if _breaks_before(doc, i):
            left = i
    for i in range(head.i + 1, right + 1):
        tok = doc[i]
        if _breaks_before(doc, i) or (tok.dep_ == "relcl" and tok.left_edge.i > head.i):
            return left, min(right, tok.left_edge.i - 1 if tok.dep_ == "relcl" else i - 1)
        if tok.dep_ == "appos" and doc[tok.left_edge.i - 1].text == "," \
                and not _place_in_place(tok):
            return left, tok.left_edge.i - 2
    return left, right


def list_comma(tok: Token, after: list[Token]) -> bool:
    """A comma between the names of a list the speaker is ('France, Germany and Italy
    said'): the next word the parse hangs on the head is a name joined to it, and the
    list ends with 'and' or 'or'. Not a comma before an apposition ('Smith, the mayor')."""
    if tok.text != "," or not after:
        return False
    joined = after[0]
    return joined.dep_ == "conj" and joined.pos_ in ("PROPN", "NOUN") and any(
        t.dep_ == "cc" and t.lower_ in ("and", "or") for t in joined.subtree)
