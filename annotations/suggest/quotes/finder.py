"""QUOTE and SPEAKER suggestions with their SAID links.

Direct quotes come from the quotation marks (annotations/quotemarks.py) and get their
speaker from the cue verb next to them; indirect quotes are the content
clauses of reporting verbs, the `to` clauses of directives and the object
of verbs such as "announce"; "according to X" names a speaker too. The
hard cases follow the scheme's decisions (annotation-scheme.md).
"""

from __future__ import annotations

from itertools import pairwise

from spacy.tokens import Doc, Token

from annotations.quotemarks import (
    MARKS,
    QuoteRegion,
    find_quote_regions,
    is_double_mark,
    single_char_marks,
)
from annotations.suggest.lexicon import Lexicon, lexicon
from annotations.suggest.quotes.clauses import (
    asked_whether_said,
    bare_cue_before,
    cue_ending_at,
    denied,
    first_cue_after,
    fronted_fragment,
    joined_after,
    nearest_subject,
    no_one,
    object_pronoun,
    perfect_subject,
    quote_between,
    share_of_people,
)
from annotations.suggest.quotes.extent import cut_phrase, list_comma
from annotations.suggest.quotes.mentions import MentionRules
from annotations.suggest.quotes.nearby import (
    NOT_SPEAKER_ENTITIES,
    PAST_OR_PRESENT,
    TRAILER_WORDS,
    NearbySpeakers,
    demonstrative,
)
from annotations.suggest.quotes.nesting import Quote, overlaps, resolve
from annotations.suggest.quotes.tokens import (
    SUBJECTS,
    aged_person,
    chunk_around,
    comma_before,
    inflected_forms,
    noun_head,
    passive_without_agent,
    root_verb,
    token_index,
)
from annotations.suggest.types import SuggestedRelation, SuggestedSpan, Suggestions
from annotations.text import opens_after_quote_mark

NOT_IN_SPEAKER = frozenset({"appos", "relcl", "acl", "punct", "advcl", "parataxis"})
RELATIVE_PRONOUNS = frozenset({"WDT", "WP"})
SHORT_QUOTE = 4  # words; a shorter quote with no cue is a scare quote or a title
RUN_ON_LIMIT = 2  # paragraphs a quote with no cue looks back for its speaker


def suggest_quotes(doc: Doc) -> Suggestions:
    """QUOTE, SPEAKER and SAID suggestions for a parsed document (indices local)."""
    finder = _QuoteFinder(doc, lexicon())
    return finder.run()


