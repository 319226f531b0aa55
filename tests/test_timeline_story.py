"""The story timeline of four articles (tests/timeline_story.py) and its exporters, each
file checked by the reader its consumer would use (a JSON parser against TimelineJS's
documented fields, the TimeLine task's line format, Python's csv reader, an XML parser for
the SVG)."""

from __future__ import annotations

import csv
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from annotations.errors import DatelineError
from annotations.store import Project
from annotations.timeline import (
    Interval,
    StoryEvent,
    Unanchored,
    anchor,
    project_timeline,
    write_timeline,
)
from annotations.timeline.model import sentences
from tests.timeline_story import ANNOTATOR, ARTICLES, STORIES, LoadedStory, load_story


@pytest.fixture
def story(project: Project) -> LoadedStory:
    return load_story(project)


def stories(loaded: LoadedStory) -> list[StoryEvent]:
    return [StoryEvent(i, name, tuple(ids))
            for i, (name, ids) in enumerate(loaded.groups().items(), start=1)]


def test_every_linked_event_is_at_its_dates_interval(project: Project,
                                                     story: LoadedStory) -> None:
    timeline = project_timeline(project, ANNOTATOR, stories=stories(story))
    checked = 0
    for index, article in enumerate(ARTICLES):
        for word, cls, when in article.events:
            mention = timeline.mentions[story.events[(index, word)]]
            if when is not None:
                assert mention.anchor == anchor(when[1], article.date), (index, word)
                checked += 1
            elif cls == "REPORTING" and article.date:
                assert isinstance(mention.anchor, Interval) and mention.anchor.inferred
                assert mention.anchor.start is not None
                assert mention.anchor.start.date().isoformat() == article.date
            else:
                assert isinstance(mention.anchor, Unanchored)
    assert checked == 13


def test_lanes_follow_the_document_dates_with_the_undated_last(project: Project,
                                                               story: LoadedStory) -> None:
    timeline = project_timeline(project, ANNOTATOR)
    assert [lane.document.date for lane in timeline.lanes] == [
        "2024-03-14", "2024-03-15", "2024-03-20", None]
    undated = timeline.lanes[-1]
    assert not any(m.anchored for m in undated.mentions)


def test_the_fire_told_on_two_days_is_a_conflict(project: Project, story: LoadedStory) -> None:
    timeline = project_timeline(project, ANNOTATOR, stories=stories(story))
    conflicts = timeline.conflicts()
    assert [c.story.name for c in conflicts] == ["The engine fire"]
    assert "March" not in conflicts[0].describe() or "do not overlap" in conflicts[0].describe()
    resume = next(s for s in timeline.stories if s.name == "Crossings resume")
    found = timeline.story_anchor(resume)
    assert isinstance(found, Interval) and found.start is not None
    assert found.start.date().isoformat() == "2024-03-18"


def test_sentences_split_at_stops_and_line_breaks() -> None:
    text = "Title line\n\nIt fell. \u201cWe left,\u201d she said. Then?"
    assert [text[s:e] for s, e in sentences(text)] == [
        "Title line", "It fell.", "\u201cWe left,\u201d she said.", "Then?"]


def test_timelinejs_follows_the_documented_format(project: Project, story: LoadedStory,
                                                  tmp_path: Path) -> None:
    out = tmp_path / "story.json"
    write_timeline(project_timeline(project, ANNOTATOR, stories=stories(story)), out,
                   "timelinejs", "Ferry fire")
    data = json.loads(out.read_text(encoding="utf-8"))
    assert set(data) <= {"events", "title", "eras", "scale"}
    assert data["title"]["text"]["headline"] == "Ferry fire"
    date_keys = {"year", "month", "day", "hour", "minute", "second", "millisecond",
                 "display_date"}
    for event in data["events"]:
        assert set(event) <= {"start_date", "end_date", "text", "media", "group",
                              "display_date", "background", "autolink", "unique_id"}
        for key in ("start_date", "end_date"):
            if key in event:
                assert set(event[key]) <= date_keys and "year" in event[key]
                assert all(event[key][k].isdigit() for k in event[key] if k != "display_date")
        assert event["text"]["headline"] and event["text"]["text"]
    by_id = {e["unique_id"]: e for e in data["events"]}
    week = by_id[f"mention-{story.events[(0, 'examine')]}"]
    assert week["start_date"] == {"year": "2024", "month": "3", "day": "18"}
    assert week["end_date"] == {"year": "2024", "month": "3", "day": "24"}
    night = by_id[f"mention-{story.events[(0, 'fire')]}"]
    assert night["start_date"]["hour"] == "21" and night["group"] == "The engine fire"
    assert len(data["events"]) == 9 + 3  # anchored WHEN-linked events, inferred REPORTING ones


