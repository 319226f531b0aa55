"""Token helpers of the quote rules: where characters fall, names, verb heads."""

from __future__ import annotations

from spacy.tokens import Doc, Token

from annotations.quotemarks import is_double_mark

SUBJECTS = ("nsubj", "csubj")


def token_index(doc: Doc) -> list[int]:
    """For each character, the token that covers it (-1 for white space between tokens)."""
    index = [-1] * len(doc.text)
    for tok in doc:
        for c in range(tok.idx, tok.idx + len(tok.text)):
            index[c] = tok.i
    last = -1
    for c in range(len(index)):
        if index[c] < 0:
            index[c] = last
        else:
            last = index[c]
    return index


def name_word(tok: Token) -> bool:
    """A word of a name: a proper noun, or a capitalised word the NER puts in a name."""
    return tok.pos_ == "PROPN" or (tok.is_title and tok.ent_type_ in ("PERSON", "ORG"))


def word_before(doc: Doc, i: int) -> Token | None:
    """The token before token i, past quotation marks and white space."""
    j = i - 1
    while j >= 0 and (is_double_mark(doc[j].text) or doc[j].is_space):
        j -= 1
    return doc[j] if j >= 0 else None


def aged_person(tok: Token) -> bool:
    """'the 46-year-old': an age with a determiner names a person, though the entity
    recognizer reads a date in it."""
    doc = tok.doc
    return tok.lower_ == "old" and tok.i >= 2 and doc[tok.i - 1].text == "-" \
        and doc[tok.i - 2].lower_ in ("year", "years", "month", "months") \
        and any(c.dep_ == "det" for c in tok.children)


def phrase_head(tokens: list[Token]) -> Token:
    """The token of a name whose head lies outside it (its last word if none does)."""
    inside = {t.i for t in tokens}
    for tok in tokens:
        if tok.head.i not in inside or tok.head.i == tok.i:
            return tok
    return tokens[-1]


def noun_head(tokens: object) -> Token | None:
    for tok in tokens:  # type: ignore[attr-defined]
        if tok.pos_ in ("NOUN", "PROPN", "PRON"):
            return tok  # type: ignore[no-any-return]
    return None


def inflected_forms(lemmas: frozenset[str]) -> frozenset[str]:
    """Inflected forms of the cue verbs (regular ones), for tokens the tagger missed."""
    forms: set[str] = set()
    for lemma in lemmas:
        stem = lemma[:-1] if lemma.endswith("e") else lemma
        forms |= {lemma, lemma + "s", lemma + "es", stem + "ed", lemma + "d", stem + "ing"}
    return frozenset(forms | {"said", "says", "told", "wrote"})


def root_verb(tokens: list[Token]) -> Token | None:
    """The verb that heads the clause these tokens belong to ("Trump boomed:")."""
    for tok in tokens:
        head = tok
        while head.head.i != head.i and head.pos_ != "VERB":
            head = head.head
        if head.pos_ == "VERB" and any(c.dep_ in SUBJECTS for c in head.children):
            return head
    return None


def comma_before(tok: Token) -> bool:
    return tok.i > 0 and tok.nbor(-1).text == ","


def passive_without_agent(verb: Token) -> bool:
    children = [c.dep_ for c in verb.children]
    return "nsubjpass" in children and "agent" not in children


def chunk_around(head: Token, cut: set[int]) -> tuple[int, int]:
    """The contiguous part of head's subtree that holds head and no token of `cut`."""
    first = head.i
    while first - 1 >= head.left_edge.i and first - 1 not in cut:
        first -= 1
    last = head.i
    while last + 1 <= head.right_edge.i and last + 1 not in cut:
        last += 1
    return first, last
