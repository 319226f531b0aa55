"""The suggester's rules on small texts of our own, parsed by the real spaCy pipeline."""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest

from annotations.quotemarks import find_quote_regions
from annotations.suggest.model import (
    PREFERRED_MODELS,
    ModelError,
    chosen_model_name,
    default_model_name,
    installed,
    load_model,
    model_identity,
)
from annotations.suggest.pipeline import suggest_document, suggest_texts
from annotations.suggest.types import Suggestions
from annotations.text import QUOTE_MARKS, opens_after_quote_mark

DCT = "2021-08-12"



def run(nlp: Any, text: str, dct: str | None = DCT) -> tuple[Suggestions, list[tuple[str, str]]]:
    found = suggest_document(nlp(text), dct)
    return found, [(s.label, text[s.start:s.end]) for s in found.spans]


def texts_of(found: Suggestions, text: str, label: str) -> list[str]:
    return [text[s.start:s.end] for s in found.spans if s.label == label]


def said(found: Suggestions, text: str) -> set[tuple[str, str]]:
    pairs = set()
    for rel in found.relations:
        if rel.label == "SAID":
            h, c = found.spans[rel.head], found.spans[rel.child]
            assert (h.label, c.label) == ("SPEAKER", "QUOTE")
            pairs.add((text[h.start:h.end], text[c.start:c.end]))
    return pairs


def when(found: Suggestions, text: str) -> set[tuple[str, str]]:
    pairs = set()
    for rel in found.relations:
        if rel.label == "WHEN":
            h, c = found.spans[rel.head], found.spans[rel.child]
            assert (h.label, c.label) == ("EVENT", "DATE")
            pairs.add((text[h.start:h.end], text[c.start:c.end]))
    return pairs


def event(found: Suggestions, text: str, word: str) -> dict[str, Any]:
    matches = [s for s in found.spans if s.label == "EVENT" and text[s.start:s.end] == word]
    assert len(matches) == 1, (word, [text[s.start:s.end] for s in found.spans])
    return matches[0].attrs


# --- the model -------------------------------------------------------------------------


def test_default_model_prefers_en_core_web_sm() -> None:
    expected = next(n for n in PREFERRED_MODELS if installed(n))
    assert default_model_name() == expected


def test_missing_model_is_a_clear_error() -> None:
    with pytest.raises(ModelError, match=r"no_such_pipeline.*not installed"):
        load_model("no_such_pipeline")


def test_model_identity_is_name_at_version(nlp: Any) -> None:
    name, version = model_identity(nlp).split("@")
    assert name.startswith("en_core_web_sm") and version == nlp.meta["version"]


def test_model_from_a_folder_path(nlp: Any, tmp_path: Path) -> None:
    nlp.to_disk(tmp_path / "pipe")
    again = load_model(str(tmp_path / "pipe"))
    assert model_identity(again) == model_identity(nlp)


def test_requested_model_beats_project_setting(project: Any) -> None:
    assert chosen_model_name(None, project) == default_model_name()
    project.set_setting("model", "some_pipeline")
    assert chosen_model_name(None, project) == "some_pipeline"
    assert chosen_model_name("other", project) == "other"


# --- quotation marks (text only) --------------------------------------------------------


def regions(text: str) -> list[str]:
    return [text[r.start:r.end] for r in find_quote_regions(text)]


def test_curly_open_straight_close() -> None:
    assert regions('He said, “Flights will stop soon," and left.') == ["Flights will stop soon"]


def test_straight_marks_both_ways() -> None:
    text = 'She called it "a disaster" and then "a scandal", twice.'
    assert regions(text) == ["a disaster", "a scandal"]


def test_unclosed_quote_ends_before_the_next_opening() -> None:
    text = "“The town is lost. A captain wrote, “We hold the bridge,” later."
    assert regions(text) == ["The town is lost. A captain wrote", "We hold the bridge"]


def test_quote_running_over_paragraphs_is_one_region() -> None:
    text = "“The first part.\n\nThe second part.” she said."
    assert regions(text) == ["The first part.\n\nThe second part."]


def test_apostrophes_are_not_quotes() -> None:
    assert regions("The city’s mayor and the workers’ union met.") == []


