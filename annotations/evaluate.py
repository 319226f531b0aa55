"""How well one annotator's work (or the stored suggestions) matches another's.

Per label: precision, recall and F1 for exact matching (same label, start and
end) and for overlap matching (same label, overlapping extents, each span
matched at most once, largest overlaps first). DATE value and EVENT class
accuracy on exactly matched spans; relation F1 over relations whose two
endpoints match exactly. Beside the accuracies, the TempEval-3 attribute scores
(the scorer's "value F1"): for DATE value and type and EVENT class, an F1 in which
a true positive is an overlap-matched pair whose attribute is right, over all
predicted and all gold spans of the label. Direct quotes (QUOTE spans marked
`direct`, or opening on a quotation mark) are also scored part by part: a quote
broken by its attribution ("“A,” he said, “B.”") is found when each of its
quoted parts overlaps a suggested direct quote, and the speaker is right when
every suggested part names one of the gold quote's speakers. Only documents the
gold annotator has spans in are compared (for `suggestions`, only those the model has suggested).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from annotations.errors import DatelineError
from annotations.text import is_quote_mark, opens_after_quote_mark

if TYPE_CHECKING:
    from annotations.store import Project

SUGGESTIONS = "suggestions"
ATTRIBUTES = (("DATE", "value"), ("DATE", "type"), ("EVENT", "class"))
RELATIONS = ("SAID", "WHEN")


class EvaluationError(DatelineError):
    """The annotators or the model to compare are not in the project."""


@dataclass(frozen=True)
class Item:
    """A span to compare: where, what, and its attributes."""

    document_id: int
    label: str
    start: int
    end: int
    text: str = ""
    attrs: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)
    key: int = 0  # the span's or suggestion's id, to resolve relations


@dataclass(frozen=True)
class Link:
    document_id: int
    label: str
    head: tuple[str, int, int]
    child: tuple[str, int, int]


@dataclass
class Side:
    """Everything one side (gold or predicted) holds in the compared documents."""

    items: list[Item] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)


@dataclass
class Evaluation:
    """The figures (the JSON shape of `dateline evaluate`) and the counts behind them."""

    figures: dict[str, Any]
    counts: dict[str, dict[str, int]]
    documents: int


SpanFilter = Callable[[Item], bool]


def prf(tp_pred: int, n_pred: int, tp_gold: int, n_gold: int) -> dict[str, float]:
    """Precision, recall and F1 (0 where undefined), rounded to 4 places."""
    p = tp_pred / n_pred if n_pred else 0.0
    r = tp_gold / n_gold if n_gold else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return {"p": round(p, 4), "r": round(r, 4), "f1": round(f1, 4)}


def overlap_matches(gold: list[Item], pred: list[Item]) -> list[tuple[Item, Item]]:
    """One-to-one pairs of overlapping spans of one document and label, largest overlap
    first."""
    pairs: list[tuple[int, int, int]] = []
    for gi, g in enumerate(gold):
        for pi, p in enumerate(pred):
            if (g.document_id, g.label) == (p.document_id, p.label) and g.start < p.end \
                    and p.start < g.end:
                pairs.append((min(g.end, p.end) - max(g.start, p.start), gi, pi))
    pairs.sort(key=lambda t: (-t[0], t[1], t[2]))
    used_g: set[int] = set()
    used_p: set[int] = set()
    matched: list[tuple[Item, Item]] = []
    for _, gi, pi in pairs:
        if gi not in used_g and pi not in used_p:
            used_g.add(gi)
            used_p.add(pi)
            matched.append((gold[gi], pred[pi]))
    return matched


def _exact_key(item: Item) -> tuple[int, str, int, int]:
    return item.document_id, item.label, item.start, item.end


def compare(gold: Side, pred: Side) -> tuple[dict[str, Any], dict[str, dict[str, int]]]:
    """The figures for two sides, and their counts."""
    labels = sorted({i.label for i in gold.items} | {i.label for i in pred.items})
    figures: dict[str, Any] = {"labels": {}, "attributes": {}, "relations": {}}
    counts: dict[str, dict[str, int]] = {}
    for label in labels:
        g = [i for i in gold.items if i.label == label]
        p = [i for i in pred.items if i.label == label]
        exact = len({_exact_key(i) for i in g} & {_exact_key(i) for i in p})
        overlap = len(overlap_matches(g, p))
        figures["labels"][label] = {
            "exact": prf(exact, len(p), exact, len(g)),
            "overlap": prf(overlap, len(p), overlap, len(g)),
        }
        counts[label] = {"gold": len(g), "pred": len(p), "exact": exact, "overlap": overlap}
    pred_by_key = {_exact_key(i): i for i in pred.items}
    for label, attr in ATTRIBUTES:
        right = n = 0
        for g_item in gold.items:
            match = pred_by_key.get(_exact_key(g_item))
            if g_item.label != label or match is None or g_item.attrs.get(attr) in (None, ""):
                continue
            n += 1
            right += int(match.attrs.get(attr) == g_item.attrs.get(attr))
        figures["attributes"][f"{label}.{attr}"] = {
            "accuracy": round(right / n, 4) if n else 0.0, "n": n,
            "tempeval_f1": attribute_f1([i for i in gold.items if i.label == label],
                                        [i for i in pred.items if i.label == label], attr),
        }
    if any(i.label == "QUOTE" and is_direct(i) for i in gold.items):
        figures["direct_quotes"] = direct_quote_figures(gold, pred)
    rel_labels = sorted(set(RELATIONS) | {x.label for x in gold.links} |
                        {x.label for x in pred.links})
    for label in rel_labels:
        g_links = {x for x in gold.links if x.label == label}
        p_links = {x for x in pred.links if x.label == label}
        both = len(g_links & p_links)
        figures["relations"][label] = prf(both, len(p_links), both, len(g_links))
        counts[label] = {"gold": len(g_links), "pred": len(p_links), "exact": both}
    return figures, counts


def attribute_f1(gold: list[Item], pred: list[Item], attr: str) -> dict[str, float]:
    """TempEval-3's attribute score: overlap-matched pairs whose `attr` is right, over all
    predicted (precision) and all gold (recall) spans."""
    right = sum(1 for g, p in overlap_matches(gold, pred)
                if g.attrs.get(attr) not in (None, "") and g.attrs.get(attr) == p.attrs.get(attr))
    return prf(right, len(pred), right, len(gold))


def is_direct(item: Item) -> bool:
    """A QUOTE marked direct, or one whose text opens on a quotation mark."""
    if item.attrs.get("direct") is True:
        return True
    return bool(item.text) and (is_quote_mark(item.text[0]) or is_quote_mark(item.text[:2]))


def quote_direct(label: str, attrs: dict[str, Any], text: str, start: int) -> dict[str, Any]:
    """`attrs`, with `direct` for a QUOTE that carries none and opens right after a
    quotation mark: the scheme's direct quote leaves its marks outside the span, and
    is_direct reads only the span's own text (the one rule: opens_after_quote_mark)."""
    if label != "QUOTE" or "direct" in attrs or not opens_after_quote_mark(text, start):
        return attrs
    return {**attrs, "direct": True}


