"""What a pipeline trained by `dateline train` predicts, read by the suggester.

Training (annotations/train.py) writes these marks and imports them from here; the
suggester never imports training.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

# The pipeline's meta key that names the trained labels, component and spans key.
TRAINED_META_KEY = "dateline"
# The base model's own entity types include EVENT (OntoNotes named events); the trained
# recognizer's labels carry this prefix in doc.ents so that the two never mix.
TRAINED_ENT_PREFIX = "DL_"


def trained_labels(nlp: Language) -> dict[str, Any] | None:
    """What a pipeline trained by `dateline train` predicts (its meta["dateline"]), or None."""
    found = nlp.meta.get(TRAINED_META_KEY)
    return found if isinstance(found, dict) else None


def predicted_spans(nlp: Language, doc: Doc) -> list[tuple[int, int, str, float | None]]:
    """(start, end, label, score) of the spans the trained component put on a parsed `doc`."""
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
    cut = len(TRAINED_ENT_PREFIX)
    return [(e.start_char, e.end_char, e.label_[cut:], None) for e in doc.ents
            if e.label_.startswith(TRAINED_ENT_PREFIX) and e.label_[cut:] in labels]
