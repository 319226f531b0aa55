"""The suggester registry: the schema's labels choose the suggesters, one registration
adds a label; the suggester never imports training."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from annotations.schema import LabelSchema, default_schema
from annotations.suggest import registry
from annotations.suggest.pipeline import suggest_document
from annotations.suggest.registry import SpanSuggester, register_spans
from annotations.suggest.types import SuggestedSpan, Suggestions

SUGGEST = Path(__file__).resolve().parent.parent / "annotations" / "suggest"
TEXT = "The ferry sank on Tuesday, the coast guard said."



def schema_with(labels: list[dict[str, Any]], relations: list[dict[str, Any]]) -> LabelSchema:
    return LabelSchema.from_dict({"name": "test", "version": 1, "labels": labels,
                                  "relations": relations})


def test_the_schema_names_the_labels_suggested(nlp: Any) -> None:
    dates_only = schema_with([{"name": "DATE"}], [])
    found = suggest_document(nlp(TEXT), "2021-08-12", schema=dates_only)
    assert {s.label for s in found.spans} == {"DATE"}
    assert found.relations == []
    full = suggest_document(nlp(TEXT), "2021-08-12", schema=default_schema())
    assert {s.label for s in full.spans} >= {"DATE", "EVENT"}
    assert {r.label for r in full.relations} == {"WHEN", "SAID"}


@pytest.fixture
def ship_suggester() -> Iterator[None]:
    saved = dict(registry._SPANS)

    def ships(doc: Any, dct: str | None) -> Suggestions:
        return Suggestions([SuggestedSpan("SHIP", t.idx, t.idx + len(t.text))
                            for t in doc if t.lower_ == "ferry"])

    register_spans(SpanSuggester(("SHIP",), ships, lambda label, spans, dct: [{}] * len(spans)))
    yield
    registry._SPANS.clear()
    registry._SPANS.update(saved)


def test_one_registration_adds_a_label(nlp: Any, ship_suggester: None) -> None:
    schema = schema_with([{"name": "SHIP"}, {"name": "EVENT"}], [])
    found = suggest_document(nlp(TEXT), "2021-08-12", schema=schema)
    assert [TEXT[s.start:s.end] for s in found.spans if s.label == "SHIP"] == ["ferry"]


def test_the_suggester_never_imports_training() -> None:
    offenders = []
    for path in sorted(SUGGEST.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.ImportFrom) and node.module == "annotations.train") \
                    or (isinstance(node, ast.Import) and any(
                        a.name == "annotations.train" for a in node.names)):
                offenders.append(f"{path.name}:{node.lineno}")
    assert offenders == []


def test_a_trained_model_decides_where_the_event_rules_only_guess(nlp: Any) -> None:
    """EVENT: a noun the rules take for its suffix alone ("handling") goes when no span
    of the model overlaps it, and stays when one does, however unsure; a listed noun
    ("rescue") and a verb stay whatever the model says; the model's own spans add
    nothing."""
    from annotations.suggest.events import suggest_events
    from annotations.suggest.registry import span_suggester

    text = "The mayor praised the rescue and the handling of the storm by the crews."
    doc = nlp(text)

    def at(words: str, score: float | None = None) -> SuggestedSpan:
        start = text.index(words)
        return SuggestedSpan("EVENT", start, start + len(words), {}, score)

    rules = suggest_events(doc)
    assert {"praised", "rescue", "handling"} <= {text[s.start:s.end] for s in rules}
    events = span_suggester("EVENT")
    assert events is not None and events.combine is not None

    def combined(model: list[SuggestedSpan]) -> set[str]:
        assert events is not None and events.combine is not None
        return {text[s.start:s.end] for s in events.combine(doc, rules, model)}

    assert "handling" not in combined([at("storm", 0.9), at("mayor", 0.97)])
    assert {"praised", "rescue"} <= combined([])
    assert "handling" in combined([at("the handling", 0.03)])
    assert combined([at("mayor", 0.97), at("crews", 0.9)]) == combined([])