def quote_parts(item: Item) -> list[tuple[int, int]]:
    """The quoted parts of a direct quote (“A,” he said, “B.” has two), as offsets."""
    from annotations.quotemarks import find_quote_regions

    regions = find_quote_regions(item.text) if item.text else []
    if len(regions) < 2:
        return [(item.start, item.end)]
    return [(item.start + r.start, item.start + r.end) for r in regions]


def direct_quote_figures(gold: Side, pred: Side) -> dict[str, float]:
    """Direct quotes found part by part: precision (suggested direct quotes that overlap a
    gold one), recall (gold quotes each of whose parts overlaps a suggested one), F1, and
    the share of found quotes with gold speakers whose every suggested part has a SAID
    speaker overlapping one of them ("speaker", over "n")."""
    g_quotes = [i for i in gold.items if i.label == "QUOTE" and is_direct(i)]
    p_quotes = [i for i in pred.items if i.label == "QUOTE" and i.attrs.get("direct") is True]
    by_doc: dict[int, list[Item]] = {}
    for q in p_quotes:
        by_doc.setdefault(q.document_id, []).append(q)
    hit: set[int] = set()
    found = right = n = 0
    for g in g_quotes:
        near = [p for p in by_doc.get(g.document_id, []) if p.start < g.end and g.start < p.end]
        hit.update(id(p) for p in near)
        if not near or not all(any(p.start < b and a < p.end for p in near)
                               for a, b in quote_parts(g)):
            continue
        found += 1
        g_speakers = _speakers(gold, g)
        if g_speakers:
            n += 1
            right += all(any(_overlap(a, b) for a in _speakers(pred, p) for b in g_speakers)
                         for p in near)
    figures: dict[str, float] = dict(prf(len(hit), len(p_quotes), found, len(g_quotes)))
    figures["speaker"] = round(right / n, 4) if n else 0.0
    figures["n"] = n
    return figures


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _speakers(side: Side, quote: Item) -> list[tuple[int, int]]:
    return [(x.head[1], x.head[2]) for x in side.links
            if x.label == "SAID" and x.document_id == quote.document_id
            and x.child == (quote.label, quote.start, quote.end)]


