"""The annotator's day in the real window (offscreen): the first-run name
dialog, the status bar, the document list after Done, Next Not Done, status
changes undone from the next document, hand-made DATE values and the article's
second cues."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QColor, QPaintEvent, QRegion, QTextCursor
from PySide6.QtWidgets import QApplication, QLineEdit, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from annotations.identity import current_user
from annotations.store import Project
from annotations.store.suggestions import StoredSuggestion
from annotations.suggest.model import MODEL_SETTING
from app.dialogs import AnnotatorDialog
from app.main import build_window
from app.settings import Settings
from app.spanindex import Mark
from app.window import MainWindow
from tests.gui_support import (
    ARTICLE,
    SECOND,
    news_project,
    open_window,
    press,
    redo_key,
    rows,
    undo_key,
    wait_for_suggestions,
)


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return news_project(tmp_path, (ARTICLE, "2021-08-12"), (SECOND, "2022-03-01"))


def test_cancelling_the_first_run_name_dialog_starts_under_the_login_name(
        qtbot: QtBot, path: Path, tmp_path: Path) -> None:
    fresh = Settings.at(tmp_path / "fresh.ini")
    seen: list[str] = []

    def cancel() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, AnnotatorDialog)
        seen.append(dialog.intro.text())
        qtbot.keyClick(dialog.name, Qt.Key.Key_Escape)

    QTimer.singleShot(0, cancel)
    window = build_window(path, settings=fresh, ask=True)
    qtbot.addWidget(window)
    assert seen and "Cancel starts as" in seen[0]
    assert window.session.annotator == current_user() == fresh.annotator
    assert "Change Annotator" in window.last_message and current_user() in window.last_message


def test_the_change_annotator_dialog_does_not_repeat_its_advice(qtbot: QtBot) -> None:
    later = AnnotatorDialog("ana")
    qtbot.addWidget(later)
    assert "Change Annotator" not in later.intro.text()
    assert later.intro.text().count("stored under this name") == 1


# --- Done, Next Not Done -------------------------------------------------------------------------


@pytest.fixture
def window(qtbot: QtBot, path: Path, settings: Settings) -> MainWindow:
    return open_window(qtbot, path, settings)


class PaintSpy(QObject):
    """Where a widget was painted since the last `clear`."""

    def __init__(self, widget: QWidget) -> None:
        super().__init__(widget)
        self.region = QRegion()
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if isinstance(event, QPaintEvent):
            self.region = self.region.united(event.region())
        return False


def test_done_next_not_done_leaves_one_row_highlighted(
        qtbot: QtBot, window: MainWindow) -> None:
    table = window.documents.table
    model = table.model()
    window.open_document(1)
    qtbot.waitUntil(lambda: table.currentIndex().row() == 0)
    press(qtbot, window, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert window.session.document_id == 2
    assert [i.row() for i in table.selectionModel().selectedRows()] == [1]
    # Every row that loses the highlight is drawn again: it stayed lit where nothing
    # else (a status change) repainted it.
    second_row = QRegion()
    for column in range(model.columnCount()):
        second_row = second_row.united(table.visualRect(model.index(1, column)))
    qtbot.wait(50)
    spy = PaintSpy(table.viewport())
    press(qtbot, window, Qt.Key.Key_PageUp, Qt.KeyboardModifier.ControlModifier)
    assert window.session.document_id == 1
    qtbot.waitUntil(lambda: second_row.subtracted(spy.region).isEmpty())


def test_mark_done_is_undone_and_redone_from_the_next_document(
        qtbot: QtBot, window: MainWindow, path: Path) -> None:
    window.open_document(1)
    press(qtbot, window, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert window.session.document_id == 2
    done = "SELECT d.id, s.status FROM document_status s JOIN documents d ON d.id = s.document_id"
    assert dict(rows(path, done)).get(1) == "done"
    undo = window.actions_by_name["undo"]
    assert undo.isEnabled() and "previous document" in undo.text()
    undo_key(qtbot, window)
    assert window.session.document_id == 2  # the annotator stays where they are
    assert dict(rows(path, done)).get(1) != "done"
    assert "Undid: Mark document done" in window.last_message
    redo_key(qtbot, window)
    assert dict(rows(path, done)).get(1) == "done"
    # Another edit makes the status change no longer the last one: undo is this document's.
    window.article.select_text(0, 8)
    press(qtbot, window, "e")
    undo_key(qtbot, window)
    assert dict(rows(path, done)).get(1) == "done"
    assert rows(path, "SELECT count(*) FROM spans") == [(0,)]


def test_readme_menu_and_shortcut_sheet_say_the_same_about_ctrl_return(
        window: MainWindow) -> None:
    from app.dialogs import shortcuts_html

    action = window.actions_by_name["done_next"]
    text = action.text().replace("&", "")
    assert text == "Mark Done, Open Next Not Done"
    menus = [(t, [a for a in m.actions() if not a.isSeparator()]) for t, m in window.menus.items()]
    assert text in shortcuts_html(menus)
    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    assert "Ctrl+Return marks it done and\n  opens the next one not done" in readme


# --- hand work and suggestions ---------------------------------------------------------------


@pytest.fixture
def suggested(qtbot: QtBot, path: Path, settings: Settings) -> MainWindow:
    shown = open_window(qtbot, path, settings)
    wait_for_suggestions(qtbot, shown)
    return shown


def date_suggestion(window: MainWindow, text: str) -> StoredSuggestion:
    return next(f for f in window.suggestions.items if f.label == "DATE" and f.text == text)


def test_tagging_a_suggested_date_by_hand_resolves_the_suggestion(
        qtbot: QtBot, suggested: MainWindow, path: Path) -> None:
    window = suggested
    found = date_suggestion(window, "Thursday")
    window.article.select_text(found.start, found.end)
    press(qtbot, window, "d")
    [(span_id, origin, suggestion)] = rows(path, "SELECT id, origin, suggestion_id FROM spans")
    assert (origin, suggestion) == ("manual", found.id)
    assert rows(path, "SELECT decision, span_id FROM suggestion_decisions") == [
        ("accepted", span_id)]
    assert found.id not in [f.id for f in window.suggestions.items]
    assert "taken as accepted" in window.last_message
    undo_key(qtbot, window)  # the span goes and the suggestion is pending again
    assert rows(path, "SELECT count(*) FROM spans") == [(0,)]
    assert rows(path, "SELECT count(*) FROM suggestion_decisions") == [(0,)]
    assert found.id in [f.id for f in window.suggestions.items]


def test_accepting_a_suggestion_a_hand_made_span_overlaps_says_why_in_words(
        qtbot: QtBot, suggested: MainWindow, path: Path) -> None:
    window = suggested
    found = date_suggestion(window, "Thursday")
    window.article.select_text(found.start - 3, found.end)  # "on Thursday": not the same words
    press(qtbot, window, "d")
    assert found.id in [f.id for f in window.suggestions.items]  # still pending
    window.suggesting.select_suggestion(found.id)
    press(qtbot, window, Qt.Key.Key_Space)
    message = window.last_message
    assert message.startswith("Cannot accept: your DATE “on Thursday” already covers")
    assert "span 1" not in message and "-" not in message.split("covers")[1][:20]
    assert rows(path, "SELECT count(*) FROM suggestion_decisions") == [(0,)]


# --- DATE values ----------------------------------------------------------------------------


def span_attrs(path: Path, label: str = "DATE") -> list[dict[str, str]]:
    return [json.loads(a) for (a,) in rows(path, "SELECT attrs FROM spans WHERE label = ? "
                                                 "ORDER BY start", label)]


def test_a_date_tagged_by_hand_gets_its_value_and_a_new_date_offers_to_recompute_it(
        qtbot: QtBot, suggested: MainWindow, path: Path) -> None:
    window = suggested
    found = date_suggestion(window, "Thursday")
    start = found.start - 3  # "on Thursday": not the suggestion's words, so no accept
    window.article.select_text(start, found.end)
    press(qtbot, window, "d")
    [attrs] = span_attrs(path)
    assert attrs == found.attrs == {"type": "DATE", "value": "2021-08-12"}
    window.navigation.set_date("2021-09-01")
    offer = window.tagging.date_values.offer
    assert offer is not None and offer.isVisible() and "1 DATE value" in offer.text()
    offer.button(QMessageBox.StandardButton.Yes).click()
    assert span_attrs(path) == [{"type": "DATE", "value": "2021-08-26"}]
    undo_key(qtbot, window)  # the recomputing is one step
    assert span_attrs(path) == [{"type": "DATE", "value": "2021-08-12"}]
    redo_key(qtbot, window)
    # A value the annotator types is theirs: a new date never offers to change it.
    window.tagging.set_attributes({"type": "DATE", "value": "2021-08-19"})
    window.tagging.date_values.offer = None
    window.navigation.set_date("2021-10-01")
    assert window.tagging.date_values.offer is None
    assert span_attrs(path) == [{"type": "DATE", "value": "2021-08-19"}]


def test_without_the_model_a_hand_made_date_is_normalised_from_its_words(
        qtbot: QtBot, path: Path, settings: Settings) -> None:
    with Project(path) as project:
        project.set_setting(MODEL_SETTING, str(path.parent / "no-such-pipeline"))
    window = open_window(qtbot, path, settings)
    qtbot.waitUntil(lambda: bool(window.suggestions.error), timeout=30_000)
    at = ARTICLE.index("90 days")
    window.article.select_text(at, at + len("90 days"))
    press(qtbot, window, "d")
    assert span_attrs(path) == [{"type": "DURATION", "value": "P90D"}]
    # An EVENT relabelled DATE is a DATE made by hand too.
    thursday = ARTICLE.index("Thursday")
    window.article.select_text(thursday, thursday + 8)
    press(qtbot, window, "e")
    press(qtbot, window, "d")  # the new span is selected: the key relabels it
    assert span_attrs(path)[0] == {"type": "DATE", "value": "2021-08-12"}
    assert thursday in [s for (s,) in rows(path, "SELECT start FROM spans WHERE label = 'DATE'")]


def test_a_wrong_date_value_says_what_one_looks_like_and_esc_restores_the_field(
        qtbot: QtBot, window: MainWindow, path: Path) -> None:
    window.resize(1366, 768)
    at = ARTICLE.index("90 days")
    window.article.select_text(at, at + len("90 days"))
    press(qtbot, window, "d")
    field = window.span_panel._editors["value"]
    assert isinstance(field, QLineEdit) and field.text() == "P90D"
    qtbot.waitUntil(field.isVisible)  # a new form's fields show at the next event
    field.setFocus()
    field.selectAll()
    qtbot.keyClicks(field, "ninety days")
    qtbot.keyClick(field, Qt.Key.Key_Return)
    message = window.last_message
    assert message.startswith("“ninety days” is not a DATE value: e.g. 2021-08-15")
    assert "PRESENT_REF" in message and "pattern" not in message and "[0-9" not in message
    status = window.statusBar()
    room = status.width() - sum(w.width() for w in (window.model_label, window.annotator_label,
                                                    window.progress))
    assert status.fontMetrics().horizontalAdvance(message) < room - 30
    qtbot.keyClick(field, Qt.Key.Key_Escape)
    assert field.text() == "P90D" and field.styleSheet() == ""
    assert span_attrs(path) == [{"type": "DURATION", "value": "P90D"}]


# --- labels told apart by more than colour ---------------------------------------------------


def test_spans_are_filled_and_underlined_per_label_below_a_gap_and_named_on_hover(
        qtbot: QtBot, window: MainWindow) -> None:
    view = window.article
    said = ARTICLE.index("said")
    view.select_text(said, said + 4)
    press(qtbot, window, "e")
    thursday = ARTICLE.index("Thursday")
    view.select_text(thursday, thursday + 8)
    press(qtbot, window, "d")
    view.clear_text_selection()
    assert view._underlines["EVENT"] != view._underlines["DATE"]
    # The lines have a gap above their words (for arrows): taller than the font's line.
    line = view.document().firstBlock().layout().lineAt(0)
    assert line.height() > view.fontMetrics().height() * 1.3
    # The fill is painted as high as the words, not into the gap.
    cursor = QTextCursor(view.document())
    cursor.setPosition(thursday)
    caret = view.cursorRect(cursor)
    cursor.setPosition(thursday + 8)
    right = view.cursorRect(cursor).left()
    image = view.viewport().grab().toImage()
    fill = window.styles.look("DATE").fill
    words_top = round(caret.bottom() - view.fontMetrics().height())

    def filled(top: int, bottom: int) -> int:
        return sum(image.pixelColor(x, y) == fill
                   for x in range(caret.left() + 1, right) for y in range(top, bottom))

    assert filled(words_top + 1, caret.bottom() - 2) > 0
    assert filled(caret.top(), words_top - 1) == 0
    point = view.viewport().mapTo(view, caret.center())
    assert view._tooltip(point).startswith("DATE “Thursday”")


# --- links and arrows -----------------------------------------------------------------------


def test_suggested_links_are_drawn_dashed_and_a_links_from_a_suggestion_in_one_step(
        qtbot: QtBot, suggested: MainWindow, path: Path) -> None:
    window = suggested
    view = window.article
    assert window.suggestions.relations, "the model suggests no link in the sample"
    drawn = {e.label for e in view.suggested_relations}
    assert "SAID" in drawn
    speaker = next(f for f in window.suggestions.items if f.label == "SPEAKER")
    quote = next(f for f in window.suggestions.items if f.label == "QUOTE")
    view.select_text(quote.start, quote.end)
    press(qtbot, window, "q")  # the quote by hand
    window.suggesting.select_suggestion(speaker.id)
    press(qtbot, window, "a")  # from the selected suggestion
    assert window.links.from_suggestion is not None
    press(qtbot, window, Qt.Key.Key_Tab)
    press(qtbot, window, Qt.Key.Key_Return)
    said = rows(path, "SELECT r.label, h.label, c.label FROM relations r JOIN spans h "
                      "ON h.id = r.head_id JOIN spans c ON c.id = r.child_id")
    assert said == [("SAID", "SPEAKER", "QUOTE")]
    assert rows(path, "SELECT origin FROM spans WHERE label = 'SPEAKER'") == [("suggested",)]
    assert "linked SAID" in window.last_message
    undo_key(qtbot, window)  # the accept and the link: one step
    assert rows(path, "SELECT count(*) FROM relations") == [(0,)]
    assert rows(path, "SELECT count(*) FROM spans WHERE label = 'SPEAKER'") == [(0,)]
    assert speaker.id in [f.id for f in window.suggestions.items]
    redo_key(qtbot, window)
    assert len(rows(path, "SELECT id FROM relations")) == 1


def test_ctrl_r_says_what_it_did(qtbot: QtBot, window: MainWindow) -> None:
    assert window.article.all_relations  # every arrow, by default
    press(qtbot, window, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    assert not window.article.all_relations
    assert window.last_message.startswith("Showing only the selected span's relation arrows")
    press(qtbot, window, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    assert window.last_message.startswith("Showing every relation's arrow")


def test_nested_outlines_are_drawn_inside_each_other_not_on_one_border(
        qtbot: QtBot, window: MainWindow) -> None:
    from app.article import OutlineStyle

    view = window.article
    style = OutlineStyle(colour=QColor("#ff0000"), width=1.0)
    outer = view.mark_of(0, 40, 1, "QUOTE")
    inner = view.mark_of(4, 11, 2, "DATE")  # "embassy"
    cursor = QTextCursor(view.document())
    cursor.setPosition(7)
    column = view.cursorRect(cursor).x()

    def red_lines(marks: list[Mark]) -> int:
        """How many separate red lines cross the column (a border drawn twice is one)."""
        view.set_layer("test", marks, style)
        image = view.viewport().grab().toImage()
        red = [(c := image.pixelColor(column, y)).red() > 180 and c.green() < 120
               for y in range(image.height())]
        return sum(1 for y in range(1, len(red)) if red[y] and not red[y - 1])

    assert red_lines([outer]) == 2
    assert red_lines([outer, inner]) == 4
