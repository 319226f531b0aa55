"""What a pipeline trained by `dateline train` predicts, read by the suggester.

Training (annotations/train.py) writes these marks and imports them from here; the
suggester never imports training.
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

# The pipeline's meta key that names the trained labels, component and spans key.
TRAINED_META_KEY = "dateline"
# The base model's own entity types include EVENT (OntoNotes named events); the trained
# recognizer's labels carry this prefix in doc.ents so that the two never mix.
TRAINED_ENT_PREFIX = "DL_"
# A trained entity recognizer's spans are scored by a beam search over its parses: a
# span's score is the probability of the parses that hold it. At SURE or above the model
# suggests the span on its own (these are the spans its greedy parse gives); from
# UNSURE up to SURE it is unsure, and a label's suggester may let its rules decide.
# Below UNSURE the model says no.
BEAM_WIDTH = 16
SURE = 0.5
UNSURE = 0.02

Predicted = tuple[int, int, str, float | None]


def trained_labels(nlp: Language) -> dict[str, Any] | None:
    """What a pipeline trained by `dateline train` predicts (its meta["dateline"]), or None."""
    found = nlp.meta.get(TRAINED_META_KEY)
    return found if isinstance(found, dict) else None


def predicted_spans(nlp: Language, doc: Doc,
                    asked: list[tuple[int, int]] | None = None) -> list[Predicted]:
    """(start, end, label, score) of the spans the trained component gives a `doc` that
    `nlp` parsed: a span categorizer's spans over its threshold; an entity recognizer's
    spans that its beam scores at least UNSURE (overlapping ones among them: the spans
    at SURE or above are those of its greedy parse, in doc.ents).

    `asked`, when given, holds the (start, end) of the only places the caller will ask
    the model about: the beam then runs sentence by sentence, and only on a sentence
    where one of them is not already in a span of the greedy parse (the beam keeps
    those at a score of 1); elsewhere the greedy parse's spans are given, scored 1."""
    info = trained_labels(nlp)
    if info is None:
        return []
    labels = set(info.get("labels") or [])
    key = info.get("spans_key")
    if key:
        group = doc.spans.get(key, [])
        scores = list(group.attrs.get("scores", [])) if hasattr(group, "attrs") else []
        return [(s.start_char, s.end_char, s.label_,
                 float(scores[i]) if i < len(scores) else None)
                for i, s in enumerate(group) if s.label_ in labels]
    component = info.get("component")
    if isinstance(component, str) and component in nlp.pipe_names:
        recognizer = nlp.get_pipe(component)
        if asked is None:
            return _beam_spans(recognizer, [(doc, 0)], labels)
        return _asked_spans(recognizer, doc, labels, asked)
    return [(a, b, label, None) for a, b, label in _greedy(doc, labels)]


def _greedy(doc: Doc, labels: set[str]) -> list[tuple[int, int, str]]:
    """(start, end, label) of the trained recognizer's spans in doc.ents (its greedy parse)."""
    cut = len(TRAINED_ENT_PREFIX)
    return [(e.start_char, e.end_char, e.label_[cut:]) for e in doc.ents
            if e.label_.startswith(TRAINED_ENT_PREFIX) and e.label_[cut:] in labels]


def _asked_spans(recognizer: Any, doc: Doc, labels: set[str],
                 asked: list[tuple[int, int]]) -> list[Predicted]:
    """The greedy parse's spans (score 1), and the beam's in the sentences where an
    `asked` place lies outside them (see predicted_spans)."""
    greedy = _greedy(doc, labels)
    open_ = [(a, b) for a, b in asked
             if not any(s < b and a < e for s, e, _ in greedy)]
    sentences = {}
    for start, _ in open_:
        span = doc.char_span(start, start + 1, alignment_mode="expand")
        if span is not None:
            sentence = span[0].sent
            sentences[sentence.start] = sentence
    parts = [(sentence.as_doc(), sentence.start_char)
             for _, sentence in sorted(sentences.items())]
    found = {(a, b, label): 1.0 for a, b, label in greedy}
    if parts:
        for a, b, label, score in _beam_spans(recognizer, parts, labels):
            found[(a, b, label)] = max(found.get((a, b, label), 0.0), score or 0.0)
    return [(a, b, label, score) for (a, b, label), score in sorted(found.items())]


def _beam_spans(recognizer: Any, parts: list[tuple[Doc, int]],
                labels: set[str]) -> list[Predicted]:
    """The spans of `labels` that the recognizer's beam (BEAM_WIDTH parses) scores at
    least UNSURE in each (doc, offset) of `parts`, each with its score (the summed
    probability of the parses holding it), in the characters of the document the
    parts were cut from (a part starts `offset` characters into it)."""
    beams = recognizer.beam_parse([doc for doc, _ in parts], beam_width=BEAM_WIDTH)
    scores: dict[tuple[int, int, str], float] = defaultdict(float)
    cut = len(TRAINED_ENT_PREFIX)
    for (doc, offset), scored in zip(parts, recognizer.scored_ents(beams), strict=True):
        for (start, end, tag), score in scored.items():
            label = str(tag)[cut:] if str(tag).startswith(TRAINED_ENT_PREFIX) else ""
            if label in labels:
                span = doc[start:end]
                scores[(span.start_char + offset, span.end_char + offset, label)] += \
                    float(score)
    return [(start, end, label, min(score, 1.0))
            for (start, end, label), score in sorted(scores.items()) if score >= UNSURE]


def is_sure(score: float | None) -> bool:
    """Does the model suggest a span of this score on its own (None: unscored, it does)?"""
    return score is None or score >= SURE