def _links(document_id: int, rels: Iterable[tuple[str, int, int]],
           items: dict[int, Item]) -> list[Link]:
    found: list[Link] = []
    for label, head, child in rels:
        h, c = items.get(head), items.get(child)
        if h is not None and c is not None:
            found.append(Link(document_id, label, (h.label, h.start, h.end),
                              (c.label, c.start, c.end)))
    return found


def annotator_side(project: Project, document_id: int, annotator: str,
                   keep: SpanFilter | None = None) -> Side:
    text = project.document(document_id).text
    spans = [Item(s.document_id, s.label, s.start, s.end, s.text,
                  quote_direct(s.label, s.attrs, text, s.start), s.id)
             for s in project.spans(document_id, annotator)]
    spans = [s for s in spans if keep is None or keep(s)]
    by_id = {s.key: s for s in spans}
    rels = [(r.label, r.head, r.child) for r in project.relations(document_id, annotator)]
    return Side(spans, _links(document_id, rels, by_id))


def suggestion_side(project: Project, document_id: int, model: str,
                    keep: SpanFilter | None = None) -> Side:
    from annotations.store.suggestions import suggested_relations, suggestions

    items = [Item(s.document_id, s.label, s.start, s.end, s.text, s.attrs, s.id)
             for s in suggestions(project, document_id, model)]
    items = [s for s in items if keep is None or keep(s)]
    by_id = {s.key: s for s in items}
    rels = [(r.label, r.head, r.child) for r in suggested_relations(project, document_id, model)]
    return Side(items, _links(document_id, rels, by_id))


def resolve_model(project: Project, model: str | None) -> str:
    """The stored model id ("name@version") meant by `model` (a full id, a pipeline
    name, or None when the project holds suggestions of one model only).

    Raises EvaluationError naming the stored models when it is unknown or ambiguous.
    """
    from annotations.store.suggestions import stored_models

    stored = stored_models(project)
    if not stored:
        raise EvaluationError(
            f"{project.path.name} has no stored suggestions; run `dateline suggest` first"
        )
    if model is None:
        if len(stored) == 1:
            return stored[0]
        raise EvaluationError(f"several models have suggested ({', '.join(stored)}); pass --model")
    if model in stored:
        return model
    named = [m for m in stored if m.split("@")[0] in (model, model.rstrip("/").split("/")[-1])]
    if len(named) == 1:
        return named[0]
    raise EvaluationError(f"no suggestions by {model!r} (stored: {', '.join(stored)})")


