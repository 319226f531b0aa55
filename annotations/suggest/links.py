"""WHEN suggestions: an event to the date that modifies it in the parse.

A date links to the event it modifies, directly or through its preposition
("rose in September", "On Tuesday, the council voted"). WHEN says the event happened
at or within the date, so none where the date is:
- a duration ("for two days"), but for a stretch of the calendar anchored to the
  story's time after in, over, during or within: "prices fell over the past three
  months" (that stretch times the event it modifies only);
- the measure of an offset ("one day after the vote"): the event is the offset's;
- an argument of its verb, not an adjunct ("will review the first quarter"): the
  date is what the event is about, not when it happened;
- the object of a preposition that makes it a bound, not a time within
  ("until Friday", "from Monday to Thursday", "by the end of June", "since 1990",
  "between 1985 and 1987"): TimeML calls those BEFORE, AFTER, BEGINS or ENDS.
- the object of a preposition of topic ("spoke about the future", "a report on
  concerns regarding 2020"): what the event is about, not when it happened.
A set times its event at each of its times: "The band marches every July".
A date on an open complement (an infinitive or a gerund, "xcomp") times the verb
that takes it too: in "began trading this summer" and "will start producing chips next
week", the beginning is as much in the summer as the trading.

A date also times:
- the verbs coordinated with the one it modifies, when it comes before them and so
  scopes over the coordination: "Last week, rebels seized the town and burned the
  market"; "The firm yesterday sold its plant and closed two shops". A date before the
  verb but after its subject does not reach a conjunct clause with a subject of its own
  ("The mayor yesterday resigned and the council met");
- the event of a "when" clause that describes it: "since March, when the plant
  closed" (the closing was in March even though March bounds the main event), or
  that the event it times takes: "The roof fell in on Monday when the storm hit";
- the event whose prepositional phrase the parse hung it on, when that phrase's noun
  is no event: in "said in an editorial on Sunday" the saying is on Sunday. Not when
  the date only classifies the noun ("the 1990 budget") or is only the front of its
  phrase ("the year-ago" of "in the year-ago period");
- the verb whose object (no event) the parse hung a bare date on: "Police found the
  explosives Sunday";
- the event of an adverb the date hangs on: "arrived later in the day", "Sometime next
  year, the firm will move" (not "ahead of the weekend", a bound);
- the verb of a clause whose subject the date possesses: "Friday's volume totaled 90
  million shares", "Last year's results were hurt by the strike";
- the event noun whose phrase it directly follows, bare ("yesterday", "two weeks ago")
  or after in, on, at or during, as the last word of that noun's phrase, when the parse
  hung it on the verb instead: in "said at a news conference yesterday", "were pushed
  out of the talks in February" and "spoke at a meeting of the council yesterday", the
  conference, the talks and the meeting are timed too (and so is the verb);
- the event noun that a relative or participial clause describes, when the clause's
  verb only says that the event happens, is held or is planned: "the talks, held on
  Tuesday", "remarks made last week", "the vote, set for June";
- the event noun that such a verb takes as its object or passive subject (a light
  verb's noun names what happened): "held talks on Tuesday", "Talks were held on
  Tuesday".
A date the parse hung on a content clause but that stands between the verb taking the
clause (or that verb's object) and the clause's subject times that verb instead: "The
minister said Monday the talks would resume" (not after "that": "said that on Monday
the rebels attacked").
A bound preposition bounds the date only when the date is its object: in "fell before
Tuesday's vote" it takes the vote, and the vote is on Tuesday.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from annotations.suggest.tense import SUBJECTS, verb_taking_a_clause_after
from annotations.suggest.types import SuggestedRelation, SuggestedSpan

# Prepositions whose measure-phrase object is an offset ("one day after"), not a time.
OFFSET_HEADS = frozenset({"after", "before", "later", "earlier", "ago", "since", "until"})
# Prepositions whose object is a bound of the event, not a time it happened within.
BOUND_PREPOSITIONS = frozenset({
    "after", "before", "between", "by", "from", "into", "since", "through", "till", "to",
    "until",
})
# Prepositions whose object is the topic of the event ("spoke about the future").
TOPIC_PREPOSITIONS = frozenset({"about", "regarding", "concerning"})
# Adverbs that make the date after them a bound ("ahead of the vote", "prior to 1990").
BOUND_ADVERBS = BOUND_PREPOSITIONS | {"ahead", "prior"}
# Dependencies that make a date an argument of its head, not a time adjunct.
ARGUMENTS = frozenset({"dobj", "nsubj", "nsubjpass", "attr", "dative", "oprd", "csubj"})
MAX_HOPS = 3
# Dependencies of a date that only classifies a noun ("the 1990 budget") or is only the
# front of a noun's phrase ("the year-ago" of "the year-ago period": its root is the
# determiner; the whole phrase, not that piece, names the time).
CLASSIFIERS = frozenset({"compound", "amod", "nmod", "nummod", "det"})
ADVERBIAL_CLAUSES = frozenset({"advcl"})
NOUN_CLAUSES = frozenset({"acl", "relcl"})
# Dependencies of a clause on a noun (a relative or adverbial clause, a participle).
CLAUSES_ON_A_NOUN = NOUN_CLAUSES | ADVERBIAL_CLAUSES
# Verbs that only say that the event their noun names happens, is held or is planned.
OCCURRING = frozenset({
    "come", "conduct", "expect", "give", "happen", "hold", "incur", "make", "occur",
    "plan", "schedule", "set", "slate", "stage", "take",
})
NOUNS = frozenset({"NOUN", "PROPN", "NUM"})
# Prepositions that put what they join within a time ("in February", "on Monday").
WITHIN_PREPOSITIONS = frozenset({"in", "on", "at", "during"})
NOT_WITHIN = frozenset({"DURATION"})
# A duration after one of these, anchored by one of those, is a stretch of the calendar
# an event happens within: "prices fell over the past three months".
STRETCH_PREPOSITIONS = frozenset({"in", "over", "during", "within"})
STRETCH_ANCHORS = frozenset({"past", "last", "next", "coming", "previous", "following"})


def suggest_when(
    doc: Doc, spans: list[SuggestedSpan]
) -> list[SuggestedRelation]:
    """WHEN from an EVENT to each DATE that modifies it (see the module's docstring):
    no link from a duration (but an anchored stretch), an offset or a bound."""
    event_at: dict[int, int] = {}
    for index, span in enumerate(spans):
        if span.label == "EVENT":
            tokens = doc.char_span(span.start, span.end, alignment_mode="expand")
            if tokens is not None:
                for tok in tokens:
                    event_at[tok.i] = index
    relations: list[SuggestedRelation] = []
    for index, span in enumerate(spans):
        if span.label != "DATE":
            continue
        tokens = doc.char_span(span.start, span.end, alignment_mode="expand")
        if tokens is None:
            continue
        if _a_time_to_be_in(span):
            events = _timed_events(tokens, event_at)
        elif _a_stretch_to_be_in(span, tokens):
            events = _event_in_a_stretch(tokens, event_at)
        else:
            continue
        for event in dict.fromkeys(events):
            relations.append(SuggestedRelation("WHEN", event, index))
    return relations


def _a_time_to_be_in(span: SuggestedSpan) -> bool:
    """WHEN says an event happened at or within a date: a duration ('for two days') is
    not one; a set is, at each of its times ('marches every July')."""
    return span.attrs.get("type") not in NOT_WITHIN


def _a_stretch_to_be_in(span: SuggestedSpan, date: Span) -> bool:
    """A duration that is a stretch of the calendar the event happened within: anchored
    to the story's time ("the past three months", "the next few days", "the following
    two months") and the object of in, over, during or within. Not a measure ("for two
    days") nor an offset ("in two days": after them)."""
    root = date.root
    return (span.attrs.get("type") == "DURATION" and root.dep_ == "pobj"
            and root.head.i == date.start - 1 and root.head.lower_ in STRETCH_PREPOSITIONS
            and any(t.lower_ in STRETCH_ANCHORS for t in date))


def _event_in_a_stretch(date: Span, event_at: dict[int, int]) -> list[int]:
    """The event a stretch modifies, and that one only: over a stretch, the verb taking
    it as an open complement need not be in the stretch ("hopes to finish within the
    next two weeks")."""
    head = _modified(date, event_at)
    return _event_of(head, event_at) if head is not None else []


def _timed_events(date: Span, event_at: dict[int, int]) -> list[int]:
    """The events `date` times (see the module's docstring): the one it modifies, the
    verb whose open complement that one is, the verbs coordinated with it, the events
    of "when" clauses on the date or on that one, and the others its place in the
    parse shows it times."""
    events = _when_clauses(date.root, CLAUSES_ON_A_NOUN, event_at)
    head = _modified(date, event_at)
    if head is None:
        return events
    head = verb_taking_a_clause_after(date, head)
    if head.i in event_at:
        events.append(event_at[head.i])
    else:
        events.extend(_past_a_phrase_noun(date, head, event_at))
        events.extend(_clause_of_a_possessed_subject(date, head, event_at))
        events.extend(_verb_past_its_object(date, head, event_at))
        events.extend(_event_of_a_time_adverb(head, event_at))
    if head.dep_ == "xcomp" and head.head.i in event_at:
        events.append(event_at[head.head.i])
    if date.end <= head.i:
        events.extend(_conjuncts_in_scope(date, head, event_at))
    events.extend(_when_clauses(head, ADVERBIAL_CLAUSES, event_at))
    events.extend(_noun_said_to_occur(head, event_at))
    events.extend(_object_of_a_light_verb(head, event_at))
    noun = _event_noun_before(date, event_at)
    if noun is not None and noun.i != head.i:
        events.append(event_at[noun.i])
    return events


def _when_clauses(word: Token, deps: frozenset[str], event_at: dict[int, int]) -> list[int]:
    """The verbs of the "when" clauses on `word` (clauses of the dependencies `deps`)."""
    return [event_at[c.i] for c in word.children
            if c.dep_ in deps and c.i in event_at
            and any(w.lower_ == "when" for w in c.children)]


def _noun_said_to_occur(verb: Token, event_at: dict[int, int]) -> list[int]:
    """The event noun that a relative or participial clause of `verb` describes, when
    the verb only says that the noun's event happens, is held or is planned ("the
    talks, held on Tuesday", "remarks made last week", "the vote, set for June")."""
    noun = verb.head
    if (verb.dep_ in NOUN_CLAUSES and verb.lemma_ in OCCURRING and noun.pos_ == "NOUN"
            and noun.i in event_at):
        return [event_at[noun.i]]
    return []


def _object_of_a_light_verb(verb: Token, event_at: dict[int, int]) -> list[int]:
    """The event noun that a verb which only says that an event happens, is held or is
    planned takes as its object or passive subject: "held talks on Tuesday", "Talks were
    held on Tuesday" (the talks are what happened then)."""
    if verb.lemma_ not in OCCURRING:
        return []
    return [event_at[c.i] for c in verb.children
            if c.dep_ in ("dobj", "nsubjpass") and c.pos_ == "NOUN" and c.i in event_at]


def _past_a_phrase_noun(date: Span, noun: Token, event_at: dict[int, int]) -> list[int]:
    """The event over a prepositional phrase whose noun (no event) the parse hung the
    date on: "said in an editorial on Sunday". None when the date classifies the
    noun ("the 1990 budget") or the phrase is a bound ("until the 1990 vote")."""
    prep = noun.head
    if (noun.pos_ not in NOUNS or noun.dep_ != "pobj" or date.root.dep_ in CLASSIFIERS
            or prep.dep_ != "prep" or _is_bound(prep)):
        return []
    return _event_of(prep.head, event_at)


def _verb_past_its_object(date: Span, noun: Token, event_at: dict[int, int]) -> list[int]:
    """The verb whose object (no event) the parse hung a bare date on: "found the
    explosives Sunday" (a date with no preposition modifies the clause, not a thing)."""
    if date.root.dep_ != "npadvmod" or noun.pos_ not in NOUNS or noun.dep_ != "dobj":
        return []
    return _event_of(noun.head, event_at)


def _event_of(tok: Token, event_at: dict[int, int]) -> list[int]:
    """The event `tok` names, if it names one."""
    return [event_at[tok.i]] if tok.i in event_at else []


def _event_of_a_time_adverb(adverb: Token, event_at: dict[int, int]) -> list[int]:
    """The event an adverb that the date hangs on modifies: "arrived later in the day",
    "Sometime next year, the firm will move". Not a bound ("ahead of the weekend")."""
    if (adverb.pos_ != "ADV" or adverb.dep_ != "advmod" or adverb.lower_ in BOUND_ADVERBS
            or adverb.tag_ == "RBR" or any(c.lower_ == "than" for c in adverb.children)
            or adverb.head.i not in event_at):
        return []  # 'later than Monday', 'no sooner than 2025': a bound
    return [event_at[adverb.head.i]]


def _clause_of_a_possessed_subject(date: Span, noun: Token,
                                   event_at: dict[int, int]) -> list[int]:
    """The verb whose subject (no event) the date possesses: "Friday's volume totaled
    90 million shares"."""
    if date.root.dep_ != "poss" or noun.pos_ not in NOUNS or noun.dep_ not in SUBJECTS:
        return []
    return _event_of(noun.head, event_at)


def _conjuncts_in_scope(date: Span, verb: Token, event_at: dict[int, int]) -> list[int]:
    """The verbs coordinated with `verb` that a date before it scopes over: all of them
    when it also comes before the subject, else those with no subject of their own. A
    list of three or more is one coordination, however the parse chains it ("closed two
    plants, cut jobs and sold its trucks": "sold" hangs on "cut")."""
    fronted = all(date.end <= c.left_edge.i for c in verb.children if c.dep_ in SUBJECTS)
    return [event_at[c.i] for c in verb.conjuncts
            if c.i > verb.i and c.i in event_at and c.pos_ in ("VERB", "AUX")
            and (fronted or not any(k.dep_ in SUBJECTS for k in c.children))]


def _event_noun_before(date: Span, event_at: dict[int, int]) -> Token | None:
    """The event noun (a preposition's object) whose phrase the date follows directly,
    bare ("at the meeting yesterday", "at a meeting of the council yesterday", "out of
    the talks two weeks ago") or after a preposition of time within ("out of the talks in
    February")."""
    root, doc = date.root, date.doc
    if root.dep_ == "npadvmod" or (root.dep_ == "advmod" and root.lower_ == "ago"):
        before = date.start - 1
    elif (root.dep_ == "pobj" and root.head.i == date.start - 1
          and root.head.lower_ in WITHIN_PREPOSITIONS):
        before = date.start - 2
    else:
        return None
    noun = doc[before] if before >= 0 else None
    if noun is not None and noun.i not in event_at:  # the end of the noun's own phrase
        noun = next((a for a in noun.ancestors if a.i in event_at and a.pos_ == "NOUN"
                     and a.right_edge.i == before), None)
    if noun is None or noun.i not in event_at or noun.pos_ != "NOUN" or noun.dep_ != "pobj":
        return None  # 'criticised the decision yesterday': the date times the verb only
    return noun


def _modified(date: Span, event_at: dict[int, int]) -> Token | None:
    """The token the date modifies (the nearest event, or the first other word past its
    preposition); None for an offset's measure, an argument, a bound's object, or a date
    the parse leaves at the top."""
    root = date.root
    if root.dep_ in ARGUMENTS:
        return None
    if root.dep_ == "npadvmod" and root.head.lower_ in OFFSET_HEADS:
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
            if _is_bound(head) or head.lower_ in TOPIC_PREPOSITIONS:
                return None
            tok = head
            continue
        return head
    return None


def _is_bound(tok: Token) -> bool:
    return tok.lower_ in BOUND_PREPOSITIONS and tok.dep_ in ("prep", "pcomp", "mark")
