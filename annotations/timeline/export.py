"""Timeline exporters, in one registry read by `dateline timeline --format` and the window:

- `timelinejs`: the JSON Knight Lab's TimelineJS reads (a title slide and one event slide per
  anchored mention: start_date/end_date at the anchor's precision, headline, text with the
  sentence, group by story event or else document);
- `semeval2015`: the SemEval-2015 Task 4 (TimeLine) format: a first line naming the
  timeline, then one tab-separated line per story event: its order (0 when unanchored, equal
  numbers for the same time), its date YYYY-MM-DD with X for unknown parts, its mentions as
  document-sentence-word (sentences counted from 0, the title line being 0);
- `csv`: one row per mention;
- `html`: a self-contained page drawing the timeline in SVG.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from annotations.errors import DatelineError
from annotations.timeline.anchors import Anchor, Interval, Unanchored
from annotations.timeline.model import Mention, Timeline
from annotations.timeline.svg import render_page


@dataclass(frozen=True)
class TimelineFormat:
    name: str
    id: str
    title: str
    suffix: str
    write: Callable[[Timeline, Path, str], None]  # timeline, output file, timeline name


_FORMATS: dict[str, TimelineFormat] = {}


def _register(fmt: TimelineFormat) -> TimelineFormat:
    _FORMATS[fmt.name] = fmt
    return fmt


def timeline_formats() -> list[TimelineFormat]:
    return list(_FORMATS.values())


def timeline_format(name: str) -> TimelineFormat:
    """The timeline format called `name` (short or versioned); DatelineError names the known."""
    for fmt in _FORMATS.values():
        if name in (fmt.name, fmt.id):
            return fmt
    raise DatelineError(f"unknown timeline format {name!r} (known: {', '.join(sorted(_FORMATS))})")


def write_timeline(timeline: Timeline, out: Path, fmt: str, name: str = "") -> TimelineFormat:
    """Write `timeline` to `out` in the format `fmt`; the name heads the file (the annotator's
    name by default). Raises DatelineError for an unknown format or a file it cannot write."""
    found = timeline_format(fmt)
    try:
        found.write(timeline, out, name or timeline.annotator)
    except OSError as exc:
        raise DatelineError(f"{out}: cannot write the timeline ({exc.strerror or exc})") from exc
    return found


# --- TimelineJS ---------------------------------------------------------------------------

_DATE_PARTS = {
    "century": 1, "decade": 1, "year": 1, "half": 2, "season": 2, "quarter": 2, "month": 2,
    "week": 3, "day": 3, "past": 3, "future": 3, "part_of_day": 4, "hour": 4, "minute": 5,
    "second": 6,
}
_SINGLE = {"year", "month", "day", "hour", "minute", "second"}


def _tjs_date(moment: datetime, parts: int) -> dict[str, str]:
    values = (moment.year, moment.month, moment.day, moment.hour, moment.minute, moment.second)
    keys = ("year", "month", "day", "hour", "minute", "second")
    return {k: str(v) for k, v in list(zip(keys, values, strict=True))[:parts]}


def timelinejs_slide(mention: Mention, interval: Interval, group: str) -> dict[str, Any]:
    parts = _DATE_PARTS[interval.precision]
    slide: dict[str, Any] = {"unique_id": f"mention-{mention.id}"}
    if interval.start is None:  # PAST_REF: shown at its end
        assert interval.end is not None
        slide["start_date"] = _tjs_date(interval.end, parts)
        slide["display_date"] = f"before {interval.end:%d %B %Y}"
    else:
        slide["start_date"] = _tjs_date(interval.start, parts)
        if interval.end is None:
            slide["display_date"] = f"from {interval.start:%d %B %Y}"
        elif interval.precision not in _SINGLE:
            last = interval.end - (timedelta(hours=1) if parts >= 4 else timedelta(days=1))
            slide["end_date"] = _tjs_date(last, parts)
    headline = mention.span.text + (" (inferred)" if interval.inferred else "")
    slide["text"] = {"headline": headline, "text": _html_escape(mention.sentence)}
    slide["group"] = group
    return slide


def timelinejs(timeline: Timeline, name: str) -> dict[str, Any]:
    """The TimelineJS JSON object: title slide and one event slide per anchored mention."""
    story_of = timeline.story_of()
    events = []
    for lane in timeline.lanes:
        for m in lane.mentions:
            if isinstance(m.anchor, Interval):
                story = story_of.get(m.id)
                group = story.name if story else lane.document.title
                events.append(timelinejs_slide(m, m.anchor, group))
    documents = len(timeline.lanes)
    return {
        "title": {"text": {"headline": _html_escape(name),
                           "text": f"{len(events)} events from {documents} documents"}},
        "events": events,
    }


def _write_timelinejs(timeline: Timeline, out: Path, name: str) -> None:
    out.write_text(json.dumps(timelinejs(timeline, name), ensure_ascii=False, indent=1),
                   encoding="utf-8")


def _html_escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


# --- SemEval-2015 Task 4 --------------------------------------------------------------------


def semeval_date(found: Anchor) -> str:
    """YYYY-MM-DD with X for what the anchor leaves unknown: a day gives the day, an interval
    within one month its month, within one year its year; else XXXX-XX-XX."""
    if not isinstance(found, Interval) or found.start is None or found.end is None:
        return "XXXX-XX-XX"
    first, last = found.start, found.end - timedelta(microseconds=1)
    if first.date() == last.date():
        return first.strftime("%Y-%m-%d")
    if (first.year, first.month) == (last.year, last.month):
        return first.strftime("%Y-%m-XX")
    if first.year == last.year:
        return f"{first.year:04d}-XX-XX"
    return "XXXX-XX-XX"


def mention_id(mention: Mention) -> str:
    """document-sentence-word, the TimeLine task's name for a mention: `4521-3-collapsed`."""
    word = "_".join(mention.span.text.split())
    return f"{mention.document_id}-{mention.sentence_index}-{word}"


