"""The side panel for the selected span: its label, text and attributes
(the schema's choices, with its help text) and the relations that link it
to other spans, which can be followed or removed."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from annotations.errors import AttributeValueError
from annotations.model import Span
from annotations.schema import AttributeSpec, SpanLabel
from annotations.suggest.datevalue import LABEL as DATE_LABEL
from app import icons
from app.commands import quoted
from app.session import Session, SpanChange

if TYPE_CHECKING:
    from annotations.store.suggestions import StoredSuggestion

RELATION_ROLE = Qt.ItemDataRole.UserRole + 1
PARTNER_ROLE = Qt.ItemDataRole.UserRole + 2
INVALID_STYLE = "QLineEdit { border: 1px solid #d04040; }"


def heading(text: str) -> QLabel:
    label = QLabel(text)
    font = label.font()
    font.setBold(True)
    label.setFont(font)
    return label


def hint(text: str = "") -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setForegroundRole(label.foregroundRole())
    label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
    font = label.font()
    font.setPointSizeF(font.pointSizeF() * 0.92)
    label.setFont(font)
    label.setEnabled(False)
    return label


def value_error(label: str, attr: AttributeSpec, value: str) -> str:
    """Why a typed value is refused, short enough for the status bar, with what
    a right one looks like."""
    shown = value if len(value) <= 24 else value[:23] + "…"
    if label == DATE_LABEL and attr.name == "value":
        return (f"“{shown}” is not a DATE value: e.g. 2021-08-15, 2021-08, 2021-W33, P3D, "
                "PRESENT_REF (Esc restores it).")
    return f"“{shown}” is not a {label} {attr.name} (see the field's tip; Esc restores it)."


class RestoringLineEdit(QLineEdit):
    """A text attribute's field: Esc puts back the value the span has."""

    def __init__(self) -> None:
        super().__init__()
        self.stored = ""

    def show_value(self, value: str) -> None:
        self.stored = value
        self.setText(value)
        self.setStyleSheet("")

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape and self.text() != self.stored:
            self.show_value(self.stored)
            event.accept()
            return
        super().keyPressEvent(event)