def test_single_curly_marks() -> None:
    assert regions("A sign read ‘Go home now’ in red.") == ["Go home now"]


def test_doubled_apostrophes_pair_as_double_marks() -> None:
    text = "``The ferry is late,'' a sailor said, and ''the sea is rough.''"
    assert regions(text) == ["The ferry is late", "the sea is rough."]


def test_one_rule_makes_a_quote_direct_by_hand_and_by_suggestion(nlp: Any) -> None:
    """The window's hand-tagged spans and the trained QUOTE suggestions used to disagree
    after a straight single mark: now both ask annotations.text."""
    from annotations.suggest.registry import span_suggester

    text = "The sign said 'keep out' in red."
    start = text.index("keep")
    assert opens_after_quote_mark(text, start)
    assert QUOTE_MARKS.find("'") >= 0
    doc = nlp(text)
    span = doc.char_span(start, text.index("' in"))
    quotes = span_suggester("QUOTE")
    assert quotes is not None
    assert quotes.attrs("QUOTE", [span], None) == [{"direct": True}]
    assert not opens_after_quote_mark(text, text.index("red"))


# --- direct quotes and speakers ---------------------------------------------------------


def test_quote_in_doubled_apostrophes_gets_its_speaker(nlp: Any) -> None:
    text = "``We will open the harbour on Monday,'' the port manager said."
    found, _ = run(nlp, text)
    quote = "We will open the harbour on Monday"
    assert texts_of(found, text, "QUOTE") == [quote]
    assert said(found, text) == {("the port manager", quote)}


def test_direct_quote_with_mismatched_marks_and_speaker(nlp: Any) -> None:
    text = '“Flights will stop soon," the embassy said on Thursday.'
    found, _ = run(nlp, text)
    quotes = [s for s in found.spans if s.label == "QUOTE"]
    assert [text[q.start:q.end] for q in quotes] == ["Flights will stop soon"]
    assert quotes[0].attrs == {"direct": True}
    assert said(found, text) == {("the embassy", "Flights will stop soon")}


def test_unclosed_quote_ends_at_its_sentence(nlp: Any) -> None:
    text = ("“The city has fallen completely. A rebel commander wrote, “We have reached "
            "the main square,” pointing at a map.")
    found, _ = run(nlp, text)
    assert texts_of(found, text, "QUOTE") == [
        "The city has fallen completely.", "We have reached the main square"]
    assert ("A rebel commander", "We have reached the main square") in said(found, text)


def test_unclosed_quote_with_trailing_attribution(nlp: Any) -> None:
    text = ("“The council will not accept a deal that ignores the harbour workers, she said. "
            "The mayor left early.")
    found, _ = run(nlp, text)
    quote = "The council will not accept a deal that ignores the harbour workers"
    assert texts_of(found, text, "QUOTE") == [quote]
    assert said(found, text) == {("she", quote)}


def test_quote_that_runs_on_gets_the_last_speaker(nlp: Any) -> None:
    text = ("“We will rebuild the bridge,” the mayor said.\n\n"
            "“It will take two years and cost a great deal of money.”")
    found, _ = run(nlp, text)
    assert said(found, text) == {
        ("the mayor", "We will rebuild the bridge"),
        ("the mayor", "It will take two years and cost a great deal of money."),
    }
    assert texts_of(found, text, "SPEAKER") == ["the mayor"]  # one span, two links


def test_speaker_is_the_whole_name_without_apposition(nlp: Any) -> None:
    text = "US Transport Department spokesman John Smith said the line would reopen."
    found, _ = run(nlp, text)
    assert texts_of(found, text, "SPEAKER") == ["US Transport Department spokesman John Smith"]
    text = "John Smith, a spokesman for the railway, said the line would reopen."
    found, _ = run(nlp, text)
    assert texts_of(found, text, "SPEAKER") == ["John Smith"]


def test_scare_quote_is_not_a_quote(nlp: Any) -> None:
    text = "The so-called “green zone” was quiet all week."
    found, _ = run(nlp, text)
    assert texts_of(found, text, "QUOTE") == []


# --- indirect speech ---------------------------------------------------------------------


