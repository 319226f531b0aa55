"""Which clause a speech verb reports: the grammar of reported content."""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Token

CLAUSE_SUBJECTS = frozenset({"nsubj", "nsubjpass", "csubj", "csubjpass", "expl"})


def fronted_fragment(clause: Token, verb: Token, quoted: Sequence[bool]) -> bool:
    """A clause before its speech verb with no subject nor auxiliary of its own, when
    the verb reports something after it ("Speaking at the meeting convened on Monday,
    Smith said, “...”"): English fronts reported content only as a full clause ("The
    talks failed, he said") or a command ("Go home, she said"), so the fronted words
    are a participle or a misparsed phrase, not what the verb reports. Alone before
    the verb, such a clause is more often a full one whose subject the parse lost."""
    if clause.i > verb.i or clause.pos_ != "VERB" or clause.tag_ == "VB":
        return False
    if any(c.dep_ in CLAUSE_SUBJECTS or c.dep_ in ("aux", "auxpass") for c in clause.children):
        return False
    return reports_after(verb, quoted)


def reports_after(verb: Token, quoted: Sequence[bool]) -> bool:
    """Does the verb report a clause after it, or a direct quote that follows it?"""
    if any(c.dep_ == "ccomp" and c.i > verb.i for c in verb.children):
        return True
    doc = verb.doc
    j = verb.i + 1
    while j < len(doc) and (doc[j].is_punct or doc[j].is_space) and not quoted[j]:
        j += 1
    return j < len(doc) and quoted[j]
