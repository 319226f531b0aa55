"""The boundaries of issue 9, checked on the source: app/ speaks no SQL (no
sqlite3, no connection, no execute), annotations/ speaks it only in its store,
and no file of either is over 700 lines nor any class over 60 methods."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APP = ROOT / "app"
CORE = ROOT / "annotations"
MAX_LINES = 700
MAX_METHODS = 60


def sources() -> list[tuple[Path, ast.Module]]:
    return [(p, ast.parse(p.read_text(encoding="utf-8"))) for p in sorted(APP.rglob("*.py"))]


def test_the_app_speaks_no_sql() -> None:
    offenders = []
    for path, tree in sources():
        for node in ast.walk(tree):
            names: list[str] = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            line = getattr(node, "lineno", 0)
            offenders += [f"{path.name}:{line} imports {n}" for n in names
                          if n.split(".")[0] == "sqlite3"]
            if isinstance(node, ast.Attribute) and node.attr in ("conn", "execute",
                                                                  "executemany"):
                offenders.append(f"{path.name}:{node.lineno} uses .{node.attr}")
    assert offenders == []


def test_only_the_store_speaks_sql_in_the_core() -> None:
    offenders = []
    for path in sorted(CORE.rglob("*.py")):
        if path.is_relative_to(CORE / "store"):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import | ast.ImportFrom):
                names = ([a.name for a in node.names] if isinstance(node, ast.Import)
                         else [node.module or ""])
                offenders += [f"{path.name}:{node.lineno} imports {n}" for n in names
                              if n.split(".")[0] == "sqlite3"]
            if isinstance(node, ast.Attribute) and node.attr in ("execute", "executemany"):
                offenders.append(f"{path.name}:{node.lineno} calls .{node.attr}")
    assert offenders == []


def test_no_file_or_class_is_too_big() -> None:
    offenders = []
    every = sorted([*APP.rglob("*.py"), *CORE.rglob("*.py")])
    for path, tree in ((p, ast.parse(p.read_text(encoding="utf-8"))) for p in every):
        lines = len(path.read_text(encoding="utf-8").splitlines())
        if lines > MAX_LINES:
            offenders.append(f"{path.name}: {lines} lines")
        for node in ast.walk(tree):
            if isinstance(node, ast.ClassDef):
                methods = [n for n in node.body
                           if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)]
                if len(methods) > MAX_METHODS:
                    offenders.append(f"{path.name}: {node.name} has {len(methods)} methods")
    assert offenders == []
