"""Story-event edits as undoable commands: each redo and undo calls the story store
(annotations/store/stories.py), which writes and logs at once. Commands hold ids, names and
mentions, never widgets; a failed write drops the command and tells the session."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtGui import QUndoCommand

from annotations.store import stories as store
from app.session import EDIT_ERRORS, Session


class StoryCommand(QUndoCommand):
    """One story-store call per direction; `changed` runs after each (the view redraws)."""

    def __init__(self, session: Session, text: str, changed: Callable[[], None]) -> None:
        super().__init__(text)
        self.session = session
        self.changed = changed
        self.failed = False

    def redo(self) -> None:
        self._run(self.apply)

    def undo(self) -> None:
        self._run(self.revert)

    def apply(self) -> None:
        raise NotImplementedError

    def revert(self) -> None:
        raise NotImplementedError

    def _run(self, step: Callable[[], None]) -> None:
        try:
            step()
        except EDIT_ERRORS as exc:
            self.failed = True
            self.setObsolete(True)
            self.session.report(exc)
        self.changed()


class MakeStory(StoryCommand):
    """A new story event of the session's annotator from mentions (span ids)."""

    def __init__(self, session: Session, name: str, mentions: Sequence[int],
                 changed: Callable[[], None]) -> None:
        super().__init__(session, f"Make Story Event “{name}”", changed)
        self.name, self.mentions = name, tuple(mentions)
        self.story_id: int | None = None

    def apply(self) -> None:
        made = store.create_story(self.session.project, self.session.annotator, self.name,
                                  self.mentions, story_id=self.story_id)
        self.story_id = made.id

    def revert(self) -> None:
        if self.story_id is not None:
            store.delete_story(self.session.project, self.story_id)


class JoinStory(StoryCommand):
    """Mentions joined to an existing story event."""

    def __init__(self, session: Session, story_id: int, name: str, mentions: Sequence[int],
                 changed: Callable[[], None]) -> None:
        super().__init__(session, f"Join Story Event “{name}”", changed)
        self.story_id, self.mentions = story_id, tuple(mentions)

    def apply(self) -> None:
        store.add_mentions(self.session.project, self.story_id, self.mentions)

    def revert(self) -> None:
        for span_id in self.mentions:
            store.remove_mention(self.session.project, self.story_id, span_id)


class RemoveMentions(StoryCommand):
    """Mentions taken out of their story events: (story id, span id) pairs."""

    def __init__(self, session: Session, pairs: Sequence[tuple[int, int]],
                 changed: Callable[[], None]) -> None:
        super().__init__(session, "Remove from Story Event", changed)
        self.pairs = tuple(pairs)

    def apply(self) -> None:
        for story_id, span_id in self.pairs:
            store.remove_mention(self.session.project, story_id, span_id)

    def revert(self) -> None:
        for story_id, span_id in reversed(self.pairs):
            store.add_mentions(self.session.project, story_id, [span_id])


class RenameStory(StoryCommand):
    def __init__(self, session: Session, story_id: int, old: str, new: str,
                 changed: Callable[[], None]) -> None:
        super().__init__(session, f"Rename Story Event “{old}”", changed)
        self.story_id, self.old, self.new = story_id, old, new

    def apply(self) -> None:
        store.rename_story(self.session.project, self.story_id, self.new)

    def revert(self) -> None:
        store.rename_story(self.session.project, self.story_id, self.old)
