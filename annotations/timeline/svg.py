"""The timeline as a self-contained HTML page with an SVG drawing: a lane of story
events above one lane per document, each anchored mention a dot (a day or finer) or a bar
(coarser), the unanchored mentions and the conflicts listed below."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from html import escape

from annotations.timeline.anchors import Interval
from annotations.timeline.model import Timeline

LANE = 28
LEFT = 220
WIDTH = 1100
CLASS_COLOURS = {
    "OCCURRENCE": "#f4a261", "REPORTING": "#2a9d8f", "PERCEPTION": "#e9c46a",
    "ASPECTUAL": "#8ab17d", "I_ACTION": "#e76f51", "I_STATE": "#b388eb", "STATE": "#6c757d",
}


def span_of(timeline: Timeline) -> tuple[datetime, datetime]:
    """The stretch of time to draw: every closed anchor and document date, with a margin."""
    moments: list[datetime] = []
    for lane in timeline.lanes:
        if lane.day is not None:
            moments.append(datetime.combine(lane.day, datetime.min.time()))
        for m in lane.mentions:
            if isinstance(m.anchor, Interval):
                moments += [t for t in (m.anchor.start, m.anchor.end) if t is not None]
    if not moments:
        now = datetime(2000, 1, 1)
        return now, now + timedelta(days=1)
    low, high = min(moments), max(moments)
    margin = max((high - low) / 20, timedelta(hours=12))
    return low - margin, high + margin


def _ticks(low: datetime, high: datetime) -> list[tuple[datetime, str]]:
    days = (high - low).days
    if days <= 60:
        step, fmt = timedelta(days=max(1, days // 10)), "%d %b"
    elif days <= 3 * 365:
        step, fmt = timedelta(days=30), "%b %Y"
    else:
        step, fmt = timedelta(days=365 * max(1, days // 3650)), "%Y"
    first = datetime(low.year, low.month, low.day) + timedelta(days=1)
    out: list[tuple[datetime, str]] = []
    moment = first
    while moment < high and len(out) < 40:
        out.append((moment, moment.strftime(fmt)))
        moment += step
    return out


def render_svg(timeline: Timeline) -> str:
    low, high = span_of(timeline)
    total = (high - low).total_seconds()

    def x(moment: datetime | None, default: float) -> float:
        if moment is None:
            return default
        return LEFT + (moment - low).total_seconds() / total * (WIDTH - LEFT - 10)

    conflicted = {c.story.id for c in timeline.conflicts()}
    rows = [("Story events", None)] + [(lane.document.title, lane) for lane in timeline.lanes]
    height = LANE * (len(rows) + 2)
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" '
           'font-family="sans-serif" font-size="11">']
    for moment, label in _ticks(low, high):
        px = x(moment, 0)
        out.append(f'<line x1="{px:.1f}" y1="{LANE}" x2="{px:.1f}" y2="{height - LANE}" '
                   'stroke="#ddd"/>')
        out.append(f'<text x="{px:.1f}" y="{LANE - 8}" text-anchor="middle">{escape(label)}</text>')
    for row, (title, lane) in enumerate(rows, start=1):
        y = LANE * row + LANE / 2
        out.append(f'<text x="4" y="{y + 4:.1f}">{escape(title[:34])}</text>')
        out.append(f'<line x1="{LEFT}" y1="{y}" x2="{WIDTH - 10}" y2="{y}" stroke="#bbb"/>')
        if lane is None:
            for story in timeline.stories:
                found = timeline.story_anchor(story)
                if isinstance(found, Interval):
                    colour = "#d62828" if story.id in conflicted else "#1d4e89"
                    out.append(_mark(found, x, y, colour, story.name))
            continue
        if lane.day is not None:
            px = x(datetime.combine(lane.day, datetime.min.time()), 0)
            out.append(f'<line x1="{px:.1f}" y1="{y - 10}" x2="{px:.1f}" y2="{y + 10}" '
                       'stroke="#000" stroke-width="2"><title>document date</title></line>')
        for m in lane.mentions:
            if isinstance(m.anchor, Interval):
                colour = CLASS_COLOURS.get(m.event_class, "#999")
                out.append(_mark(m.anchor, x, y, colour, f"{m.span.text}: {m.sentence}"))
    out.append("</svg>")
    return "\n".join(out)


def _mark(
    interval: Interval, x: Callable[[datetime | None, float], float], y: float, colour: str,
    tip: str,
) -> str:
    left = x(interval.start, LEFT)
    right = x(interval.end, WIDTH - 10)
    opacity = 0.3 if interval.inferred else 0.6
    dash = ' stroke-dasharray="3 2"' if interval.inferred else ""
    title = f"<title>{escape(tip)}</title>"
    if right - left < 6:
        return (f'<circle cx="{(left + right) / 2:.1f}" cy="{y}" r="5" fill="{colour}" '
                f'fill-opacity="{opacity + 0.4}" stroke="#333"{dash}>{title}</circle>')
    return (f'<rect x="{left:.1f}" y="{y - 5}" width="{right - left:.1f}" height="10" '
            f'fill="{colour}" fill-opacity="{opacity}" stroke="#333"{dash}>{title}</rect>')


def render_page(timeline: Timeline, name: str) -> str:
    """The whole page: heading, drawing, the conflicts and the unanchored mentions."""
    conflicts = "".join(f"<li>{escape(c.describe())}</li>" for c in timeline.conflicts())
    unanchored = "".join(
        f"<li>{escape(m.span.text)} (document {m.document_id}): "
        f"{escape(getattr(m.anchor, 'reason', ''))}</li>"
        for lane in timeline.lanes for m in lane.mentions if not m.anchored
    )
    return (
        "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\">"
        f"<title>{escape(name)}</title></head><body>"
        f"<h1>{escape(name)}</h1>{render_svg(timeline)}"
        f"<h2>Conflicts</h2><ul>{conflicts or '<li>none</li>'}</ul>"
        f"<h2>Unanchored</h2><ul>{unanchored or '<li>none</li>'}</ul>"
        "</body></html>\n"
    )