def evaluate(
    project: Project,
    gold: str,
    pred: str,
    *,
    model: str | None = None,
    documents: Iterable[int] | None = None,
    keep_gold: SpanFilter | None = None,
    keep_pred: SpanFilter | None = None,
) -> Evaluation:
    """Compare `pred` (an annotator, or "suggestions" of `model`) against `gold`.

    `keep_gold` / `keep_pred` restrict the spans compared (direct quotes only, say).
    Raises EvaluationError when an annotator or the model is unknown or no
    document has gold spans.
    """
    known = project.annotators()
    for name in (gold,) + (() if pred == SUGGESTIONS else (pred,)):
        if name not in known:
            raise EvaluationError(
                f"no annotator {name!r} in {project.path.name} (annotators: "
                f"{', '.join(known) or 'none'})"
            )
    model_id = resolve_model(project, model) if pred == SUGGESTIONS else None
    ids = _gold_documents(project, gold, documents)
    if model_id is not None:
        from annotations.store.suggestions import done_documents

        done = done_documents(project, model_id)
        ids = [i for i in ids if i in done]
    if not ids:
        raise EvaluationError(f"no document has spans by {gold!r}"
                              + (f" and suggestions by {model_id}" if model_id else ""))
    g_all, p_all = Side(), Side()
    for doc_id in ids:
        g = annotator_side(project, doc_id, gold, keep_gold)
        p = (suggestion_side(project, doc_id, model_id, keep_pred) if model_id is not None
             else annotator_side(project, doc_id, pred, keep_pred))
        g_all.items += g.items
        g_all.links += g.links
        p_all.items += p.items
        p_all.links += p.links
    figures, counts = compare(g_all, p_all)
    return Evaluation(figures, counts, len(ids))


def _gold_documents(project: Project, gold: str, documents: Iterable[int] | None) -> list[int]:
    having = project.documents_annotated_by(gold)
    if documents is None:
        return having
    wanted = set(documents)
    return [i for i in having if i in wanted]


def format_table(evaluation: Evaluation) -> str:
    """The figures as a plain-text table for the terminal."""
    f = evaluation.figures
    lines = [f"{evaluation.documents} document(s)",
             f"{'label':10} {'exact P':>8} {'R':>6} {'F1':>6}   {'overlap P':>9} {'R':>6} "
             f"{'F1':>6}   {'gold':>6} {'pred':>6}"]
    for label, m in f["labels"].items():
        e, o, c = m["exact"], m["overlap"], evaluation.counts[label]
        lines.append(f"{label:10} {e['p']:8.3f} {e['r']:6.3f} {e['f1']:6.3f}   {o['p']:9.3f} "
                     f"{o['r']:6.3f} {o['f1']:6.3f}   {c['gold']:6} {c['pred']:6}")
    for name, m in f["attributes"].items():
        t = m["tempeval_f1"]
        lines.append(f"{name:14} accuracy {m['accuracy']:.3f} on {m['n']} exact match(es)   "
                     f"TempEval-3 P {t['p']:.3f} R {t['r']:.3f} F1 {t['f1']:.3f}")
    if "direct_quotes" in f:
        d = f["direct_quotes"]
        lines.append(f"direct quotes (parts counted together) P {d['p']:.3f} R {d['r']:.3f} "
                     f"F1 {d['f1']:.3f}; speaker right {d['speaker']:.3f} on {d['n']:.0f}")
    for name, m in f["relations"].items():
        c = evaluation.counts[name]
        lines.append(f"{name:10} P {m['p']:.3f} R {m['r']:.3f} F1 {m['f1']:.3f}   "
                     f"(gold {c['gold']}, pred {c['pred']})")
    return "\n".join(lines)
