"""The desktop integration (packaging/desktop_entry.py, `make install-desktop`)
and the bundle's launcher (packaging/launch.py)."""

from __future__ import annotations

import configparser
import os
import runpy
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGING = ROOT / "packaging"
ICONS = ROOT / "resources" / "icons"


def desktop_entry(*args: str, data_home: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, XDG_DATA_HOME=str(data_home))
    return subprocess.run([sys.executable, str(PACKAGING / "desktop_entry.py"), *args],
                          cwd=ROOT, env=env, capture_output=True, text=True, check=False)


def fake_program(folder: Path) -> Path:
    """An executable the entry can name: a folder with a space, as real homes have."""
    program = folder / "my apps" / "dateline-gui"
    program.parent.mkdir(parents=True)
    program.write_text("#!/bin/sh\n")
    program.chmod(0o755)
    return program


def read_entry(path: Path) -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read(path, encoding="utf-8")
    return parser["Desktop Entry"]


def test_install_puts_the_entry_metainfo_and_icons_where_xdg_says(tmp_path: Path) -> None:
    program = fake_program(tmp_path)
    home = tmp_path / "share"
    result = desktop_entry("install", "--exec", str(program), data_home=home)
    assert result.returncode == 0, result.stderr
    entry = read_entry(home / "applications" / "dateline.desktop")
    assert entry["Exec"] == f'"{program}" %f'
    assert entry["TryExec"] == str(program)
    assert entry["Icon"] == "dateline"
    assert (home / "metainfo" / "dateline.metainfo.xml").read_bytes() == (
        PACKAGING / "dateline.metainfo.xml").read_bytes()
    assert (home / "icons/hicolor/scalable/apps/dateline.svg").read_bytes() == (
        ICONS / "dateline.svg").read_bytes()
    for png in ICONS.glob("dateline-*.png"):
        size = png.stem.removeprefix("dateline-")
        installed = home / f"icons/hicolor/{size}x{size}/apps/dateline.png"
        assert installed.read_bytes() == png.read_bytes()
    if shutil.which("desktop-file-validate"):
        check = subprocess.run(["desktop-file-validate",
                                str(home / "applications" / "dateline.desktop")],
                               capture_output=True, text=True, check=False)
        assert (check.returncode, check.stdout) == (0, "")

    removed = desktop_entry("uninstall", data_home=home)
    assert removed.returncode == 0, removed.stderr
    assert len(removed.stdout.splitlines()) == 3 + len(list(ICONS.glob("dateline-*.png")))
    assert not [p for p in home.rglob("dateline*") if p.is_file()]


def test_install_refuses_a_program_that_is_not_there(tmp_path: Path) -> None:
    result = desktop_entry("install", "--exec", str(tmp_path / "nothing"),
                           data_home=tmp_path / "share")
    assert result.returncode == 1
    assert result.stderr == f"desktop_entry: {tmp_path / 'nothing'}: not an executable program\n"
    assert not (tmp_path / "share").exists()


@pytest.mark.skipif(shutil.which("desktop-file-validate") is None,
                    reason="desktop-file-validate is not installed (desktop-file-utils)")
def test_the_desktop_file_validates() -> None:
    result = subprocess.run(["desktop-file-validate", str(PACKAGING / "dateline.desktop")],
                            capture_output=True, text=True, check=False)
    assert (result.returncode, result.stdout) == (0, "")


@pytest.mark.skipif(shutil.which("appstreamcli") is None,
                    reason="appstreamcli is not installed (appstream)")
def test_the_metainfo_validates_but_for_its_id() -> None:
    """The one finding left is that the id is not reverse-DNS: that needs the
    project's own domain, which it does not have yet."""
    result = subprocess.run(["appstreamcli", "validate", "--no-net", "--pedantic",
                             "--format", "yaml", str(PACKAGING / "dateline.metainfo.xml")],
                            capture_output=True, text=True, check=False)
    tags = [line.split(":", 1)[1].strip() for line in result.stdout.splitlines()
            if line.strip().startswith("- tag:")]
    assert tags == ["cid-desktopapp-is-not-rdns"], result.stdout


def test_the_bundle_checks_the_platform_only_when_it_opens_the_window() -> None:
    launcher = runpy.run_path(str(PACKAGING / "launch.py"), run_name="launch")
    opens_window = launcher["opens_window"]
    assert opens_window([])
    assert opens_window(["project.dateline"])
    assert not opens_window(["stats", "project.dateline"])
    assert not opens_window(["--help"])