def test_indirect_speech_is_the_reported_clause(nlp: Any) -> None:
    text = "The ministry said that the talks would resume next week."
    found, _ = run(nlp, text)
    quote = "that the talks would resume next week"
    assert [s.attrs for s in found.spans if s.label == "QUOTE"] == [{"direct": False}]
    assert said(found, text) == {("The ministry", quote)}


def test_quoted_fragment_stays_inside_the_indirect_quote(nlp: Any) -> None:
    text = "The mayor said the plan was “deeply flawed” and needed changes."
    found, _ = run(nlp, text)
    assert texts_of(found, text, "QUOTE") == ["the plan was “deeply flawed” and needed changes"]


def test_directive_quotes_the_to_clause_without_the_addressee(nlp: Any) -> None:
    text = "The embassy urged citizens to leave the country."
    found, _ = run(nlp, text)
    assert said(found, text) == {("The embassy", "to leave the country")}


def test_agentless_passive_directive_has_no_quote(nlp: Any) -> None:
    text = "Residents are being asked to leave the area."
    found, _ = run(nlp, text)
    assert texts_of(found, text, "QUOTE") == [] and texts_of(found, text, "SPEAKER") == []


def test_according_to_names_the_speaker(nlp: Any) -> None:
    text = "The bridge will close for repairs, according to a city engineer."
    found, _ = run(nlp, text)
    assert said(found, text) == {("a city engineer", "The bridge will close for repairs")}


# --- events --------------------------------------------------------------------------------


def test_event_class_and_polarity(nlp: Any) -> None:
    text = ("The workers did not return to the station. The union announced a strike. "
            "The government urged calm. Police saw the crowd and believed it would disperse. "
            "Talks began in March.")
    found, _ = run(nlp, text)
    assert event(found, text, "return") == {"class": "OCCURRENCE", "polarity": "NEG"}
    assert event(found, text, "announced")["class"] == "REPORTING"
    assert event(found, text, "strike")["class"] == "OCCURRENCE"
    assert event(found, text, "urged")["class"] == "I_ACTION"
    assert event(found, text, "saw")["class"] == "PERCEPTION"
    assert event(found, text, "believed")["class"] == "I_STATE"
    assert event(found, text, "began")["class"] == "ASPECTUAL"
    assert event(found, text, "announced")["polarity"] == "POS"
    assert "did" not in texts_of(found, text, "EVENT")


def test_light_verbs_semi_modals_and_modifiers(nlp: Any) -> None:
    """A modifier names no event of its own: a participle before its noun, a noun
    modifying a noun, a participle standing as a preposition. A change participle
    before its noun does (the scheme: "increasing violence", "deteriorating situation")."""
    text = ("The concert took place in the park. The museum is set to close. "
            "Police warned of increasing violence. The proposed merger collapsed after "
            "the trade talks, and shares fell compared with a year ago. The ruling party "
            "faced a deteriorating situation.")
    found, _ = run(nlp, text)
    events = texts_of(found, text, "EVENT")
    assert "took place" in events and "place" not in events
    assert "close" in events and "set" not in events
    assert {"violence", "increasing", "deteriorating"} <= set(events)
    assert {"merger", "collapsed", "talks", "fell"} <= set(events)
    assert not {"proposed", "trade", "compared", "ruling"} & set(events)


def test_a_verb_the_tagger_reads_as_a_plural_noun(nlp: Any) -> None:
    """The small pipeline tags "intensifies" after "fighting" as a plural noun; no
    plural noun ends in "-ifies", so it is the verb, an event."""
    text = ("The rebels are closing in on the port, as fighting intensifies. As the army's "
            "grip on the region tightens, the minister urges calm.")
    doc = nlp(text)
    assert [t.tag_ for t in doc if t.text in ("intensifies", "tightens")] == ["NNS", "NNS"]
    found, _ = run(nlp, text)
    events = texts_of(found, text, "EVENT")
    assert {"intensifies", "tightens"} <= set(events)
    assert not {"rebels", "region"} & set(events)


