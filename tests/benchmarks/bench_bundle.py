"""The desktop bundle (`make bundle`): its size against the 350 MB target, and
that it runs (a project made, imported and suggested with the bundled model).

Run `make bundle` first, then `make bench`; skips when dist/dateline/ is absent.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BUNDLE = ROOT / "dist" / "dateline"
PROGRAM = BUNDLE / "dateline"
TARGET_MB = 350.0

pytestmark = pytest.mark.skipif(not PROGRAM.is_file(), reason="no bundle: run `make bundle`")


def megabytes(paths: list[Path]) -> float:
    return sum(p.stat().st_size for p in paths if p.is_file() and not p.is_symlink()) / 1e6


def test_bundle_size() -> None:
    unpacked = megabytes(list(BUNDLE.rglob("*")))
    tarballs = sorted(BUNDLE.parent.glob("dateline-*.tar.gz"))
    packed = f"; tarball {megabytes(tarballs[-1:]):.0f} MB" if tarballs else ""
    verdict = "ok" if unpacked <= TARGET_MB else "OVER TARGET"
    print(f"\nbundle dist/dateline: {unpacked:.0f} MB  target <= {TARGET_MB:g} MB  {verdict}"
          f"{packed}")
    assert unpacked > 0


def test_the_bundle_suggests_with_its_model(tmp_path: Path) -> None:
    env = dict(os.environ, HOME=str(tmp_path), XDG_CONFIG_HOME=str(tmp_path / "config"),
               XDG_DATA_HOME=str(tmp_path / "data"))
    article = tmp_path / "a.txt"
    article.write_text(" date 2021-08-16 \nThe minister said on Monday that talks "
                       "would resume next week.\n", encoding="utf-8")
    project = str(tmp_path / "p.dateline")
    for command in (["new", project], ["import", project, str(article), "--annotator", "ana"],
                    ["suggest", project]):
        result = subprocess.run([str(PROGRAM), *command], env=env, capture_output=True,
                                text=True, timeout=600, check=False)
        assert result.returncode == 0, result.stderr
    assert "suggested 1 document(s)" in result.stdout
