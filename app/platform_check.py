"""Check, before Qt starts, that the system has the libraries Qt's platform plugin needs.

On a minimal Linux, Qt's xcb plugin cannot load without libxcb-icccm4,
libxcb-keysyms1 and libxcb-cursor0, and Qt then aborts naming only one of
them. `python -m app.platform_check` (run by `make run` and by the bundle's
launcher) lists every library `ldd` cannot find for the plugin and prints the
one command that installs them with the system's package manager (apt, dnf or
pacman). Where the libraries are there but DISPLAY is not set, it says so
(Qt would abort blaming libxcb-cursor0 again). It exits 1 in either case,
else 0; it checks nothing (and exits 0) off Linux, on Qt's headless and
Wayland platforms, or when it cannot tell (no `ldd`, no plugin).

Qt is never imported here: the check must run where Qt cannot start.
"""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

MANAGERS = ("apt", "dnf", "pacman")

# The package that provides each library, per package manager (Debian/Ubuntu,
# Fedora/RHEL, Arch): everything libqxcb.so and the Qt libraries it loads link
# to outside the PySide6 wheel.
PACKAGES: dict[str, tuple[str, str, str]] = {
    "libxcb-icccm.so.4": ("libxcb-icccm4", "xcb-util-wm", "xcb-util-wm"),
    "libxcb-keysyms.so.1": ("libxcb-keysyms1", "xcb-util-keysyms", "xcb-util-keysyms"),
    "libxcb-cursor.so.0": ("libxcb-cursor0", "xcb-util-cursor", "xcb-util-cursor"),
    "libxcb-image.so.0": ("libxcb-image0", "xcb-util-image", "xcb-util-image"),
    "libxcb-render-util.so.0": ("libxcb-render-util0", "xcb-util-renderutil",
                                "xcb-util-renderutil"),
    "libxcb-util.so.1": ("libxcb-util1", "xcb-util", "xcb-util"),
    "libxcb.so.1": ("libxcb1", "libxcb", "libxcb"),
    "libxcb-randr.so.0": ("libxcb-randr0", "libxcb", "libxcb"),
    "libxcb-render.so.0": ("libxcb-render0", "libxcb", "libxcb"),
    "libxcb-shape.so.0": ("libxcb-shape0", "libxcb", "libxcb"),
    "libxcb-shm.so.0": ("libxcb-shm0", "libxcb", "libxcb"),
    "libxcb-sync.so.1": ("libxcb-sync1", "libxcb", "libxcb"),
    "libxcb-xfixes.so.0": ("libxcb-xfixes0", "libxcb", "libxcb"),
    "libxcb-xinput.so.0": ("libxcb-xinput0", "libxcb", "libxcb"),
    "libxcb-xkb.so.1": ("libxcb-xkb1", "libxcb", "libxcb"),
    "libxcb-glx.so.0": ("libxcb-glx0", "libxcb", "libxcb"),
    "libxkbcommon.so.0": ("libxkbcommon0", "libxkbcommon", "libxkbcommon"),
    "libxkbcommon-x11.so.0": ("libxkbcommon-x11-0", "libxkbcommon-x11", "libxkbcommon-x11"),
    "libX11.so.6": ("libx11-6", "libX11", "libx11"),
    "libX11-xcb.so.1": ("libx11-xcb1", "libX11-xcb", "libx11"),
    "libSM.so.6": ("libsm6", "libSM", "libsm"),
    "libICE.so.6": ("libice6", "libICE", "libice"),
    "libEGL.so.1": ("libegl1", "libglvnd-egl", "libglvnd"),
    "libGL.so.1": ("libgl1", "libglvnd-glx", "libglvnd"),
    "libGLX.so.0": ("libglx0", "libglvnd-glx", "libglvnd"),
    "libOpenGL.so.0": ("libopengl0", "libglvnd-opengl", "libglvnd"),
    "libfontconfig.so.1": ("libfontconfig1", "fontconfig", "fontconfig"),
    "libfreetype.so.6": ("libfreetype6", "freetype", "freetype2"),
    "libdbus-1.so.3": ("libdbus-1-3", "dbus-libs", "dbus"),
    "libglib-2.0.so.0": ("libglib2.0-0", "glib2", "glib2"),
    "libgthread-2.0.so.0": ("libglib2.0-0", "glib2", "glib2"),
}

INSTALL_COMMANDS = {
    "apt": "apt-get install",
    "dnf": "dnf install",
    "pacman": "pacman -S --needed",
}
# The command that identifies each manager on PATH, in the order they are tried.
MANAGER_PROGRAMS = (("apt-get", "apt"), ("dnf", "dnf"), ("pacman", "pacman"))

HEADLESS_PLATFORMS = ("offscreen", "minimal", "vnc", "linuxfb", "eglfs", "wayland")

NOT_FOUND = re.compile(r"^\s*(\S+)\s+=>\s+not found\s*$")


