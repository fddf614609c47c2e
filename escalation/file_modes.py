"""Private files on disk: personal data is readable by the service's own user only.

Files are created 0600 and folders 0700 whatever the process umask, and what an earlier version
left looser is tightened at start-up (group and other bits removed, owner bits kept). A path the
process cannot change (owned by another user) is logged and left as it is: start-up goes on.
"""

from __future__ import annotations

import logging
import os
import stat
from pathlib import Path

log = logging.getLogger(__name__)

PRIVATE_FILE = 0o600
PRIVATE_DIR = 0o700
_OTHERS = 0o077


def tighten(path: str | os.PathLike[str]) -> None:
    """Remove group and other permission bits of ``path`` if it exists (never follows links)."""
    try:
        info = os.lstat(path)
    except (FileNotFoundError, NotADirectoryError):
        return
    if stat.S_ISLNK(info.st_mode) or not stat.S_IMODE(info.st_mode) & _OTHERS:
        return
    try:
        os.chmod(path, stat.S_IMODE(info.st_mode) & ~_OTHERS)
    except OSError as exc:
        log.warning("could not make %s private: %s", path, exc.strerror or exc)


def tighten_tree(root: str | os.PathLike[str]) -> None:
    """:func:`tighten` ``root`` and everything below it (links are neither changed nor followed)."""
    if not os.path.isdir(root) or os.path.islink(root):
        tighten(root)
        return
    tighten(root)
    for folder, dirs, files in os.walk(root):
        for name in dirs + files:
            tighten(os.path.join(folder, name))


def make_private_dirs(path: str | os.PathLike[str]) -> Path:
    """Create ``path`` and any missing parent as 0700; folders that exist are left as they are."""
    path = Path(path)
    missing: list[Path] = []
    current = path
    while not os.path.lexists(current) and current != current.parent:
        missing.append(current)
        current = current.parent
    for folder in reversed(missing):
        try:
            folder.mkdir(mode=PRIVATE_DIR)
        except FileExistsError:  # another process made it meanwhile
            continue
        os.chmod(folder, PRIVATE_DIR)  # mkdir's mode is filtered by the umask
    return path


def private_dir(path: str | os.PathLike[str]) -> Path:
    """A folder of our own for private files: created 0700 (missing parents too), tightened if it
    exists. Folders above an existing ``path`` are not touched (they may be shared, like /tmp)."""
    path = make_private_dirs(path)
    tighten(path)
    return path


def open_private(path: str | os.PathLike[str], flags: int = os.O_WRONLY | os.O_CREAT | os.O_TRUNC
                 ) -> int:
    """``os.open`` a file that is 0600 from its first byte, whatever the umask."""
    fd = os.open(path, flags | getattr(os, "O_CLOEXEC", 0), PRIVATE_FILE)
    try:
        os.fchmod(fd, PRIVATE_FILE)
    except BaseException:
        os.close(fd)
        raise
    return fd


def write_private(path: str | os.PathLike[str], data: bytes) -> None:
    """Write ``data`` to a 0600 file (replacing its content)."""
    with os.fdopen(open_private(path), "wb") as handle:
        handle.write(data)
