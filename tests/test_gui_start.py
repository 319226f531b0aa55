"""Start-up errors: `dateline missing.db` prints why and exits 1 at once, with
no dialog waiting for a click when there is no one to click it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

START_TIMEOUT_S = 60


def start(args: list[str], env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, *args], capture_output=True, text=True, cwd=cwd,
                          timeout=START_TIMEOUT_S, env=env)


def headless_env(platform: str | None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    if platform is not None:
        env["QT_QPA_PLATFORM"] = platform
    return env


@pytest.mark.parametrize("platform", [None, "offscreen"])
def test_a_missing_project_prints_the_error_and_exits_1(tmp_path: Path,
                                                        platform: str | None) -> None:
    done = start(["-m", "app.entry", "missing.db"], headless_env(platform), tmp_path)
    assert done.returncode == 1
    assert done.stderr.strip().splitlines()[-1] == "dateline: missing.db: no such project file"


def test_a_file_that_is_no_project_prints_the_error_and_exits_1(tmp_path: Path) -> None:
    notes = tmp_path / "notes.db"
    notes.write_text("shopping list", encoding="utf-8")
    done = start(["-m", "app.entry", str(notes)], headless_env(None), tmp_path)
    assert done.returncode == 1
    assert "not a Dateline project" in done.stderr


def test_the_desktop_entry_point_shows_no_dialog_without_a_display(tmp_path: Path) -> None:
    done = start(["-m", "app.main", "missing.db"], headless_env("offscreen"), tmp_path)
    assert done.returncode == 1
    assert "missing.db: no such project file" in done.stderr


def test_has_display_follows_the_platform(monkeypatch: pytest.MonkeyPatch) -> None:
    from app.main import has_display

    monkeypatch.setenv("QT_QPA_PLATFORM", "offscreen")
    assert has_display() is False
    monkeypatch.setenv("QT_QPA_PLATFORM", "xcb")
    monkeypatch.setenv("DISPLAY", ":0")
    assert has_display() is True
