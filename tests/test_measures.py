"""The measures package: what it compares comes from the schema's module."""

from __future__ import annotations

from annotations import agreement, report
from annotations.measures import agreement as measures_agreement
from annotations.measures import report as measures_report
from annotations.schema import COMPARED_ATTRIBUTES, COMPARED_RELATIONS, default_schema


def test_the_compared_attributes_and_relations_are_the_default_schemas() -> None:
    schema = default_schema()
    for label, attribute in COMPARED_ATTRIBUTES:
        spec = schema.label(label)
        assert spec is not None and attribute in [a.name for a in spec.attributes]
    assert set(COMPARED_RELATIONS) <= set(schema.relation_names)


def test_the_old_module_paths_still_reach_the_measures() -> None:
    assert agreement.agreement is measures_agreement.agreement
    assert report.render_html is measures_report.render_html
