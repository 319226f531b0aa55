"""Label schemas are data: loaded, checked, stored in the project."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from annotations.errors import SchemaError
from annotations.schema import LabelSchema, default_schema
from annotations.store import Project


def minimal() -> dict[str, Any]:
    return {
        "name": "people", "version": 2,
        "labels": [
            {"name": "PERSON", "key": "p", "color": "#112233",
             "attributes": [{"name": "role", "values": ["victim", "official"]}]},
            {"name": "PLACE", "key": "l", "color": "#445566"},
        ],
        "relations": [{"name": "LIVES_IN", "from": ["PERSON"], "to": ["PLACE"], "key": "i"}],
    }


def test_the_default_schema_is_the_news_events_scheme() -> None:
    schema = default_schema()
    assert schema.label_names == ["EVENT", "DATE", "SPEAKER", "QUOTE"]
    assert schema.relation_names == ["SAID", "WHEN"]
    event = schema.label("EVENT")
    assert event is not None and event.help
    klass = event.attribute("class")
    assert klass is not None and "REPORTING" in klass.values
    said = schema.relation("SAID")
    assert said is not None and (said.heads, said.children) == (("SPEAKER",), ("QUOTE",))


def test_a_project_keeps_its_own_schema(tmp_path: Path) -> None:
    path = tmp_path / "s.json"
    path.write_text(json.dumps(minimal()))
    db = tmp_path / "p.db"
    with Project.create(db, LabelSchema.load(path)):
        pass
    path.unlink()  # the project no longer needs the file
    with Project(db) as p:
        assert p.schema.label_names == ["PERSON", "PLACE"]
        doc, _ = p.add_document("Ada lives in Paris.")
        ada = p.add_span(doc.id, "a", "PERSON", 0, 3, {"role": "official"})
        paris = p.add_span(doc.id, "a", "PLACE", 13, 18)
        p.add_relation("LIVES_IN", ada.id, paris.id)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda s: s.pop("labels"), "missing field 'labels'"),
        (lambda s: s["labels"].append(dict(s["labels"][0])), "label 'PERSON' is used twice"),
        (lambda s: s["labels"][1].update(key="p"), "key 'p' is used twice"),
        (lambda s: s["labels"][0].update(color="red"), "colour 'red'"),
        (lambda s: s["relations"][0].update(to=["CITY"]), "unknown span label 'CITY'"),
        (lambda s: s["labels"][0]["attributes"][0].update(type="number"), "type 'number'"),
        (lambda s: s["labels"][0]["attributes"][0].update(default="x"), "default"),
        (lambda s: s.update(labels=[]), "at least one span label"),
    ],
)
def test_bad_schemas_are_refused_with_the_reason(
    tmp_path: Path, change: Any, message: str
) -> None:
    schema = minimal()
    change(schema)
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(schema))
    with pytest.raises(SchemaError) as caught:
        LabelSchema.load(path)
    assert str(path) in str(caught.value)
    assert message in str(caught.value)


def test_new_with_a_schema_from_the_command_line(tmp_path: Path) -> None:
    path = tmp_path / "s.json"
    path.write_text(json.dumps(minimal()))
    db = tmp_path / "p.db"
    run = subprocess.run(
        [sys.executable, "-m", "annotations", "new", str(db), "--schema", str(path)],
        capture_output=True, text=True, timeout=60,
    )
    assert run.returncode == 0, run.stderr
    assert "PERSON, PLACE" in run.stdout
    path.write_text("{not json")
    bad = subprocess.run(
        [sys.executable, "-m", "annotations", "new", str(tmp_path / "q.db"), "--schema",
         str(path)], capture_output=True, text=True, timeout=60,
    )
    assert bad.returncode == 1 and "not a JSON schema file" in bad.stderr
    assert not (tmp_path / "q.db").exists()


@pytest.mark.parametrize(
    "value",
    ["2021-08-12", "2021-08-07", "2021-08-XX", "P90D", "P20Y", "2021-W32", "PRESENT_REF",
     "2021-08", "XXXX-WXX-6", "XXXX-08", "1990-W32-WE", "2021-08-12TNI", "199", "2021-Q3", "",
     "1989-QX", "2000-W7", "XXXX-WXX-2TNI", "PT2H"],
)
def test_the_date_value_pattern_takes_timex3_values(value: str) -> None:
    date = default_schema().label("DATE")
    assert date is not None
    spec = date.attribute("value")
    assert spec is not None
    spec.check("DATE", value)
