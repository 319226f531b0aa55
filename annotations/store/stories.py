"""Story events in the project file: a named group of one annotator's EVENT spans, from one
or many documents, that tell the same happening (tables in migrations.py, version 3).

Every change (create, rename, join, remove a mention, delete) runs in one transaction with
its row in the edit log (entity "story", no document: a story spans documents), and
`revert_story_edit` applies the inverse of a logged one, so story edits undo like span
edits, also after a restart. A span belongs to at most one story event.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from annotations.errors import NotFoundError, ValidationError
from annotations.model import Edit
from annotations.store.project import Project, now

ENTITY = "story"
EVENT = "EVENT"  # the label whose spans a story event groups
ACTIONS = ("add_story", "rename_story", "add_story_mentions", "remove_story_mention",
           "delete_story")


@dataclass(frozen=True)
class StoryEvent:
    """A named group of mentions (span ids) that tell the same happening."""

    id: int
    name: str
    mentions: tuple[int, ...]


class StoryError(ValidationError):
    """A story-event edit the rules refuse (an empty or taken name, a span that is not one
    of the annotator's EVENTs, or one already in another story event)."""


def _mentions(project: Project, story_id: int) -> tuple[int, ...]:
    rows = project.conn.execute(
        "SELECT m.span_id FROM story_mentions m JOIN spans s ON s.id = m.span_id "
        "WHERE m.story_id = ? ORDER BY s.document_id, s.start, s.id", (story_id,))
    return tuple(r[0] for r in rows)


def story(project: Project, story_id: int) -> StoryEvent:
    """One story event with its (live) mentions; NotFoundError when there is none."""
    row = project.conn.execute("SELECT id, name FROM story_events WHERE id = ?",
                               (story_id,)).fetchone()
    if row is None:
        raise NotFoundError(f"no story event {story_id} in {project.path.name}")
    return StoryEvent(row[0], row[1], _mentions(project, row[0]))


def story_annotator(project: Project, story_id: int) -> str:
    row = project.conn.execute(
        "SELECT a.name FROM story_events e JOIN annotators a ON a.id = e.annotator_id "
        "WHERE e.id = ?", (story_id,)).fetchone()
    if row is None:
        raise NotFoundError(f"no story event {story_id} in {project.path.name}")
    return str(row[0])


def stories(project: Project, annotator: str) -> list[StoryEvent]:
    """The annotator's story events in the order they were made, each with its mentions."""
    rows = project.conn.execute(
        "SELECT e.id, e.name, s.id FROM story_events e "
        "JOIN annotators a ON a.id = e.annotator_id "
        "LEFT JOIN (story_mentions m JOIN spans s ON s.id = m.span_id) ON m.story_id = e.id "
        "WHERE a.name = ? ORDER BY e.id, s.document_id, s.start, s.id", (annotator,))
    found: dict[int, tuple[str, list[int]]] = {}
    for ident, name, span_id in rows:
        entry = found.setdefault(ident, (name, []))
        if span_id is not None:
            entry[1].append(span_id)
    return [StoryEvent(i, name, tuple(ids)) for i, (name, ids) in found.items()]


def _check_name(project: Project, annotator: str, name: str, story_id: int | None) -> str:
    name = " ".join(name.split())
    if not name:
        raise StoryError("a story event needs a name")
    row = project.conn.execute(
        "SELECT e.id FROM story_events e JOIN annotators a ON a.id = e.annotator_id "
        "WHERE a.name = ? AND e.name = ?", (annotator, name)).fetchone()
    if row is not None and row[0] != story_id:
        raise StoryError(f"{annotator} already has a story event named {name!r}; join it or "
                         "choose another name")
    return name


def _check_mentions(project: Project, annotator: str, span_ids: Iterable[int],
                    story_id: int | None) -> list[int]:
    ids = list(dict.fromkeys(span_ids))
    for span_id in ids:
        span = project.span(span_id)
        if span.annotator != annotator or span.label != EVENT:
            raise StoryError(f"span {span_id} ({span.label} {span.text!r}, {span.annotator}) "
                             f"is not one of {annotator}'s EVENTs")
        row = project.conn.execute(
            "SELECT e.name, e.id FROM story_mentions m JOIN story_events e "
            "ON e.id = m.story_id WHERE m.span_id = ?", (span_id,)).fetchone()
        if row is not None and row[1] != story_id:
            raise StoryError(f"{span.text!r} (span {span_id}) is already in the story event "
                             f"{row[0]!r}; remove it there first")
    return ids


def _log(project: Project, action: str, annotator: str, story_id: int, before: Any,
         after: Any) -> None:
    project.log(action, annotator=annotator, entity=ENTITY, entity_id=story_id,
                before=before, after=after)


def _record(found: StoryEvent, annotator: str) -> dict[str, Any]:
    return {"id": found.id, "name": found.name, "annotator": annotator,
            "mentions": list(found.mentions)}


def create_story(project: Project, annotator: str, name: str, span_ids: Sequence[int],
                 *, story_id: int | None = None, log: bool = True) -> StoryEvent:
    """A new story event of `annotator` grouping the spans (`story_id` restores a deleted one
    under its old id).

    Raises StoryError for an empty or taken name, a span that is not one of the annotator's
    EVENTs or is in another story event; NotFoundError for an unknown span.
    """
    with project.transaction():
        name = _check_name(project, annotator, name, None)
        ids = _check_mentions(project, annotator, span_ids, None)
        cur = project.conn.execute(
            "INSERT INTO story_events (id, annotator_id, name, created) VALUES (?, ?, ?, ?)",
            (story_id, project.annotator_id(annotator), name, now()))
        ident = int(cur.lastrowid or 0)
        _insert_mentions(project, ident, ids)
        made = story(project, ident)
        if log:
            _log(project, "add_story", annotator, ident, None, _record(made, annotator))
    return made


def _insert_mentions(project: Project, story_id: int, span_ids: Iterable[int]) -> None:
    try:
        project.conn.executemany(
            "INSERT INTO story_mentions (story_id, span_id) VALUES (?, ?) "
            "ON CONFLICT (span_id) DO UPDATE SET story_id = excluded.story_id",
            [(story_id, i) for i in span_ids])
    except sqlite3.IntegrityError as exc:
        raise StoryError(f"story event {story_id}: {exc}") from exc


def rename_story(project: Project, story_id: int, name: str) -> StoryEvent:
    """Give a story event another name; StoryError for an empty or taken one."""
    old = story(project, story_id)
    annotator = story_annotator(project, story_id)
    with project.transaction():
        name = _check_name(project, annotator, name, story_id)
        project.conn.execute("UPDATE story_events SET name = ? WHERE id = ?", (name, story_id))
        _log(project, "rename_story", annotator, story_id, {"id": story_id, "name": old.name},
             {"id": story_id, "name": name})
    return story(project, story_id)


def add_mentions(project: Project, story_id: int, span_ids: Sequence[int]) -> StoryEvent:
    """Join spans to a story event. Raises StoryError as `create_story` does."""
    annotator = story_annotator(project, story_id)
    with project.transaction():
        ids = [i for i in _check_mentions(project, annotator, span_ids, story_id)
               if i not in story(project, story_id).mentions]
        _insert_mentions(project, story_id, ids)
        _log(project, "add_story_mentions", annotator, story_id, None,
             {"id": story_id, "mentions": ids})
    return story(project, story_id)


def remove_mention(project: Project, story_id: int, span_id: int) -> StoryEvent:
    """Take one span out of a story event (the story stays, perhaps empty).

    Raises StoryError when the span is not in it."""
    annotator = story_annotator(project, story_id)
    with project.transaction():
        gone = project.conn.execute(
            "DELETE FROM story_mentions WHERE story_id = ? AND span_id = ?",
            (story_id, span_id)).rowcount
        if not gone:
            raise StoryError(f"span {span_id} is not in story event {story_id}")
        _log(project, "remove_story_mention", annotator, story_id,
             {"id": story_id, "mention": span_id}, None)
    return story(project, story_id)


def delete_story(project: Project, story_id: int) -> StoryEvent:
    """Delete a story event with its memberships; returns it for undo (`restore_story`)."""
    old = story(project, story_id)
    annotator = story_annotator(project, story_id)
    with project.transaction():
        project.conn.execute("DELETE FROM story_events WHERE id = ?", (story_id,))
        _log(project, "delete_story", annotator, story_id, _record(old, annotator), None)
    return old


def restore_story(project: Project, annotator: str, old: StoryEvent) -> StoryEvent:
    """Put back a deleted story event under its id, name and mentions."""
    return create_story(project, annotator, old.name, old.mentions, story_id=old.id)


def revert_story_edit(project: Project, edit: Edit) -> None:
    """Apply the inverse of a logged story edit (undo after a restart).

    Raises ValidationError for an edit that is not a story edit, or one that later edits
    make impossible to invert (a name taken since, say).
    """
    before, after = edit.before or {}, edit.after or {}
    ident = int(edit.entity_id or 0)
    if edit.action == "add_story":
        delete_story(project, ident)
    elif edit.action == "delete_story":
        restore_story(project, edit.annotator,
                      StoryEvent(ident, before["name"], tuple(before["mentions"])))
    elif edit.action == "rename_story":
        rename_story(project, ident, before["name"])
    elif edit.action == "add_story_mentions":
        for span_id in after["mentions"]:
            remove_mention(project, ident, int(span_id))
    elif edit.action == "remove_story_mention":
        add_mentions(project, ident, [int(before["mention"])])
    else:
        raise ValidationError(f"edit {edit.id} ({edit.action}) is not a story-event edit")


def story_edits(project: Project, annotator: str) -> list[Edit]:
    """The annotator's logged story edits, oldest first."""
    return [e for e in project.edits(annotator) if e.entity == ENTITY]


def copy_stories(project: Project, target: str, groups: Iterable[tuple[str, Sequence[int]]],
                 span_ids: Mapping[int, int]) -> int:
    """Add story events (name, the other file's span ids) for `target`, the spans mapped to
    the project's; a story of the same name gets the mentions joined. Returns how many.

    Raises StoryError when a mapped span is in another of the target's story events."""
    count = 0
    for name, spans in groups:
        ids = [span_ids[i] for i in spans if i in span_ids]
        existing = next((s for s in stories(project, target) if s.name == name), None)
        if existing is None:
            create_story(project, target, name, ids, log=False)
        else:
            ids = [i for i in ids if i not in existing.mentions]
            _check_mentions(project, target, ids, existing.id)
            _insert_mentions(project, existing.id, ids)
        count += 1
    return count


def read_stories(conn: sqlite3.Connection) -> list[tuple[str, str, list[int]]]:
    """(annotator, name, span ids) of every story event in another project file, read with
    its own connection; empty for a file from before story events (format < 3)."""
    if conn.execute("PRAGMA user_version").fetchone()[0] < 3:
        return []
    found: dict[int, tuple[str, str, list[int]]] = {}
    for ident, annotator, name, span_id in conn.execute(
            "SELECT e.id, a.name, e.name, m.span_id FROM story_events e "
            "JOIN annotators a ON a.id = e.annotator_id "
            "LEFT JOIN story_mentions m ON m.story_id = e.id ORDER BY e.id, m.span_id"):
        entry = found.setdefault(ident, (str(annotator), str(name), []))
        if isinstance(span_id, int):
            entry[2].append(span_id)
    return list(found.values())
