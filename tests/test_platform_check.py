"""`make run` checks the system libraries Qt's xcb plugin needs before Qt starts
(app/platform_check.py) and prints the one command that installs what is missing."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from app import platform_check
from app.platform_check import Missing, checks_xcb, detect_manager, missing_libraries

ROOT = Path(__file__).resolve().parents[1]

# What ldd printed for PySide6 6.11's libqxcb.so on a Debian 12 without
# libxcb-icccm4 and libxcb-keysyms1 (shortened): a library can be reported
# twice, once per Qt library that needs it.
LDD_MISSING = """\
\tlinux-vdso.so.1 (0x00007ffd2a5f6000)
\tlibQt6XcbQpa.so.6 => /venv/PySide6/Qt/plugins/platforms/../../lib/libQt6XcbQpa.so.6 (0x7f1)
\tlibxcb-cursor.so.0 => /lib/x86_64-linux-gnu/libxcb-cursor.so.0 (0x00007f2)
\tlibxcb-icccm.so.4 => not found
\tlibxcb-keysyms.so.1 => not found
\tlibxcb-icccm.so.4 => not found
\tlibxcb-keysyms.so.1 => not found
\t/lib64/ld-linux-x86-64.so.2 (0x00007f3)
"""


def test_missing_libraries_are_read_from_ldd_output_once_each() -> None:
    assert missing_libraries(LDD_MISSING) == ("libxcb-icccm.so.4", "libxcb-keysyms.so.1")
    assert missing_libraries(LDD_MISSING.replace("not found", "/lib/x.so (0x1)")) == ()


@pytest.mark.parametrize(("manager", "command"), [
    ("apt", "sudo apt-get install libxcb-icccm4 libxcb-keysyms1 libxcb-cursor0"),
    ("dnf", "sudo dnf install xcb-util-wm xcb-util-keysyms xcb-util-cursor"),
    ("pacman", "sudo pacman -S --needed xcb-util-wm xcb-util-keysyms xcb-util-cursor"),
])
def test_the_install_command_names_each_managers_packages(manager: str, command: str) -> None:
    missing = Missing(("libxcb-icccm.so.4", "libxcb-keysyms.so.1", "libxcb-cursor.so.0"),
                      manager)
    assert missing.command(manager) == command
    message = missing.message()
    assert f"    {command}" in message.splitlines()
    # Only the detected manager's command: one command to copy.
    assert sum(line.startswith("    ") for line in message.splitlines()) == 1
    assert missing.command(manager, as_root=True) == command.removeprefix("sudo ")


def test_libraries_from_one_package_name_it_once() -> None:
    missing = Missing(("libxcb-randr.so.0", "libxcb-shm.so.0", "libX11-xcb.so.1"), "dnf")
    assert missing.packages("dnf") == ("libxcb", "libX11-xcb")
    assert missing.packages("pacman") == ("libxcb", "libx11")


def test_without_a_known_manager_every_managers_command_is_printed() -> None:
    message = Missing(("libxcb-icccm.so.4",), None).message()
    assert "sudo apt-get install libxcb-icccm4" in message
    assert "sudo dnf install xcb-util-wm" in message
    assert "sudo pacman -S --needed xcb-util-wm" in message


def test_a_library_no_package_is_known_for_is_still_named() -> None:
    message = Missing(("libxcb-icccm.so.4", "libexotic.so.3"), "apt").message()
    assert "missing: libxcb-icccm.so.4, libexotic.so.3." in message
    assert "sudo apt-get install libxcb-icccm4" in message
    assert "provide libexotic.so.3" in message


@pytest.mark.parametrize(("programs", "expected"), [
    (("apt-get", "dpkg"), "apt"),
    (("dnf", "rpm"), "dnf"),
    (("pacman",), "pacman"),
    (("zypper",), None),
])
def test_the_package_manager_is_the_one_on_path(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        programs: tuple[str, ...], expected: str | None) -> None:
    for program in programs:
        tool = tmp_path / program
        tool.write_text("#!/bin/sh\n")
        tool.chmod(0o755)
    monkeypatch.setenv("PATH", str(tmp_path))
    assert detect_manager() == expected


@pytest.mark.parametrize(("platform", "environ", "checked"), [
    ("linux", {}, True),
    ("linux", {"QT_QPA_PLATFORM": "xcb"}, True),
    ("linux", {"QT_QPA_PLATFORM": "offscreen"}, False),
    ("linux", {"QT_QPA_PLATFORM": "wayland"}, False),
    ("linux", {"QT_QPA_PLATFORM": "wayland;xcb"}, False),
    ("linux", {"XDG_SESSION_TYPE": "wayland", "WAYLAND_DISPLAY": "wayland-0"}, False),
    ("linux", {"XDG_SESSION_TYPE": "x11", "DISPLAY": ":0"}, True),
    ("darwin", {}, False),
    ("win32", {"QT_QPA_PLATFORM": "xcb"}, False),
])
def test_the_check_runs_only_where_qt_loads_xcb(
        platform: str, environ: dict[str, str], checked: bool) -> None:
    assert checks_xcb(platform, environ) is checked


def build_library_needing_a_missing_one(folder: Path) -> Path:
    """A real shared library whose dependency has been deleted, as on a minimal system."""
    compiler = shutil.which("cc") or shutil.which("gcc")
    if compiler is None:
        pytest.skip("no C compiler to build a library with")
    (folder / "gone.c").write_text("int gone(void) { return 1; }\n")
    (folder / "plugin.c").write_text("int gone(void);\nint plugin(void) { return gone(); }\n")
    subprocess.run([compiler, "-shared", "-fPIC", "-o", folder / "libdatelinegone.so.1",
                    "-Wl,-soname,libdatelinegone.so.1", folder / "gone.c"], check=True)
    plugin = folder / "libplugin.so"
    subprocess.run([compiler, "-shared", "-fPIC", "-o", plugin, folder / "plugin.c",
                    "-Wl,--no-as-needed", f"-L{folder}", "-l:libdatelinegone.so.1"],
                   check=True)
    (folder / "libdatelinegone.so.1").unlink()
    return plugin


@pytest.mark.skipif(not sys.platform.startswith("linux") or shutil.which("ldd") is None,
                    reason="needs Linux and ldd")
def test_a_real_library_with_a_missing_dependency_is_reported(tmp_path: Path) -> None:
    plugin = build_library_needing_a_missing_one(tmp_path)
    missing = platform_check.check(plugin, environ={}, platform="linux")
    assert missing is not None
    assert missing.libraries == ("libdatelinegone.so.1",)
    assert platform_check.check(plugin, environ={"QT_QPA_PLATFORM": "offscreen"}) is None


def run_check(**environ: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items()
           if k not in ("QT_QPA_PLATFORM", "WAYLAND_DISPLAY", "XDG_SESSION_TYPE", "DISPLAY")}
    env.update(environ)
    return subprocess.run([sys.executable, "-m", "app.platform_check"], cwd=ROOT, env=env,
                          capture_output=True, text=True, check=False)


@pytest.mark.skipif(not sys.platform.startswith("linux") or shutil.which("ldd") is None,
                    reason="needs Linux and ldd")
def test_the_check_on_this_machine_agrees_with_ldd() -> None:
    """Run for real: exit 1 with the install command exactly when ldd finds the
    installed libqxcb.so's dependencies missing, else exit 0 saying nothing."""
    plugin = platform_check.xcb_plugin()
    assert plugin is not None, "PySide6 ships libqxcb.so on Linux"
    report = subprocess.run(["ldd", str(plugin)], capture_output=True, text=True, check=True)
    lacking = missing_libraries(report.stdout)
    result = run_check(DISPLAY=":0")
    if lacking:
        assert result.returncode == 1
        assert f"missing: {', '.join(lacking)}." in result.stderr
        manager = detect_manager()
        if manager is not None:
            command = Missing(lacking, manager).command(manager, platform_check.is_root())
            assert f"    {command}\n" in result.stderr
    else:
        assert (result.returncode, result.stderr) == (0, "")
        # The libraries are there: with no display, that is what it says.
        headless = run_check()
        assert (headless.returncode, headless.stderr) == (1, platform_check.NO_DISPLAY + "\n")
    offscreen = run_check(QT_QPA_PLATFORM="offscreen")
    assert (offscreen.returncode, offscreen.stderr) == (0, "")


