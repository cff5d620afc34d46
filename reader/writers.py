"""Whether a file is still being written: some process has it open for writing.

A file that arrives in the folder is read once it is whole. The file watch cannot tell
that by itself (it hears "added" alike for a file moved in whole and for one whose
first piece was just written), so on Linux the processes' open files are asked
(`/proc/<pid>/fd`, as `fuser` does). The answer is "maybe" wherever the asking cannot
see: on other systems, for a file another user owns (their processes are hidden from
ours), and when the scan runs out of time; the watch then waits for the file to go quiet.
"""

from __future__ import annotations

import os
import time
from collections.abc import Collection

PROC = "/proc"
SCAN_SECONDS = 0.25  # past this (a machine with very many open files), what is not yet found is "maybe"
_WRITING = os.O_WRONLY | os.O_RDWR
_FileKey = tuple[int, int]  # (device, inode): the same file whatever path or mount a process sees it by


def being_written(
    paths: Collection[str], *, proc: str = PROC, user: int | None = None, seconds: float = SCAN_SECONDS
) -> set[str]:
    """The paths that some process has, or may have, open for writing.

    `user` is whose processes the scan sees (this process's by default; root sees all).
    """
    if not paths or not os.path.isdir(os.path.join(proc, "self", "fd")):
        return set(paths)
    user = os.geteuid() if user is None else user
    maybe: set[str] = set()
    files: dict[_FileKey, list[str]] = {}
    for path in paths:
        try:
            info = os.stat(path)
        except OSError:
            continue  # gone already: nothing to wait for
        if user != 0 and info.st_uid != user:
            maybe.add(path)
        else:
            files.setdefault((info.st_dev, info.st_ino), []).append(path)
    return maybe | _scan(proc, files, time.monotonic() + seconds)


def _scan(proc: str, files: dict[_FileKey, list[str]], deadline: float) -> set[str]:
    """The paths of the files some process has open for writing (all left unfound at the deadline)."""
    names = {os.path.basename(name) for paths in files.values() for path in paths for name in _names(path)}
    found: set[str] = set()
    for pid in os.listdir(proc):
        if not files:
            break
        if time.monotonic() > deadline:
            return found.union(*files.values())
        if pid.isdigit():
            for key in _written_by(os.path.join(proc, pid), names, files):
                found.update(files.pop(key, ()))
    return found


def _names(path: str) -> tuple[str, str]:
    """A path as given and as the file it leads to (what a process that opened it sees)."""
    return path, os.path.realpath(path)


def _written_by(process: str, names: set[str], files: Collection[_FileKey]) -> list[_FileKey]:
    """Which of the files this process has open for writing (none if it cannot be seen)."""
    try:
        descriptors = os.listdir(os.path.join(process, "fd"))
    except OSError:
        return []  # gone, or another user's (whose files are "maybe" already)
    found = []
    for fd in descriptors:
        link = os.path.join(process, "fd", fd)
        try:
            if os.path.basename(os.readlink(link)) not in names:  # a name is the same in every mount
                continue
            info = os.stat(link)
        except OSError:
            continue
        key = (info.st_dev, info.st_ino)
        if key in files and _opened_for_writing(os.path.join(process, "fdinfo", fd)):
            found.append(key)
    return found


def _opened_for_writing(fdinfo: str) -> bool:
    """From a descriptor's `flags:` line (octal); True when it cannot be read (the safe answer)."""
    try:
        with open(fdinfo, encoding="ascii") as info:
            for line in info:
                if line.startswith("flags:"):
                    return bool(int(line.split()[1], 8) & _WRITING)
    except (OSError, ValueError, IndexError):
        pass
    return True