def test_a_hyphenated_word_is_one_event(nlp: Any) -> None:
    """The tokenizer splits "cease-fire"; the scheme marks the single word."""
    text = "The cease-fire collapsed after shares nose-dived on Monday in a war-torn town."
    found, _ = run(nlp, text)
    events = texts_of(found, text, "EVENT")
    assert {"cease-fire", "nose-dived", "collapsed"} <= set(events)
    assert not {"fire", "dived", "cease"} & set(events)
    assert ("nose-dived", "Monday") in when(found, text)


def test_a_change_participle_the_tagger_reads_as_an_adjective(nlp: Any) -> None:
    text = "Leaders met to discuss the escalating crisis. Economists warned of a widening gap."
    doc = nlp(text)
    assert [t.tag_ for t in doc if t.text == "escalating"] == ["JJ"]  # the misreading
    found, _ = run(nlp, text)
    events = texts_of(found, text, "EVENT")
    assert {"escalating", "widening"} <= set(events)
    assert "met" in events and "Leaders" not in events


# --- WHEN -----------------------------------------------------------------------------------


def test_when_links_an_event_to_its_date_but_not_an_offset(nlp: Any) -> None:
    text = "The ferry sank on Tuesday. The strike began one day after the vote."
    found, _ = run(nlp, text)
    assert when(found, text) == {("sank", "Tuesday")}
    assert "one day" in texts_of(found, text, "DATE")


def test_no_span_overlaps_another_of_its_label(nlp: Any) -> None:
    text = ("“The US Embassy urges citizens to leave now,” it said on Thursday, and the "
            "embassy added that flights may be announced later. “Do not wait,\" it said.")
    found, _ = run(nlp, text)
    for label in ("EVENT", "DATE", "QUOTE", "SPEAKER"):
        spans = sorted((s.start, s.end) for s in found.spans if s.label == label)
        assert all(a[1] <= b[0] for a, b in pairwise(spans)), label


def test_suggest_texts_keeps_order(nlp: Any) -> None:
    items = [("The ferry sank on Tuesday.", DCT), ("Talks began in March.", None)]
    results = list(suggest_texts(nlp, items, batch_size=1))
    assert [len(r.spans) > 0 for r in results] == [True, True]
    dates = [s for s in results[1].spans if s.label == "DATE"]
    assert dates and dates[0].attrs.get("value") == "XXXX-03"


def speaker_of(found: Suggestions, text: str, quote: str) -> set[str]:
    return {s for s, q in said(found, text) if q == quote}


def test_name_before_the_colon_labels_the_quote(nlp: Any) -> None:
    text = ("Voters say the harbour matters - Maria Garcia: “The port handled twice as "
            "many ships this year as it did ten years ago, and the town grew with it.”\n"
            "More from Garcia: “Most of the new jobs are on the night shift at the docks.”")
    found, _ = run(nlp, text)
    assert speaker_of(found, text, "The port handled twice as many ships this year as it did "
                      "ten years ago, and the town grew with it.") == {"Maria Garcia"}
    assert speaker_of(found, text, "Most of the new jobs are on the night shift at the "
                      "docks.") == {"Garcia"}


def test_quote_signed_on_the_next_line(nlp: Any) -> None:
    text = ("“We paved every road in the county and nobody paid a cent more in taxes.”\n"
            "- Tom Baker.\n"
            "The county records show that taxes rose twice.")
    found, _ = run(nlp, text)
    assert speaker_of(found, text, "We paved every road in the county and nobody paid a "
                      "cent more in taxes.") == {"Tom Baker"}


def test_according_to_before_the_quote(nlp: Any) -> None:
    text = ("The ferries stopped at noon. According to the harbour authority, “The storm "
            "damaged two of the piers and the cranes cannot be used.”")
    found, _ = run(nlp, text)
    assert speaker_of(found, text, "The storm damaged two of the piers and the cranes cannot "
                      "be used.") == {"the harbour authority"}


def test_addressee_of_tell_is_not_the_speaker(nlp: Any) -> None:
    text = ("Asked about the flood, the mayor was ready to riff, telling the crowd, “Bring your "
            "boats to the next meeting.”")
    found, _ = run(nlp, text)
    assert "the crowd" not in speaker_of(found, text, "Bring your boats to the next meeting.")


