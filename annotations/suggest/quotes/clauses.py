"""The grammar of attribution where the parse goes wrong: which clause a speech verb
reports, which speech verb introduces a quote, and which words are its subject."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from spacy.tokens import Token

from annotations.suggest.quotes.extent import DASHES, PLACES
from annotations.suggest.quotes.nearby import PAST_OR_PRESENT, TRAILER_WORDS
from annotations.suggest.quotes.tokens import SUBJECTS, word_before

CLAUSE_SUBJECTS = frozenset({"nsubj", "nsubjpass", "csubj", "csubjpass", "expl"})
COMPLEMENTS = frozenset({"dobj", "dative", "xcomp", "ccomp", "advcl", "conj"})
NEGATIVE_SUBJECTS = frozenset({"nobody", "none", "neither", "nothing", "no-one"})


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


def quote_between(clause: Token, verb: Token, quoted: Sequence[bool]) -> bool:
    """'That said, “...,” the mayor added': the absolute "that said" (a participle with
    the demonstrative right before it as its subject), before a direct quote that the
    verb reports, is no clause the verb reports."""
    return clause.i < verb.i and any(quoted[j] for j in range(clause.right_edge.i + 1, verb.i)) \
        and clause.i > 0 and clause.tag_ in ("VBN", "VBD") \
        and clause.nbor(-1).lower_ in ("that", "this") and clause.nbor(-1).head.i == clause.i


def asked_whether_said(verb: Token) -> bool:
    """'Did the mayor say the bridge was safe?': a yes-no question (an auxiliary first,
    before the subject; a question mark at its end) asks whether something was said
    and reports nothing ('Why did she say ...?' still takes the saying as given)."""
    sent = [t for t in verb.sent if not (t.is_punct or t.is_space) or t.text == "?"]
    subjects = [c.i for c in verb.children if c.dep_ in SUBJECTS]
    return bool(sent and subjects) and sent[-1].text == "?" and sent[0].head.i == verb.i \
        and sent[0].dep_ == "aux" and sent[0].i < min(subjects)


def reports_after(verb: Token, quoted: Sequence[bool]) -> bool:
    """Does the verb report a clause after it, or a direct quote that follows it?"""
    if any(c.dep_ == "ccomp" and c.i > verb.i for c in verb.children):
        return True
    doc = verb.doc
    j = verb.i + 1
    while j < len(doc) and (doc[j].is_punct or doc[j].is_space) and not quoted[j]:
        j += 1
    return j < len(doc) and quoted[j]


def cue_ending_at(colon: Token, verb: Token, is_cue: Callable[[Token], bool]) -> Token:
    """The speech verb whose clause the colon ends: 'Cruz said as the heckler yelled:
    “...”' is the heckler's, though the parse hangs the colon on "said". A clause in
    `verb`'s sentence whose words run up to the colon, headed by a speech verb with a
    subject of its own, introduces the quote; else `verb` does."""
    for j in range(colon.i - 1, verb.i, -1):
        tok = colon.doc[j]
        if tok.right_edge.i < colon.i - 1:
            continue
        if is_cue(tok) and tok.tag_ in PAST_OR_PRESENT and verb in tok.ancestors \
                and any(c.dep_ in SUBJECTS for c in tok.children):
            return tok
    return verb


def first_cue_after(words: Sequence[Token], linked: Token,
                    is_cue: Callable[[Token], bool]) -> Token | None:
    """'“...,” Trump said, after Quick said ...': the parse links the quote to the later
    "said"; a speech verb right after the quote, or after its subject only, is the
    quote's attribution."""
    lead: list[Token] = []
    for tok in [t for t in words if not t.is_punct][:TRAILER_WORDS]:
        if tok.i >= linked.i:
            return None
        subjects = [c for c in tok.children if c.dep_ in SUBJECTS]
        if is_cue(tok) and tok.tag_ in PAST_OR_PRESENT and subjects and all(
                any(w.i in range(s.left_edge.i, s.right_edge.i + 1) for s in subjects)
                for w in lead):
            return tok
        lead.append(tok)
    return None


def joined_after(words: Sequence[Token]) -> bool:
    """Does the sentence go on after a quote with a coordinating conjunction ('“...,”
    and the governor agreed')?"""
    first = next((t for t in words if not (t.is_punct or t.is_space)), None)
    return first is not None and first.dep_ == "cc"


