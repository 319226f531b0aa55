"""The measures package: what it compares comes from the schema's module."""

from __future__ import annotations

from annotations.schema import COMPARED_ATTRIBUTES, COMPARED_RELATIONS, default_schema


def test_the_compared_attributes_and_relations_are_the_default_schemas() -> None:
    schema = default_schema()
    for label, attribute in COMPARED_ATTRIBUTES:
        spec = schema.label(label)
        assert spec is not None and attribute in [a.name for a in spec.attributes]
    assert set(COMPARED_RELATIONS) <= set(schema.relation_names)

