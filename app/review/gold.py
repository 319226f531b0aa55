"""Adjudication edits on the `gold` annotator, as undoable commands.

Each command holds ids and span values, never widgets. Its redo and undo call
the Session's gold methods, which write in one transaction (so a compound
edit is all or nothing), then say which document changed. Failures go through the main window's
`EditCommand` handling: reported, and the command dropped from the stack.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QObject, Signal

from annotations.model import DeletedSpan, Relation, Span
from annotations.store import Project
from app.commands import EditCommand, quoted
from app.session import GoldLink, Session, SpanKey, SpanValues


def key(span: Span) -> SpanKey:
    return (span.label, span.start, span.end)


class GoldEditor(QObject):
    """Writes gold spans through the Session and says which document changed."""

    changed = Signal(int)

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session

    def replace(
        self, document_id: int, remove: Sequence[int], add: Sequence[SpanValues],
        ids: Sequence[int | None], links: Sequence[GoldLink],
    ) -> tuple[list[DeletedSpan], list[int]]:
        """Replace gold spans through the session (one transaction), then say so."""
        result = self.session.replace_gold(document_id, remove, add, ids, links)
        self.changed.emit(document_id)
        return result

    def undo_replace(self, document_id: int, made: Sequence[int],
                     deleted: Sequence[DeletedSpan]) -> None:
        self.session.undo_replace_gold(document_id, made, deleted)
        self.changed.emit(document_id)


def links_of(project: Project, document_id: int, annotator: str,
             spans: Sequence[Span]) -> list[GoldLink]:
    """The annotator's relations touching `spans`, by the endpoints' keys."""
    mine = {s.id: s for s in project.spans(document_id, annotator)}
    wanted = {s.id for s in spans}
    return [
        (r.label, key(mine[r.head]), key(mine[r.child]))
        for r in project.relations(document_id, annotator)
        if (r.head in wanted or r.child in wanted) and r.head in mine and r.child in mine
    ]


def shared_links(project: Project, document_id: int,
                 annotators: Sequence[str]) -> list[GoldLink]:
    """Relations every annotator drew between spans of the same keys."""
    sets = []
    for name in annotators:
        spans = {s.id: s for s in project.spans(document_id, name)}
        rels: list[Relation] = project.relations(document_id, name)
        sets.append({(r.label, key(spans[r.head]), key(spans[r.child])) for r in rels})
    common = set.intersection(*sets) if sets else set()
    return sorted(common)


class ReplaceGold(EditCommand):
    """Take one annotator's variant (or nothing) for a disagreement into gold,
    or add the spans every annotator agrees on: delete some gold spans, add
    others, link them; undo puts gold back exactly as it was."""

    def __init__(self, session: Session, editor: GoldEditor, document_id: int, text: str,
                 remove: Sequence[Span], add: Sequence[SpanValues],
                 links: Sequence[GoldLink] = ()) -> None:
        super().__init__(session, document_id, text)
        self.editor = editor
        self.remove = [s.id for s in remove]
        self.add = list(add)
        self.links = list(links)
        self.ids: list[int | None] = [None] * len(self.add)
        self.deleted: list[DeletedSpan] = []
        self.made: list[int] = []

    def apply(self) -> None:
        self.deleted, self.made = self.editor.replace(
            self.document_id, self.remove, self.add, self.ids, self.links)
        self.ids = list(self.made)

    def revert(self) -> None:
        self.editor.undo_replace(self.document_id, self.made, self.deleted)


def take_text(annotator: str | None, spans: Sequence[Span]) -> str:
    if annotator is None:
        return "Gold: take nothing"
    if not spans:
        return f"Gold: take {annotator}'s nothing"
    first = spans[0]
    more = f" and {len(spans) - 1} more" if len(spans) > 1 else ""
    return f"Gold: take {annotator}'s {first.label} {quoted(first.text)}{more}"
