"""Take packaging/screenshots/review.png and search.png: the review window over three
short articles (our own text) that two annotators labelled differently, one
disagreement already resolved into gold; then Find in Project (Ctrl+Shift+F)
searching "minister" in every document.

Run under a virtual X server (needs xvfb):
    xvfb-run -s "-screen 0 1366x768x24" .venv/bin/python packaging/screenshots/take_review_search.py
Settings and the project go to a temporary folder.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent))

ARTICLES = [
    ("Port strike ends after four days", "2024-03-08",
     "The dock workers' union said on Friday that the strike at the northern port had ended. "
     "\u201cWe have an agreement that keeps every job,\u201d the union's leader told reporters. "
     "The transport minister welcomed the deal and said ships would sail again by Monday."),
    ("Ferries cancelled as storm nears", "2024-03-06",
     "All ferries to the islands were cancelled on Wednesday as a storm approached the coast. "
     "The minister for the islands said the service would resume when the wind dropped. "
     "Forecasters expect gusts of 120 km/h overnight."),
    ("Minister promises new terminal", "2024-03-11",
     "The transport minister promised on Monday a new passenger terminal at the port within "
     "two years. \u201cThe islands deserve better,\u201d she said. Work will start in the spring."),
]

# (annotator, article, label, words, attributes): spans found by their words.
SPANS: list[tuple[str, int, str, str, dict[str, str]]] = [
    *((who, 0, "SPEAKER", "The dock workers' union", {}) for who in ("alice", "bob")),
    *((who, 0, "DATE", "on Friday", {"value": "2024-03-08"}) for who in ("alice",)),
    ("bob", 0, "DATE", "Friday", {"value": "2024-03-08"}),
    *((who, 0, "EVENT", "strike", {"class": "OCCURRENCE"}) for who in ("alice", "bob")),
    ("alice", 0, "EVENT", "ended", {"class": "OCCURRENCE"}),
    ("bob", 0, "EVENT", "ended", {"class": "ASPECTUAL"}),
    *((who, 0, "QUOTE", "We have an agreement that keeps every job,", {})
      for who in ("alice", "bob")),
    ("alice", 0, "SPEAKER", "the union's leader", {}),
    ("bob", 0, "SPEAKER", "the union's leader", {}),
    ("alice", 0, "EVENT", "welcomed", {"class": "REPORTING"}),
    ("alice", 0, "DATE", "by Monday", {"value": "2024-03-11"}),
    ("bob", 0, "DATE", "Monday", {"value": "2024-03-11"}),
    *((who, 1, "EVENT", "cancelled", {"class": "OCCURRENCE"}) for who in ("alice", "bob")),
    ("alice", 1, "DATE", "on Wednesday", {"value": "2024-03-06"}),
    ("bob", 1, "DATE", "Wednesday", {"value": "2024-03-06"}),
    ("alice", 1, "SPEAKER", "The minister for the islands", {}),
    ("bob", 1, "SPEAKER", "The minister", {}),
    *((who, 2, "SPEAKER", "The transport minister", {}) for who in ("alice", "bob")),
    *((who, 2, "EVENT", "promised", {"class": "I_ACTION"}) for who in ("alice", "bob")),
    ("alice", 2, "DATE", "within two years", {"value": "P2Y"}),
]


def build(path: Path) -> None:
    from annotations.store import Project

    with Project.create(path) as project:
        ids = []
        for title, date, text in ARTICLES:
            doc, _ = project.add_document(text, title=title, date=date)
            ids.append(doc.id)
        for who, index, label, words, attrs in SPANS:
            text = ARTICLES[index][2]
            start = text.index(words)
            project.add_span(ids[index], who, label, start, start + len(words), attrs)
        for doc in ids:
            for who in ("alice", "bob"):
                project.set_status(doc, who, "done")


def main() -> None:
    home = Path(tempfile.mkdtemp(prefix="dateline-shot-"))
    os.environ["XDG_DATA_HOME"] = str(home / "data")
    os.environ["XDG_CONFIG_HOME"] = str(home / "config")

    from PySide6.QtCore import QTimer

    from app.main import build_window, make_application
    from app.review import open_review
    from app.searchpanel import open_search
    from app.settings import Settings

    path = home / "ports.dateline"
    build(path)
    app = make_application([sys.argv[0]])
    settings = Settings.at(home / "settings.ini")
    settings.theme = "light"
    window = build_window(path, settings=settings, annotator="alice", ask=False)
    assert window is not None
    window.setGeometry(0, 0, 1366, 768)
    window.show()

    def save(name: str) -> None:
        image = app.primaryScreen().grabWindow(0).toImage()
        target = HERE / name
        image.save(str(target), "PNG")
        print(f"saved {target} ({target.stat().st_size // 1024} KB)")

    def review() -> None:
        shown = open_review(window)
        shown.move(40, 30)
        shown.report_ready.connect(lambda: QTimer.singleShot(300, lambda: adjudicate(shown)))

    def adjudicate(shown: object) -> None:
        from app.review.window import ReviewWindow

        assert isinstance(shown, ReviewWindow)
        if shown.document_id is not None:
            return
        row = next(i for i in range(shown.document_list.count())
                   if "Port strike" in shown.document_list.item(i).text())
        shown.document_list.setCurrentRow(row)
        shown.disagreement_list.setCurrentRow(0)
        shown.take_variant(0)  # alice's, into gold: marked resolved, listed last
        QTimer.singleShot(600, lambda: shoot_review(shown))

    def shoot_review(shown: object) -> None:
        save("review.png")
        from app.review.window import ReviewWindow

        assert isinstance(shown, ReviewWindow)
        shown.close()
        QTimer.singleShot(300, search)

    def search() -> None:
        panel = open_search(window)
        panel.setGeometry(120, 120, 1000, 440)
        panel.words.setText("minister")
        panel.run()
        panel.results.setFocus()
        panel.results.setCurrentItem(panel.results.topLevelItem(0))
        QTimer.singleShot(600, finish)

    def finish() -> None:
        save("search.png")
        window.close()
        app.quit()

    QTimer.singleShot(800, review)
    app.exec()


if __name__ == "__main__":
    main()
