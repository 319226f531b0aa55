"""Take packaging/screenshots/window.png: the window on a 1366x768 screen,
the first sample article annotated with the keyboard as an annotator would,
the model's suggestions outlined (dotted) beside the accepted spans (filled):
where a suggestion is what the annotator would tag, it is accepted with
Space instead; the rest are left to decide.

Run under a virtual X server (needs xvfb):
    xvfb-run -s "-screen 0 1366x768x24" .venv/bin/python packaging/screenshots/take_window.py
Settings and the default project go to a temporary folder. `--dark` takes
the dark theme (to window-dark.png, for checking; not shipped).
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
LABELS = {"e": "EVENT", "d": "DATE", "s": "SPEAKER", "q": "QUOTE"}


def main() -> None:
    home = Path(tempfile.mkdtemp(prefix="dateline-shot-"))
    os.environ["XDG_DATA_HOME"] = str(home / "data")
    os.environ["XDG_CONFIG_HOME"] = str(home / "config")

    from PySide6.QtCore import Qt, QTimer
    from PySide6.QtGui import QTextCursor
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from app.main import build_window, make_application
    from app.settings import Settings

    dark = "--dark" in sys.argv
    app = make_application([sys.argv[0]])
    settings = Settings.at(home / "settings.ini")
    settings.theme = "dark" if dark else "light"
    window = build_window(None, settings=settings, annotator="maria", ask=False)
    assert window is not None
    window.setGeometry(0, 0, 1366, 768)
    window.show()
    text = window.session.document.text if window.session.document else ""

    def existing(start: int, end: int, label: str) -> int | None:
        return next((m.id for m in window.article.index.marks()
                     if (m.start, m.end, m.label) == (start, end, label)), None)

    def tag(part: str, key: str, nth: int = 0, pad: int = 0) -> int:
        start = -1
        for _ in range(nth + 1):
            start = text.index(part, start + 1)
        end, label = start + len(part), LABELS[key]
        found = next((f for f in window.suggestions.items
                      if (f.start, f.end, f.label) == (start, end, label)), None)
        if found is not None:  # the model suggested it: accept it with Space
            window.suggesting.select_suggestion(found.id)
            QTest.keyClick(window.article, " ")
            window.suggestions.select(None)
        span = existing(start, end, label)
        if span is not None:
            return span
        window.article.select_text(max(0, start - pad), end)
        QTest.keyClick(window.article, key)
        return window.session.selected or 0

    def click(span_id: int) -> None:
        view = window.article
        mark = view.index.get(span_id)
        assert mark is not None
        view.reveal(span_id)
        cursor = QTextCursor(view.document())
        cursor.setPosition(mark.start + min(2, mark.end - mark.start - 1))
        rect = view.cursorRect(cursor)
        QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())

    def link(head: int, key: str, child: int) -> None:
        if any((h, c) == (head, child) for _, _, h, c in window.session.relation_rows):
            return  # accepted with both ends: the suggested link came along
        window.session.select(head)
        QTest.keyClick(window.article, key)
        click(child)

    def annotate() -> None:
        handle = window.windowHandle()
        if QApplication.activeWindow() is not window and handle is not None:
            handle.requestActivate()  # no window manager under Xvfb: take the focus
            QTimer.singleShot(200, annotate)
            return
        window.article.setFocus()
        if not window.suggestions.ready or window.suggestions.suggesting \
                or not window.suggestions.items:
            QTimer.singleShot(300, annotate)  # the model loads and suggests in the background
            return
        tag("approves", "e")
        voted = tag("voted", "e")
        wednesday = tag("Wednesday", "d")
        tag("October", "d", pad=1)  # a sloppy selection: " October" snaps to the word
        tag("stalled", "e")
        quote = tag("We cannot ask people to cross a bridge we know is failing", "q")
        mayor = tag("Mayor Elena Varga", "s")
        tag("told", "e")
        she = tag("She", "s")
        reported = tag("the first lane closures would begin next Monday", "q")
        begin = tag("begin", "e")
        monday = tag("next Monday", "d")
        tag("warned", "e")
        tag("90 days", "d")
        link(mayor, "a", quote)
        link(she, "a", reported)
        link(voted, "w", wednesday)
        link(begin, "w", monday)
        for span, value in ((wednesday, "2024-03-13"), (monday, "2024-03-18")):
            window.session.select(span)
            editor = window.span_panel._editors.get("value")
            if editor is not None:
                editor.setText(value)  # type: ignore[attr-defined]
                editor.editingFinished.emit()  # type: ignore[attr-defined]
        window.navigation.set_note(window.session.document_id or 0,
                        "Is “She” the mayor? Linked SAID to the nearest speaker.")
        window.session.select(quote)
        window.session.select(reported)
        window.suggestions.select(None)
        window.statusBar().clearMessage()
        window.article.verticalScrollBar().setValue(0)
        QTimer.singleShot(600, shoot)

    def shoot() -> None:
        screen = app.primaryScreen()
        image = screen.grabWindow(0).toImage()
        target = HERE / ("window-dark.png" if dark else "window.png")
        image.save(str(target), "PNG")
        print(f"saved {target} ({target.stat().st_size // 1024} KB)")
        window.close()
        app.quit()

    QTimer.singleShot(500, annotate)
    app.exec()


if __name__ == "__main__":
    main()
