"""The suggester: a parsed document and its date in, suggested spans and links out.

The labels and relations come from the schema; each is suggested by the suggester
registered for it (suggest/registry.py). A pipeline trained by `dateline train`
names its labels in meta["dateline"]; the spans of those labels come from its
trained component (with its scores), and the rules give the other labels and the
links between all of them.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import cache
from typing import TYPE_CHECKING, Any

from annotations.schema import LabelSchema, default_schema
from annotations.suggest.dates import date_attrs, suggest_dates
from annotations.suggest.events import (
    event_class,
    polarity,
    suggest_events,
    the_rules_guess,
    where_the_model_decides,
)
from annotations.suggest.lexicon import lexicon
from annotations.suggest.links import suggest_when
from annotations.suggest.quotes import suggest_quotes
from annotations.suggest.registry import (
    SpanSuggester,
    link_suggester,
    register_links,
    register_spans,
    span_suggester,
    span_suggesters,
)
from annotations.suggest.trained import is_sure
from annotations.suggest.types import SuggestedRelation, SuggestedSpan, Suggestions
from annotations.text import opens_after_quote_mark

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, Span

BATCH_SIZE = 32

TrainedSpans = dict[str, list[SuggestedSpan]]


def _event_rules(doc: Doc, dct: str | None) -> Suggestions:
    return Suggestions(suggest_events(doc))


def _event_attrs(label: str, spans: list[Span], dct: str | None) -> list[dict[str, Any]]:
    """Class and polarity of each span's head token."""
    return [{"class": event_class(s.root, lexicon()), "polarity": polarity(s.root)}
            for s in spans]


def _date_rules(doc: Doc, dct: str | None) -> Suggestions:
    return Suggestions(_no_overlap(suggest_dates(doc, dct)))


def _date_attrs(label: str, spans: list[Span], dct: str | None) -> list[dict[str, Any]]:
    return list(date_attrs(spans, dct))


def _quote_attrs(label: str, spans: list[Span], dct: str | None) -> list[dict[str, Any]]:
    """QUOTE: direct when it opens on or right after a quotation mark; SPEAKER: none."""
    if label != "QUOTE":
        return [{} for _ in spans]
    return [{"direct": opens_after_quote_mark(s.doc.text, s.start_char)} for s in spans]


register_spans(SpanSuggester(("EVENT",), _event_rules, _event_attrs,
                             where_the_model_decides, the_rules_guess))
register_spans(SpanSuggester(("DATE",), _date_rules, _date_attrs))
register_spans(SpanSuggester(("QUOTE", "SPEAKER"), lambda doc, _: suggest_quotes(doc),
                             _quote_attrs))
register_links("WHEN", suggest_when)


def suggest_document(nlp_doc: Doc, dct: str | None, nlp: Language | None = None,
                     schema: LabelSchema | None = None) -> Suggestions:
    """Spans of the labels `schema` names (default: the news-events scheme) from the
    suggesters registered for them, with the relations among them; `dct` (YYYY-MM-DD
    or None) anchors the DATE values. When `nlp` (the pipeline that parsed the
    document) was trained by `dateline train`, its labels' spans come from its trained
    component (combined with the rules where the label's suggester says how).

    Raises ValidationError (from the date normaliser) when `dct` is not a date.
    """
    schema = schema or _default_schema()
    labels = schema.label_names
    ruled = [(suggester, suggester.rules(nlp_doc, dct))
             for suggester in span_suggesters(labels)]
    trained = trained_spans(nlp, nlp_doc, dct, _asked(nlp, nlp_doc, ruled)) \
        if nlp is not None else {}
    out = Suggestions()
    for suggester, found in ruled:
        found = _with_trained(nlp_doc, found, trained, suggester)
        _append(out, _only(found, labels, schema.relation_names))
    covered = {label for suggester, _ in ruled for label in suggester.labels}
    for label, spans in trained.items():
        if label in labels and label not in covered:
            out.spans.extend(_sure(spans))
    for relation in schema.relation_names:
        link = link_suggester(relation)
        if link is not None:
            out.relations.extend(link(nlp_doc, out.spans))
    return out


@cache
def _default_schema() -> LabelSchema:
    return default_schema()


def _only(found: Suggestions, labels: list[str], relations: list[str]) -> Suggestions:
    """The spans of `labels` and the relations of `relations` between them."""
    keep = [i for i, s in enumerate(found.spans) if s.label in labels]
    index = {old: new for new, old in enumerate(keep)}
    return Suggestions(
        [found.spans[i] for i in keep],
        [SuggestedRelation(r.label, index[r.head], index[r.child], r.score)
         for r in found.relations
         if r.label in relations and r.head in index and r.child in index],
    )


def _append(out: Suggestions, found: Suggestions) -> None:
    offset = len(out.spans)
    out.spans.extend(found.spans)
    out.relations.extend(SuggestedRelation(r.label, r.head + offset, r.child + offset, r.score)
                         for r in found.relations)


def _no_overlap(spans: list[SuggestedSpan]) -> list[SuggestedSpan]:
    """Drop a span that overlaps an earlier kept one of its label (the scheme forbids it)."""
    kept: list[SuggestedSpan] = []
    for span in sorted(spans, key=lambda s: (s.start, -s.end)):
        if not _overlaps_kept(span, kept):
            kept.append(span)
    return kept


