"""Where a quote's words stand and who speaks them when the parse does not say: the
tokens around a quote, and the speakers read from the words next to it (a name before a
colon, a signature, a short noun phrase and a speech verb after the quote, the subject
left before a speech verb, the speech verb of the sentence before)."""

from __future__ import annotations

from spacy.tokens import Doc, Token

from annotations.quotemarks import MARKS, QuoteRegion, is_double_mark
from annotations.suggest.quotes.extent import PLACES
from annotations.suggest.quotes.mentions import SENTENCE_END
from annotations.suggest.quotes.tokens import SUBJECTS, name_word, phrase_head, word_before

NOT_SPEAKER_ENTITIES = frozenset({"DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT"})
CUE_WINDOW = 12  # tokens looked at before or after a quote for its cue verb
PAST_OR_PRESENT = frozenset({"VBD", "VBZ", "VBP"})
TRAILER_WORDS = 6  # at most this many words in ", Jane Doe said." after an unclosed quote
SPEAKER_PHRASE = 7  # words at most in a speaker's phrase read without the parse


class NearbySpeakers:
    """Mixed into the quote finder, which gives the parse, the text, the quoted tokens
    and its cue and speaker tests."""

    doc: Doc
    text: str
    in_direct: list[bool]
    long_quote: list[bool]
    cue_forms: frozenset[str]

    def _is_cue(self, tok: Token) -> bool:
        raise NotImplementedError

    def _speakers(self, cue: Token, depth: int = 0) -> list[Token]:
        raise NotImplementedError

    def _inside_marks(self, tok: Token) -> bool:
        return self.in_direct[tok.i] or is_double_mark(tok.text)

    def _inverted(self, cue: Token, inside: range) -> bool:
        """Is the cue right after the quote, before its speaker ('“...?” asked X')?"""
        between = self.doc[inside.stop:cue.i]
        return cue.i >= inside.stop and all(t.is_punct or t.is_space for t in between)

    def _named_after(self, cue: Token) -> list[Token]:
        """The first noun after an inverted cue: its speaker, even after 'asked'."""
        return [c for c in cue.rights if c.pos_ in ("PROPN", "NOUN", "PRON")][:1]

    def _speaker_beside(self, cue: Token, inside: range) -> list[Token]:
        """'“...,” said Robert Reich, who ...', '“...,” Ramos, 58, told AFP': when the
        parse gives the speech verb after a quote no subject, the name next to the verb
        speaks: the first one between the quote and the verb, else the one after it."""
        if not inside or cue.i < inside.stop or "\n" in self.text[self.doc[inside.stop - 1].idx:
                                                                  cue.idx]:
            return []
        between = [t for t in self.doc[inside.stop:cue.i]
                   if not (t.is_punct or t.is_space or is_double_mark(t.text))]
        if len(between) > CUE_WINDOW and not set_off_name(between[0]):
            return []
        following = self.doc[cue.i + 1:min(len(self.doc), cue.i + 1 + TRAILER_WORDS)]
        for tok in between or following:
            if tok.is_punct or "\n" in tok.whitespace_:
                break
            if tok.pos_ in ("PROPN", "NOUN", "PRON") or (tok.is_title and tok.pos_ != "VERB"):
                end = tok.i
                while end + 1 < len(self.doc) and self.doc[end + 1].pos_ == "PROPN":
                    end += 1
                return [self.doc[end]]
        return []

    def _subject_before(self, cue: Token, inside: range) -> list[Token]:
        """'Rep. Paul Ryan (R-WI) said “...”', 'Mr. Trump, asked about it, had said, “...”':
        when the parse gives a speech verb before the quote no subject, the name before
        the verb speaks, past auxiliaries, a bracket and a phrase set off by commas; a
        participle ('Clinton seemed ready, telling the crowd, “...”') speaks for the
        subject of the clause before it."""
        if not inside or cue.i >= inside.start:
            return []
        name = self._name_left_of(cue)
        if name is not None:
            return [name]
        return self._participle_subject(cue) if cue.tag_ == "VBG" else []

    def _name_left_of(self, cue: Token) -> Token | None:
        sentence = cue.sent.start
        i = cue.i - 1
        for _ in range(CUE_WINDOW):
            if i < sentence:
                return None
            tok = self.doc[i]
            if tok.dep_ in ("aux", "auxpass", "neg", "advmod") or (
                    is_double_mark(tok.text) and not self.in_direct[i]):
                i -= 1  # and the closing mark of a title ("author of ''Title,'' put it")
                continue
            if tok.text not in (")", ","):
                break
            opening = "(" if tok.text == ")" else ","  # skip the bracket or the set-off phrase
            j = next((j for j in range(i - 1, max(sentence, i - CUE_WINDOW) - 1, -1)
                      if self.doc[j].text == opening), None)
            j = set_off_start(self.doc, i) if j is None and opening == "," else j
            if j is None:
                return None
            i = j - 1
        else:
            return None
        if tok.pos_ not in ("NOUN", "PROPN", "PRON") or self._inside_marks(tok) \
                or tok.ent_type_ in NOT_SPEAKER_ENTITIES or demonstrative(tok):
            return None
        while tok.dep_ in ("compound", "flat") and tok.head.i > tok.i:
            tok = tok.head
        return tok

    def _participle_subject(self, cue: Token) -> list[Token]:
        for j in range(cue.i - 1, cue.sent.start - 1, -1):
            subjects = [c for c in self.doc[j].children if c.dep_ in SUBJECTS
                        and not self._inside_marks(c)]
            if subjects and not self._inside_marks(self.doc[j]):
                return subjects
        return []

    def _trailer_speaker(self, region: QuoteRegion, inside: range) -> list[Token]:
        """'“...,” the email read.', '“...,” a voice-over in the ad states.': a short noun
        phrase and a speech verb end the sentence after the quote, however the tagger took
        the verb: the phrase speaks."""
        if not inside:
            return []
        after = self._after(inside.stop)
        if not after or after[-1].text not in SENTENCE_END:
            return []
        words = [t for t in after if not t.is_punct]
        if not 2 <= len(words) <= SPEAKER_PHRASE + 1 or words[-1].lower_ not in self.cue_forms:
            return []
        if not self._attribution_follows(region) and words[-1].tag_ not in PAST_OR_PRESENT:
            return []  # '“...” Trump said.' without the comma: only a verb the tagger knows
        phrase = words[:-1]
        cut = next((k for k, t in enumerate(phrase) if t.pos_ == "ADP" and k > 0), len(phrase))
        head = phrase[cut - 1]  # the noun that ends the phrase before any preposition
        return [head] if head.pos_ in ("NOUN", "PROPN", "PRON", "ADJ") else []

    def _colon_speaker(self, inside: range) -> list[Token]:
        """"Continued Stone: “...”", "More from Jones: “...”": with no speech verb
        before the colon, the nearest name before it speaks."""
        if not inside or not self._colon_before(inside.start):
            return []
        for tok in self._before(inside.start - 1):
            if tok.pos_ == "PROPN" and tok.ent_type_ not in NOT_SPEAKER_ENTITIES:
                head = tok
                while head.dep_ in ("compound", "flat") and head.head.i != head.i:
                    head = head.head
                # "later that month on CNN:", "in New York ... with a message:": the
                # object of a preposition is a medium or a place, not who speaks (but
                # "by Ben Sisario:", "from Jones:" name the author, and "the Board of
                # Elections" is one name; a name after "of" that is not a place owns the
                # words: "In the words of Senator Ruiz:", "Statement of Ana Ruiz:")
                prep = head.head
                medium = head.dep_ == "pobj" and prep.lower_ not in ("from", "by") \
                    and prep.head.pos_ != "PROPN" \
                    and not (prep.lower_ == "of" and head.ent_type_ not in PLACES)
                return [] if medium else [head]
        return []

    def _name_label(self, inside: range) -> Token | None:
        """A name alone before the colon that opens the quote, after a dash or "from"
        ("HEADLINE - Frank Newport: “...”", "More from Jones: “...”"): the name labels
        the quote as a transcript does, whatever verb the words before the dash hold."""
        if not inside or not self._colon_before(inside.start):
            return None
        name: list[Token] = []
        for tok in self._before(inside.start - 1)[1:]:
            if name_word(tok) or (tok.lower_ in ("and", ".", "(", ")") and name):
                name.append(tok)
                continue
            starts = tok.text in ("-", "–", "—") or tok.lower_ == "from"
            if starts and name and name_word(name[-1]):
                return phrase_head(name)
            return None
        return None

    def _signature(self, region: QuoteRegion) -> list[Token]:
        """A quote signed on the line after it: "“...” / - Bernie Sanders." (a dash and
        a name open the next paragraph)."""
        line_end = self.text.find("\n", region.end)
        if line_end < 0 or any(c.isalnum() for c in self.text[region.end:line_end]):
            return []  # the quote does not end its paragraph
        nxt = self.text[line_end:].lstrip()
        if nxt[:1] not in ("-", "–", "—"):
            return []
        start = len(self.text) - len(nxt) + 1
        span = self.doc.char_span(start, min(len(self.text), start + 80),
                                  alignment_mode="expand")
        if span is None:
            return []
        name: list[Token] = []
        for tok in span:
            if tok.is_space or (tok.is_punct and not name):
                continue
            if tok.pos_ != "PROPN":
                break
            name.append(tok)
        return [phrase_head(name)] if name else []

    def _after(self, i: int) -> list[Token]:
        """Tokens after a quote up to the end of its clause, its paragraph or the next
        real quote (quoted fragments are read through)."""
        found: list[Token] = []
        while i < len(self.doc) and len(found) < CUE_WINDOW * 2:
            tok = self.doc[i]
            if self.long_quote[i] or "\n" in tok.text:
                break
            if not self.in_direct[i] and not is_double_mark(tok.text):
                found.append(tok)
                if tok.text in SENTENCE_END:
                    break
            if "\n" in tok.whitespace_:
                break
            i += 1
        return found

    def _before(self, i: int) -> list[Token]:
        """Tokens before a quote, nearest first, back to the start of its sentence; a
        colon that ends the paragraph before ("Stated Stone:") opens it to that one."""
        found: list[Token] = []
        crossed = False
        while i >= 0 and len(found) < CUE_WINDOW * 2:
            tok = self.doc[i]
            newline = "\n" in tok.text or "\n" in tok.whitespace_
            opens_quote = tok.text == ":" and not found
            if newline and (crossed or found or not self._colon_before(i + 1)) \
                    and not opens_quote:
                break
            crossed = crossed or newline
            if self.long_quote[i] or tok.text in SENTENCE_END:
                break
            if not self.in_direct[i] and not is_double_mark(tok.text) and not tok.is_space:
                found.append(tok)
            i -= 1
        return found

    def _colon_before(self, i: int) -> bool:
        return self._colon_token(i) is not None

    def _colon_token(self, i: int) -> Token | None:
        """The colon right before token i (past marks and white space), if there is one."""
        tok = word_before(self.doc, i)
        return tok if tok is not None and tok.text == ":" else None

    def _attribution_follows(self, region: QuoteRegion) -> bool:
        """Does the sentence go on after the quote ('“...,” she said', '“...?” asked Dunn'):
        a comma after it, or a question or exclamation followed by a lower-case word?"""
        if self.text[region.end:region.end + 2].lstrip(" ").startswith(","):
            return True
        rest = self.text[region.end:region.end + 8].lstrip(" " + "".join(MARKS))
        return self.text[region.end - 1:region.end] in ("?", "!") and rest[:1].islower()

    def _speaker_of_sentence_before(self, inside: range) -> list[Token]:
        """'Dianne Bystrom agreed. “...”', 'Ash argued in his email, the rules ... ¶ “...”':
        a quote with no cue of its own that opens its sentence is the words of the last
        speech verb of the sentence before it (the scheme's last speaker before it, read
        where no quote was found for that verb)."""
        end = word_before(self.doc, inside.start) if inside else None
        if end is None or end.text not in SENTENCE_END | {":"}:
            return []
        sentence = end.sent
        for tok in reversed(sentence):
            if self._is_cue(tok) and not self.long_quote[tok.i]:
                speakers = self._speakers(tok)
                if speakers:
                    return speakers
        return []


def demonstrative(tok: Token) -> bool:
    """'That said, “...”': a demonstrative before a speech verb is no speaker."""
    return tok.tag_ == "DT" and tok.lower_ in ("that", "this")


def set_off_start(doc: Doc, comma: int) -> int | None:
    """The comma that opens the phrase the parse ends at this comma, however long
    ('Margaret Sullivan, in an attempt to draw attention to ..., wrote')."""
    if comma < 2:
        return None
    tok = doc[comma - 1]
    while tok.head.i != tok.i and tok.head.right_edge.i == comma - 1:
        tok = tok.head
    opening = tok.left_edge.i - 1
    return opening if opening >= 0 and doc[opening].text == "," else None


def set_off_name(tok: Token) -> bool:
    """'“...,” Trump, the front-runner ..., said': a name followed by a comma opens an
    apposition of any length before its verb."""
    return tok.pos_ == "PROPN" and tok.i + 1 < len(tok.doc) and tok.nbor(1).text == ","