_SEMEVAL_LINE = re.compile(r"\d+\t[0-9X]{4}-[0-9X]{2}-[0-9X]{2}(\t\d+-\d+-\S+)+")


def test_semeval_file_follows_the_task_format(project: Project, story: LoadedStory,
                                              tmp_path: Path) -> None:
    out = tmp_path / "story.txt"
    write_timeline(project_timeline(project, ANNOTATOR, stories=stories(story)), out,
                   "semeval2015", "ferry fire")
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "ferry fire"
    assert all(_SEMEVAL_LINE.fullmatch(line) for line in lines[1:]), lines
    rows = {line.split("\t")[2].split("-", 2)[2]: line.split("\t") for line in lines[1:]}
    assert len(lines) == 1 + len(STORIES)
    # The fire's mentions disagree: no common date, order 0 and all X.
    assert rows["fire"][:2] == ["0", "XXXX-XX-XX"]
    assert rows["suspended"][:2] == ["1", "2024-03-13"]
    assert rows["resume"][:2] == ["2", "2024-03-18"]
    first_doc = story.documents[0]
    assert f"{first_doc}-1-suspended" in rows["suspended"]


def test_csv_has_a_row_per_mention(project: Project, story: LoadedStory,
                                   tmp_path: Path) -> None:
    out = tmp_path / "story.csv"
    write_timeline(project_timeline(project, ANNOTATOR, stories=stories(story)), out, "csv")
    with out.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == sum(len(a.events) for a in ARTICLES)
    repairs = next(r for r in rows if r["text"] == "Repairs")
    assert repairs["anchor_start"] == "" and "duration" in repairs["unanchored_reason"]
    resume = next(r for r in rows if r["text"] == "resume")
    assert resume["anchor_start"] == "2024-03-18T00:00:00"
    assert resume["story_event"] == "Crossings resume"


def test_html_page_holds_a_valid_svg(project: Project, story: LoadedStory,
                                     tmp_path: Path) -> None:
    out = tmp_path / "story.html"
    write_timeline(project_timeline(project, ANNOTATOR, stories=stories(story)), out, "html")
    page = out.read_text(encoding="utf-8")
    svg = page[page.index("<svg"):page.index("</svg>") + 6]
    root = ET.fromstring(svg)
    marks = [e for e in root.iter() if e.tag.endswith(("circle", "rect"))]
    assert len(marks) == 12 + 2  # anchored mentions, story events with a common date
    assert "The engine fire" in page and "Repairs" in page


def test_unknown_format_and_unwritable_file_say_so(project: Project, story: LoadedStory,
                                                   tmp_path: Path) -> None:
    timeline = project_timeline(project, ANNOTATOR)
    with pytest.raises(DatelineError, match="unknown timeline format 'pdf'"):
        write_timeline(timeline, tmp_path / "x.pdf", "pdf")
    with pytest.raises(DatelineError, match="cannot write the timeline"):
        write_timeline(timeline, tmp_path / "missing" / "x.json", "timelinejs")


def test_story_suggestions_group_the_same_happening_across_articles(
        project: Project, story: LoadedStory) -> None:
    from annotations.timeline.suggest import lemma, lemma_score, suggest_stories

    timeline = project_timeline(project, ANNOTATOR)
    found = {s.name: s for s in suggest_stories(timeline)}
    fire = {story.events[(0, "fire")], story.events[(1, "fire")], story.events[(3, "fire")]}
    assert set(found["fire"].mentions) == fire  # "started" (11 March) is neither lemma nor date
    suspended = {story.events[(i, w)] for i, w in STORIES["Crossings suspended"]}
    assert set(found["suspended"].mentions) == suspended
    assert all(0.6 <= s.score <= 1 for s in found.values())
    assert not any(timeline.mentions[i].event_class == "REPORTING"
                   for s in found.values() for i in s.mentions)
    assert lemma("took") == "take" and lemma_score("blaze", "fire") == 0.8
    # Mentions already in a story event are not suggested again.
    grouped = project_timeline(project, ANNOTATOR, stories=stories(story))
    assert "suspended" not in {s.name for s in suggest_stories(grouped)}
