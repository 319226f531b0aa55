"""The suggester: a parsed document and its date in, suggested spans and links out.

A pipeline trained by `dateline train` names its labels in meta["dateline"]; the
spans of those labels come from its trained component (with its scores), and the
rules give the other labels and the SAID and WHEN links between all of them.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from annotations.suggest.dates import date_attrs, suggest_dates
from annotations.suggest.events import event_class, polarity, suggest_events
from annotations.suggest.lexicon import lexicon
from annotations.suggest.links import suggest_when
from annotations.suggest.quotes import suggest_quotes
from annotations.suggest.types import SuggestedRelation, SuggestedSpan, Suggestions
from annotations.text import opens_after_quote_mark

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, Span

BATCH_SIZE = 32
RULE_LABELS = ("EVENT", "DATE", "SPEAKER", "QUOTE")

TrainedSpans = dict[str, list[SuggestedSpan]]


def suggest_document(nlp_doc: Doc, dct: str | None, nlp: Language | None = None) -> Suggestions:
    """EVENT, DATE, SPEAKER and QUOTE spans with SAID and WHEN links for one parsed
    document; `dct` (YYYY-MM-DD or None) anchors the DATE values. When `nlp` (the
    pipeline that parsed the document) was trained by `dateline train`, its labels'
    spans come from its trained component instead of the rules.

    Raises ValidationError (from the date normaliser) when `dct` is not a date.
    """
    trained = trained_spans(nlp, nlp_doc, dct) if nlp is not None else {}
    spans: list[SuggestedSpan] = []
    spans.extend(trained["EVENT"] if "EVENT" in trained else suggest_events(nlp_doc))
    spans.extend(trained["DATE"] if "DATE" in trained
                 else _no_overlap(suggest_dates(nlp_doc, dct)))
    relations: list[SuggestedRelation] = list(suggest_when(nlp_doc, spans))
    quotes = _with_trained(suggest_quotes(nlp_doc), trained)
    offset = len(spans)
    spans.extend(quotes.spans)
    relations.extend(
        SuggestedRelation(r.label, r.head + offset, r.child + offset, r.score)
        for r in quotes.relations
    )
    for label, found in trained.items():
        if label not in RULE_LABELS:
            spans.extend(found)
    return Suggestions(spans, relations)


def _no_overlap(spans: list[SuggestedSpan]) -> list[SuggestedSpan]:
    """Drop a span that overlaps an earlier kept one of its label (the scheme forbids it)."""
    kept: list[SuggestedSpan] = []
    for span in sorted(spans, key=lambda s: (s.start, -s.end)):
        if not _overlaps_kept(span, kept):
            kept.append(span)
    return kept


def _overlaps_kept(span: SuggestedSpan, kept: list[SuggestedSpan]) -> bool:
    return any(k.label == span.label and k.start < span.end and span.start < k.end
               for k in kept)


# --- a trained component's spans ------------------------------------------------------


def trained_spans(nlp: Language, nlp_doc: Doc, dct: str | None) -> TrainedSpans:
    """The spans of each label `nlp` was trained on (none: {}), as suggestions with the
    attributes the rules would give them and the model's score; where two of a label
    overlap (a span categorizer), the higher scored stays.

    Raises ValidationError when `dct` is not a date and DATE is a trained label.
    """
    from annotations.suggest.trained import predicted_spans, trained_labels

    info = trained_labels(nlp)
    if info is None:
        return {}
    found: dict[str, list[tuple[Span, float | None]]] = {
        str(label): [] for label in info.get("labels") or []}
    for start, end, label, score in predicted_spans(nlp, nlp_doc):
        span = nlp_doc.char_span(start, end)
        if span is not None and label in found:
            found[label].append((span, score))
    return {label: _best_first(_as_suggestions(label, pairs, dct))
            for label, pairs in found.items()}


def _as_suggestions(
    label: str, pairs: list[tuple[Span, float | None]], dct: str | None
) -> list[SuggestedSpan]:
    if label == "DATE":
        attrs = date_attrs([span for span, _ in pairs], dct)
    else:
        attrs = [_span_attrs(label, span) for span, _ in pairs]
    return [SuggestedSpan(label, span.start_char, span.end_char, a, score)
            for (span, score), a in zip(pairs, attrs, strict=True)]


def _span_attrs(label: str, span: Span) -> dict[str, Any]:
    """EVENT: class and polarity of the span's head token; QUOTE: direct when marked."""
    if label == "EVENT":
        return {"class": event_class(span.root, lexicon()), "polarity": polarity(span.root)}
    if label == "QUOTE":
        return {"direct": opens_after_quote_mark(span.doc.text, span.start_char)}
    return {}


def _best_first(spans: list[SuggestedSpan]) -> list[SuggestedSpan]:
    """No two overlapping spans of a label: the higher score (then the earlier) stays."""
    kept: list[SuggestedSpan] = []
    ranked = sorted(spans, key=lambda s: (-(s.score or 0.0), s.start, -s.end))
    for span in ranked:
        if not _overlaps_kept(span, kept):
            kept.append(span)
    return sorted(kept, key=lambda s: (s.start, s.end))


def _with_trained(quotes: Suggestions, trained: TrainedSpans) -> Suggestions:
    """The rules' QUOTE and SPEAKER suggestions with the trained labels' spans in place of
    theirs; a SAID link moves to the trained span that overlaps its end most (or goes)."""
    replaced: list[str] = [label for label in ("QUOTE", "SPEAKER") if label in trained]
    if not replaced:
        return quotes
    spans = [s for s in quotes.spans if s.label not in replaced]
    for label in replaced:
        spans.extend(trained[label])
    index = {id(s): i for i, s in enumerate(spans)}
    relations: list[SuggestedRelation] = []
    for rel in quotes.relations:
        head = _moved(quotes.spans[rel.head], trained, replaced)
        child = _moved(quotes.spans[rel.child], trained, replaced)
        if head is None or child is None:
            continue
        moved = SuggestedRelation(rel.label, index[id(head)], index[id(child)], rel.score)
        if moved not in relations:
            relations.append(moved)
    return Suggestions(spans, relations)


def _moved(
    span: SuggestedSpan, trained: TrainedSpans, replaced: list[str]
) -> SuggestedSpan | None:
    if span.label not in replaced:
        return span
    best: SuggestedSpan | None = None
    best_overlap = 0
    for other in trained[span.label]:
        overlap = min(span.end, other.end) - max(span.start, other.start)
        if overlap > best_overlap:
            best, best_overlap = other, overlap
    return best


def suggest_texts(
    nlp: Language, items: Iterable[tuple[str, str | None]], batch_size: int = BATCH_SIZE
) -> Iterator[Suggestions]:
    """Suggestions for each (text, date) in order, parsing with nlp.pipe in batches
    (a pipeline from `dateline train` gives its trained labels' spans)."""
    pairs = list(items) if not isinstance(items, list) else items
    docs = nlp.pipe((text for text, _ in pairs), batch_size=batch_size)
    for (_, dct), doc in zip(pairs, docs, strict=True):
        yield suggest_document(doc, dct, nlp)
