"""Every window action as a row of a table: its menu, text, shortcuts, icon
and the window or controller method it calls. The menus, the keyboard-shortcut
sheet and the tests all read this table; the label and relation actions are added
from the project's schema (app/window.py)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Scope = Literal["window", "article"]


@dataclass(frozen=True)
class ActionSpec:
    """One action: `slot` names the MainWindow method it triggers, or a
    controller's as "controller.method" (`links.confirm_link`).

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
    ActionSpec("new_project", "&File", "&New Project…", "projects.new_project", ("Ctrl+N",),
               "new_project", "Create an empty project file"),
    ActionSpec("open_project", "&File", "&Open Project…", "projects.choose_project", ("Ctrl+O",),
               "open_project", "Open a project file", toolbar=True),
    ActionSpec("import_texts", "&File", "&Import Articles…", "projects.import_files", ("Ctrl+I",),
               "import_texts", "Add .txt or .jsonl files to this project"),
    ActionSpec("export", "&File", "&Export…", "export_dialog", ("Ctrl+E",), "export",
               "Write an annotator's work in a dataset format (spaCy, JSONL, CoNLL, brat...)"),
    ActionSpec("export_timeline", "&File", "Export &Timeline…", "export_timeline", (), "export",
               "Write the story timeline: TimelineJS, SemEval-2015 TimeLine, CSV or HTML"),
    ActionSpec("merge", "&File", "&Merge Project Files…", "merge_dialog", ("Ctrl+Shift+M",),
               "merge", "Bring in the work of annotators who labelled their own copies"),
    ActionSpec("review", "&File", "&Review and Adjudicate…", "open_review", ("Ctrl+Shift+R",), None,
               "Compare annotators, measure agreement and adjudicate gold"),
    ActionSpec("annotator", "&File", "Change &Annotator…", "projects.change_annotator", (),
               "annotator", "Annotate under another name"),
    ActionSpec("quit", "&File", "&Quit", "close", ("Ctrl+Q",), "quit"),
    ActionSpec("undo", "&Edit", "&Undo", "undo_stacks.undo", ("Ctrl+Z",), "undo", toolbar=True),
    ActionSpec("redo", "&Edit", "&Redo", "undo_stacks.redo", ("Ctrl+Shift+Z", "Ctrl+Y"), "redo",
               toolbar=True),
    ActionSpec("delete_span", "&Edit", "&Delete Span", "tagging.delete_selected",
               ("Del", "Backspace"), "delete", "Delete the selected span and its relations",
               scope="article"),
    ActionSpec("edit_attributes", "&Edit", "Edit &Attributes", "tagging.edit_attributes", ("F2",),
               "attributes", "Go to the selected span's attributes"),
    ActionSpec("edit_date", "&Edit", "Edit Document &Date", "navigation.edit_date",
               ("Ctrl+Shift+D",), "date"),
    ActionSpec("edit_note", "&Edit", "Edit &Note", "navigation.edit_note", ("Ctrl+Shift+N",),
               "note"),
    ActionSpec("cancel", "&Edit", "&Cancel Link / Deselect", "tagging.cancel", ("Esc",), "cancel",
               scope="article"),
    ActionSpec("next_span", "&Tag", "&Next Span", "tagging.next_span", ("Tab",), "next_span",
               scope="article"),
    ActionSpec("previous_span", "&Tag", "&Previous Span", "tagging.previous_span", ("Shift+Tab",),
               "previous_span", scope="article"),
    ActionSpec("confirm_link", "&Tag", "&Link to Outlined Span", "links.confirm_link", ("Return",),
               "link", "While linking: link to the span Tab has outlined", scope="article"),
    ActionSpec("accept_suggestion", "&Suggest", "&Accept Suggestion",
               "suggesting.accept_suggestion", ("Space",), "accept",
               "Make the selected suggestion a span", scope="article"),
    ActionSpec("reject_suggestion", "&Suggest", "&Reject Suggestion",
               "suggesting.reject_suggestion", ("X",), "reject", "Reject the selected suggestion",
               scope="article"),
    ActionSpec("accept_label", "&Suggest", "Accept All of This &Label", "suggesting.accept_label",
               ("Shift+Space",), "accept_label",
               "Accept every suggestion in this document with the selected one's label",
               scope="article"),
    ActionSpec("accept_all", "&Suggest", "Accept All in &Document", "suggesting.accept_all",
               ("Ctrl+Shift+A",), "accept_all", "Accept every suggestion in this document"),
    ActionSpec("next_suggestion", "&Suggest", "&Next Suggestion", "suggesting.next_suggestion",
               ("N",), "next_suggestion", scope="article"),
    ActionSpec("previous_suggestion", "&Suggest", "&Previous Suggestion",
               "suggesting.previous_suggestion", ("Shift+N",), "previous_suggestion",
               scope="article"),
    ActionSpec("blind", "&Suggest", "&Blind Project (Hide Suggestions)", "suggesting.toggle_blind",
               (), "blind", "Annotators of this project do not see the model's suggestions",
               checkable=True),
    ActionSpec("choose_model", "&Suggest", "Suggestion &Model…", "suggesting.choose_model", (),
               "model", "The spaCy pipeline that suggests (an installed name or a folder)"),
    ActionSpec("mark_done", "&Document", "Mark &Done", "navigation.toggle_done", ("Ctrl+D",),
               "done", "Mark this document done (again: back to in progress)", checkable=True,
               toolbar=True),
    ActionSpec("done_next", "&Document", "Mark Done, Open &Next Not Done",
               "navigation.done_and_next", ("Ctrl+Return",), "done_next",
               "Mark this document done and open the next one not done (Ctrl+Z there takes "
               "the mark back)", toolbar=True),
    ActionSpec("previous_document", "&Document", "&Previous Document",
               "navigation.previous_document", ("Ctrl+PgUp", "Alt+Left"), "previous_document",
               toolbar=True),
    ActionSpec("next_document", "&Document", "Ne&xt Document", "navigation.next_document",
               ("Ctrl+PgDown", "Alt+Right"), "next_document", toolbar=True),
    ActionSpec("next_not_done", "&Document", "Next No&t Done", "navigation.next_not_done",
               ("Ctrl+Shift+PgDown",), "next_not_done", "The next document not marked done"),
    ActionSpec("find_document", "&Document", "&Find Document…", "navigation.find_document",
               ("Ctrl+F",), "find", "Filter the document list by title"),
    ActionSpec("all_relations", "&View", "Show All &Relations", "layouts.toggle_all_relations",
               ("Ctrl+R",), "relations",
               "Draw every relation's arrow, not only the selected span's", checkable=True),
    ActionSpec("timeline", "&View", "Story &Timeline", "open_timeline", ("Ctrl+Shift+T",), None,
               "Every event of the documents on one time axis, by article"),
    ActionSpec("zoom_in", "&View", "Zoom &In", "layouts.zoom_in", ("Ctrl++", "Ctrl+="), "zoom_in"),
    ActionSpec("zoom_out", "&View", "Zoom &Out", "layouts.zoom_out", ("Ctrl+-",), "zoom_out"),
    ActionSpec("zoom_reset", "&View", "&Actual Size", "layouts.zoom_reset", ("Ctrl+0",),
               "zoom_reset"),
    ActionSpec("show_documents", "&View", "Document &List", "layouts.toggle_documents",
               ("Ctrl+Shift+L",), "documents", checkable=True),
    ActionSpec("show_side", "&View", "&Side Panel", "layouts.toggle_side", ("Ctrl+Shift+P",),
               "side_panel", checkable=True),
    ActionSpec("theme_system", "&View", "Theme: &System", "layouts.theme_system", (), "theme",
               checkable=True),
    ActionSpec("theme_light", "&View", "Theme: &Light", "layouts.theme_light", (), None,
               checkable=True),
    ActionSpec("theme_dark", "&View", "Theme: &Dark", "layouts.theme_dark", (), None,
               checkable=True),
    ActionSpec("shortcuts", "&Help", "&Keyboard Shortcuts", "show_shortcuts", ("F1", "Ctrl+/"),
               "shortcuts"),
    ActionSpec("about", "&Help", "&About Dateline", "show_about", (), "about"),
)

TOOLBAR_ORDER = ("open_project", "undo", "redo", "previous_document", "next_document",
                 "mark_done", "done_next")