def semeval_lines(timeline: Timeline, name: str) -> list[str]:
    """The file's lines: the name, then order, date and mentions per story event."""
    rows = []
    for story in timeline.stories:
        mentions = timeline.story_mentions(story)
        if not mentions:
            continue
        found = timeline.story_anchor(story)
        start = found.start if isinstance(found, Interval) else None
        rows.append((start, semeval_date(found), [mention_id(m) for m in mentions]))
    anchored = sorted({(s, d) for s, d, _ in rows if s is not None})
    order = {key: i + 1 for i, key in enumerate(anchored)}
    ordered = sorted(rows, key=lambda r: (r[0] is not None, r[0] or datetime.min, r[1]))
    lines = [" ".join(name.split()) or "timeline"]
    for start, day, ids in ordered:
        number = 0 if start is None else order[(start, day)]
        lines.append("\t".join([str(number), day, *ids]))
    return lines


def _write_semeval(timeline: Timeline, out: Path, name: str) -> None:
    out.write_text("\n".join(semeval_lines(timeline, name)) + "\n", encoding="utf-8")


# --- CSV --------------------------------------------------------------------------------------

CSV_COLUMNS = ("document", "title", "document_date", "mention", "text", "class", "dates",
               "anchor_start", "anchor_end", "precision", "inferred", "story_event", "sentence",
               "unanchored_reason")


def csv_rows(timeline: Timeline) -> list[tuple[Any, ...]]:
    story_of = timeline.story_of()
    rows = []
    for lane in timeline.lanes:
        doc = lane.document
        for m in lane.mentions:
            a = m.anchor
            story = story_of.get(m.id)
            interval = a if isinstance(a, Interval) else None
            rows.append((
                doc.id, doc.title, doc.date or "", m.id, m.span.text, m.event_class,
                " ".join(m.dates),
                _iso(interval.start) if interval else "", _iso(interval.end) if interval else "",
                interval.precision if interval else "", bool(interval and interval.inferred),
                story.name if story else "", m.sentence,
                a.reason if isinstance(a, Unanchored) else "",
            ))
    return rows


def _iso(moment: datetime | None) -> str:
    return "" if moment is None else moment.isoformat()


def _write_csv(timeline: Timeline, out: Path, name: str) -> None:
    with out.open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(CSV_COLUMNS)
        writer.writerows(csv_rows(timeline))


def _write_html(timeline: Timeline, out: Path, name: str) -> None:
    out.write_text(render_page(timeline, name), encoding="utf-8")


TIMELINEJS = _register(TimelineFormat(
    "timelinejs", "dateline.timelinejs.v1", "TimelineJS JSON (.json)", ".json", _write_timelinejs))
SEMEVAL2015 = _register(TimelineFormat(
    "semeval2015", "dateline.semeval2015.v1", "SemEval-2015 TimeLine (.txt)", ".txt",
    _write_semeval))
CSV = _register(TimelineFormat(
    "csv", "dateline.timeline-csv.v1", "CSV, one row per mention (.csv)", ".csv", _write_csv))
HTML = _register(TimelineFormat(
    "html", "dateline.timeline-html.v1", "HTML page with the timeline in SVG (.html)", ".html",
    _write_html))
