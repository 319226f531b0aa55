"""Suggestion quality and cost on the team's development data, beside baselines
measured in the same run.

Each split is measured on its own, development beside check (issue 13: rules are
written against TimeBank and PolNeAR train, and checked on AQUAINT and PolNeAR dev).

- TimeML (TimeBank, then AQUAINT, ../shared/data/tbaq-cleaned) imported with the
  TimeML reader: EVENT F1 of the rules (target >= 0.80) beside "every verb"
  (every token the parser tags VERB); DATE relaxed F1 (target >= 0.92) and the
  TempEval-3 value F1 (target >= 0.82), DATE type and EVENT class F1; WHEN F1
  against the TLINKs that put an event within a time (event IS_INCLUDED, or
  time INCLUDES event; target >= 0.65), and as an extra figure beside it the same F1
  with each end matched by overlap (how much is lost to span edges alone).
- PolNeAR dev (../shared/data/polnear/dev) imported with the brat reader
  (Source -> SPEAKER, Content -> QUOTE, SAID from each attribution): direct
  quotes found, parts counted together (target >= 0.90 at precision >= 0.95;
  a gold direct quote is a Content that opens on a quotation mark, `` and '' too) and the
  share of found quotes whose every suggested part has a SAID speaker
  overlapping a gold source (target >= 0.95), beside textacy's
  direct_quotations on the same parses (skipped when textacy is not installed:
  `.venv/bin/pip install textacy`; it is not a project dependency). textacy
  raises on some unbalanced marks: such a document counts as finding nothing.
  DATELINE_BENCH_FULL=1 adds PolNeAR train (839 documents, several minutes).
- Cost: the rules' time over bare nlp.pipe on the same texts (target <= 25%).

Skipped when the data folder is missing (set DATELINE_DATA to move it).
Prints figures; asserts none.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from annotations.evaluate import (
    Item,
    Link,
    Side,
    compare,
    direct_quote_figures,
    evaluate,
    prf,
    suggestion_side,
)
from annotations.formats.base import ReadOptions
from annotations.importing import import_paths
from annotations.progress import drive
from annotations.store import Project
from annotations.store.suggestions import store_suggestions
from annotations.suggest.model import default_model_name, load_model, model_identity
from annotations.suggest.pipeline import suggest_document
from annotations.suggest.types import Suggestions

DATA = Path(os.environ.get("DATELINE_DATA", Path(__file__).resolve().parents[3] / "shared"
                           / "data"))
TIMEBANK = DATA / "tbaq-cleaned" / "TimeBank"
AQUAINT = DATA / "tbaq-cleaned" / "AQUAINT"
POLNEAR_DEV = DATA / "polnear" / "dev"
POLNEAR_TRAIN = DATA / "polnear" / "train"
POLNEAR_MAP: dict[str, str | None] = {
    "Source": "SPEAKER", "Content": "QUOTE", "Cue": None, "Attribution": None,
    "Discard": None, "Discuss": None, "Attribution-no-source": None,
}
TARGETS = {"EVENT": 0.80, "DATE": 0.92, "value": 0.82, "WHEN": 0.65, "QUOTE": 0.90,
           "precision": 0.95, "speaker": 0.95, "overhead": 0.25}

pytestmark = pytest.mark.skipif(not POLNEAR_DEV.is_dir() or not TIMEBANK.is_dir(),
                                reason=f"no development data at {DATA}")


@pytest.fixture(scope="module")
def nlp() -> Any:
    pipeline = load_model(default_model_name())
    list(pipeline.pipe(["Warm up the pipeline before timing it."]))
    return pipeline


def build(tmp: Path, name: str, paths: list[Path], annotator: str,
          label_map: dict[str, str | None] | None = None) -> Project:
    project = Project.create(tmp / f"{name}.db")
    report = drive(import_paths(project, [str(p) for p in paths], annotator, skip_invalid=True,
                                options=ReadOptions(label_map=label_map or {})))
    print(f"\n{name}: {report.documents_added} document(s) imported, "
          f"{len(report.skipped)} item(s) skipped")
    return project


def suggest_timed(project: Project, nlp: Any) -> tuple[dict[int, Any], float, float]:
    """Parse every document (timed: bare nlp.pipe), run the rules on the parses (timed)
    and store the suggestions. Returns the parses and both times."""
    documents = list(project.documents())
    t0 = time.perf_counter()
    parsed = list(nlp.pipe((d.text for d in documents), batch_size=32))
    t_pipe = time.perf_counter() - t0
    t0 = time.perf_counter()
    found = [suggest_document(p, d.date) for d, p in zip(documents, parsed, strict=True)]
    t_rules = time.perf_counter() - t0
    for d, f in zip(documents, found, strict=True):
        store_suggestions(project, d.id, model_identity(nlp), f)
    return {d.id: p for d, p in zip(documents, parsed, strict=True)}, t_pipe, t_rules


def overlap_link_f1(gold: list[Link], predicted: list[Link], label: str) -> float:
    """`label` relation F1 with each end matched by overlap (same label, overlapping
    characters), one gold link to at most one predicted link: an extra figure beside
    the official one, which needs both ends exact."""
    open_gold: dict[int, list[Link]] = {}
    for link in gold:
        if link.label == label:
            open_gold.setdefault(link.document_id, []).append(link)
    n_gold = sum(len(links) for links in open_gold.values())
    mine = [link for link in predicted if link.label == label]
    tp = 0
    for link in mine:
        candidates = open_gold.get(link.document_id, [])
        match = next((g for g in candidates if _overlaps(g.head, link.head)
                      and _overlaps(g.child, link.child)), None)
        if match is not None:
            candidates.remove(match)
            tp += 1
    return prf(tp, len(mine), tp, n_gold)["f1"]


def _overlaps(a: tuple[str, int, int], b: tuple[str, int, int]) -> bool:
    return a[0] == b[0] and a[1] < b[2] and b[1] < a[2]


def side_of(doc_id: int, found: Suggestions, text: str) -> Side:
    items = [Item(doc_id, s.label, s.start, s.end, text[s.start:s.end], s.attrs, i)
             for i, s in enumerate(found.spans)]
    links = [Link(doc_id, r.label, (items[r.head].label, items[r.head].start, items[r.head].end),
                  (items[r.child].label, items[r.child].start, items[r.child].end))
             for r in found.relations]
    return Side(items, links)


def gold_side(project: Project, annotator: str, keep: Callable[[Item], bool]) -> Side:
    from annotations.evaluate import annotator_side

    side = Side()
    for doc_id in project.document_ids():
        one = annotator_side(project, doc_id, gold_annotator(project, doc_id, annotator), keep)
        side.items += one.items
        side.links += one.links
    return side


def gold_annotator(project: Project, doc_id: int, annotator: str) -> str:
    """`annotator`, or for a document that several annotators marked (the importer names
    each `annotator.<id>`, as PolNeAR's training articles) the first of them: their
    suggestions were otherwise scored against no gold at all."""
    names = sorted({s.annotator for s in project.spans(doc_id)})
    if annotator in names:
        return annotator
    return next((n for n in names if n.startswith(annotator + ".")), annotator)


def merge(sides: list[Side]) -> Side:
    out = Side()
    for s in sides:
        out.items += s.items
        out.links += s.links
    return out


def textacy_side(doc_id: int, parsed: Any) -> tuple[Side, bool]:
    import textacy.extract

    items: list[Item] = []
    links: list[Link] = []
    try:
        triples = list(textacy.extract.triples.direct_quotations(parsed))
    except Exception:  # textacy fails on unbalanced marks; count as nothing found
        return Side(), False
    for triple in triples:
        c = triple.content
        quote = Item(doc_id, "QUOTE", c.start_char, c.end_char)
        items.append(quote)
        if triple.speaker:
            s0 = min(t.idx for t in triple.speaker)
            s1 = max(t.idx + len(t.text) for t in triple.speaker)
            items.append(Item(doc_id, "SPEAKER", s0, s1))
            links.append(Link(doc_id, "SAID", ("SPEAKER", s0, s1), ("QUOTE", c.start_char,
                                                                     c.end_char)))
    return Side(items, links), True


def with_direct_mark(side: Side) -> Side:
    """textacy's quotes are all direct: mark them so for the part-by-part figures."""
    return Side([Item(i.document_id, i.label, i.start, i.end, i.text,
                      {"direct": True} if i.label == "QUOTE" else {}, i.key)
                 for i in side.items], side.links)


def show(name: str, value: float, target: float | None = None, baseline: float | None = None,
         baseline_name: str = "", higher_is_better: bool = True) -> None:
    parts = [f"  {name:44} {value:6.3f}"]
    if target is not None:
        ok = value >= target if higher_is_better else value <= target
        parts.append(f"target {'>=' if higher_is_better else '<='} {target:.2f} "
                     f"{'ok' if ok else 'BELOW TARGET' if higher_is_better else 'OVER TARGET'}")
    if baseline is not None:
        ratio = f" ({value / baseline:.2f}x)" if baseline else ""
        parts.append(f"{baseline_name} {baseline:.3f}{ratio}")
    print("   ".join(parts))


def timeml(nlp: Any, tmp_path: Path, folder: Path, name: str) -> None:
    project = build(tmp_path, name, [folder], "timeml")
    parsed, t_pipe, t_rules = suggest_timed(project, nlp)
    ours = evaluate(project, "timeml", "suggestions", model=model_identity(nlp),
                    keep_pred=lambda i: i.label in ("EVENT", "DATE"))
    gold = gold_side(project, "timeml", lambda i: i.label == "EVENT")
    verbs = Side([Item(doc_id, "EVENT", t.idx, t.idx + len(t.text))
                  for doc_id, doc in parsed.items() for t in doc if t.pos_ == "VERB"])
    baseline, _ = compare(gold, verbs)
    f = ours.figures
    attrs = f["attributes"]
    print(f"{name} ({ours.documents} documents)")
    show("EVENT F1 (rules, exact)", f["labels"]["EVENT"]["exact"]["f1"], TARGETS["EVENT"],
         baseline["labels"]["EVENT"]["exact"]["f1"], "every verb")
    print(f"  EVENT P {f['labels']['EVENT']['exact']['p']:.3f} "
          f"R {f['labels']['EVENT']['exact']['r']:.3f}; every verb P "
          f"{baseline['labels']['EVENT']['exact']['p']:.3f} "
          f"R {baseline['labels']['EVENT']['exact']['r']:.3f}")
    show("EVENT class F1, TempEval-3", attrs["EVENT.class"]["tempeval_f1"]["f1"])
    show("DATE relaxed (overlap) F1", f["labels"]["DATE"]["overlap"]["f1"], TARGETS["DATE"])
    show("DATE value F1, TempEval-3", attrs["DATE.value"]["tempeval_f1"]["f1"],
         TARGETS["value"])
    show("DATE type F1, TempEval-3", attrs["DATE.type"]["tempeval_f1"]["f1"])
    show("DATE value accuracy (exact matches)", attrs["DATE.value"]["accuracy"])
    show("WHEN F1 vs TimeML IS_INCLUDED/INCLUDES TLINKs", f["relations"]["WHEN"]["f1"],
         TARGETS["WHEN"])
    model = model_identity(nlp)
    predicted = [link for doc_id in project.document_ids()
                 for link in suggestion_side(project, doc_id, model).links]
    show("WHEN F1, ends matched by overlap (extra)",
         overlap_link_f1(gold_side(project, "timeml", lambda i: True).links, predicted,
                         "WHEN"))
    show("rules time / bare nlp.pipe time", t_rules / t_pipe, TARGETS["overhead"],
         higher_is_better=False)
    print(f"  nlp.pipe {t_pipe:.1f} s, rules {t_rules:.1f} s")
    project.close()


def test_timebank_development(nlp: Any, tmp_path: Path) -> None:
    timeml(nlp, tmp_path, TIMEBANK, "TimeBank (development)")


def test_aquaint_check(nlp: Any, tmp_path: Path) -> None:
    timeml(nlp, tmp_path, AQUAINT, "AQUAINT (check)")


def polnear(nlp: Any, tmp_path: Path, folder: Path, name: str) -> None:
    project = build(tmp_path, name, [folder], "polnear", POLNEAR_MAP)
    parsed, t_pipe, t_rules = suggest_timed(project, nlp)
    model = model_identity(nlp)
    gold = gold_side(project, "polnear", lambda i: True)  # evaluate.is_direct picks quotes
    from annotations.store.suggestions import suggested_relations, suggestions

    ours_sides = []
    for doc_id in project.document_ids():
        text = project.document(doc_id).text
        stored = suggestions(project, doc_id, model)
        index = {s.id: i for i, s in enumerate(stored)}
        found = Suggestions(
            [_as_span(s) for s in stored],
            [_as_relation(r, index) for r in suggested_relations(project, doc_id, model)],
        )
        side = side_of(doc_id, found, text)
        ours_sides.append(side)
    ours = direct_quote_figures(gold, merge(ours_sides))
    print(f"PolNeAR {name} ({len(parsed)} documents), direct quotes, parts counted together")
    try:
        import textacy  # noqa: F401
        have_textacy = True
    except ImportError:
        have_textacy = False
    base: dict[str, float] | None = None
    crashed = 0
    if have_textacy:
        sides = []
        for doc_id, doc in parsed.items():
            side, ok = textacy_side(doc_id, doc)
            crashed += not ok
            sides.append(side)
        base = direct_quote_figures(gold, with_direct_mark(merge(sides)))
    show("direct quotes found (parts together)", ours["r"], TARGETS["QUOTE"],
         base["r"] if base else None, "textacy")
    show("direct quote precision", ours["p"], TARGETS["precision"],
         base["p"] if base else None, "textacy")
    show("direct quote F1", ours["f1"], None, base["f1"] if base else None, "textacy")
    show(f"speaker right on found quotes (n={ours['n']:.0f})", ours["speaker"],
         TARGETS["speaker"], base["speaker"] if base else None, "textacy")
    if base is not None:
        print(f"  textacy raised on {crashed} of {len(parsed)} documents")
    else:
        print("  textacy not installed: baseline skipped")
    show("rules time / bare nlp.pipe time", t_rules / t_pipe, TARGETS["overhead"],
         higher_is_better=False)
    project.close()


def _as_span(s: Any) -> Any:
    from annotations.suggest.types import SuggestedSpan

    return SuggestedSpan(s.label, s.start, s.end, s.attrs, s.score)


def _as_relation(r: Any, index: dict[int, int]) -> Any:
    from annotations.suggest.types import SuggestedRelation

    return SuggestedRelation(r.label, index[r.head], index[r.child], r.score)


def test_polnear_dev_quotes_and_speakers(nlp: Any, tmp_path: Path) -> None:
    polnear(nlp, tmp_path, POLNEAR_DEV, "dev")


@pytest.mark.skipif(not os.environ.get("DATELINE_BENCH_FULL"), reason="DATELINE_BENCH_FULL unset")
def test_polnear_train_quotes_and_speakers(nlp: Any, tmp_path: Path) -> None:
    polnear(nlp, tmp_path, POLNEAR_TRAIN, "train")
