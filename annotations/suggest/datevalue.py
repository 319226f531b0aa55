"""The TIMEX3 type and value of a DATE an annotator tags by hand, from the
product's own normaliser (the one the suggester uses).

With a parse of the document (the model is loaded), the expression is read
as the suggester reads it: with the tense of the verb that governs it and
the quarter a business story reports on. Without one, the words alone are
normalised against the document date. spaCy is imported only when a parse
is given (it is loaded then).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from annotations.errors import ValidationError
from annotations.suggest.timex import interpret

if TYPE_CHECKING:
    from spacy.tokens import Doc

LABEL = "DATE"
"""The label whose spans get a computed value (annotations/suggest/dates.py's)."""


def date_value(text: str, start: int, end: int, dct: str | None,
               parsed: Doc | None = None) -> dict[str, str]:
    """{"type": ..., "value": ...} of `text[start:end]` against the document date
    `dct` (YYYY-MM-DD or None); no "value" where the expression names none the
    rules know. `parsed` is the document's parse, when there is one. Never
    raises for odd words or a malformed date: the type alone is returned then.
    """
    try:
        if parsed is not None:
            span = parsed.char_span(start, end, alignment_mode="expand")
            if span is not None and len(span):
                from annotations.suggest.dates import date_attrs

                return date_attrs([span], dct)[0]
        timex = interpret(text[start:end], dct)
    except ValidationError:  # TimexError, or a document date that is not a date
        return {"type": "DATE"}
    attrs = {"type": timex.type}
    if timex.value is not None:
        attrs["value"] = timex.value
    return attrs
