"""The story timeline: anchors (TIMEX3 value -> interval), the timeline of an annotator's
EVENT mentions with story events and conflicts, story-event agreement scores and the
timeline exporters. Qt-free."""

from annotations.store.stories import StoryEvent
from annotations.timeline.anchors import Anchor, Interval, Unanchored, anchor
from annotations.timeline.export import timeline_format, timeline_formats, write_timeline
from annotations.timeline.model import (
    Conflict,
    Lane,
    Mention,
    Timeline,
    build_timeline,
    project_timeline,
)
from annotations.timeline.scores import StoryScores, story_scores

__all__ = [
    "Anchor",
    "Conflict",
    "Interval",
    "Lane",
    "Mention",
    "StoryEvent",
    "StoryScores",
    "Timeline",
    "Unanchored",
    "anchor",
    "build_timeline",
    "project_timeline",
    "story_scores",
    "timeline_format",
    "timeline_formats",
    "write_timeline",
]
