"""EVENT suggestions: non-auxiliary verbs, eventive nouns and state adjectives (not
when they modify another word), each with a TimeML class and a polarity; with a
trained model, the model decides where the rules only guess."""

from __future__ import annotations

from spacy.tokens import Doc, Token

from annotations.suggest.lexicon import Lexicon, lexicon
from annotations.suggest.types import SuggestedSpan

NEGATORS = frozenset({"not", "n't", "never", "no", "nor", "without"})
DIRECTIVE_CALL = "I_ACTION"
# Dependencies of a modifier that names no event of its own (see is_event).
MODIFIERS = frozenset({"compound", "amod", "prep"})
# Verbs of gradual change (degree achievements): their present participle before a noun
# names the change going on ("increasing violence", "a deteriorating situation"), an
# event under the scheme, where other participles there only describe ("the ruling
# party", "existing rules", "remaining troops").
CHANGE_VERBS = frozenset({
    "accelerate", "collapse", "decline", "decrease", "deepen", "deteriorate", "diminish",
    "drop", "dwindle", "ease", "erode", "escalate", "expand", "fade", "fall", "grow",
    "heighten", "improve", "increase", "intensify", "mount", "multiply", "narrow",
    "plummet", "plunge", "recede", "rise", "sink", "shrink", "slow", "slump", "soar",
    "spiral", "spread", "strengthen", "surge", "swell", "tighten", "wane", "weaken",
    "widen", "worsen",
})


def suggest_events(doc: Doc) -> list[SuggestedSpan]:
    """One EVENT per event-naming token (a light-verb idiom gives one two-word span)."""
    lex = lexicon()
    found: list[SuggestedSpan] = []
    taken: set[int] = set()
    for tok in doc:
        if tok.i in taken or not is_event(tok, lex):
            continue
        end_tok = _light_verb_object(tok, lex)
        if end_tok is not None:
            taken.add(end_tok.i)
        last = end_tok or tok
        first = _hyphenated_start(tok)
        while found and found[-1].end > first.idx:  # a part of the word taken before
            found.pop()
        found.append(
            SuggestedSpan(
                "EVENT", first.idx, last.idx + len(last.text),
                {"class": event_class(tok, lex), "polarity": polarity(tok)},
            )
        )
    return found


def _hyphenated_start(tok: Token) -> Token:
    """The first part of the hyphenated word the token ends ("cease-fire", "nose-dived",
    "re-election" are one word, the scheme's single word, which the tokenizer splits);
    the token itself when it ends no such word."""
    doc, first = tok.doc, tok
    while first.i >= 2 and doc[first.i - 1].text == "-" and not doc[first.i - 1].whitespace_ \
            and not doc[first.i - 2].whitespace_ and doc[first.i - 2].text[:1].isalpha():
        first = doc[first.i - 2]
    return first


def where_the_model_decides(doc: Doc, rules: list[SuggestedSpan],
                            model: list[SuggestedSpan]) -> list[SuggestedSpan]:
    """The rules' events, with a trained model deciding where the rules only guess: a
    noun they take for its suffix alone (`the_rules_guess`) goes when no span of the
    model overlaps it (the model is sure there is no event there). Elsewhere the rules
    stand: measured with a model trained on the other corpus, its verdicts on the
    rules' verbs and listed nouns, and the spans it finds that the rules lack
    (predicate adjectives too), cost more than they gain on TimeBank or AQUAINT."""
    guessed = {id(r) for r in the_rules_guess(doc, rules)}
    return [r for r in rules if id(r) not in guessed
            or any(m.start < r.end and r.start < m.end for m in model)]


def the_rules_guess(doc: Doc, rules: list[SuggestedSpan]) -> list[SuggestedSpan]:
    """The rules' events that a trained model decides (where_the_model_decides): the
    nouns taken for their deverbal suffix alone, not from the list."""
    lex = lexicon()
    return [r for r in rules if _guessed_noun(doc, r, lex)]


def _guessed_noun(doc: Doc, span: SuggestedSpan, lex: Lexicon) -> bool:
    """A noun the rules take for its deverbal suffix, not from their list."""
    tokens = doc.char_span(span.start, span.end, alignment_mode="expand")
    return tokens is not None and tokens.root.pos_ == "NOUN" \
        and not _listed_noun(tokens.root, lex)


