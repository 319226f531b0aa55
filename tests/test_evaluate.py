"""`evaluate` on a hand-made gold: figures worked out by hand, the JSON shape, errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from annotations.cli import main
from annotations.evaluate import (
    EvaluationError,
    Item,
    Link,
    Side,
    attribute_f1,
    direct_quote_figures,
    evaluate,
    overlap_matches,
)
from annotations.store import Project
from annotations.store.suggestions import store_suggestions
from annotations.suggest.types import SuggestedRelation, SuggestedSpan, Suggestions

TEXT = "The ferry sank on Tuesday. The mayor said repairs would start in May."


def at(word: str, occurrence: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(occurrence + 1):
        start = TEXT.index(word, start + 1)
    return start, start + len(word)


def add(p: Project, doc: int, who: str, label: str, word: str, **attrs: object) -> int:
    start, end = at(word)
    return p.add_span(doc, who, label, start, end, dict(attrs)).id


@pytest.fixture
def compared(project: Project) -> tuple[Project, int]:
    doc = project.add_document(TEXT, date="2021-08-12")[0].id
    g = {
        "sank": add(project, doc, "gold", "EVENT", "sank", **{"class": "OCCURRENCE"}),
        "said": add(project, doc, "gold", "EVENT", "said", **{"class": "REPORTING"}),
        "start": add(project, doc, "gold", "EVENT", "start", **{"class": "ASPECTUAL"}),
        "Tuesday": add(project, doc, "gold", "DATE", "Tuesday", value="2021-08-10"),
        "May": add(project, doc, "gold", "DATE", "May", value="2021-05"),
        "mayor": add(project, doc, "gold", "SPEAKER", "The mayor"),
        "quote": add(project, doc, "gold", "QUOTE", "repairs would start in May"),
    }
    project.add_relation("WHEN", g["sank"], g["Tuesday"])
    project.add_relation("WHEN", g["start"], g["May"])
    project.add_relation("SAID", g["mayor"], g["quote"])
    b = {
        "sank": add(project, doc, "bob", "EVENT", "sank", **{"class": "OCCURRENCE"}),
        "said": add(project, doc, "bob", "EVENT", "said", **{"class": "OCCURRENCE"}),
        "ferry": add(project, doc, "bob", "EVENT", "ferry", **{"class": "OCCURRENCE"}),
        "Tuesday": add(project, doc, "bob", "DATE", "Tuesday", value="2021-08-17"),
        "May": add(project, doc, "bob", "DATE", "in May"),
        "mayor": add(project, doc, "bob", "SPEAKER", "mayor"),
        "quote": add(project, doc, "bob", "QUOTE", "repairs would start in May"),
    }
    project.add_relation("WHEN", b["sank"], b["Tuesday"])
    project.add_relation("SAID", b["mayor"], b["quote"])
    return project, doc


def test_figures_on_a_hand_made_gold(compared: tuple[Project, int]) -> None:
    project, _ = compared
    f = evaluate(project, "gold", "bob").figures
    third = {"p": 0.6667, "r": 0.6667, "f1": 0.6667}
    assert f["labels"]["EVENT"] == {"exact": third, "overlap": third}
    assert f["labels"]["DATE"] == {"exact": {"p": 0.5, "r": 0.5, "f1": 0.5},
                                   "overlap": {"p": 1.0, "r": 1.0, "f1": 1.0}}
    assert f["labels"]["SPEAKER"] == {"exact": {"p": 0.0, "r": 0.0, "f1": 0.0},
                                      "overlap": {"p": 1.0, "r": 1.0, "f1": 1.0}}
    assert f["labels"]["QUOTE"]["exact"] == {"p": 1.0, "r": 1.0, "f1": 1.0}
    none = {"p": 0.0, "r": 0.0, "f1": 0.0}
    one_third = {"p": 0.3333, "r": 0.3333, "f1": 0.3333}
    assert f["attributes"] == {
        "DATE.value": {"accuracy": 0.0, "n": 1, "tempeval_f1": none},
        "DATE.type": {"accuracy": 0.0, "n": 0, "tempeval_f1": none},
        # TempEval-3: 'sank' (overlap-matched, class right) over 3 predicted, 3 gold
        "EVENT.class": {"accuracy": 0.5, "n": 2, "tempeval_f1": one_third}}
    assert f["relations"]["WHEN"] == {"p": 1.0, "r": 0.5, "f1": 0.6667}
    assert f["relations"]["SAID"] == {"p": 0.0, "r": 0.0, "f1": 0.0}


def test_json_has_the_documented_shape(compared: tuple[Project, int], project_path: Path,
                                       tmp_path: Path) -> None:
    compared[0].close()
    out = tmp_path / "eval.json"
    result = CliRunner().invoke(main, ["evaluate", str(project_path), "--gold", "gold",
                                       "--pred", "bob", "--json", str(out)])
    assert result.exit_code == 0, result.output
    assert "EVENT" in result.output
    data = json.loads(out.read_text())
    assert set(data) == {"labels", "attributes", "relations"}
    for label in data["labels"].values():
        assert set(label) == {"exact", "overlap"}
        assert all(set(m) == {"p", "r", "f1"} for m in label.values())
    assert set(data["attributes"]) == {"DATE.value", "DATE.type", "EVENT.class"}
    assert all(set(m) == {"accuracy", "n", "tempeval_f1"} for m in data["attributes"].values())
    assert set(data["relations"]) == {"SAID", "WHEN"}


def test_stored_suggestions_as_the_prediction(compared: tuple[Project, int]) -> None:
    project, doc = compared
    s, e = at("sank")
    d0, d1 = at("Tuesday")
    store_suggestions(project, doc, "pipe@1.0", Suggestions(
        [SuggestedSpan("EVENT", s, e, {"class": "OCCURRENCE"}),
         SuggestedSpan("DATE", d0, d1, {"type": "DATE", "value": "2021-08-10"})],
        [SuggestedRelation("WHEN", 0, 1)],
    ))
    f = evaluate(project, "gold", "suggestions", model="pipe").figures
    assert f["labels"]["EVENT"]["exact"] == {"p": 1.0, "r": 0.3333, "f1": 0.5}
    assert f["attributes"]["DATE.value"]["accuracy"] == 1.0
    assert f["attributes"]["DATE.value"]["tempeval_f1"] == {"p": 1.0, "r": 0.5, "f1": 0.6667}
    assert f["relations"]["WHEN"] == {"p": 1.0, "r": 0.5, "f1": 0.6667}


def test_filters_restrict_what_is_compared(compared: tuple[Project, int]) -> None:
    project, _ = compared
    only_dates = evaluate(project, "gold", "bob", keep_gold=lambda i: i.label == "DATE",
                          keep_pred=lambda i: i.label == "DATE").figures
    assert list(only_dates["labels"]) == ["DATE"]


def test_overlap_matching_is_one_to_one() -> None:
    gold = [Item(1, "QUOTE", 0, 10), Item(1, "QUOTE", 12, 20)]
    pred = [Item(1, "QUOTE", 0, 20)]
    assert overlap_matches(gold, pred) == [(gold[0], pred[0])]


def test_unknown_names_are_clear_errors(compared: tuple[Project, int]) -> None:
    project, _ = compared
    with pytest.raises(EvaluationError, match="no annotator 'carol'"):
        evaluate(project, "gold", "carol")
    with pytest.raises(EvaluationError, match="no stored suggestions"):
        evaluate(project, "gold", "suggestions")


def test_tempeval_attribute_score_counts_overlap_matches_over_all_spans() -> None:
    gold = [Item(1, "DATE", 3, 6, "May", {"value": "2021-05"}),
            Item(1, "DATE", 10, 17, "Tuesday", {"value": "2021-08-10"})]
    pred = [Item(1, "DATE", 0, 6, "in May", {"value": "2021-05"}),  # overlap, value right
            Item(1, "DATE", 10, 17, "Tuesday", {"value": "2021-08-17"}),  # value wrong
            Item(1, "DATE", 20, 25, "today", {"value": "2021-08-12"})]  # no gold
    assert attribute_f1(gold, pred, "value") == {"p": 0.3333, "r": 0.5, "f1": 0.4}


def test_a_quote_broken_by_its_attribution_is_found_when_its_parts_are() -> None:
    text = "“We will rebuild,” the mayor said, “and we will start in May.”"
    whole = Item(1, "QUOTE", 0, len(text), text)
    first = text.index("We"), text.index(",”")
    second = text.index("and"), text.index(".”")
    speaker = text.index("the mayor"), text.index(" said")
    gold = Side([whole, Item(1, "SPEAKER", *speaker)],
                [Link(1, "SAID", ("SPEAKER", *speaker), ("QUOTE", 0, len(text)))])

    def suggested(parts: list[tuple[int, int]]) -> Side:
        items = [Item(1, "QUOTE", a, b, text[a:b], {"direct": True}) for a, b in parts]
        return Side(items, [Link(1, "SAID", ("SPEAKER", *speaker), ("QUOTE", a, b))
                            for a, b in parts])

    both = direct_quote_figures(gold, suggested([first, second]))
    assert (both["p"], both["r"], both["speaker"], both["n"]) == (1.0, 1.0, 1.0, 1)
    half = direct_quote_figures(gold, suggested([first]))
    assert (half["p"], half["r"]) == (1.0, 0.0)
