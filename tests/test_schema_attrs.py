"""The schema's rules for a new or relabelled span's attributes
(annotations/schema.py: default_attrs, carried_attrs)."""

from __future__ import annotations

from annotations.schema import LabelSchema, carried_attrs, default_attrs, default_schema

TEXT = 'He said “rain will fall” and that snow would follow.'


def test_a_new_span_gets_the_defaults_and_direct_after_a_quotation_mark() -> None:
    schema = default_schema()
    quote, event = schema.label("QUOTE"), schema.label("EVENT")
    assert quote is not None and event is not None
    assert default_attrs(quote, TEXT, TEXT.index("rain")) == {"direct": True}
    assert default_attrs(quote, TEXT, TEXT.index("snow")) == {"direct": False}
    assert default_attrs(quote, TEXT, 0) == {"direct": False}
    assert default_attrs(event, TEXT, TEXT.index("fall")) == {"class": "OCCURRENCE",
                                                              "polarity": "POS"}


def test_relabelling_keeps_the_values_the_new_label_allows() -> None:
    schema = LabelSchema.from_dict({"name": "t", "labels": [
        {"name": "A", "attributes": [{"name": "kind", "values": ["x", "y"], "default": "x"},
                                     {"name": "note", "type": "text"}]},
        {"name": "B", "attributes": [{"name": "kind", "values": ["y", "z"], "default": "z"}]},
    ]}, "test")
    b = schema.label("B")
    assert b is not None
    assert carried_attrs(b, {"kind": "y", "note": "kept?"}, TEXT, 0) == {"kind": "y"}
    assert carried_attrs(b, {"kind": "x"}, TEXT, 0) == {"kind": "z"}