class _QuoteFinder(MentionRules, NearbySpeakers):
    def __init__(self, doc: Doc, lex: Lexicon) -> None:
        self.doc = doc
        self.text = single_char_marks(doc.text)
        self.lex = lex
        self.token_at = token_index(doc)
        self.cue_forms = inflected_forms(lex.quote_cues)
        self.trailer_cues: dict[int, Token] = {}
        self.regions = [self._cut_trailer(r) for r in find_quote_regions(self.text,
                                                                       self._sentence_end)]
        self.in_direct = [False] * len(doc)
        self.long_quote = [False] * len(doc)
        for region in self.regions:
            inside = self._token_range(region.start, region.end)
            long = sum(1 for i in inside if doc[i].is_alpha) >= SHORT_QUOTE
            for i in inside:
                self.in_direct[i] = True
                self.long_quote[i] = long

    # --- positions --------------------------------------------------------------

    def _sentence_end(self, pos: int) -> int:
        i = self.token_at[min(pos, len(self.text) - 1)]
        return int(self.doc[i].sent.end_char) if i >= 0 else len(self.text)

    def _token_range(self, start: int, end: int) -> range:
        span = self.doc.char_span(start, end, alignment_mode="expand")
        return range(0) if span is None else range(span.start, span.end)

    def _cut_trailer(self, region: QuoteRegion) -> QuoteRegion:
        """An unclosed quote that ends ", he said." ends before the comma; the cue
        verb after it is the quote's cue."""
        if region.closed:
            return region
        inside = self._token_range(region.start, region.end)
        commas = [i for i in inside if self.doc[i].text == ","]
        if not commas:
            return region
        tail = [self.doc[i] for i in range(commas[-1] + 1, inside.stop)]
        words = [t for t in tail if not t.is_punct]
        cues = [t for t in words if t.pos_ in ("VERB", "AUX")
                and t.lemma_.lower() in self.lex.quote_cues]
        if not cues or len(words) > TRAILER_WORDS:
            return region
        cut = QuoteRegion(region.start, self.doc[commas[-1]].idx, False, region.paragraphs)
        self.trailer_cues[cut.start] = cues[0]
        return cut

    # --- the whole document --------------------------------------------------------

    def run(self) -> Suggestions:
        direct = [q for r in self.regions if (q := self._direct(r)) is not None]
        indirect = self._indirect()
        quotes = resolve(direct, indirect, self.text)
        self._run_on(quotes)
        return self._suggestions(quotes)

    # --- direct quotes ---------------------------------------------------------------

    def _direct(self, region: QuoteRegion) -> Quote | None:
        inside = self._token_range(region.start, region.end)
        words = sum(1 for i in inside if self.doc[i].is_alpha)
        quote = Quote(region.start, region.end, True, words=words)
        label = self._name_label(inside)
        cue: Token | None = None
        if label is not None:  # "... - Jeffrey M. Jones: “...”", "More from Jones: “...”"
            quote.speakers = [label]
        else:
            cue = (self.trailer_cues.get(region.start) or self._colon_intro(region, inside)
                   or self._parse_cue(region, inside) or self._window_cue(region, inside))
            cue = cue or self._cue_by_position(region, inside)
            if cue is not None and denied(cue) and self._is_cue(cue.head):
                cue = cue.head  # 'X said as Y did not reply: “...”': X said it
            quote.speakers = [] if cue is None else self._speakers(cue)
            nearest = self._window_cue(region, inside) if cue is not None \
                and not quote.speakers else None
            if nearest is not None and (speakers := self._speakers(nearest)):
                cue, quote.speakers = nearest, speakers  # "Emphasizing it, Trump said, “...”"
            if cue is not None and not quote.speakers and self._inverted(cue, inside):
                quote.speakers = self._named_after(cue)
            if cue is not None and not quote.speakers:
                quote.speakers = self._speaker_beside(cue, inside) \
                    or self._subject_before(cue, inside)
        if not quote.speakers:
            quote.speakers = self._colon_speaker(inside) or self._trailer_speaker(region, inside)
        quote.speakers += [s for s in self._according_to_near(region, inside)
                           if s not in quote.speakers]
        if not quote.speakers:
            quote.speakers = self._signature(region)
        if not quote.speakers and (words < SHORT_QUOTE or region.single
                                   or self._is_title(inside)):
            return None
        if self._is_fragment(region, inside) or self._is_embedded(region, inside, cue) \
                or self._after_dash(inside, cue) or self._in_headline(region) \
                or self._title_in_apposition(inside):
            return None
        return quote

    def _is_cue(self, tok: Token) -> bool:
        """A speech verb outside quotes; a mis-tagged one ("Bozell answers", "said
        Bolton") is known by its form next to a name or pronoun."""
        if self._inside_marks(tok):
            return False
        if tok.pos_ in ("VERB", "AUX") or tok.tag_.startswith("VB"):
            return tok.lemma_.lower() in self.lex.quote_cues
        if tok.lower_ not in self.cue_forms:
            return False
        neighbours = [self.doc[j] for j in (tok.i - 1, tok.i + 1) if 0 <= j < len(self.doc)]
        return any(n.pos_ in ("PROPN", "PRON") for n in neighbours)

    def _parse_cue(self, region: QuoteRegion, inside: range) -> Token | None:
        """The cue verb the parse links to the quote in its paragraph (the quote's head,
        or a clause hung on the quote); but when the sentence goes on after the quote
        with a finite cue in its first words ('— “...?” asked Dunn'), that one."""
        cue = self._linked_cue(inside)
        if cue is not None and cue.i < inside.start:
            # 'X told reporters: “...,” and Y agreed: “...”': after a quote its colon
            # introduces, "and" or "but" opens a clause of its own, not the attribution
            return cue if self._colon_before(inside.start) and joined_after(
                self._after(inside.stop)) else self._cue_following(region, inside) or cue
        if cue is not None and self._attribution_follows(region):
            return first_cue_after(self._after(inside.stop), cue, self._is_cue) or cue
        return cue

    def _cue_following(self, region: QuoteRegion, inside: range) -> Token | None:
        """A finite cue in the first words of the sentence going on after the quote."""
        if not self._attribution_follows(region):
            return None
        words = [t for t in self._after(inside.stop) if not t.is_punct][:TRAILER_WORDS]
        return next((t for t in words if self._is_cue(t) and t.tag_ in PAST_OR_PRESENT), None)

    def _linked_cue(self, inside: range) -> Token | None:
        members = set(inside)
        for i in inside:
            head = self.doc[i].head
            if head.i not in members and self._is_cue(head) and self._near(head, inside):
                return head
        # of the clauses hung on the quote, the nearest speaks it ('Asked by Lauer
        # whether ..., she said, “...”': "said", not the asker's "Asked")
        hung = [child for i in inside for child in self.doc[i].children
                if child.i not in members and self._is_cue(child) and child.dep_ in (
                    "parataxis", "advcl", "conj", "ccomp", "dep", "relcl")
                and self._near(child, inside)]
        return min(hung, key=lambda c: abs(c.i - inside.start if c.i < inside.start
                                           else c.i - inside.stop), default=None)

    def _near(self, tok: Token, inside: range) -> bool:
        """No paragraph break between the token and the quote."""
        if tok.i < inside.start:
            between = self.text[tok.idx:self.doc[inside.start].idx]
        else:
            between = self.text[self.doc[inside.stop - 1].idx:tok.idx]
        return "\n" not in between

    def _window_cue(self, region: QuoteRegion, inside: range) -> Token | None:
        """The nearest cue verb next to the quote: after it first when the quote ends
        in a comma ("...,” she said), else before it ("She said: “...”")."""
        if not inside:
            return None
        # a quote that ends its sentence inside the marks ('“... jobs.” He said, twice,
        # that ...') is not attributed by the sentence after it: that one says more
        after = [] if region.closed and self.text[region.end - 1] == "." \
            else self._after(inside.stop)
        before = self._before(inside.start - 1)
        order = (after, before) if self._attribution_follows(region) or not before \
            else (before, after)
        for tokens in order:
            for tok in tokens:
                if self._is_cue(tok):
                    return tok
        if before and self._colon_before(inside.start):
            return root_verb(before)  # "Trump boomed: “...”"
        if before and self._opens_after_comma(region):  # "Hillary shot back, “...”"
            return next((t for t in before if t.pos_ == "VERB" and any(
                c.dep_ in SUBJECTS for c in t.children)), None) or root_verb(before)
        return None

    def _colon_intro(self, region: QuoteRegion, inside: range) -> Token | None:
        """'When Trump suggested ..., Rubio fired back forcefully: “...”': the verb of the
        clause that the colon ends introduces the quote, whatever cue comes before it."""
        if not inside or self._cue_following(region, inside) is not None:
            return None
        colon = self._colon_token(inside.start)
        verb = colon.head if colon is not None else None
        if verb is None or verb.pos_ != "VERB" or self._inside_marks(verb) \
                or not any(c.dep_ in SUBJECTS for c in verb.children):
            return None
        return cue_ending_at(colon, verb, self._is_cue) if colon is not None else verb

    def _opens_after_comma(self, region: QuoteRegion) -> bool:
        """A whole sentence quoted after a comma that ends the clause before it
        ('Hillary shot back, “I ... my profession.”'): that clause introduces it."""
        before = self.text[:region.start].rstrip().rstrip("".join(MARKS)).rstrip()
        return before.endswith(",") and self.text[region.start].isupper() \
            and self.text[region.end - 1] in ".?!"

    def _cue_by_position(self, region: QuoteRegion, inside: range) -> Token | None:
        """'“...,” fumed the harbour master', '“...!” the mayor fumed': a verb right
        after a closed quote, or right after the subject that follows it, is its speech
        verb though the lexicon does not know it."""
        if not inside or not region.closed or not self._closes_on_punctuation(region):
            return None
        words = [t for t in self._after(inside.stop) if not t.is_punct][:5]
        if not words:
            return None
        if words[0].pos_ == "VERB" and words[0].tag_ in PAST_OR_PRESENT:
            return words[0]
        for tok in words[1:]:
            if tok.pos_ == "VERB" and tok.tag_ in PAST_OR_PRESENT:
                subjects = [c for c in tok.children if c.dep_ in SUBJECTS]
                return tok if subjects and subjects[0].i < tok.i and any(
                    subjects[0].i == w.i for w in words) else None
        return None

    def _closes_on_punctuation(self, region: QuoteRegion) -> bool:
        """Does the quote end on a comma, ? or ! at its closing mark ('...,” she said')?"""
        tail = self.text[region.end - 1:region.end + 2]
        return tail[:1] in "?!" or tail[1:2] == ","

    def _according_to_near(self, region: QuoteRegion, inside: range) -> list[Token]:
        """"“...,” according to X" and "According to X, “...”": X is a source."""
        if not inside:
            return []
        # a quote that ends its sentence inside the marks is not sourced by the next one
        after = [] if region.closed and self.text[region.end - 1] == "." \
            else self._after(inside.stop)
        for tok in after + self._before(inside.start - 1):
            source = self._according_source(tok)
            if source is not None:
                return [source]
        return []

    def _according_source(self, tok: Token) -> Token | None:
        if tok.lower_ not in self.lex.according_to:
            return None
        for to in tok.children:
            if to.lower_ == "to":
                for obj in to.children:
                    if obj.dep_ == "pobj":
                        return obj
        nxt = tok.nbor(1) if tok.i + 1 < len(self.doc) else None
        if nxt is not None and nxt.lower_ == "to" and nxt.i + 1 < len(self.doc):
            return noun_head(self.doc[nxt.i + 1:min(len(self.doc), nxt.i + 8)])
        return None

    # --- speakers ----------------------------------------------------------------------

    def _speakers(self, cue: Token, depth: int = 0) -> list[Token]:
        """Who speaks through this cue verb: its subject (or agent), inherited along
        conjoined and participle verbs; a relayed quote ("X quoted Y as saying")
        has both."""
        if depth > 3:
            return []
        found = nearest_subject([c for c in cue.children if c.dep_ in SUBJECTS], cue) \
            or perfect_subject(cue)
        found += [o for a in cue.children if a.dep_ == "agent" for o in a.children
                  if o.dep_ == "pobj"]
        found = [self._resolve_relative(s, cue) for s in found]
        if cue.lemma_.lower() in self.lex.relay_verbs:  # "X was quoted as saying": X too
            found += [c for c in cue.children if c.dep_ in ("dobj", "nsubjpass")]
        if not found:
            found = self._inherited_speakers(cue, depth)
        if not found:  # "said Ambassador Jeffrey DeLaurentis", "Stated Stone:"
            # the object of "tell", "ask", "urge" is whom they address, never a speaker
            # nor what a participle does ("Emphasizing the urgency, Trump said")
            objects = ("attr", "npadvmod", "nsubj", "appos", "dep") if cue.lemma_.lower() \
                in self.lex.directives or cue.tag_ == "VBG" \
                else ("dobj", "attr", "npadvmod", "nsubj", "appos", "dep")
            found = [c for c in cue.rights if c.dep_ in objects
                     and c.pos_ in ("PROPN", "NOUN", "PRON") and not object_pronoun(c)][:1]
        return [s for s in found if not self._inside_marks(s) and s.pos_ != "VERB"
                and (s.ent_type_ not in NOT_SPEAKER_ENTITIES or aged_person(s)
                     or share_of_people(s, cue))
                and not demonstrative(s) and not no_one(s)]

    def _inherited_speakers(self, cue: Token, depth: int) -> list[Token]:
        head = cue.head
        if head.i == cue.i:
            return []
        passive = [c for c in head.children if c.dep_ == "nsubjpass"]
        if passive and (cue.dep_ == "conj" or (cue.dep_ == "xcomp" and cue.tag_ == "VBG")):
            # "X was joined on stage by Y and joked", "X is shown lecturing": who was
            # joined jokes, who is shown lectures, not the agent
            return passive
        if cue.dep_ == "conj" or (cue.dep_ in ("advcl", "xcomp", "pcomp") and head.pos_ == "VERB"):
            return self._speakers(head, depth + 1)
        if cue.dep_ == "pcomp" and head.dep_ == "prep" and head.head.pos_ == "VERB":
            return self._speakers(head.head, depth + 1)
        if cue.dep_ in ("acl", "relcl") and head.pos_ in ("NOUN", "PROPN"):
            prep = head.head
            if head.dep_ == "pobj" and prep.lower_ == "to" and prep.head.pos_ == "VERB":
                # "sent a text to supporters saying": the sender speaks, not the addressee
                return self._speakers(prep.head, depth + 1)
            if head.dep_ == "dobj" and head.pos_ == "NOUN" and head.ent_type_ == "" \
                    and head.head.pos_ == "VERB":
                # "she released a statement saying": who releases it speaks through it
                return self._speakers(head.head, depth + 1) or [head]
            if cue.dep_ == "acl" and head.dep_ == "pobj" and head.ent_type_ == "":
                return []  # "ended with a reference to it, remarking": a thing does not speak
            return [head]
        return []

    def _resolve_relative(self, subject: Token, verb: Token) -> Token:
        """"the embassy, which said": the speaker is the noun the clause is about."""
        if subject.tag_ in RELATIVE_PRONOUNS and verb.dep_ == "relcl":
            return verb.head
        return subject

    def speaker_extent(self, head: Token) -> tuple[int, int]:
        """The speaker's noun phrase: determiner, titles and a prepositional phrase of
        the name; no apposition after a comma, no relative clause."""
        left = head.i
        for child in reversed(list(head.lefts)):
            if child.dep_ in NOT_IN_SPEAKER and child.tag_ != "HYPH":  # "the 72-year-old"
                break
            left = child.left_edge.i
        right = head.i
        rights = list(head.rights)
        for k, child in enumerate(rights):
            if list_comma(child, rights[k + 1:]):
                continue  # "France, Germany and Italy said": the whole list speaks
            if child.dep_ in NOT_IN_SPEAKER or (child.dep_ == "cc" and comma_before(child)):
                break
            right = child.right_edge.i
        left, right = cut_phrase(head, left, right)
        while left < right and (self.doc[left].is_punct or self.doc[left].is_space):
            left += 1
        while right > left and (self.doc[right].is_punct or self.doc[right].is_space):
            right -= 1
        return self.doc[left].idx, self.doc[right].idx + len(self.doc[right].text)

    # --- indirect quotes ------------------------------------------------------------

    def _indirect(self) -> list[Quote]:
        found: list[Quote] = []
        for tok in self.doc:
            if tok.pos_ != "VERB" or self.in_direct[tok.i]:
                continue
            if tok.lower_ in self.lex.according_to:
                continue
            content = self._reported_content(tok)
            if content is None or passive_without_agent(tok) or asked_whether_said(tok):
                continue
            # what the verb reports after it is never who reports it ('to disclose
            # their taxes' with no subject: "their taxes" is no speaker)
            speakers = [s for s in self._speakers(tok)
                        if not (tok.i < s.i and content[0] <= s.i <= content[1])]
            quote = self._clause_quote(content, speakers, tok) if speakers else None
            if quote is not None:
                found.append(quote)
        found.extend(self._according_quotes())
        return found

    def _reported_content(self, verb: Token) -> tuple[int, int] | None:
        """Token range (first, last) of what this verb reports, if it reports."""
        lemma = verb.lemma_.lower()
        children = list(verb.children)
        if lemma in self.lex.indirect_cues:
            for c in children:
                if c.dep_ == "ccomp" and not fronted_fragment(c, verb, self.in_direct) \
                        and not quote_between(c, verb, self.in_direct):
                    return c.left_edge.i, c.right_edge.i
            clause = _content_clause_in_phrase(verb)
            if clause is not None:
                return clause.left_edge.i, clause.right_edge.i
        if self._is_directive(verb):
            for c in children:
                if c.dep_ in ("xcomp", "ccomp") and any(a.tag_ == "TO" for a in c.children):
                    to = min(a.i for a in c.children if a.tag_ == "TO")
                    return to, c.right_edge.i
        if lemma in self.lex.content_object_verbs:
            for c in children:
                if c.dep_ == "dobj" and c.pos_ in ("NOUN", "PROPN"):
                    return c.left_edge.i, c.right_edge.i
        return None

    def _is_directive(self, verb: Token) -> bool:
        lemma = verb.lemma_.lower()
        if lemma not in self.lex.directives:
            return False
        needed = self.lex.directive_particles.get(lemma)
        return needed is None or any(c.lower_ in needed for c in verb.children)

    def _clause_quote(self, content: tuple[int, int], speakers: list[Token],
                      anchor: Token) -> Quote | None:
        """The reported clause as a quote, within the paragraph of its verb (`anchor`):
        a parse that runs a sentence over a paragraph break does not carry it over."""
        first, last = content
        lo, hi = anchor.i, anchor.i
        while lo > first and not self._breaks_after(lo - 1):
            lo -= 1
        while hi < last and not self._breaks_after(hi):
            hi += 1
        first, last = max(first, lo), min(last, hi)
        if first > last:
            return None
        while first < last and (self.doc[first].is_punct or self.doc[first].is_space) \
                and not is_double_mark(self.doc[first].text):
            first += 1
        while last > first and (self.doc[last].is_punct or self.doc[last].is_space) \
                and not is_double_mark(self.doc[last].text):
            last -= 1
        while last + 1 < len(self.doc) and is_double_mark(self.doc[last + 1].text) and sum(
            is_double_mark(t.text) for t in self.doc[first:last + 1]
        ) % 2:
            last += 1
        start = self.doc[first].idx
        end = self.doc[last].idx + len(self.doc[last].text)
        return Quote(start, end, False, speakers, words=last - first + 1)

    def _according_quotes(self) -> list[Quote]:
        """"X happened, according to Y": Y is the speaker of the rest of the clause."""
        by_head: dict[int, list[Token]] = {}
        for tok in self.doc:
            if self.in_direct[tok.i] or tok.lower_ not in self.lex.according_to:
                continue
            source = self._according_source(tok)
            if source is not None and tok.head.pos_ in ("VERB", "AUX") and tok.head.i != tok.i:
                by_head.setdefault(tok.head.i, []).append(tok)
        found: list[Quote] = []
        for head_i, accordings in by_head.items():
            head = self.doc[head_i]
            cut = {i for a in accordings for i in range(a.left_edge.i, a.right_edge.i + 1)}
            first, last = chunk_around(head, cut)
            sources = [s for a in accordings if (s := self._according_source(a)) is not None]
            quote = self._clause_quote((first, last), sources, head) if first <= last else None
            if quote is not None:
                found.append(quote)
        return found

    def _breaks_after(self, i: int) -> bool:
        return "\n" in self.doc[i].text or "\n" in self.doc[i].whitespace_

    # --- run-on quotes and output --------------------------------------------------------

    def _run_on(self, quotes: list[Quote]) -> None:
        """A direct quote with no speaker of its own goes to the last speaker before it;
        reported speech inside the attribution of the quote before ('..., he told the
        paper after the mayor said that ...') does not take that speaker's place."""
        last: Quote | None = None
        for quote in quotes:
            if quote.speakers:
                if not (last is not None and last.direct and not quote.direct
                        and quote.start < self._attribution_end(last.end)):
                    last = quote  # not a clause inside the attribution of the quote before
                continue
            if quote.direct and last is not None and self._paragraphs_between(last, quote) \
                    <= RUN_ON_LIMIT:
                inside = self._token_range(quote.start, quote.end)
                cue = bare_cue_before(self.doc[inside.start], self.in_direct, self._is_cue,
                                      self._reported_content) if inside else None
                quote.speakers = (self._speakers(cue) if cue is not None else []) \
                    or list(last.speakers)
                last = quote
            elif quote.direct:
                quote.speakers = self._speaker_of_sentence_before(
                    self._token_range(quote.start, quote.end))
                last = quote if quote.speakers else last
        for quote, following in reversed(list(pairwise(quotes))):
            if quote.direct and following.direct and not quote.speakers and not any(
                    c.isalnum() for c in self.text[quote.end:following.start]):
                # one quote over paragraphs, attributed at its end: “...” ¶ “...,” X notes.
                quote.speakers = list(following.speakers)

    def _attribution_end(self, pos: int) -> int:
        """Where the attribution of a quote ending at `pos` can end: its sentence's end,
        or its paragraph's when the parse runs the sentence over a paragraph break."""
        line_end = self.text.find("\n", pos)
        end = self._sentence_end(pos)
        return end if line_end < 0 else min(end, line_end)

    def _paragraphs_between(self, a: Quote, b: Quote) -> int:
        return self.text.count("\n", a.end, b.start)

    def _suggestions(self, quotes: list[Quote]) -> Suggestions:
        out = Suggestions()
        speaker_index: dict[tuple[int, int], int] = {}
        quote_ranges = [(q.start, q.end) for q in quotes if q.direct]
        for quote in quotes:
            # the one rule for every QUOTE: direct when it opens on or after a mark
            attrs = {"direct": quote.direct or opens_after_quote_mark(self.text, quote.start)}
            out.spans.append(SuggestedSpan("QUOTE", quote.start, quote.end, attrs))
            q_index = len(out.spans) - 1
            for head in quote.speakers:
                start, end = self.speaker_extent(head)
                if any(s <= start and end <= e for s, e in quote_ranges):
                    continue
                key = (start, end)
                if key not in speaker_index:
                    if any(overlaps(key, k) for k in speaker_index):
                        continue
                    out.spans.append(SuggestedSpan("SPEAKER", start, end))
                    speaker_index[key] = len(out.spans) - 1
                out.relations.append(SuggestedRelation("SAID", speaker_index[key], q_index))
        return out


def _content_clause_in_phrase(verb: Token) -> Token | None:
    """A 'that' clause the parse hung on the noun of the verb's phrase: "said in a
    statement that the border would stay closed" (a relative clause, "a statement that
    was released", has no 'that' mark, and is not one). Only a phrase of the medium
    ('in a statement', 'in an interview'): "commented on claims that ..." reports no
    one's claim of its own."""
    for prep in verb.children:
        if prep.dep_ != "prep" or prep.lower_ != "in":
            continue
        for noun in prep.children:
            if noun.dep_ != "pobj":
                continue
            for clause in noun.children:
                if clause.dep_ in ("acl", "ccomp") and any(
                        m.dep_ == "mark" and m.lower_ == "that" for m in clause.children):
                    return clause
    return None