@pytest.mark.parametrize(("environ", "lacking"), [
    ({}, True),
    ({"DISPLAY": ":0"}, False),
    ({"QT_QPA_PLATFORM": "offscreen"}, False),
    ({"XDG_SESSION_TYPE": "wayland", "WAYLAND_DISPLAY": "wayland-0"}, False),
])
def test_no_display_is_told_apart_from_missing_libraries(
        environ: dict[str, str], lacking: bool) -> None:
    assert platform_check.no_display(environ, "linux") is lacking
    assert platform_check.no_display(environ, "darwin") is False


HIDDEN = ("libxcb-icccm.so.4", "libxcb-keysyms.so.1")


def whiteouts(folder: Path, resolved: dict[str, Path]) -> None:
    """Overlay whiteouts (0/0 character devices) hiding each library and its target."""
    for path in resolved.values():
        for name in {path.name, path.resolve().name}:
            os.mknod(folder / name, 0o600 | stat.S_IFCHR, os.makedev(0, 0))


@pytest.mark.skipif(not sys.platform.startswith("linux") or shutil.which("unshare") is None
                    or not hasattr(os, "geteuid") or os.geteuid() != 0,
                    reason="needs Linux, root and unshare to hide libraries in a mount namespace")
def test_with_the_libraries_hidden_the_check_names_them_and_the_command(tmp_path: Path) -> None:
    """On this very machine, with libxcb-icccm4 and libxcb-keysyms1 hidden by an
    overlay in a private mount namespace (nothing outside it changes), as on a
    minimal Linux."""
    plugin = platform_check.xcb_plugin()
    assert plugin is not None
    report = subprocess.run(["ldd", str(plugin)], capture_output=True, text=True, check=True)
    resolved = {}
    for line in report.stdout.splitlines():
        parts = line.split()
        if parts and parts[0] in HIDDEN and len(parts) > 2 and parts[2].startswith("/"):
            resolved[parts[0]] = Path(parts[2])
    if set(resolved) != set(HIDDEN):
        pytest.skip("the libraries are missing already (the test above covers that)")
    folders = {path.parent.resolve() for path in resolved.values()}
    if len(folders) != 1:
        pytest.skip("the libraries live in different folders")
    folder = folders.pop()
    upper, work = tmp_path / "upper", tmp_path / "work"
    upper.mkdir()
    work.mkdir()
    try:
        whiteouts(upper, resolved)
    except OSError as exc:
        pytest.skip(f"cannot make overlay whiteouts: {exc}")
    script = (f"mount -t overlay overlay -o lowerdir={folder},upperdir={upper},workdir={work} "
              f"{folder} || exit 99; exec {sys.executable} -m app.platform_check")
    env = {k: v for k, v in os.environ.items()
           if k not in ("QT_QPA_PLATFORM", "WAYLAND_DISPLAY", "XDG_SESSION_TYPE")}
    env["DISPLAY"] = ":0"
    result = subprocess.run(["unshare", "-m", "sh", "-c", script], cwd=ROOT, env=env,
                            capture_output=True, text=True, check=False)
    if result.returncode == 99 or "unshare:" in result.stderr:
        pytest.skip(f"no private overlay mount here: {result.stderr.strip()}")
    assert result.returncode == 1, result.stderr
    assert f"missing: {', '.join(HIDDEN)}." in result.stderr
    manager = detect_manager()
    if manager is not None:
        command = Missing(HIDDEN, manager).command(manager, as_root=True)
        assert f"    {command}\n" in result.stderr
    assert platform_check.xcb_plugin() == plugin and run_ldd_finds(plugin, HIDDEN)


def run_ldd_finds(plugin: Path, names: tuple[str, ...]) -> bool:
    """Outside the namespace the libraries are still there."""
    report = platform_check.run_ldd(plugin) or ""
    return not set(names) & set(missing_libraries(report))
