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


def predicted_spans(nlp: Language, doc: Doc) -> list[Predicted]:
    """(start, end, label, score) of the spans the trained component gives a `doc` that
    `nlp` parsed: a span categorizer's spans over its threshold; an entity recognizer's
    spans that its beam scores at least UNSURE (overlapping ones among them: the spans
    at SURE or above are those of its greedy parse, in doc.ents)."""
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
        return _beam_spans(nlp.get_pipe(component), doc, labels)
    cut = len(TRAINED_ENT_PREFIX)
    return [(e.start_char, e.end_char, e.label_[cut:], None) for e in doc.ents
            if e.label_.startswith(TRAINED_ENT_PREFIX) and e.label_[cut:] in labels]


def _beam_spans(recognizer: Any, doc: Doc, labels: set[str]) -> list[Predicted]:
    """The spans of `labels` that the recognizer's beam (BEAM_WIDTH parses) scores at
    least UNSURE, each with its score (the summed probability of the parses holding it)."""
    beams = recognizer.beam_parse([doc], beam_width=BEAM_WIDTH)
    scores: dict[tuple[int, int, str], float] = defaultdict(float)
    cut = len(TRAINED_ENT_PREFIX)
    for (start, end, tag), score in recognizer.scored_ents(beams)[0].items():
        label = str(tag)[cut:] if str(tag).startswith(TRAINED_ENT_PREFIX) else ""
        if label in labels:
            span = doc[start:end]
            scores[(span.start_char, span.end_char, label)] += float(score)
    return [(start, end, label, min(score, 1.0))
            for (start, end, label), score in sorted(scores.items()) if score >= UNSURE]


def is_sure(score: float | None) -> bool:
    """Does the model suggest a span of this score on its own (None: unscored, it does)?"""
    return score is None or score >= SURE
