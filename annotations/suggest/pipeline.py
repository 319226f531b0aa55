"""The suggester: a parsed document and its date in, suggested spans and links out."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from annotations.suggest.dates import suggest_dates
from annotations.suggest.events import suggest_events
from annotations.suggest.links import suggest_when
from annotations.suggest.quotes import suggest_quotes
from annotations.suggest.types import SuggestedRelation, SuggestedSpan, Suggestions

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

BATCH_SIZE = 32


def suggest_document(nlp_doc: Doc, dct: str | None) -> Suggestions:
    """EVENT, DATE, SPEAKER and QUOTE spans with SAID and WHEN links for one parsed
    document; `dct` (YYYY-MM-DD or None) anchors the DATE values.

    Raises ValidationError (from the date normaliser) when `dct` is not a date.
    """
    spans: list[SuggestedSpan] = []
    spans.extend(suggest_events(nlp_doc))
    spans.extend(_no_overlap(suggest_dates(nlp_doc, dct)))
    relations: list[SuggestedRelation] = list(suggest_when(nlp_doc, spans))
    quotes = suggest_quotes(nlp_doc)
    offset = len(spans)
    spans.extend(quotes.spans)
    relations.extend(
        SuggestedRelation(r.label, r.head + offset, r.child + offset, r.score)
        for r in quotes.relations
    )
    return Suggestions(spans, relations)


def _no_overlap(spans: list[SuggestedSpan]) -> list[SuggestedSpan]:
    """Drop a span that overlaps an earlier kept one of its label (the scheme forbids it)."""
    kept: list[SuggestedSpan] = []
    for span in sorted(spans, key=lambda s: (s.start, -s.end)):
        if not any(k.label == span.label and k.start < span.end and span.start < k.end
                   for k in kept):
            kept.append(span)
    return kept


def suggest_texts(
    nlp: Language, items: Iterable[tuple[str, str | None]], batch_size: int = BATCH_SIZE
) -> Iterator[Suggestions]:
    """Suggestions for each (text, date) in order, parsing with nlp.pipe in batches."""
    pairs = list(items) if not isinstance(items, list) else items
    docs = nlp.pipe((text for text, _ in pairs), batch_size=batch_size)
    for (_, dct), doc in zip(pairs, docs, strict=True):
        yield suggest_document(doc, dct)
