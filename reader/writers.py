"""Whether a file is still being written: some process has it open for writing.

A file that arrives in the folder is read once it is whole. The file watch cannot tell
that by itself (it hears "added" alike for a file moved in whole and for one whose
first piece was just written), so on Linux the processes' open files are asked
(`/proc/<pid>/fd`, as `fuser` does). Elsewhere, or for a process that cannot be seen
(another user's), the answer is "maybe", and the watch waits for the file to go quiet.
"""

from __future__ import annotations

import os
from collections.abc import Collection

PROC = "/proc"
_WRITING = os.O_WRONLY | os.O_RDWR


def being_written(paths: Collection[str], proc: str = PROC) -> set[str]:
    """The paths that some process has open for writing, or all of them when that cannot be known."""
    if not paths or not os.path.isdir(os.path.join(proc, "self", "fd")):
        return set(paths)
    wanted = {os.path.realpath(path): path for path in paths}  # what /proc shows is resolved
    found: set[str] = set()
    for pid in os.listdir(proc):
        if pid.isdigit():
            found.update(wanted[target] for target in _written_by(os.path.join(proc, pid), wanted))
    return found


def _written_by(process: str, wanted: Collection[str]) -> list[str]:
    """Which of the wanted files this process has open for writing (none if it cannot be seen)."""
    try:
        descriptors = os.listdir(os.path.join(process, "fd"))
    except OSError:
        return []  # gone, or another user's
    found = []
    for fd in descriptors:
        try:
            target = os.readlink(os.path.join(process, "fd", fd))
        except OSError:
            continue
        if target in wanted and _opened_for_writing(os.path.join(process, "fdinfo", fd)):
            found.append(target)
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
