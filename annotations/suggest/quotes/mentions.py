"""Quoted words that are not speech: the "mention" rules of the quote finder.

A phrase in quotation marks can be a title, a slogan, a term or part of the writer's
own sentence rather than someone's words; these rules read that from the grammar
around the marks (what comes before the opening mark and after the closing one).
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from annotations.quotemarks import MARKS, QuoteRegion, is_double_mark
from annotations.suggest.quotes.tokens import word_before

SENTENCE_END = frozenset({".", "!", "?", ";"})
TITLE_WORDS = 12  # longer quotes are never taken for a title
TITLE_AFTER_NOUN = 5  # words; a longer quote after a noun may be speech
HEADLINE_WORDS = 25  # a first line this short may be the headline


class MentionRules:
    """Mixed into the quote finder, which gives the parse, the text and its cue test."""

    doc: Doc
    text: str

    def _is_cue(self, tok: Token) -> bool:
        raise NotImplementedError

    def _is_embedded(self, region: QuoteRegion, inside: range, cue: Token | None) -> bool:
        """A short quote that its sentence goes on after ('said a brief “I'm sorry” to
        Carson', 'a book, “Doomed to Succeed,” and an interview'), with no speech verb
        after it, is a phrase the sentence mentions: speech ends its sentence or is
        followed by its attribution."""
        if not inside or not region.closed or self._words(inside) > TITLE_AFTER_NOUN:
            return False
        if cue is not None and cue.i >= inside.stop:
            return False
        before = word_before(self.doc, inside.start)
        if cue is not None and before is not None and before.text == ":" \
                and before.i > cue.i:
            return False  # 'The mayor told reporters: “It is,” and ...': speech it introduces
        if self.text[region.end - 1] in ".?!":
            return False
        nxt = self._next_word(inside.stop)
        return nxt is not None and nxt.is_alpha and "\n" not in self.text[region.end:nxt.idx]

    def _next_word(self, i: int) -> Token | None:
        while i < len(self.doc) and (is_double_mark(self.doc[i].text) or self.doc[i].is_space
                                     or self.doc[i].text in (",", "'", "’")):
            i += 1
        return self.doc[i] if i < len(self.doc) else None

    def _words(self, inside: range) -> int:
        return sum(1 for i in inside if self.doc[i].is_alpha)

    def _after_dash(self, inside: range, cue: Token | None) -> bool:
        """'his campaign logo — “Make America Great Again.”': a quote opened by a dash is
        an aside or an example, unless a speech verb follows it ('— “...?” asked Dunn')."""
        previous = self._word_before(inside.start) if inside else None
        if previous is None or previous.text not in ("—", "–", "-", "--"):
            return False
        return cue is None or cue.i < inside.start

    def _in_headline(self, region: QuoteRegion) -> bool:
        """A quote inside the headline (a short first line of one sentence, in title case
        or quoting in single marks as headlines do, with words of its own around the
        quote) is part of the headline's claim ('Ryan: FBI Decision ‘Defies
        Explanation,’ Needs More Investigation'), not a quote of its own."""
        first = self.text.lstrip()
        line_end = first.find("\n")
        offset = len(self.text) - len(first)
        if line_end < 0 or region.start > offset + line_end:
            return False
        line = first[:line_end].rstrip()
        outside = line[:region.start - offset] + line[region.end - offset:]
        if len(line.split()) > HEADLINE_WORDS or not any(c.isalpha() for c in outside) \
                or any(line[i] in ".?!" and line[i + 1] == " " and line[i - 1].islower()
                       for i in range(1, len(line) - 1)):
            return False  # too long, the quote alone, or more than one sentence
        words = [w for w in outside.split() if w[:1].isalpha() and len(w) > 3]
        title_case = sum(w[0].isupper() for w in words) >= 0.6 * max(1, len(words))
        return region.single or title_case

    def _title_in_apposition(self, inside: range) -> bool:
        """'In his new book, “Doomed to Succeed”', 'The anti-Trump spot, “Trumpcare,”': a
        title-like quote after a noun and a comma names that noun."""
        previous = self._word_before(inside.start) if inside else None
        if previous is None or previous.text != "," or previous.i == 0:
            return False
        noun = self.doc[previous.i - 1]
        tokens = [self.doc[i] for i in inside]
        if tokens and tokens[-1].text == ".":
            tokens = tokens[:-1]
        return noun.pos_ in ("NOUN", "PROPN") and not self._is_cue(noun) \
            and self._is_title(range(tokens[0].i, tokens[-1].i + 1) if tokens else inside, True)

    def _is_title(self, inside: range, small_words: bool = False) -> bool:
        """A name in marks ("MSNBC Live", "Keep the Promise", "Tides of the Harbour"):
        words mostly capitalised (with `small_words`, not counting the small words titles
        leave lower-case), no sentence punctuation."""
        tokens = [self.doc[i] for i in inside]
        words = [t for t in tokens if t.is_alpha]
        if not words or any(t.text in SENTENCE_END for t in tokens) or len(words) > TITLE_WORDS:
            return False
        capitalised = sum(1 for t in words if t.text[0].isupper())
        small = sum(1 for t in words if t.is_stop and t.text.islower()) if small_words else 0
        return capitalised >= 0.6 * max(1, len(words) - small)

    def _is_fragment(self, region: QuoteRegion, inside: range) -> bool:
        """A quoted phrase inside a sentence is not direct speech: a name after a
        preposition or a possessive ("on “Meet the Press”", "Trump’s “...” line"), or a
        lower-case phrase after a word that is not a cue ("called him “unhinged”")."""
        if not inside:
            return False
        previous = self._word_before(inside.start)
        if previous is not None and (previous.pos_ in ("ADP", "DET") or previous.tag_ == "POS"):
            return True
        if previous is not None and (previous.tag_ in ("PRP$", "TO") or (
                previous.lower_ == "that" and previous.tag_ == "IN")):
            return True
        if previous is not None and self._names_a_title(previous, inside):
            return True
        first = self.text[region.start]
        if not first.isalpha() or first.isupper():
            return False
        before = self.text[:region.start].rstrip().rstrip("".join(MARKS)).rstrip()
        if not before or before[-1] in ",:;.!?—–-\n(":
            return False
        return previous is None or not self._is_cue(previous)

    def _names_a_title(self, previous: Token, inside: range) -> bool:
        """'the movie “Bridge of Spies”', 'the term “radical Islam”': a short quote with
        no verb right after a common noun names what the noun is, it reports nothing."""
        tokens = [self.doc[i] for i in inside]
        return previous.pos_ == "NOUN" and not self._is_cue(previous) \
            and sum(1 for t in tokens if t.is_alpha) <= TITLE_AFTER_NOUN \
            and not any(t.pos_ in ("VERB", "AUX") for t in tokens)

    def _word_before(self, i: int) -> Token | None:
        return word_before(self.doc, i)
