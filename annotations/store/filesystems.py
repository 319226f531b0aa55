"""Is a project file on a network or synced file system?

SQLite's write-ahead log keeps its index in shared memory (the -shm file)
and relies on the file system's locks. NFS, SMB/CIFS and FUSE file systems
(sshfs, rclone, sync clients) do not give both reliably, so two programs on
one project there, or a sync client copying it mid-write, can corrupt it.
Opening such a project is allowed, with a warning naming the reason.

The file system is the type of the mount the file lives on, from
/proc/mounts (Linux). Elsewhere nothing is detected.
"""

from __future__ import annotations

import os
from pathlib import Path

MOUNTS = Path("/proc/mounts")

NETWORK = {
    "nfs": "NFS", "nfs4": "NFS", "cifs": "SMB/CIFS", "smb3": "SMB", "smbfs": "SMB",
    "ncpfs": "NetWare", "afs": "AFS", "9p": "9P", "ceph": "Ceph", "glusterfs": "GlusterFS",
    "lustre": "Lustre", "gpfs": "GPFS", "davfs": "WebDAV", "fuse": "FUSE",
}
#: FUSE file systems that keep their files on a local disk.
LOCAL_FUSE = {"fuseblk", "fuse.lxcfs", "fuse.appimagefs"}


def _unescape(field: str) -> str:
    """A /proc/mounts field: spaces, tabs, newlines and backslashes are octal escapes."""
    for code, char in (("\\040", " "), ("\\011", "\t"), ("\\012", "\n"), ("\\134", "\\")):
        field = field.replace(code, char)
    return field


def parse_mounts(text: str) -> list[tuple[str, str]]:
    """(mount point, file system type) of each line of /proc/mounts."""
    mounts = []
    for line in text.splitlines():
        fields = line.split()
        if len(fields) >= 3:
            mounts.append((_unescape(fields[1]), fields[2]))
    return mounts


def mount_of(path: Path, mounts: list[tuple[str, str]]) -> tuple[str, str] | None:
    """The mount (point, type) a path lives on: the longest mount point above it
    (the last one mounted, where one is mounted over another)."""
    target = str(path)
    best: tuple[str, str] | None = None
    for point, kind in mounts:
        inside = target == point or target.startswith(point.rstrip("/") + "/")
        if inside and (best is None or len(point) >= len(best[0])):
            best = (point, kind)
    return best


def kind_of(fstype: str) -> str | None:
    """What kind of shared file system a type is, None for a local one."""
    if fstype in LOCAL_FUSE:
        return None
    if fstype.startswith("fuse."):
        return f"FUSE ({fstype[5:]}) file system, as sync folders and remote mounts are"
    name = NETWORK.get(fstype)
    return None if name is None else f"{name} network file system"


def shared_filesystem_warning(path: str | Path, mounts_text: str | None = None) -> str | None:
    """One line saying why the project at `path` is at risk, or None when its
    file system is local (or cannot be told). `mounts_text` is /proc/mounts's
    text (read when not given)."""
    if mounts_text is None:
        try:
            mounts_text = MOUNTS.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return None
    where = Path(os.path.realpath(path))
    mount = mount_of(where, parse_mounts(mounts_text))
    if mount is None:
        return None
    kind = kind_of(mount[1])
    if kind is None:
        return None
    return (
        f"{str(where)!r} is on a {kind} ({mount[1]} at {mount[0]!r}): SQLite's write-ahead "
        "log needs shared memory and locks such file systems do not give, so two programs "
        "or a sync client can corrupt the project; keep it on a local disk and copy it"
    )