def _sure(spans: list[SuggestedSpan]) -> list[SuggestedSpan]:
    """The trained spans the model suggests on its own (a label with no rules to
    combine them with leaves the unsure ones out)."""
    return [s for s in spans if is_sure(s.score)]


def _overlaps_kept(span: SuggestedSpan, kept: list[SuggestedSpan]) -> bool:
    return any(k.label == span.label and k.start < span.end and span.start < k.end
               for k in kept)


# --- a trained component's spans ------------------------------------------------------


def trained_spans(nlp: Language, nlp_doc: Doc, dct: str | None,
                  asked: list[tuple[int, int]] | None = None) -> TrainedSpans:
    """The spans of each label `nlp` was trained on (none: {}), as suggestions with the
    attributes the rules would give them and the model's score, those it is unsure of
    too (trained.is_sure says which it suggests on its own); where two of a label
    overlap, the higher scored stays. `asked`: the only places the caller will ask the
    model about (trained.predicted_spans; None: everywhere).

    Raises ValidationError when `dct` is not a date and DATE is a trained label.
    """
    from annotations.suggest.trained import predicted_spans, trained_labels

    info = trained_labels(nlp)
    if info is None:
        return {}
    found: dict[str, list[tuple[Span, float | None]]] = {
        str(label): [] for label in info.get("labels") or []}
    for start, end, label, score in predicted_spans(nlp, nlp_doc, asked):
        span = nlp_doc.char_span(start, end)
        if span is not None and label in found:
            found[label].append((span, score))
    return {label: _best_first(_as_suggestions(label, pairs, dct))
            for label, pairs in found.items()}


def _asked(nlp: Language, nlp_doc: Doc,
           ruled: list[tuple[SpanSuggester, Suggestions]]) -> list[tuple[int, int]] | None:
    """Where the combinations will ask the trained component: the rule spans each
    trained label's suggester `asks` about; None (everywhere) when a trained label's
    spans are suggested on their own, with no rules to combine them with."""
    from annotations.suggest.trained import trained_labels

    info = trained_labels(nlp)
    if info is None:
        return None
    asked: list[tuple[int, int]] = []
    by_suggester = {id(suggester): found for suggester, found in ruled}
    for label in info.get("labels") or []:
        suggester = span_suggester(str(label))
        if suggester is None or suggester.combine is None or suggester.asks is None:
            return None
        found = by_suggester.get(id(suggester))
        if found is None:
            continue  # not a label of the schema: its spans are not suggested
        ours = [s for s in found.spans if s.label == label]
        asked.extend((s.start, s.end) for s in suggester.asks(nlp_doc, ours))
    return asked


def _as_suggestions(
    label: str, pairs: list[tuple[Span, float | None]], dct: str | None
) -> list[SuggestedSpan]:
    suggester = span_suggester(label)
    spans = [span for span, _ in pairs]
    attrs = suggester.attrs(label, spans, dct) if suggester else [{} for _ in spans]
    return [SuggestedSpan(label, span.start_char, span.end_char, a, score)
            for (span, score), a in zip(pairs, attrs, strict=True)]


def _best_first(spans: list[SuggestedSpan]) -> list[SuggestedSpan]:
    """No two overlapping spans of a label: the higher score (then the earlier) stays."""
    kept: list[SuggestedSpan] = []
    ranked = sorted(spans, key=lambda s: (-(s.score or 0.0), s.start, -s.end))
    for span in ranked:
        if not _overlaps_kept(span, kept):
            kept.append(span)
    return sorted(kept, key=lambda s: (s.start, s.end))


def _with_trained(doc: Doc, found: Suggestions, trained: TrainedSpans,
                  suggester: SpanSuggester) -> Suggestions:
    """The rules' suggestions with the trained labels' spans in their place (or combined
    with them, where the suggester says how); a relation moves to the trained span that
    overlaps its end most (or goes)."""
    replaced: list[str] = [label for label in suggester.labels if label in trained]
    if not replaced:
        return found
    spans = [s for s in found.spans if s.label not in replaced]
    for label in replaced:
        ours = [s for s in found.spans if s.label == label]
        spans.extend(suggester.combine(doc, ours, trained[label]) if suggester.combine
                     else _sure(trained[label]))
    index = {id(s): i for i, s in enumerate(spans)}
    relations: list[SuggestedRelation] = []
    for rel in found.relations:
        head = _moved(found.spans[rel.head], spans, replaced)
        child = _moved(found.spans[rel.child], spans, replaced)
        if head is None or child is None:
            continue
        moved = SuggestedRelation(rel.label, index[id(head)], index[id(child)], rel.score)
        if moved not in relations:
            relations.append(moved)
    return Suggestions(spans, relations)


def _moved(
    span: SuggestedSpan, spans: list[SuggestedSpan], replaced: list[str]
) -> SuggestedSpan | None:
    if span.label not in replaced:
        return span
    best: SuggestedSpan | None = None
    best_overlap = 0
    for other in spans:
        if other.label != span.label:
            continue
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
