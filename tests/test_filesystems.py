"""A project on a network or synced file system is detected from the mount
table and opened with a one-line warning."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from annotations.cli import main
from annotations.store import Project
from annotations.store.filesystems import (
    mount_of,
    parse_mounts,
    shared_filesystem_warning,
)
from app.settings import Settings
from tests.gui_support import ARTICLE, news_project, open_window

MOUNTS = """\
/dev/sda1 / ext4 rw,relatime 0 0
proc /proc proc rw,nosuid,nodev,noexec,relatime 0 0
tmpfs /tmp tmpfs rw,nosuid,nodev 0 0
server:/export/news /mnt/news nfs4 rw,relatime,vers=4.2 0 0
//nas/share /mnt/office\\040share cifs rw,vers=3.0 0 0
//nas/smb3 /mnt/smb3 smb3 rw 0 0
user@host:/srv /home/ann/remote fuse.sshfs rw,nosuid,nodev 0 0
rclone: /home/ann/Drive fuse.rclone rw 0 0
/dev/sdb1 /media/usb fuseblk rw 0 0
lxcfs /var/lib/lxcfs fuse.lxcfs rw 0 0
/dev/sdc1 /mnt/news/local ext4 rw 0 0
"""

CASES = {  # a project path, and what the warning names (None: local, no warning)
    "/home/ann/news.dateline": None,
    "/tmp/x.db": None,
    "/mnt/news/project.dateline": "NFS network file system (nfs4 at '/mnt/news')",
    "/mnt/newsletter/p.db": None,  # a name that merely starts like a mount point
    "/mnt/news/local/p.db": None,  # a local disk mounted inside the NFS share
    "/mnt/office share/p.db": "SMB/CIFS network file system (cifs at '/mnt/office share')",
    "/mnt/smb3/p.db": "SMB network file system",
    "/home/ann/remote/p.db": "FUSE (sshfs) file system",
    "/home/ann/Drive/team/p.db": "FUSE (rclone) file system",
    "/media/usb/p.db": None,
    "/var/lib/lxcfs/p.db": None,
}


@pytest.mark.parametrize("path", sorted(CASES))
def test_the_file_system_is_told_from_a_table_of_mount_lines(path: str) -> None:
    warning = shared_filesystem_warning(path, MOUNTS)
    expected = CASES[path]
    if expected is None:
        assert warning is None
    else:
        assert warning is not None and expected in warning and "\n" not in warning
        assert repr(path) in warning and "local disk" in warning


def test_mount_lines_are_unescaped_and_the_deepest_mount_wins() -> None:
    mounts = parse_mounts(MOUNTS)
    assert ("/mnt/office share", "cifs") in mounts
    assert mount_of(Path("/mnt/news/local/a"), mounts) == ("/mnt/news/local", "ext4")
    assert mount_of(Path("/"), mounts) == ("/", "ext4")


def test_this_machine_s_temporary_folder_reads_as_local(tmp_path: Path) -> None:
    if not Path("/proc/mounts").exists():
        pytest.skip("no /proc/mounts here")
    mounts = Path("/proc/mounts").read_text()
    point = mount_of(tmp_path.resolve(), parse_mounts(mounts))
    assert point is not None
    if point[1].startswith("fuse") or point[1] in ("nfs", "nfs4", "cifs"):
        pytest.skip(f"the temporary folder is on {point[1]} here")
    assert shared_filesystem_warning(tmp_path / "p.db") is None


def test_the_cli_warns_in_one_stderr_line(tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "p.dateline"
    Project.create(path).close()
    table = f"/dev/sda1 / ext4 rw 0 0\nsrv:/x {tmp_path.resolve()} nfs rw 0 0\n"
    mounts = tmp_path / "mounts"
    mounts.write_text(table)
    import annotations.store.filesystems as filesystems

    monkeypatch.setattr(filesystems, "MOUNTS", mounts)  # this machine's table, as NFS had it
    result = CliRunner().invoke(main, ["stats", str(path)])
    assert result.exit_code == 0, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "NFS network file system" in lines[0]
    assert lines[0].startswith("warning: ")


def test_the_window_warns_once_in_the_status_bar(
        qtbot: QtBot, tmp_path: Path, settings: Settings,
        monkeypatch: pytest.MonkeyPatch) -> None:
    import annotations.store.filesystems as filesystems

    path = news_project(tmp_path, (ARTICLE, "2021-08-12"))
    mounts = tmp_path / "mounts"
    mounts.write_text(f"/dev/sda1 / ext4 rw 0 0\nhost:/x {tmp_path.resolve()} fuse.sshfs rw 0 0\n")
    monkeypatch.setattr(filesystems, "MOUNTS", mounts)
    window = open_window(qtbot, path, settings)
    shown = window.projects.shared_warning
    assert shown is not None and "FUSE (sshfs) file system" in shown
    box = window.findChild(QMessageBox)
    assert box is not None and box.text() == shown and box.isVisible()
    box.accept()
    window.projects.shared_warning = None
    window.projects.update_title()
    assert window.projects.shared_warning is None  # once per project file
