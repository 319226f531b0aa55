"""The agreement report as one self-contained HTML page, with its plots drawn
as inline SVG (no plotting library): agreement per label and annotator pair,
chance-corrected coefficients per label, the label confusion matrix and
suggestion use. The review window shows the same SVG plots.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from html import escape
from typing import Any

PALETTE = ("#4c78a8", "#f58518", "#54a24b", "#e45756", "#72b7b2", "#b279a2", "#eeca3b",
           "#9d755d")
USE_COLOURS = {"unchanged": "#54a24b", "changed": "#eeca3b", "manual": "#4c78a8",
               "imported": "#bab0ac"}
FONT = "font-family='sans-serif' font-size='11'"


def _number(value: Any) -> float | None:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    return float(value)


def _fmt(value: Any, digits: int = 3) -> str:
    number = _number(value)
    return "n/a" if number is None else f"{number:.{digits}f}"


def bar_chart(
    groups: Sequence[str],
    series: Sequence[str],
    values: Mapping[tuple[str, str], Any],
    *,
    title: str,
    low: float = 0.0,
    high: float = 1.0,
) -> str:
    """Grouped bars: one group per label, one bar per series (annotator pair
    or coefficient). Missing values (NaN/None) are marked n/a."""
    bar, gap, left, top, height = 16, 14, 40, 28, 160
    width = left + len(groups) * (len(series) * bar + gap) + gap
    legend_w = max((len(s) for s in series), default=0) * 7 + 30
    total_w = width + legend_w

    def y(v: float) -> float:
        clipped = min(max(v, low), high)
        return top + height * (high - clipped) / (high - low)

    parts = [f"<svg xmlns='http://www.w3.org/2000/svg' width='{total_w}' "
             f"height='{top + height + 40}' role='img' aria-label='{escape(title)}'>",
             f"<text x='{left}' y='16' {FONT} font-weight='bold'>{escape(title)}</text>"]
    for tick in _ticks(low, high):
        parts.append(f"<line x1='{left}' x2='{width}' y1='{y(tick):.1f}' y2='{y(tick):.1f}' "
                     f"stroke='{'#888' if tick == 0 else '#ddd'}'/>")
        parts.append(f"<text x='{left - 4}' y='{y(tick) + 4:.1f}' {FONT} "
                     f"text-anchor='end'>{tick:g}</text>")
    for g, group in enumerate(groups):
        x0 = left + gap + g * (len(series) * bar + gap)
        for s, name in enumerate(series):
            x = x0 + s * bar
            value = _number(values.get((group, name)))
            if value is None:
                parts.append(f"<text x='{x + bar / 2}' y='{y(0) - 3:.1f}' font-size='8' "
                             f"font-family='sans-serif' text-anchor='middle'>n/a</text>")
                continue
            y0, y1 = sorted((y(0.0 if low <= 0 <= high else low), y(value)))
            parts.append(
                f"<rect x='{x}' y='{y0:.1f}' width='{bar - 2}' height='{max(y1 - y0, 0.5):.1f}' "
                f"fill='{PALETTE[s % len(PALETTE)]}'><title>{escape(group)} {escape(name)}: "
                f"{value:.3f}</title></rect>"
            )
        parts.append(f"<text x='{x0 + len(series) * bar / 2}' y='{top + height + 16}' {FONT} "
                     f"text-anchor='middle'>{escape(group)}</text>")
    for s, name in enumerate(series):
        ly = top + 4 + s * 16
        parts.append(f"<rect x='{width + 10}' y='{ly}' width='10' height='10' "
                     f"fill='{PALETTE[s % len(PALETTE)]}'/>")
        parts.append(f"<text x='{width + 24}' y='{ly + 9}' {FONT}>{escape(name)}</text>")
    parts.append("</svg>")
    return "".join(parts)


def _ticks(low: float, high: float) -> list[float]:
    step = 0.5 if high - low > 1 else 0.25
    count = round((high - low) / step)
    return [round(low + i * step, 2) for i in range(count + 1)]


def heatmap(labels: Sequence[str], matrix: Sequence[Sequence[int]], *, title: str,
            rows: str = "first annotator", columns: str = "second annotator") -> str:
    """A labels x labels matrix of counts, darker for more."""
    cell, left, top = 44, 90, 60
    n = len(labels)
    peak = max((v for row in matrix for v in row), default=0) or 1
    parts = [f"<svg xmlns='http://www.w3.org/2000/svg' width='{left + n * cell + 20}' "
             f"height='{top + n * cell + 30}' role='img' aria-label='{escape(title)}'>",
             f"<text x='4' y='16' {FONT} font-weight='bold'>{escape(title)}</text>",
             f"<text x='{left}' y='32' {FONT} fill='#555'>columns: {escape(columns)}; rows: "
             f"{escape(rows)}</text>"]
    for j, name in enumerate(labels):
        parts.append(f"<text x='{left + j * cell + cell / 2}' y='{top - 6}' font-size='9' "
                     f"font-family='sans-serif' text-anchor='middle'>{escape(name[:8])}</text>")
    for i, name in enumerate(labels):
        parts.append(f"<text x='{left - 6}' y='{top + i * cell + cell / 2 + 4}' {FONT} "
                     f"text-anchor='end'>{escape(name)}</text>")
        for j in range(n):
            value = matrix[i][j]
            shade = 255 - int(200 * value / peak)
            fill = f"rgb({shade},{shade},255)" if i == j else f"rgb(255,{shade},{shade})"
            parts.append(
                f"<rect x='{left + j * cell}' y='{top + i * cell}' width='{cell - 1}' "
                f"height='{cell - 1}' fill='{fill if value else '#f6f6f6'}'><title>"
                f"{escape(labels[i])} / {escape(labels[j])}: {value}</title></rect>"
            )
            cx, cy = left + j * cell + cell / 2, top + i * cell + cell / 2 + 4
            parts.append(f"<text x='{cx}' y='{cy}' {FONT} text-anchor='middle'>{value}</text>")
    parts.append("</svg>")
    return "".join(parts)


def stacked_shares(rows: Sequence[tuple[str, Mapping[str, int]]], *, title: str) -> str:
    """One horizontal bar per row, split into the shares of its kinds."""
    left, width, bar = 150, 300, 16
    parts = [f"<svg xmlns='http://www.w3.org/2000/svg' width='{left + width + 20}' "
             f"height='{40 + len(rows) * (bar + 4) + 24}' role='img' "
             f"aria-label='{escape(title)}'>",
             f"<text x='4' y='16' {FONT} font-weight='bold'>{escape(title)}</text>"]
    for r, (name, counts) in enumerate(rows):
        y = 28 + r * (bar + 4)
        total = sum(counts.get(k, 0) for k in USE_COLOURS) or 1
        parts.append(f"<text x='{left - 6}' y='{y + 12}' {FONT} text-anchor='end'>"
                     f"{escape(name)}</text>")
        x = float(left)
        for kind, colour in USE_COLOURS.items():
            w = width * counts.get(kind, 0) / total
            if w:
                parts.append(f"<rect x='{x:.1f}' y='{y}' width='{w:.1f}' height='{bar}' "
                             f"fill='{colour}'><title>{escape(name)} {kind}: "
                             f"{counts.get(kind, 0)}</title></rect>")
            x += w
    y = 28 + len(rows) * (bar + 4) + 6
    for k, (kind, colour) in enumerate(USE_COLOURS.items()):
        parts.append(f"<rect x='{left + k * 80}' y='{y}' width='10' height='10' "
                     f"fill='{colour}'/><text x='{left + k * 80 + 14}' y='{y + 9}' {FONT}>"
                     f"{kind}</text>")
    parts.append("</svg>")
    return "".join(parts)


def pair_charts(report: Mapping[str, Any]) -> list[str]:
    """Exact F1, overlap F1 and Cohen's kappa per label and annotator pair."""
    labels = list(report["labels"])
    pairs = [p for p in next(iter(report["labels"].values()), {"pairs": {}})["pairs"]]
    charts = []
    for key, title, low in (("exact_f1", "Exact span F1", 0.0),
                            ("overlap_f1", "Overlap span F1", 0.0),
                            ("cohen_kappa", "Token Cohen's kappa", -1.0)):
        values = {(label, pair): report["labels"][label]["pairs"][pair][key]
                  for label in labels for pair in pairs}
        charts.append(bar_chart(labels, pairs, values, title=title, low=low))
    return charts


