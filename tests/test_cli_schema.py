"""`dateline schema PROJECT [--set FILE]`: show the stored schema, replace it, and
refuse (with every reason, the project unchanged) a schema the annotations break."""

from __future__ import annotations

import copy
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

from annotations.schema import default_schema
from annotations.store import Project
from tests.conftest import dump

TEXT = "The minister said on Monday that talks would resume."


def dateline(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", "from annotations.cli import main; main()", *args],
        capture_output=True, text=True, timeout=120, check=False,
    )


def annotated(tmp_path: Path) -> Path:
    """A project where ann has a SPEAKER, a DATE of type DATE, an EVENT with a class,
    and a WHEN link from the EVENT to the DATE."""
    db = tmp_path / "p.db"
    with Project.create(db) as project:
        doc, _ = project.add_document(TEXT)
        project.add_span(doc.id, "ann", "SPEAKER", 4, 12)
        date = project.add_span(doc.id, "ann", "DATE", 21, 27, {"type": "DATE"})
        event = project.add_span(doc.id, "ann", "EVENT", 45, 51, {"class": "OCCURRENCE"})
        project.add_relation("WHEN", event.id, date.id)
    return db


def schema_file(tmp_path: Path, change: Any = None, name: str = "schema.json") -> Path:
    data = copy.deepcopy(default_schema().raw)
    if change is not None:
        change(data)
    path = tmp_path / name
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def label(data: dict[str, Any], name: str) -> dict[str, Any]:
    found: dict[str, Any] = next(item for item in data["labels"] if item["name"] == name)
    return found


def attribute(data: dict[str, Any], label_name: str, name: str) -> dict[str, Any]:
    found: dict[str, Any] = next(a for a in label(data, label_name)["attributes"]
                                 if a["name"] == name)
    return found


def test_schema_shows_the_stored_schema(tmp_path: Path) -> None:
    db = annotated(tmp_path)
    shown = dateline("schema", str(db))
    assert shown.returncode == 0, shown.stderr
    lines = shown.stdout.splitlines()
    assert lines[0].startswith("news-events (version 1)")
    assert "  SPEAKER [s]" in lines
    assert "  QUOTE [q]: direct (bool)" in lines
    assert any(line.startswith("  EVENT [e]: class (OCCURRENCE, REPORTING") for line in lines)
    assert "  SAID [a]: SPEAKER -> QUOTE" in lines
    assert "  WHEN [w]: EVENT -> DATE" in lines
    as_json = json.loads(dateline("schema", str(db), "--json").stdout)
    assert as_json == default_schema().raw


def test_set_replaces_a_schema_the_annotations_fit(tmp_path: Path) -> None:
    db = annotated(tmp_path)

    def widen(data: dict[str, Any]) -> None:
        data["version"] = 2
        data["labels"].append({"name": "PLACE", "color": "#336699", "key": "p"})
        attribute(data, "DATE", "type")["values"].append("TIMEX")

    replacement = schema_file(tmp_path, widen)
    result = dateline("schema", str(db), "--set", str(replacement))
    assert result.returncode == 0, result.stderr
    assert result.stdout == (f"{db}: the schema is now 'news-events' version 2 "
                             "(EVENT, DATE, SPEAKER, QUOTE, PLACE)\n")
    with Project(db) as project:
        assert project.schema.label_names[-1] == "PLACE"
        assert project.schema.version == 2
        logged = project.edits()[-1]
        assert logged.action == "set_schema"
        assert logged.after is not None and logged.after["version"] == 2
    # The stored JSON round-trips: --json shows what --set reads.
    shown = tmp_path / "shown.json"
    shown.write_text(dateline("schema", str(db), "--json").stdout, encoding="utf-8")
    assert dateline("schema", str(db), "--set", str(shown)).returncode == 0


def test_set_refuses_a_schema_the_annotations_break_with_every_reason(tmp_path: Path) -> None:
    db = annotated(tmp_path)

    def narrow(data: dict[str, Any]) -> None:
        data["labels"] = [item for item in data["labels"] if item["name"] != "SPEAKER"]
        data["relations"] = [r for r in data["relations"] if r["name"] != "SAID"]
        date_type = attribute(data, "DATE", "type")
        date_type["values"].remove("DATE")
        date_type["default"] = "TIME"
        event = label(data, "EVENT")
        event["attributes"] = [a for a in event["attributes"] if a["name"] != "class"]
        when = next(r for r in data["relations"] if r["name"] == "WHEN")
        when["from"] = ["QUOTE"]

    replacement = schema_file(tmp_path, narrow)
    before = dump(db)
    result = dateline("schema", str(db), "--set", str(replacement))
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "dateline: 1 span(s) by ann: the label SPEAKER is not in the schema "
        "(first: document 1, SPEAKER 4-12 'minister')",
        "dateline: 1 span(s) by ann: DATE.type cannot be 'DATE'; allowed: TIME, DURATION, SET "
        "(first: document 1, DATE 21-27 'Monday')",
        "dateline: 1 span(s) by ann: EVENT has no attribute 'class' in the schema "
        "(first: document 1, EVENT 45-51 'resume')",
        "dateline: 1 relation(s) by ann: WHEN may not link EVENT to DATE in the schema "
        "(only QUOTE to DATE) (first: document 1, WHEN EVENT -> DATE)",
        f"Error: {replacement}: the schema would break the project's annotations in 4 way(s); "
        "the project's schema is unchanged",
    ]
    assert dump(db) == before


def test_a_removed_relation_with_links_is_a_reason(tmp_path: Path) -> None:
    db = annotated(tmp_path)

    def drop_when(data: dict[str, Any]) -> None:
        data["relations"] = [r for r in data["relations"] if r["name"] != "WHEN"]

    result = dateline("schema", str(db), "--set", str(schema_file(tmp_path, drop_when)))
    assert result.returncode == 1
    assert result.stderr.splitlines()[0] == (
        "dateline: 1 relation(s) by ann: the relation WHEN is not in the schema "
        "(first: document 1, WHEN EVENT -> DATE)")


def test_a_bad_schema_file_is_one_line_and_changes_nothing(tmp_path: Path) -> None:
    db = annotated(tmp_path)
    broken = tmp_path / "broken.json"
    broken.write_text("{not json", encoding="utf-8")
    before = dump(db)
    result = dateline("schema", str(db), "--set", str(broken))
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith(f"Error: {broken}: not a JSON schema file")
    assert dump(db) == before
