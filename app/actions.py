"""Every window action as a row of a table: its menu, text, shortcuts, icon
and the window method it calls. The menus, the keyboard-shortcut sheet and
the tests all read this table; the label and relation actions are added
from the project's schema (app/window.py)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Scope = Literal["window", "article"]


@dataclass(frozen=True)
class ActionSpec:
    """One action: `slot` names the MainWindow method it triggers.

    Scope "article" keys work only while the article has focus (Tab,
    Delete and Escape keep their usual meaning elsewhere).
    """

    name: str
    menu: str
    text: str
    slot: str
    shortcuts: tuple[str, ...] = ()
    icon: str | None = None
    tip: str = ""
    checkable: bool = False
    scope: Scope = "window"
    toolbar: bool = False


MENUS = ("&File", "&Edit", "&Tag", "&Suggest", "&Document", "&View", "&Help")

ACTIONS: tuple[ActionSpec, ...] = (
    ActionSpec("new_project", "&File", "&New Project…", "new_project", ("Ctrl+N",),
               "new_project", "Create an empty project file"),
    ActionSpec("open_project", "&File", "&Open Project…", "choose_project", ("Ctrl+O",),
               "open_project", "Open a project file", toolbar=True),
    ActionSpec("import_texts", "&File", "&Import Articles…", "import_files", ("Ctrl+I",),
               "import_texts", "Add .txt or .jsonl files to this project"),
    ActionSpec("export", "&File", "&Export…", "export_dialog", ("Ctrl+E",), "export",
               "Write an annotator's work in a dataset format (spaCy, JSONL, CoNLL, brat...)"),
    ActionSpec("export_timeline", "&File", "Export &Timeline…", "export_timeline", (), "export",
               "Write the story timeline: TimelineJS, SemEval-2015 TimeLine, CSV or HTML"),
    ActionSpec("merge", "&File", "&Merge Project Files…", "merge_dialog", ("Ctrl+Shift+M",),
               "merge", "Bring in the work of annotators who labelled their own copies"),
    ActionSpec("review", "&File", "&Review and Adjudicate…", "open_review", ("Ctrl+Shift+R",),
               None, "Compare annotators, measure agreement and adjudicate gold"),
    ActionSpec("annotator", "&File", "Change &Annotator…", "change_annotator", (),
               "annotator", "Annotate under another name"),
    ActionSpec("quit", "&File", "&Quit", "close", ("Ctrl+Q",), "quit"),
    ActionSpec("undo", "&Edit", "&Undo", "undo", ("Ctrl+Z",), "undo", toolbar=True),
    ActionSpec("redo", "&Edit", "&Redo", "redo", ("Ctrl+Shift+Z", "Ctrl+Y"), "redo",
               toolbar=True),
    ActionSpec("delete_span", "&Edit", "&Delete Span", "delete_selected", ("Del", "Backspace"),
               "delete", "Delete the selected span and its relations", scope="article"),
    ActionSpec("edit_attributes", "&Edit", "Edit &Attributes", "edit_attributes", ("F2",),
               "attributes", "Go to the selected span's attributes"),
    ActionSpec("edit_date", "&Edit", "Edit Document &Date", "edit_date", ("Ctrl+Shift+D",),
               "date"),
    ActionSpec("edit_note", "&Edit", "Edit &Note", "edit_note", ("Ctrl+Shift+N",), "note"),
    ActionSpec("cancel", "&Edit", "&Cancel Link / Deselect", "cancel", ("Esc",), "cancel",
               scope="article"),
    ActionSpec("next_span", "&Tag", "&Next Span", "next_span", ("Tab",), "next_span",
               scope="article"),
    ActionSpec("previous_span", "&Tag", "&Previous Span", "previous_span", ("Shift+Tab",),
               "previous_span", scope="article"),
    ActionSpec("confirm_link", "&Tag", "&Link to Outlined Span", "confirm_link", ("Return",),
               "link", "While linking: link to the span Tab has outlined", scope="article"),
    ActionSpec("accept_suggestion", "&Suggest", "&Accept Suggestion", "accept_suggestion",
               ("Space",), "accept", "Make the selected suggestion a span", scope="article"),
    ActionSpec("reject_suggestion", "&Suggest", "&Reject Suggestion", "reject_suggestion",
               ("X",), "reject", "Reject the selected suggestion", scope="article"),
    ActionSpec("accept_label", "&Suggest", "Accept All of This &Label", "accept_label",
               ("Shift+Space",), "accept_label",
               "Accept every suggestion in this document with the selected one's label",
               scope="article"),
    ActionSpec("accept_all", "&Suggest", "Accept All in &Document", "accept_all",
               ("Ctrl+Shift+A",), "accept_all", "Accept every suggestion in this document"),
    ActionSpec("next_suggestion", "&Suggest", "&Next Suggestion", "next_suggestion", ("N",),
               "next_suggestion", scope="article"),
    ActionSpec("previous_suggestion", "&Suggest", "&Previous Suggestion", "previous_suggestion",
               ("Shift+N",), "previous_suggestion", scope="article"),
    ActionSpec("blind", "&Suggest", "&Blind Project (Hide Suggestions)", "toggle_blind", (),
               "blind", "Annotators of this project do not see the model's suggestions",
               checkable=True),
    ActionSpec("choose_model", "&Suggest", "Suggestion &Model…", "choose_model", (), "model",
               "The spaCy pipeline that suggests (an installed name or a folder)"),
    ActionSpec("mark_done", "&Document", "Mark &Done", "toggle_done", ("Ctrl+D",), "done",
               "Mark this document done (again: back to in progress)", checkable=True,
               toolbar=True),
    ActionSpec("done_next", "&Document", "Done, &Next Not Done", "done_and_next",
               ("Ctrl+Return",), "done_next", "Mark done and open the next document not done",
               toolbar=True),
    ActionSpec("previous_document", "&Document", "&Previous Document", "previous_document",
               ("Ctrl+PgUp", "Alt+Left"), "previous_document", toolbar=True),
    ActionSpec("next_document", "&Document", "Ne&xt Document", "next_document",
               ("Ctrl+PgDown", "Alt+Right"), "next_document", toolbar=True),
    ActionSpec("next_not_done", "&Document", "Next No&t Done", "next_not_done",
               ("Ctrl+Shift+PgDown",), "next_not_done", "The next document not marked done"),
    ActionSpec("find_document", "&Document", "&Find Document…", "find_document", ("Ctrl+F",),
               "find", "Filter the document list by title"),
    ActionSpec("all_relations", "&View", "Show All &Relations", "toggle_all_relations",
               ("Ctrl+R",), "relations", "Draw every relation's arrow, not only the selected "
               "span's", checkable=True),
    ActionSpec("timeline", "&View", "Story &Timeline", "open_timeline", ("Ctrl+Shift+T",), None,
               "Every event of the documents on one time axis, by article"),
    ActionSpec("zoom_in", "&View", "Zoom &In", "zoom_in", ("Ctrl++", "Ctrl+="), "zoom_in"),
    ActionSpec("zoom_out", "&View", "Zoom &Out", "zoom_out", ("Ctrl+-",), "zoom_out"),
    ActionSpec("zoom_reset", "&View", "&Actual Size", "zoom_reset", ("Ctrl+0",), "zoom_reset"),
    ActionSpec("show_documents", "&View", "Document &List", "toggle_documents", ("Ctrl+Shift+L",),
               "documents", checkable=True),
    ActionSpec("show_side", "&View", "&Side Panel", "toggle_side", ("Ctrl+Shift+P",),
               "side_panel", checkable=True),
    ActionSpec("theme_system", "&View", "Theme: &System", "theme_system", (), "theme",
               checkable=True),
    ActionSpec("theme_light", "&View", "Theme: &Light", "theme_light", (), None, checkable=True),
    ActionSpec("theme_dark", "&View", "Theme: &Dark", "theme_dark", (), None, checkable=True),
    ActionSpec("shortcuts", "&Help", "&Keyboard Shortcuts", "show_shortcuts", ("F1", "Ctrl+/"),
               "shortcuts"),
    ActionSpec("about", "&Help", "&About Dateline", "show_about", (), "about"),
)

TOOLBAR_ORDER = ("open_project", "undo", "redo", "previous_document", "next_document",
                 "mark_done", "done_next")