def bare_cue_before(first: Token, quoted: Sequence[bool], is_cue: Callable[[Token], bool],
                    reports: Callable[[Token], object]) -> Token | None:
    """'Sam Lau said in a statement. “...”': the sentence just before a quote (whose
    first word is `first`), in its paragraph and with no quote of its own, whose main
    verb is a speech verb with no reported content, object or clause of its own,
    introduces the quote (a verb with an object may report that: "He confirmed the
    figures."). A denied one does not: who "did not say" or "never replied", or
    "Nobody answered", said nothing the quote could be."""
    doc = first.doc
    end = word_before(doc, first.i)
    if end is None or end.text != "." or "\n" in doc.text[end.idx:first.idx]:
        return None
    verb = end.sent.root
    if any(quoted[t.i] for t in end.sent) or not is_cue(verb) or reports(verb) is not None \
            or denied(verb):
        return None
    return None if any(c.dep_ in COMPLEMENTS for c in verb.children) else verb


def denied(verb: Token) -> bool:
    """'did not say', 'never replied', 'Nobody answered', 'No official commented': the
    verb is negated, or its subject is a negative word or has the determiner "no"."""
    if any(c.dep_ == "neg" for c in verb.children):
        return True
    return any(c.dep_ in SUBJECTS and no_one(c) for c in verb.children)


def no_one(subject: Token) -> bool:
    """'nobody', 'none', 'no official': a negative names no one who could be the
    source of what is reported ('Nobody said the bridge was safe')."""
    return subject.lower_ in NEGATIVE_SUBJECTS or any(
        d.dep_ == "det" and d.lower_ == "no" for d in subject.children)


def nearest_subject(subjects: list[Token], verb: Token) -> list[Token]:
    """A verb has one subject (coordinated ones hang on the first): of two the parse
    gives it before it, a phrase naming a place set off by a dash before the other
    ('RENO, Nev. (AP) — Ana Ruiz said') is the story's dateline, not a speaker; nor is
    one whose words but its head are all a date ('date 2024-03-01 The mayor said'),
    a date line the parse took as a subject."""
    before = [s for s in subjects if s.i < verb.i]
    if len(before) < 2:
        return subjects
    subjects = [s for s in subjects if s.i >= before[-1].i or not date_phrase(s)]
    doc = verb.doc
    last = before[-1]
    dashes = [t.i for t in doc[max(0, last.left_edge.i - 3):last.left_edge.i]
              if t.text in DASHES]
    if not dashes:
        return subjects
    return [s for s in subjects if s.i >= last.i or s.right_edge.i > dashes[-1]
            or not any(t.ent_type_ in PLACES for t in s.subtree)]


def date_phrase(head: Token) -> bool:
    """A noun phrase that is a date but for its head word ('date 2024-03-01')."""
    words = [t for t in head.subtree if t.i != head.i and not (t.is_punct or t.is_space)]
    return bool(words) and all(t.ent_type_ == "DATE" for t in words)


def share_of_people(subject: Token, verb: Token) -> bool:
    """'14 percent said “...”', 'Two of them said': a number or a share as the subject
    of a speech verb counts people, who speak."""
    return subject.ent_type_ in ("PERCENT", "CARDINAL") and subject.head.i == verb.i \
        and subject.dep_ in SUBJECTS


def perfect_subject(verb: Token) -> list[Token]:
    """"he's said the same thing: “...”" misparsed: a subject hung on the verb's
    auxiliary is the verb's, and with an object the "'s" tagged as a passive is "has",
    so its passive subject is the one who speaks."""
    on_aux = [c for a in verb.children if a.dep_ in ("aux", "auxpass")
              for c in a.children if c.dep_ in SUBJECTS and c.tag_ not in ("WP", "WDT")]
    if on_aux:
        return on_aux
    if not any(c.dep_ == "auxpass" and c.lower_ in ("'s", "’s") for c in verb.children) \
            or not any(c.dep_ == "dobj" for c in verb.children):
        return []
    return [c for c in verb.children if c.dep_ == "nsubjpass"]


def object_pronoun(tok: Token) -> bool:
    """'As Amar put it, “...”', 'told him': "it" and an object pronoun after a speech
    verb are what it says or whom it addresses, never a speaker set after the verb (as
    in 'said Amar')."""
    return tok.lower_ in ("it", "him", "her", "them", "me", "us")
