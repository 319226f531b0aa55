"""A lone surrogate (what a bad decode leaves, e.g. JSON's "\\ud800") cannot be
stored as UTF-8: every write that meets one is a ValidationError naming it, the
project unchanged, never a UnicodeEncodeError with a traceback."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from annotations.errors import ValidationError
from annotations.store import Project


def dump(path: Path) -> list[str]:
    with Project(path) as p:
        return list(p.conn.iterdump())


@pytest.mark.parametrize("fields", [
    {"text": "Talks \ud800 resumed."},
    {"text": "Talks resumed.", "title": "\udc80"},
    {"text": "Talks resumed.", "source": "wire\ud83d.txt"},
    {"text": "Talks resumed.", "meta": {"desk": "\udfff"}},
])
def test_a_document_with_a_lone_surrogate_is_refused(tmp_path: Path,
                                                     fields: dict[str, Any]) -> None:
    path = tmp_path / "p.db"
    Project.create(path).close()
    before = dump(path)
    with Project(path) as p, pytest.raises(ValidationError, match="lone surrogate"):
        p.add_document(**fields)
    assert dump(path) == before


def test_a_span_attribute_or_note_with_a_lone_surrogate_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "p.db"
    with Project.create(path) as p:
        doc, _ = p.add_document("The mayor said on Monday that the bridge reopens.")
    before = dump(path)
    with Project(path) as p:
        with pytest.raises(ValidationError, match="lone surrogate"):
            p.add_span(doc.id, "ann", "DATE", 17, 26, attrs={"value": "P\ud800"})
        with pytest.raises(ValidationError, match="lone surrogate"):
            p.set_note(doc.id, "ann", "check \udc00 this")
    assert dump(path) == before
