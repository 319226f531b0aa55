"""Story events in the project file: made, renamed, joined, a mention removed, deleted; each
in the edit log, reverted from it (undo that survives a restart), and checked in the rows of
the file through a second connection."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest

from annotations.store import Project
from annotations.store.stories import (
    StoryError,
    add_mentions,
    create_story,
    delete_story,
    remove_mention,
    rename_story,
    revert_story_edit,
    stories,
    story_edits,
)
from tests.conftest import dump
from tests.timeline_story import ANNOTATOR, LoadedStory, load_story


@pytest.fixture
def story(project: Project) -> LoadedStory:
    return load_story(project)


def rows(path: Path) -> list[tuple[Any, ...]]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(
            "SELECT e.id, e.name, m.span_id FROM story_events e LEFT JOIN story_mentions m "
            "ON m.story_id = e.id ORDER BY e.id, m.span_id").fetchall()
    finally:
        conn.close()


def test_each_edit_is_logged_and_reverts(project: Project, project_path: Path,
                                         story: LoadedStory) -> None:
    fire = [story.events[(0, "fire")], story.events[(1, "fire")]]
    made = create_story(project, ANNOTATOR, "  The  fire ", fire)
    assert made.name == "The fire"
    assert rows(project_path) == [(made.id, "The fire", i) for i in sorted(fire)]
    third = story.events[(3, "fire")]
    add_mentions(project, made.id, [third])
    assert len(rows(project_path)) == 3
    remove_mention(project, made.id, fire[0])
    rename_story(project, made.id, "Engine fire")
    assert rows(project_path) == [(made.id, "Engine fire", i) for i in sorted([fire[1], third])]
    delete_story(project, made.id)
    assert rows(project_path) == []
    assert [e.action for e in story_edits(project, ANNOTATOR)] == [
        "add_story", "add_story_mentions", "remove_story_mention", "rename_story",
        "delete_story"]
    # Undo each, newest first, from the log: the way back to nothing.
    logged = story_edits(project, ANNOTATOR)
    for edit, expected in zip(reversed(logged), (
        [(made.id, "Engine fire", i) for i in sorted([fire[1], third])],  # the delete
        [(made.id, "The fire", i) for i in sorted([fire[1], third])],  # the rename
        [(made.id, "The fire", i) for i in sorted([*fire, third])],  # the removal
        [(made.id, "The fire", i) for i in sorted(fire)],  # the join
        [],  # the creation
    ), strict=True):
        revert_story_edit(project, edit)
        assert rows(project_path) == expected


def test_story_events_survive_a_restart(project_path: Path, story: LoadedStory,
                                        project: Project) -> None:
    made = create_story(project, ANNOTATOR, "Crossings resume",
                        [story.events[(1, "resume")], story.events[(2, "crossed")]])
    project.close()
    with Project(project_path) as again:
        assert stories(again, ANNOTATOR) == [made]
        revert_story_edit(again, story_edits(again, ANNOTATOR)[-1])  # undo after restart
        assert stories(again, ANNOTATOR) == []


def test_a_deleted_span_leaves_its_story_and_its_undo_brings_it_back(
        project: Project, story: LoadedStory) -> None:
    fire = [story.events[(0, "fire")], story.events[(1, "fire")]]
    made = create_story(project, ANNOTATOR, "fire", fire)
    deleted = project.delete_span(fire[0])
    assert stories(project, ANNOTATOR)[0].mentions == (fire[1],)
    project.restore_span(deleted)
    assert stories(project, ANNOTATOR)[0].mentions == made.mentions


def test_bad_story_edits_are_refused_and_change_nothing(
        project: Project, project_path: Path, story: LoadedStory) -> None:
    made = create_story(project, ANNOTATOR, "fire", [story.events[(0, "fire")]])
    before = dump(project_path)
    with pytest.raises(StoryError, match="already has a story event named 'fire'"):
        create_story(project, ANNOTATOR, "fire", [story.events[(1, "fire")]])
    with pytest.raises(StoryError, match="needs a name"):
        create_story(project, ANNOTATOR, "  ", [story.events[(1, "fire")]])
    with pytest.raises(StoryError, match="already in the story event 'fire'"):
        create_story(project, ANNOTATOR, "other", [story.events[(1, "fire")],
                                                   story.events[(0, "fire")]])
    date_span = story.dates[(0, "fire")]
    with pytest.raises(StoryError, match="is not one of alice's EVENTs"):
        add_mentions(project, made.id, [date_span])
    bob = project.add_span(story.documents[0], "bob", "EVENT", 0, 5, {"class": "OCCURRENCE"})
    before = dump(project_path)
    with pytest.raises(StoryError, match="is not one of alice's EVENTs"):
        add_mentions(project, made.id, [bob.id])
    with pytest.raises(StoryError, match="is not in story event"):
        remove_mention(project, made.id, story.events[(1, "fire")])
    assert dump(project_path) == before
