"""The tense a temporal expression is told in: the tense of the verb that governs it,
with the readings news gives it (a reporting verb in the present tells the past; a verb
of scheduling or deferral puts its date ahead). Used by the DATE suggester (dates.py)."""

from __future__ import annotations

from spacy.tokens import Span, Token

from annotations.suggest.lexicon import lexicon as speech_lexicon
from annotations.suggest.timex import lexicon

_PLAN_ADJECTIVES = ("due", "likely", "set", "poised", "slated", "scheduled", "bound", "ready",
                    "expected", "unlikely")


_MODALS_AHEAD = ("may", "might", "should", "must", "can", "could")


SUBJECTS = frozenset({"nsubj", "nsubjpass", "expl"})  # the subjects of a finite clause


def governing_tense(span: Span) -> str | None:
    """PAST, PRESENT or FUTURE: the tense of the verb that governs `span`, None if none.
    A verb of scheduling with an object makes it FUTURE (the scheduled event's date), a
    reporting verb in the present PAST (the news present: "officials say Saturday")."""
    token: Token = span.root
    if _names_a_thing(span):
        return None
    if token.head.lower_ == "since" and token.dep_ == "pobj":
        return "PAST"  # 'missing since Saturday': a stretch from a time already past
    for _ in range(8):
        if token.pos_ in ("VERB", "AUX") and verb_taking_a_clause_after(span, token) is not token:
            token = token.head  # 'said Monday the talks would resume': the saying's Monday
            continue
        if token.pos_ in ("VERB", "AUX") and _opens_after(token, span) and token.head is not token:
            token = token.head  # 'warnings on Thursday that strikes could...': a clause
            continue  # begins at its 'that'; a date before it belongs to the clause above
        if token.pos_ in ("VERB", "AUX") and token.dep_ != "amod":
            if _schedules(token) or _defers_to(token, span) or _runs_until(token, span) \
                    or _expected(token):
                return "FUTURE"
            tense = verb_tense(token)
            if tense == "PRESENT" and _timetabled(token):
                return "FUTURE"
            if tense == "PRESENT" and token.lemma_.lower() in speech_lexicon().indirect_cues \
                    and not any(c.dep_ == "auxpass" for c in token.children):
                return "PAST"  # "officials say Saturday" (not "rain is forecast for Saturday")
            if tense is None and _nonfinite(token) and _attached(span, token):
                token = token.head  # 'departing Thursday': the clause it hangs on tells
                continue
            return tense
        if token.head is token:
            return None
        token = token.head
    return None


def verb_taking_a_clause_after(date: Span, verb: Token) -> Token:
    """The verb that takes `verb`'s clause as its content, when the parse hung the date
    on that clause but the date follows that verb (or its object) and comes before the
    clause's subject: in "The minister said Monday the talks would resume" and "told
    reporters Tuesday the plant would close", the date times the saying and is told in
    its tense. Else `verb`."""
    taker = verb.head
    subjects = [c for c in verb.children if c.dep_ in SUBJECTS]
    if verb.dep_ != "ccomp" or not subjects or date.end > subjects[0].left_edge.i:
        return verb
    ends = {taker.i} | {c.right_edge.i for c in taker.children if c.dep_ in ("dobj", "dative")}
    return taker if date.start - 1 in ends else verb


def _opens_after(verb: Token, span: Span) -> bool:
    """The verb's clause opens with a marker ('that', 'if') after `span`: the span, told
    before the clause begins, is not part of it (the parse hung it on the wrong verb)."""
    return any(c.dep_ == "mark" and c.i >= span.end for c in verb.children)


def _nonfinite(verb: Token) -> bool:
    """A participle or bare infinitive with no auxiliary of its own ('the third departing
    each Thursday from August 6'): a non-finite clause has no tense, it takes the time of
    the clause it depends on."""
    return verb.tag_ in ("VBG", "VBN", "VB") and verb.head is not verb \
        and not any(c.dep_ in ("aux", "auxpass") for c in verb.children) \
        and verb.dep_ in ("advcl", "xcomp", "acl", "pcomp", "conj", "relcl", "ccomp")


def _attached(span: Span, verb: Token) -> bool:
    """`span` is the verb's own adjunct ('departing Thursday', 'departing from August 6'),
    not a date inside one of its noun phrases ('representing a premium over Thursday's
    price'), which keeps its own reading."""
    head = span.root.head
    return head.i == verb.i or (head.dep_ == "prep" and head.head.i == verb.i)


def _names_a_thing(span: Span) -> bool:
    """'a June agreement', 'the pact, effective Feb. 1': a date that names when a thing
    is (a noun's modifier, or the day it takes effect) takes no direction from the verb."""
    root = span.root
    return (root.dep_ == "compound" and root.head.pos_ == "NOUN") \
        or root.head.lower_ == "effective"


def _defers_to(verb: Token, span: Span) -> bool:
    """'postponed until Saturday', 'delayed to June': a date that a verb of deferral
    moves something to lies ahead of the DCT, whatever the verb's tense."""
    head = span.root.head
    return verb.lemma_.lower() in lexicon()["deferral_verbs"] and head.dep_ == "prep" \
        and head.lower_ in ("until", "till", "to") and head.head.i == verb.i


