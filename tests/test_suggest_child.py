"""The suggester's child process speaks lines of JSON (annotations/suggest/child.py):
run here as the window runs it, and its serve loop on its own."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

from annotations.store import Project
from annotations.suggest.child import serve
from annotations.suggest.model import default_model_name
from tests.gui_support import ARTICLE, rows


def project(tmp_path: Path) -> Path:
    path = tmp_path / "child.dateline"
    with Project.create(path) as made:
        made.add_document(ARTICLE, date="2021-08-12")
    return path


def test_the_child_suggests_what_it_is_asked_and_says_so(tmp_path: Path) -> None:
    path = project(tmp_path)
    replies = io.StringIO()
    requests = io.StringIO('{"suggest": 1}\n{"suggest": 7}\n')
    assert serve(str(path), default_model_name(), "ana", requests, replies) == 0
    events = [json.loads(line) for line in replies.getvalue().splitlines()]
    assert [e["event"] for e in events] == ["loading", "ready", "suggested", "suggest_failed"]
    identity = events[1]["identity"]
    stored = rows(path, "SELECT count(*) FROM suggestions WHERE document_id = 1 AND model = ?",
                  identity)[0][0]
    assert events[2] == {"event": "suggested", "document": 1, "spans": stored} and stored > 0
    assert events[3]["document"] == 7 and "no document 7" in events[3]["error"]


def test_a_model_that_cannot_load_is_one_line_and_exit_code_1(tmp_path: Path) -> None:
    path = project(tmp_path)
    missing = str(tmp_path / "no-such-pipeline")
    done = subprocess.run(
        [sys.executable, "-m", "annotations.suggest.child", str(path), "--model", missing],
        input="", capture_output=True, text=True, timeout=300)
    assert done.returncode == 1
    events = [json.loads(line) for line in done.stdout.splitlines()]
    assert [e["event"] for e in events] == ["loading", "failed"]
    assert missing in events[1]["error"]
    assert rows(path, "SELECT count(*) FROM suggestions") == [(0,)]