class SpanPanel(QWidget):
    """Shows and edits the session's selected span, or shows the selected
    suggestion (read-only, with Accept and Reject buttons) when no span is."""

    relabel_requested = Signal(str)
    attrs_edited = Signal(dict)
    follow_requested = Signal(int)
    unlink_requested = Signal(int)
    message = Signal(str)
    accept_requested = Signal()
    reject_requested = Signal()

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.span: Span | None = None
        self.suggestion: StoredSuggestion | None = None
        self.blind = False
        self._editors: dict[str, QWidget] = {}
        self._label_of_form: str | None = None
        self.title = heading("No span selected")
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.label_box = QComboBox()
        self.label_box.setToolTip("Change the label (or press its key)")
        self.delete_button = QPushButton(icons.icon("delete"), "Delete")
        self.form_host = QWidget()
        self.form = QFormLayout(self.form_host)
        self.form.setContentsMargins(0, 0, 0, 0)
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.help = hint()
        self.relations = QListWidget()
        # One line a relation, shortened with … to the panel's width: a
        # horizontal scroll bar would cover the only row of a one-row list.
        self.relations.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.relations.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.relations.setWordWrap(False)
        self.follow_button = QPushButton(icons.icon("follow"), "Go to")
        self.unlink_button = QPushButton(icons.icon("unlink"), "Remove link")
        self.link_hint = hint()
        self.empty_hint = hint()
        self.suggested_text = QLabel()
        self.suggested_text.setWordWrap(True)
        self.suggested_text.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse)
        self.suggested_attrs_host = QWidget()
        self.suggested_attrs = QFormLayout(self.suggested_attrs_host)
        self.suggested_attrs.setContentsMargins(0, 0, 0, 0)
        self.suggested_help = hint()
        self.accept_button = QPushButton(icons.icon("accept"), "Accept (Space)")
        self.accept_button.setToolTip("Make the suggestion a span (Space)")
        self.reject_button = QPushButton(icons.icon("reject"), "Reject (X)")
        self.reject_button.setToolTip("Reject the suggestion (X); N goes to the next one")
        self._layout()
        self._fill_labels()
        self.label_box.activated.connect(self._on_label_chosen)
        self.relations.itemActivated.connect(self._follow_item)
        self.follow_button.clicked.connect(self._follow_current)
        self.unlink_button.clicked.connect(self._unlink_current)
        self.relations.currentRowChanged.connect(self._update_buttons)
        self.accept_button.clicked.connect(self.accept_requested)
        self.reject_button.clicked.connect(self.reject_requested)
        session.selection_changed.connect(self._on_selection)
        session.span_edited.connect(self._on_span_edited)
        session.relations_changed.connect(self._on_relations_changed)
        session.project_opened.connect(self._fill_labels)
        self._on_selection(0)

    def _layout(self) -> None:
        top = QHBoxLayout()
        top.addWidget(self.label_box, 1)
        top.addWidget(self.delete_button)
        links = QHBoxLayout()
        links.addWidget(self.follow_button)
        links.addWidget(self.unlink_button)
        links.addStretch(1)
        self.details = QWidget()
        inner = QVBoxLayout(self.details)
        inner.setContentsMargins(0, 0, 0, 0)
        inner.addLayout(top)
        inner.addWidget(self.text)
        inner.addWidget(self.form_host)
        inner.addWidget(self.help)
        inner.addWidget(heading("Relations"))
        inner.addWidget(self.relations)
        inner.addLayout(links)
        inner.addWidget(self.link_hint)
        decide = QHBoxLayout()
        decide.addWidget(self.accept_button)
        decide.addWidget(self.reject_button)
        decide.addStretch(1)
        self.suggested = QWidget()
        box = QVBoxLayout(self.suggested)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.suggested_text)
        box.addWidget(self.suggested_attrs_host)
        box.addLayout(decide)
        box.addWidget(self.suggested_help)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 4)
        layout.addWidget(self.title)
        layout.addWidget(self.empty_hint)
        layout.addWidget(self.details)
        layout.addWidget(self.suggested)
        layout.addStretch(1)

    def restyle(self) -> None:
        """Draw the buttons' icons in the current theme's colour."""
        self.delete_button.setIcon(icons.icon("delete"))
        self.follow_button.setIcon(icons.icon("follow"))
        self.unlink_button.setIcon(icons.icon("unlink"))
        self.accept_button.setIcon(icons.icon("accept"))
        self.reject_button.setIcon(icons.icon("reject"))

    def _fill_labels(self) -> None:
        self.label_box.clear()
        for label in self.session.schema.labels:
            key = f"  ({label.key.upper()})" if label.key else ""
            self.label_box.addItem(label.name + key, label.name)
        self._label_of_form = None

    # --- showing the selection -----------------------------------------------------------

    def _on_selection(self, span_id: int) -> None:
        self.span = self.session.span(span_id) if span_id else None
        self._show()

    def _on_span_edited(self, change: SpanChange) -> None:
        if self.span is None:
            return
        if change.before is not None and change.before.id == self.span.id:
            self.span = change.after
            self._show()

    def show_suggestion(self, found: StoredSuggestion | None) -> None:
        """Show the selected suggestion (None: none is) while no span is selected."""
        self.suggestion = found
        self._show()

    def _show_suggestion(self, found: StoredSuggestion) -> None:
        self.title.setText(f"Suggested {found.label}")
        self.suggested_text.setText(quoted(found.text) if len(found.text) <= 200 else
                                    f"“{found.text[:200]}…”")
        while self.suggested_attrs.rowCount():
            self.suggested_attrs.removeRow(0)
        for name, value in sorted(found.attrs.items()):
            shown = QLabel("—" if value is None else str(value))
            shown.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.suggested_attrs.addRow(f"{name}:", shown)
        self.suggested_attrs_host.setVisible(bool(found.attrs))
        score = "" if found.score is None else f"Score {found.score:.2f}. "
        self.suggested_help.setText(f"{score}The model's suggestion: accept it to make it a "
                                    "span (then edit it), or reject it. N goes to the next.")

    def _show(self) -> None:
        span = self.span
        found = self.suggestion if span is None else None
        self.details.setVisible(span is not None)
        self.suggested.setVisible(found is not None)
        self.empty_hint.setVisible(span is None and found is None)
        if found is not None:
            self._show_suggestion(found)
            return
        if span is None:
            self.title.setText("No span selected")
            self.empty_hint.setText(self._empty_text())
            return
        spec = self.session.schema.label(span.label)
        self.title.setText(f"{span.label} span")
        self.text.setText(quoted(span.text) if len(span.text) <= 200 else
                          f"“{span.text[:200]}…”")
        at = self.label_box.findData(span.label)
        self.label_box.setCurrentIndex(at)
        if spec is not None and self._label_of_form != spec.name:
            self._build_form(spec)
        self._fill_form(span)
        self.help.setText(spec.help if spec is not None else "")
        self.help.setVisible(bool(self.help.text()))
        self._show_relations()

    def _empty_text(self) -> str:
        keys = ", ".join(f"{lab.key.upper()} {lab.name}" for lab in self.session.schema.labels
                         if lab.key)
        text = (f"Select text and press a label key ({keys}), or click a span to edit it. "
                "Tab moves to the next span.")
        if self.blind:
            return text + " This project is blind: the model's suggestions are hidden."
        return text + (" The model's suggestions are outlined: N goes to the next, Space "
                       "accepts it, X rejects it.")

    def set_blind(self, blind: bool) -> None:
        """Blind projects hide the suggestions: the hint stops describing them."""
        if blind != self.blind:
            self.blind = blind
            self._show()

    # --- attributes -----------------------------------------------------------------------

    def _build_form(self, spec: SpanLabel) -> None:
        while self.form.rowCount():
            self.form.removeRow(0)
        self._editors = {}
        for attr in spec.attributes:
            editor = self._editor(attr)
            editor.setToolTip(attr.help)
            self._editors[attr.name] = editor
            self.form.addRow(f"{attr.name}:", editor)
        self._label_of_form = spec.name

    def _editor(self, attr: AttributeSpec) -> QWidget:
        if attr.type == "choice":
            box = QComboBox()
            for value in attr.values:
                box.addItem(value, value)
            box.activated.connect(lambda _i, a=attr, b=box: self._edited(a, b.currentData()))
            return box
        if attr.type == "bool":
            check = QCheckBox()
            check.clicked.connect(lambda on, a=attr: self._edited(a, bool(on)))
            return check
        line = RestoringLineEdit()
        line.setPlaceholderText("empty" if not attr.pattern else "e.g. 2021-08-12, P90D")
        line.setClearButtonEnabled(True)
        line.editingFinished.connect(lambda a=attr, e=line: self._text_edited(a, e))
        return line

    def _fill_form(self, span: Span) -> None:
        spec = self.session.schema.label(span.label)
        if spec is None:
            return
        for attr in spec.attributes:
            editor = self._editors.get(attr.name)
            value = span.attrs.get(attr.name, attr.default)
            if isinstance(editor, QComboBox):
                editor.setCurrentIndex(max(0, editor.findData(value)))
            elif isinstance(editor, QCheckBox):
                editor.setChecked(bool(value))
            elif isinstance(editor, RestoringLineEdit):
                editor.show_value("" if value is None else str(value))

    def _edited(self, attr: AttributeSpec, value: Any) -> None:
        if self.span is None or self.span.attrs.get(attr.name, attr.default) == value:
            return
        attrs = dict(self.span.attrs)
        if value == "" and attr.type == "text":
            attrs.pop(attr.name, None)
        else:
            attrs[attr.name] = value
        if attrs != self.span.attrs:
            self.attrs_edited.emit(attrs)

    def _text_edited(self, attr: AttributeSpec, editor: QLineEdit) -> None:
        value = editor.text().strip()
        try:
            attr.check(self.span.label if self.span else "", value)
        except AttributeValueError:
            editor.setStyleSheet(INVALID_STYLE)
            self.message.emit(value_error(self.span.label if self.span else "", attr, value))
            return
        editor.setStyleSheet("")
        self._edited(attr, value)

    def focus_first_attribute(self) -> bool:
        for editor in self._editors.values():
            editor.setFocus(Qt.FocusReason.ShortcutFocusReason)
            return True
        return False

    def _on_label_chosen(self, index: int) -> None:
        label = self.label_box.itemData(index)
        if self.span is not None and label != self.span.label:
            self.relabel_requested.emit(label)

    # --- relations ------------------------------------------------------------------------

    def _on_relations_changed(self, _document_id: int) -> None:
        self._show_relations()

    def _show_relations(self) -> None:
        self.relations.clear()
        span = self.span
        if span is None:
            return
        for rel, other in self.session.partners(span.id):
            partner = self.session.span(other)
            if partner is None:
                continue
            arrow = "→" if rel.head == span.id else "←"
            line = f"{rel.label} {arrow} {partner.label} {quoted(partner.text)}"
            item = QListWidgetItem(line)
            item.setData(RELATION_ROLE, rel.id)
            item.setData(PARTNER_ROLE, other)
            item.setToolTip(f"{rel.label} {arrow} {partner.label} “{partner.text}”\n\n"
                            "Enter or double-click to go to this span")
            self.relations.addItem(item)
        if self.relations.count():
            self.relations.setCurrentRow(0)
        self.link_hint.setText(self._link_text(span.label))
        self._update_buttons()

    def _link_text(self, label: str) -> str:
        ways = [f"{rel.key.upper()} for {rel.name} (to {'/'.join(rel.children)})"
                for rel in self.session.schema.relations if label in rel.heads and rel.key]
        none = "" if self.relations.count() else "No relations yet. "
        if not ways:
            return none.strip()
        return none + "To link it, press " + " or ".join(ways) + ", then click the other span."

    def _update_buttons(self) -> None:
        has = self.relations.currentItem() is not None
        self.follow_button.setEnabled(has)
        self.unlink_button.setEnabled(has)
        count = self.relations.count()
        self.relations.setVisible(count > 0)
        self.follow_button.setVisible(count > 0)
        self.unlink_button.setVisible(count > 0)
        rows = min(max(count, 1), 5)
        self.relations.setFixedHeight(rows * (self.relations.sizeHintForRow(0) if count else 20)
                                      + 2 * self.relations.frameWidth() + 2)

    def _follow_item(self, item: QListWidgetItem) -> None:
        self.follow_requested.emit(int(item.data(PARTNER_ROLE)))

    def _follow_current(self) -> None:
        item = self.relations.currentItem()
        if item is not None:
            self._follow_item(item)

    def _unlink_current(self) -> None:
        item = self.relations.currentItem()
        if item is not None:
            self.unlink_requested.emit(int(item.data(RELATION_ROLE)))