def coefficient_chart(report: Mapping[str, Any]) -> str:
    """Fleiss' kappa, Krippendorff's alpha and alpha_u per label."""
    names = {"fleiss_kappa": "Fleiss' kappa", "krippendorff_alpha": "Krippendorff's alpha",
             "alpha_u": "alpha_u"}
    labels = list(report["labels"])
    values = {(label, title): report["labels"][label][key]
              for label in labels for key, title in names.items()}
    return bar_chart(labels, list(names.values()), values,
                     title="All annotators (tokens; alpha_u over characters)", low=-1.0)


def confusion_chart(report: Mapping[str, Any]) -> str:
    confusion = report["confusion"]
    return heatmap(confusion["labels"], confusion["matrix"],
                   title="Label confusion (summed over pairs)")


def suggestion_chart(report: Mapping[str, Any]) -> str:
    rows = [(f"{name} {label}", counts)
            for name, per_label in report["suggestion_use"]["by_annotator"].items()
            for label, counts in per_label.items() if counts["spans"]]
    return stacked_shares(rows, title="Spans from suggestions: unchanged, changed, by hand")


def _table(head: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    cells = "".join(f"<th>{escape(h)}</th>" for h in head)
    body = "".join(
        "<tr>" + "".join(f"<td>{escape(str(c))}</td>" for c in row) + "</tr>" for row in rows
    )
    return f"<table><thead><tr>{cells}</tr></thead><tbody>{body}</tbody></table>"


def render_html(report: Mapping[str, Any], *, title: str = "Agreement") -> str:
    """The whole report as one HTML page (plots inline, no external files)."""
    labels = report["labels"]
    span_rows = [
        (label, pair, _fmt(f["exact_f1"]), _fmt(f["overlap_f1"]), _fmt(f["cohen_kappa"]),
         "/".join(str(n) for n in f["spans"]))
        for label, figures in labels.items() for pair, f in figures["pairs"].items()
    ] + [("micro", pair, _fmt(f["exact_f1"]), _fmt(f["overlap_f1"]), "", "")
         for pair, f in report["micro"]["pairs"].items()]
    coefficient_rows = [
        (label, _fmt(f["fleiss_kappa"]), _fmt(f["krippendorff_alpha"]), _fmt(f["alpha_u"]))
        for label, f in labels.items()
    ]
    attribute_rows = [
        (name, pair, f"{p['agreed']}/{p['matched']}", _fmt(p["percent"], 1),
         _fmt(p["cohen_kappa"]))
        for name, f in report["attributes"].items() for pair, p in f["pairs"].items()
    ]
    relation_rows = [
        (name, pair, _fmt(p["f1"]), p["matched"], "/".join(str(n) for n in p["relations"]))
        for name, f in report["relations"].items() for pair, p in f["pairs"].items()
    ]
    ranked_rows = [
        (d["id"], d["title"], d["disagreements"], d["spans"], _fmt(d["share"], 2))
        for d in report["documents_ranked"][:50]
    ]
    use_rows = [
        (name, label, u["unchanged"], u["changed"], u["manual"], u["imported"], u["rejected"])
        for name, per_label in report["suggestion_use"]["by_annotator"].items()
        for label, u in per_label.items()
    ]
    model_rows = [
        (name, model, label, _fmt(f["exact_f1"]), _fmt(f["overlap_f1"]))
        for name, models in report["suggestion_use"]["agreement_with_suggestions"].items()
        for model, per_label in models.items() for label, f in per_label.items()
    ]
    sections = [
        f"<h1>{escape(title)}: agreement</h1>",
        f"<p>{report['documents']} document(s), {report['tokens']} tokens, "
        f"{report['characters']} characters; annotators: "
        f"{escape(', '.join(report['annotators']))}.</p>",
        "<h2>Per label and pair</h2>", *pair_charts(report),
        _table(("label", "pair", "exact F1", "overlap F1", "Cohen's kappa", "spans"),
               span_rows),
        "<h2>All annotators</h2>", coefficient_chart(report),
        _table(("label", "Fleiss' kappa", "Krippendorff's alpha", "alpha_u"),
               coefficient_rows),
        "<h2>Which labels annotators swap</h2>", confusion_chart(report),
        "<h2>Attributes on exactly matched spans</h2>",
        _table(("attribute", "pair", "agreed", "percent", "Cohen's kappa"), attribute_rows),
        "<h2>Relations over exactly matched endpoints</h2>",
        _table(("relation", "pair", "F1", "matched", "relations"), relation_rows),
        "<h2>Documents by disagreement</h2>",
        _table(("id", "title", "disagreements", "distinct spans", "share"), ranked_rows),
        "<h2>Suggestion use</h2>", suggestion_chart(report),
        _table(("annotator", "label", "unchanged", "changed", "by hand", "imported",
                "rejected"), use_rows),
        _table(("annotator", "model", "label", "exact F1", "overlap F1"), model_rows),
        "<p class='note'>Token figures: spaCy English tokens, whitespace left out; a token is "
        "in a label when it overlaps a span of it. alpha_u: Krippendorff's unitizing alpha "
        "over characters as DKPro Agreement computes it. n/a: undefined (no variation).</p>",
    ]
    style = ("body{font-family:sans-serif;max-width:1100px;margin:2em auto;color:#222}"
             "table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;"
             "padding:2px 8px;text-align:right}td:nth-child(-n+2),th{text-align:left}"
             "svg{display:block;margin:1em 0}.note{color:#666;font-size:90%}")
    return (f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>"
            f"{escape(title)}: agreement</title><style>{style}</style></head><body>"
            + "\n".join(sections) + "</body></html>\n")
