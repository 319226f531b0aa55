"""Install Dateline's desktop entry, AppStream metainfo and icons for the user (XDG).

`make install-desktop` runs `python packaging/desktop_entry.py install --exec PROGRAM`
(PROGRAM: the checkout's .venv/bin/dateline-gui) and `make uninstall-desktop`
runs `... uninstall`. Files go under $XDG_DATA_HOME (default ~/.local/share):
applications/dateline.desktop (its Exec and TryExec naming PROGRAM),
metainfo/dateline.metainfo.xml, icons/hicolor/scalable/apps/dateline.svg and
icons/hicolor/NxN/apps/dateline.png for every resources/icons/dateline-N.png.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
from importlib.resources import files
from pathlib import Path

PACKAGING = Path(__file__).resolve().parent
NAME = "dateline"
# Characters that oblige an Exec argument to be quoted (Desktop Entry spec, "Exec key").
RESERVED = set(" \t\n\"'\\><~|&;$*?#()`")


def data_home() -> Path:
    value = os.environ.get("XDG_DATA_HOME", "")
    return Path(value) if os.path.isabs(value) else Path.home() / ".local" / "share"


def exec_argument(program: str) -> str:
    """`program` as an Exec argument: quoted and escaped when it must be, then
    with backslashes doubled as every desktop-entry string value needs."""
    if any(ch in RESERVED for ch in program):
        escaped = "".join("\\" + ch if ch in '"`$\\' else ch for ch in program)
        program = f'"{escaped}"'
    return program.replace("\\", "\\\\")


def desktop_entry(program: str) -> str:
    """packaging/dateline.desktop with Exec and TryExec naming `program`."""
    lines = []
    for line in (PACKAGING / f"{NAME}.desktop").read_text(encoding="utf-8").splitlines():
        if line.startswith("Exec="):
            arguments = line.split(None, 1)[1:] if " " in line else []
            line = " ".join([f"Exec={exec_argument(program)}", *arguments])
        elif line.startswith("TryExec="):
            line = f"TryExec={program.replace(chr(92), chr(92) * 2)}"
        lines.append(line)
    return "\n".join(lines) + "\n"


def targets(home: Path) -> dict[Path, bytes | None]:
    """Every file to install, with its content (None: the desktop entry, written apart)."""
    icons = files("resources").joinpath("icons")
    hicolor = home / "icons" / "hicolor"
    chosen: dict[Path, bytes | None] = {
        home / "applications" / f"{NAME}.desktop": None,
        home / "metainfo" / f"{NAME}.metainfo.xml":
            (PACKAGING / f"{NAME}.metainfo.xml").read_bytes(),
        hicolor / "scalable" / "apps" / f"{NAME}.svg": icons.joinpath(f"{NAME}.svg").read_bytes(),
    }
    for icon in icons.iterdir():
        size = icon.name.removeprefix(f"{NAME}-").removesuffix(".png")
        if icon.name.endswith(".png") and size.isdigit():
            chosen[hicolor / f"{size}x{size}" / "apps" / f"{NAME}.png"] = icon.read_bytes()
    return chosen


def refresh_caches(home: Path) -> None:
    """Tell the desktop about the change, where its cache tools are installed."""
    for command in (["update-desktop-database", "-q", str(home / "applications")],
                    ["gtk-update-icon-cache", "-q", "-t", "-f", str(home / "icons" / "hicolor")]):
        if shutil.which(command[0]):
            subprocess.run(command, check=False, capture_output=True)


def install(program: str, home: Path) -> list[Path]:
    written = []
    for path, content in targets(home).items():
        path.parent.mkdir(parents=True, exist_ok=True)
        if content is None:
            path.write_text(desktop_entry(program), encoding="utf-8")
        else:
            path.write_bytes(content)
        written.append(path)
    refresh_caches(home)
    return written


def installed(home: Path) -> list[Path]:
    """The files `install` put under `home` (found by name: no resources needed)."""
    found = [home / "applications" / f"{NAME}.desktop", home / "metainfo" / f"{NAME}.metainfo.xml"]
    found += sorted((home / "icons" / "hicolor").glob(f"*/apps/{NAME}.png"))
    found += sorted((home / "icons" / "hicolor").glob(f"*/apps/{NAME}.svg"))
    return [path for path in found if path.is_file()]


def uninstall(home: Path) -> list[Path]:
    removed = installed(home)
    for path in removed:
        path.unlink()
    refresh_caches(home)
    return removed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    add = commands.add_parser("install", help="install for the user")
    add.add_argument("--exec", dest="program", required=True,
                     help="the program the desktop entry starts (absolute path)")
    commands.add_parser("uninstall", help="remove what install installed")
    args = parser.parse_args(argv)
    home = data_home()
    if args.command == "install":
        program = os.path.abspath(args.program)
        if not os.access(program, os.X_OK):
            print(f"desktop_entry: {program}: not an executable program", file=sys.stderr)
            return 1
        for path in install(program, home):
            print(f"installed {path}")
    else:
        for path in uninstall(home):
            print(f"removed {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
