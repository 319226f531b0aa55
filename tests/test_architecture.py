"""The core never imports Qt (style.md 1): checked on the source and at run time."""

from __future__ import annotations

import ast
import subprocess
import sys
from importlib.resources import files
from pathlib import Path

CORE = Path(__file__).resolve().parent.parent / "annotations"
FORBIDDEN = ("PySide6", "shiboken6", "PyQt5", "PyQt6", "qtawesome", "app")


def test_no_core_module_imports_qt_or_the_app() -> None:
    offenders = []
    for path in sorted(CORE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Import | ast.ImportFrom):
                continue
            names: list[str] = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif node.module and node.level == 0:
                names = [node.module]
            offenders += [f"{path.relative_to(CORE)}:{node.lineno} {n}" for n in names
                          if n.split(".")[0] in FORBIDDEN]
    assert offenders == []


def test_importing_every_core_module_loads_no_qt() -> None:
    modules = sorted(
        "annotations." + ".".join(p.relative_to(CORE).with_suffix("").parts)
        for p in CORE.rglob("*.py") if p.name not in ("__init__.py", "__main__.py")
    )
    code = (
        "import importlib, sys\n"
        f"for m in {modules!r}: importlib.import_module(m)\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6')))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_resources_load_through_importlib() -> None:
    schema = files("resources").joinpath("schemas/news-events.json")
    assert schema.is_file()
    samples = [p for p in files("resources").joinpath("samples").iterdir()
               if p.name.endswith(".txt")]
    assert len(samples) >= 3


def test_the_dateline_command_loads_the_window_only_to_open_it(tmp_path: Path) -> None:
    """`dateline --help` and `dateline stats` (app/entry.py) import neither Qt nor spaCy."""
    db = tmp_path / "p.db"
    code = (
        "import sys\n"
        "from app.entry import main\n"
        f"for args in (['--help'], ['new', {str(db)!r}], ['stats', {str(db)!r}]):\n"
        "    try:\n"
        "        main(args)\n"
        "    except SystemExit as exc:\n"
        "        assert not exc.code, (args, exc.code)\n"
        "print('HEAVY', [m for m in sys.modules if m.split('.')[0] in "
        "('PySide6', 'shiboken6', 'spacy', 'thinc')])\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            timeout=120)
    assert "HEAVY []" in result.stdout, result.stdout + result.stderr
    assert "Run `dateline [PROJECT]` to open the window" in result.stdout


def test_the_core_command_line_never_opens_the_window(tmp_path: Path) -> None:
    """`python -m annotations PROJECT` (no command) is a usage error, not a window."""
    result = subprocess.run([sys.executable, "-m", "annotations", str(tmp_path / "p.db")],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 2
    assert "no command given (the window opens with `dateline [PROJECT]`)" in result.stderr
