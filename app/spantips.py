"""The article's tooltip: the spans under the mouse, innermost first, each with
its attributes and relations."""

from __future__ import annotations

from app.commands import quoted
from app.session import Session
from app.spanindex import SpanIndex


def span_tooltip(session: Session, index: SpanIndex, position: int) -> str:
    """What the tooltip says at a view position (empty where no span is)."""
    lines = []
    for mark in index.at(position)[:4]:
        span = session.span(mark.id)
        if span is None:
            continue
        attrs = ", ".join(f"{k}={v}" for k, v in sorted(span.attrs.items()))
        lines.append(f"{span.label} {quoted(span.text)}" + (f" · {attrs}" if attrs else ""))
        for rel, other in session.partners(span.id):
            partner = index.get(other)
            arrow = "→" if rel.head == span.id else "←"
            if partner is not None:
                lines.append(f"    {rel.label} {arrow} {partner.label}")
    return "\n".join(lines)