def _runs_until(verb: Token, span: Span) -> bool:
    """'have extended the loans through January', 'has been set until June', 'the show
    runs through Jan. 9': the end of a stretch that a present perfect opens, or that holds
    in the present, runs from now on, so the date lies ahead."""
    head = span.root.head
    if head.dep_ != "prep" or head.lower_ not in ("until", "till", "through", "thru") \
            or head.head.i != verb.i:
        return False
    return (verb.tag_ == "VBN" and any(c.dep_ == "aux" and c.lower_ in ("has", "have", "'s", "'ve")
                                       for c in verb.children)) or verb_tense(verb) == "PRESENT"


def _timetabled(verb: Token) -> bool:
    """'schools reopen Monday', 'the talks resume on Friday': the simple present of a verb
    of a timetabled event (begin, open, leave, arrive...) tells what is set to happen, so its
    date lies ahead."""
    return verb.tag_ in ("VBZ", "VBP") and _is_lemma(verb, tuple(lexicon()["timetable_verbs"])) \
        and not any(c.dep_ in ("aux", "auxpass") for c in verb.children)


def _expected(verb: Token) -> bool:
    """'the president is expected in Paris on Monday': what is expected, told in the
    present, lies ahead."""
    return verb.tag_ == "VBN" and _is_lemma(verb, ("expect",)) and any(
        c.dep_ == "auxpass" and c.tag_ in ("VBZ", "VBP") for c in verb.children)


def _schedules(verb: Token) -> bool:
    """'has scheduled a news conference Thursday', 'planned a rally for Saturday': the date
    next to a verb of scheduling with an object is when the scheduled event will be."""
    return verb.lemma_.lower() in lexicon()["scheduling_verbs"] \
        and any(c.dep_ == "dobj" for c in verb.children) \
        and not any(c.lower_ in ("had", "'d") for c in verb.children if c.dep_ == "aux")


def _is_lemma(verb: Token, lemmas: tuple[str, ...]) -> bool:
    """The verb is one of `lemmas`, also where the tagger's lemma is off ('hopes' -> 'hop')."""
    word = verb.lower_
    return verb.lemma_.lower() in lemmas or any(
        word in (lemma + "s", lemma + "es", lemma + "d", lemma + "ed") for lemma in lemmas)


def verb_tense(verb: Token) -> str | None:
    """The tense of a verb group: 'will meet' FUTURE, 'met'/'has met' PAST, 'meets' PRESENT."""
    auxes = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    lemmas = {a.lemma_.lower() for a in auxes}
    if lemmas & {"will", "shall", "'ll"} or any(a.lower_ in ("will", "'ll", "wo") for a in auxes):
        return "FUTURE"
    if verb.lower_ in ("will", "'ll"):
        return "FUTURE"
    if any(a.lower_ in ("would", "'d") for a in auxes) and verb.dep_ == "ccomp" \
            and verb.head.lemma_.lower() in speech_lexicon().indirect_cues:
        return "FUTURE"  # 'he said the talks would resume Monday': the future of the report
    if "to" in {a.lower_ for a in auxes} and verb.dep_ in ("xcomp", "ccomp", "advcl") \
            and verb.head is not verb:
        if verb.head.pos_ == "ADJ" and verb.head.lower_ in _PLAN_ADJECTIVES \
                and verb.head.head is not verb.head:
            copula = verb_tense(verb.head.head)  # 'is due to arrive Saturday': a plan
            return "FUTURE" if copula in ("PRESENT", "FUTURE") else copula
        head_tense = verb_tense(verb.head)
        planned = _is_lemma(verb.head, ("plan", "expect", "schedule", "intend", "hope", "want",
                                        "aim", "set", "go", "prepare", "agree", "promise",
                                        "decide")) or (
            _is_lemma(verb.head, ("threaten", "vow", "pledge", "propose"))
            and head_tense in ("PRESENT", "FUTURE"))  # a past vow's day may be past too
        if planned and not any(a.lower_ == "had" for a in verb.head.children):
            return "FUTURE"
        if verb.head.lemma_ == "be" and verb.head.tag_ in ("VBZ", "VBP"):
            return "FUTURE"  # 'the shares are to resume trading Tuesday': a plan
        return head_tense
    if verb.tag_ == "VB" and any(a.lower_ in _MODALS_AHEAD for a in auxes) \
            and "have" not in lemmas and not any(c.dep_ == "neg" for c in verb.children):
        return "FUTURE"  # 'the storm could hit Saturday' ('may have hit', 'could not
        # say Monday': the past)
    if any(a.tag_ == "VBD" or a.lower_ in ("had", "was", "were", "did") for a in auxes):
        return "PAST"
    if verb.tag_ == "VBN" and "have" in lemmas:
        return "PAST"
    if verb.tag_ == "VBD":
        return "PAST"
    if verb.tag_ == "VBN" and not auxes:
        return "PAST"
    if verb.tag_ == "VBG" and any(a.lower_ in ("is", "are", "am", "'s", "'re") for a in auxes):
        return "FUTURE"
    if verb.tag_ in ("VBZ", "VBP") or any(a.tag_ in ("VBZ", "VBP") for a in auxes):
        return "PRESENT"
    if verb.tag_ == "MD":
        return "FUTURE" if verb.lower_ in ("will", "shall", "'ll", "wo") else None
    return None