def is_event(tok: Token, lex: Lexicon) -> bool:
    """Does this token name an event under the scheme? A modifier does not: a noun
    modifying a noun ("trade talks": the talks are the event), a participle before its
    noun ("the proposed merger") or one standing as a preposition ("compared with");
    but a change participle before its noun does ("increasing violence")."""
    lemma = tok.lemma_.lower()
    if not tok.text[:1].isalpha() or lemma in lex.not_events:
        return False
    if tok.dep_ in MODIFIERS:
        return is_change_participle(tok, lemma)
    if tok.pos_ == "VERB":
        return not _is_semi_modal(tok, lex)
    if tok.pos_ == "NOUN":
        return _is_misread_verb(tok) or _is_eventive_noun(tok, lemma, lex)
    if tok.pos_ == "ADJ":
        return tok.dep_ in ("acomp", "attr") and lex.class_of(lemma) == "STATE"
    return False


def is_change_participle(tok: Token, lemma: str) -> bool:
    """A present participle of a verb of gradual change modifying a noun: "increasing
    violence", "a deteriorating situation" (the scheme's hard cases), also where the
    tagger reads it as an adjective ("the escalating crisis")."""
    if tok.dep_ != "amod":
        return False
    if tok.tag_ == "VBG":
        return lemma in CHANGE_VERBS
    return tok.tag_ == "JJ" and _change_verb_of_ing(tok.lower_) is not None


def _change_verb_of_ing(form: str) -> str | None:
    """The change verb an -ing form is made from: "escalating" -> "escalate",
    "widening" -> "widen", "slimming" -> "slim"."""
    if not form.endswith("ing"):
        return None
    stem = form[:-3]
    for verb in (stem, stem + "e", stem[:-1]):
        if verb in CHANGE_VERBS:
            return verb
    return None


# Verb-making suffixes: a change verb with one of them has no plural noun of the same
# form ("tightens", "escalates"), where "rises" or "increases" may be nouns.
VERB_SUFFIXES = ("en", "ate", "ify", "ish")


def _is_semi_modal(tok: Token, lex: Lexicon) -> bool:
    """"set to", "going to", "have to": not events (the verb after "to" is)."""
    if tok.lemma_.lower() not in lex.not_events_before_to:
        return False
    return any(
        c.dep_ == "xcomp" and any(a.tag_ == "TO" for a in c.children) for c in tok.children
    )


def _is_misread_verb(tok: Token) -> bool:
    """A present-tense verb the tagger read as a plural noun: no English plural noun
    ends in "-ifies" ("as fighting intensifies", "the ruling clarifies"), nor has the
    form of a change verb made with a verb suffix ("as the grip tightens")."""
    if tok.tag_ != "NNS" or len(tok.lower_) <= 6:
        return False
    lemma = tok.lemma_.lower()
    return tok.lower_.endswith("ifies") or (
        lemma in CHANGE_VERBS and lemma.endswith(VERB_SUFFIXES))


def _listed_noun(tok: Token, lex: Lexicon) -> bool:
    return tok.lemma_.lower() in lex.eventive_nouns or tok.lower_ in lex.eventive_nouns


def _is_eventive_noun(tok: Token, lemma: str, lex: Lexicon) -> bool:
    if _listed_noun(tok, lex):
        return True
    if lemma in lex.not_deverbal or tok.lower_ in lex.not_deverbal or len(lemma) < 6:
        return False
    if tok.ent_type_ and tok.ent_type_ not in ("EVENT",):
        return False
    return lemma.endswith(lex.deverbal_suffixes) and _has_argument(tok)


def _has_argument(tok: Token) -> bool:
    """A nominalisation with an "of" phrase or a possessor ("the withdrawal of troops")."""
    return any(c.dep_ == "poss" or (c.dep_ == "prep" and c.lower_ == "of") for c in tok.children)


def _light_verb_object(tok: Token, lex: Lexicon) -> Token | None:
    """The noun of a light-verb idiom ("took place"), when it follows the verb at once."""
    for child in tok.rights:
        if (tok.lemma_.lower(), child.lemma_.lower()) in lex.light_verb_idioms \
                and child.i == tok.i + 1:
            return child
    return None


def event_class(tok: Token, lex: Lexicon) -> str:
    """TimeML class from the lemma; "call on/for" is a directive (I_ACTION)."""
    lemma = tok.lemma_.lower()
    if lemma in lex.directive_particles and any(
        c.lower_ in lex.directive_particles[lemma] for c in tok.children
    ):
        return DIRECTIVE_CALL
    return lex.class_of(lemma)


def polarity(tok: Token) -> str:
    """NEG when the token (or, for an auxiliary chain, its verb) is negated."""
    for child in tok.children:
        if child.dep_ == "neg" or (child.dep_ == "det" and child.lower_ == "no"):
            return "NEG"
        if child.dep_ == "advmod" and child.lower_ in ("never",):
            return "NEG"
    return "POS"