@dataclass(frozen=True)
class Missing:
    """The libraries the plugin needs that the system lacks, and how to install them."""

    libraries: tuple[str, ...]
    manager: str | None

    def packages(self, manager: str) -> tuple[str, ...]:
        """The packages that provide the missing libraries under `manager` (known ones)."""
        column = MANAGERS.index(manager)
        chosen: list[str] = []
        for library in self.libraries:
            known = PACKAGES.get(library)
            if known is not None and known[column] not in chosen:
                chosen.append(known[column])
        return tuple(chosen)

    @property
    def unknown(self) -> tuple[str, ...]:
        """Missing libraries no package is known for."""
        return tuple(lib for lib in self.libraries if lib not in PACKAGES)

    def command(self, manager: str, as_root: bool = False) -> str:
        """The one shell command that installs the packages under `manager`."""
        prefix = "" if as_root else "sudo "
        return f"{prefix}{INSTALL_COMMANDS[manager]} {' '.join(self.packages(manager))}"

    def message(self, as_root: bool = False) -> str:
        """What to tell the user: what is missing and the command that installs it."""
        lines = [
            "dateline: Qt's X11 (xcb) platform plugin cannot load: these system libraries "
            f"are missing: {', '.join(self.libraries)}."
        ]
        managers = (self.manager,) if self.manager else MANAGERS
        if any(self.packages(m) for m in managers):
            if self.manager:
                lines.append("Install them with:")
            else:
                lines.append("Install them with the command for your package manager:")
            lines += [f"    {self.command(m, as_root)}" for m in managers if self.packages(m)]
        if self.unknown:
            lines.append(f"Install the packages that provide {', '.join(self.unknown)} "
                         "with your package manager.")
        lines.append("Then start Dateline again.")
        return "\n".join(lines)


def missing_libraries(ldd_output: str) -> tuple[str, ...]:
    """The libraries `ldd` reports as not found, each once, in the order reported."""
    found: list[str] = []
    for line in ldd_output.splitlines():
        match = NOT_FOUND.match(line)
        if match and match.group(1) not in found:
            found.append(match.group(1))
    return tuple(found)


def detect_manager(which: Callable[[str], str | None] = shutil.which) -> str | None:
    """The system's package manager ('apt', 'dnf' or 'pacman'), or None."""
    for program, manager in MANAGER_PROGRAMS:
        if which(program):
            return manager
    return None


def checks_xcb(platform: str, environ: Mapping[str, str]) -> bool:
    """Will Qt load its xcb plugin? Not on Linux's headless or Wayland platforms,
    nor when Qt is left to choose inside a Wayland session (it takes Wayland)."""
    if not platform.startswith("linux"):
        return False
    chosen = environ.get("QT_QPA_PLATFORM", "").split(";")[0].split(":")[0].strip()
    if chosen:
        return chosen == "xcb"
    wayland_session = environ.get("XDG_SESSION_TYPE") == "wayland"
    return not (wayland_session and environ.get("WAYLAND_DISPLAY"))


def xcb_plugin() -> Path | None:
    """The installed PySide6's libqxcb.so, found without importing Qt (None if absent)."""
    spec = importlib.util.find_spec("PySide6")
    if spec is None or not spec.submodule_search_locations:
        return None
    for location in spec.submodule_search_locations:
        plugin = Path(location) / "Qt" / "plugins" / "platforms" / "libqxcb.so"
        if plugin.is_file():
            return plugin
    return None


def run_ldd(library: Path) -> str | None:
    """`ldd`'s report on `library` (every library it loads, transitively), or None."""
    ldd = shutil.which("ldd")
    if ldd is None:
        return None
    try:
        result = subprocess.run([ldd, str(library)], capture_output=True, text=True,
                                timeout=30, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    return result.stdout


def check(plugin: Path | None = None, environ: Mapping[str, str] = os.environ,
          platform: str = sys.platform) -> Missing | None:
    """What the xcb plugin (or `plugin`) lacks on this system, or None when nothing
    is missing, the plugin is not the one Qt will load, or it cannot be told."""
    if not checks_xcb(platform, environ):
        return None
    plugin = plugin or xcb_plugin()
    report = run_ldd(plugin) if plugin is not None else None
    if report is None:
        return None
    libraries = missing_libraries(report)
    if not libraries:
        return None
    return Missing(libraries, detect_manager())


def is_root() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0


NO_DISPLAY = (
    "dateline: there is no X display to open the window on (DISPLAY is not set). "
    "Start Dateline from a desktop session; scripts use the command line "
    "(`dateline --help`) or QT_QPA_PLATFORM=offscreen."
)


def no_display(environ: Mapping[str, str] = os.environ, platform: str = sys.platform) -> bool:
    """Would Qt's xcb plugin find no display? (Qt then aborts blaming libxcb-cursor0.)"""
    return checks_xcb(platform, environ) and not environ.get("DISPLAY")


def main() -> int:
    """Print what is missing and how to install it, or that there is no display;
    1 when either is so, else 0."""
    missing = check()
    if missing is not None:
        print(missing.message(as_root=is_root()), file=sys.stderr)
        return 1
    if no_display():
        print(NO_DISPLAY, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