def test_message_sent_to_someone_is_spoken_by_the_sender(nlp: Any) -> None:
    text = ("The campaign sent a text message to supporters saying, “We won the county "
            "by a wide margin tonight.”")
    found, _ = run(nlp, text)
    assert speaker_of(found, text, "We won the county by a wide margin tonight.") == {
        "The campaign"}


def test_more_verbs_of_speech_after_a_quote(nlp: Any) -> None:
    text = ("“That is an insult to every nurse in this hospital,” the union leader charged. "
            "“We will never give up,” the governor retaliated.")
    found, _ = run(nlp, text)
    assert said(found, text) == {
        ("the union leader", "That is an insult to every nurse in this hospital"),
        ("the governor", "We will never give up"),
    }


def test_reported_speech_starting_on_a_quotes_opening_mark_gives_way_to_it() -> None:
    """The parse can make a quoted clause the object of 'he said' from its opening mark
    on: that reading is the direct quote, not an indirect one that hides it."""
    from annotations.suggest.quotes.nesting import Quote, resolve

    text = "“We will not sell the harbour, not this year,” he said outside the hall."
    inner = text.index("We"), text.index(",”")
    direct = Quote(inner[0], inner[1], True, [], words=8)
    indirect = Quote(0, inner[1], False, [], words=8)  # from the mark
    assert resolve([direct], [indirect], text) == [direct]


def test_no_when_to_a_duration_but_a_set_times_its_events(nlp: Any) -> None:
    """WHEN: the event happened at or within the date; 'for two days' is not a date to
    be within, while 'every week' is one the visits happen at, each week."""
    text = "The ferry stopped for two days. Inspectors visit every week. It sailed on Monday."
    found, _ = run(nlp, text)
    assert when(found, text) == {("sailed", "Monday"), ("visit", "every week")}


def test_inverted_attribution_names_the_asker(nlp: Any) -> None:
    text = "The fair was crowded.\n\n“How tall is that tower?” asked the girl, who wore a scarf."
    found, _ = run(nlp, text)
    assert said(found, text) == {("the girl", "How tall is that tower?")}


def test_a_speech_verb_the_lexicon_does_not_know_is_read_from_its_place(nlp: Any) -> None:
    after = "“This is a disgrace,” fumed the harbour master after the vote."
    assert said(run(nlp, after)[0], after) == {("the harbour master", "This is a disgrace")}
    before = "“This is a disgrace!” the harbour master fumed."
    assert said(run(nlp, before)[0], before) == {("the harbour master", "This is a disgrace!")}


def test_an_age_in_apposition_leaves_the_name_the_speaker(nlp: Any) -> None:
    text = "The port was busy.\n\n“We were wrong to wait,” Garcia, 61, told reporters on Monday."
    assert said(run(nlp, text)[0], text) == {("Garcia", "We were wrong to wait")}


def test_a_short_quote_naming_what_a_noun_is_is_not_speech(nlp: Any) -> None:
    text = "She told the radio show “Harbour Hour” that the ferry would sail, and left."
    found, _ = run(nlp, text)
    assert "Harbour Hour" not in texts_of(found, text, "QUOTE")


def direct_quotes(found: Suggestions, text: str) -> list[str]:
    return [text[s.start:s.end] for s in found.spans
            if s.label == "QUOTE" and s.attrs.get("direct") is True]


def test_a_quote_after_that_is_part_of_the_reported_clause(nlp: Any) -> None:
    text = "The mayor told the crowd that “the harbour will reopen before the winter.”"
    assert direct_quotes(run(nlp, text)[0], text) == []


def test_a_short_quote_the_sentence_goes_on_after_is_a_mention(nlp: Any) -> None:
    text = ("The mayor said a quick “thank you” to the ferry crew. “We owe them the whole "
            "season,” she said.")
    found, _ = run(nlp, text)
    assert direct_quotes(found, text) == ["We owe them the whole season"]


def test_a_quote_opened_by_a_dash_is_an_aside(nlp: Any) -> None:
    text = ("The ferry flew a banner with the festival motto — “Harbour Days Forever.” "
            "The crowd cheered.")
    assert direct_quotes(run(nlp, text)[0], text) == []
    asked = "The ferry was late — “Where is the captain?” asked the harbour master."
    assert direct_quotes(run(nlp, asked)[0], asked) == ["Where is the captain?"]


