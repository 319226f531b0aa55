"""The report's charts and HTML moved to `annotations.measures.report`; this
module re-exports them for the callers that still import `annotations.report`."""

from annotations.measures.report import (
    bar_chart,
    coefficient_chart,
    confusion_chart,
    heatmap,
    pair_charts,
    render_html,
    stacked_shares,
    suggestion_chart,
)

__all__ = [
    "bar_chart",
    "coefficient_chart",
    "confusion_chart",
    "heatmap",
    "pair_charts",
    "render_html",
    "stacked_shares",
    "suggestion_chart",
]
