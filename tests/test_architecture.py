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
            names: list[str] = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [node.module]
            offenders += [f"{path.name}:{node.lineno} {n}" for n in names
                          if n.split(".")[0] in FORBIDDEN]
    # The `dateline` command with no subcommand opens the window: its one import of
    # app.main sits inside that branch of cli.main.
    assert [o for o in offenders if not o.startswith("cli.py:")] == []
    assert all(o.endswith(" app.main") for o in offenders), offenders


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