def test_a_quote_inside_the_headline_belongs_to_the_headline(nlp: Any) -> None:
    text = ("Mayor Says Harbour Plan ‘Will Not Sink’ Despite Storm\n\n"
            "“The plan will not sink, whatever the weather does,” the mayor said on Monday.")
    found, _ = run(nlp, text)
    assert direct_quotes(found, text) == ["The plan will not sink, whatever the weather does"]


def test_a_title_after_a_noun_and_a_comma_names_it(nlp: Any) -> None:
    text = "In her new book, “Tides of the Harbour,” the mayor recalls the great storm."
    assert direct_quotes(run(nlp, text)[0], text) == []


def test_the_name_after_a_speech_verb_the_parse_left_without_subject(nlp: Any) -> None:
    text = ("The port was busy.\n\n“I am better with my hands than with my head,” said Robin "
            "Okafor, half joking.")
    assert said(run(nlp, text)[0], text) == {
        ("Robin Okafor", "I am better with my hands than with my head")}


def test_a_quote_that_ends_its_sentence_keeps_the_speaker_before_it(nlp: Any) -> None:
    text = ("“We will rebuild the pier,” Mr. Okafor said. “The work starts in May.” He said, "
            "twice, that the cost was not yet known.")
    assert speaker_of(run(nlp, text)[0], text, "The work starts in May.") == {"Mr. Okafor"}


def test_a_first_paragraph_that_is_not_a_headline_keeps_its_quotes(nlp: Any) -> None:
    """A short opening paragraph of sentences is a lede, not a headline; and the clause
    "according to" reports in the next paragraph does not reach back over the break."""
    text = ("“The company is gaming the system,” the mayor said in a statement. “It is time "
            "for the council to get serious and close the loopholes.”\n\n"
            "Councillors also denounced the deal, which would cut the port's budget, "
            "according to two members.")
    found, _ = run(nlp, text)
    assert direct_quotes(found, text) == [
        "The company is gaming the system",
        "It is time for the council to get serious and close the loopholes."]
    assert speaker_of(found, text, direct_quotes(found, text)[1]) == {"the mayor"}
    assert all("\n" not in text[s.start:s.end] for s in found.spans if s.label == "QUOTE")


def test_a_whole_sentence_quoted_after_a_comma_belongs_to_the_clause_before(nlp: Any) -> None:
    text = ("The port was busy.\n\nAfter the mayor criticized the plan during a debate, Okafor "
            "shot back, “I could have chosen to stay home, but I chose to work.”")
    assert speaker_of(run(nlp, text)[0], text,
                      "I could have chosen to stay home, but I chose to work.") == {"Okafor"}


def test_reported_speech_inside_an_attribution_does_not_take_the_next_quote(nlp: Any) -> None:
    text = ("“The contracts are binding,” a port spokesman told the paper in July, after the "
            "mayor said that the city would end them. “We will hold the council to every line.”")
    found, _ = run(nlp, text)
    assert speaker_of(found, text, "We will hold the council to every line.") == {
        "a port spokesman"}
    assert speaker_of(found, text, "that the city would end them") == {"the mayor"}


def test_who_releases_a_statement_speaks_through_it(nlp: Any) -> None:
    text = ("The port was busy.\n\nAt the time, she released a statement saying, “The harbour "
            "has been a trusted partner for many years and we look forward to a long "
            "partnership.”")
    found, _ = run(nlp, text)
    assert {s for s, _ in said(found, text)} == {"she"}


def test_every_suggested_quote_is_direct_by_the_one_rule(nlp: Any) -> None:
    """A reported clause that opens on a quotation mark is direct, as a span tagged by
    hand would be (annotations.text.opens_after_quote_mark), not only the quotes the
    marks themselves delimit."""
    text = ("The mayor said “record crowds” came to the harbour festival on Sunday. "
            "The ministry said that the talks would resume.")
    quotes = [s for s in run(nlp, text)[0].spans if s.label == "QUOTE"]
    assert [s.attrs["direct"] for s in quotes] == [True, False]
    assert all(s.attrs["direct"] == opens_after_quote_mark(text, s.start) for s in quotes)
