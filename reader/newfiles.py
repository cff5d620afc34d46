"""Writing a new file into the article folder: atomically, never over another file, never outside.

Every way this can fail (a file where a folder should be, a folder that cannot be
written, a name the file system refuses) is a `FolderError` naming the place, and
leaves nothing behind: no temporary file, no folder it made.
"""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from pathlib import Path

from reader.model import FolderError

MAX_TRIES = 9_999
NAME_BYTES = 255  # the longest file name (in bytes) Linux, macOS and Windows file systems take
STEM_BYTES = NAME_BYTES - len(f"-{MAX_TRIES}.md")  # so that `stem-9999.md` still fits


def fit_name(name: str, limit: int = STEM_BYTES) -> str:
    """The longest start of `name` within `limit` bytes of UTF-8, cut between characters."""
    size = 0
    for index, char in enumerate(name):
        size += len(char.encode("utf-8", "surrogatepass"))
        if size > limit:
            return name[:index].rstrip("-")
    return name


def write_new(root: Path, folder: Path, stem: str, text: str) -> Path:
    """Write text to a new file `folder/stem[-N].md` inside root, atomically, never overwriting."""
    real_root = os.path.realpath(root)
    if not _inside(os.path.realpath(folder), real_root):  # before creating anything
        raise FolderError(f"{folder}: outside the article folder; refused")
    made = _make_folders(root, folder)
    try:
        real_folder = os.path.realpath(folder)
        if not _inside(real_folder, real_root):
            raise FolderError(f"{folder}: outside the article folder; refused")
        return folder / _write_in(real_folder, folder, fit_name(stem), text)
    except BaseException:
        for made_folder in reversed(made):  # only the empty folders this call made
            _remove_folder(made_folder)
        raise


def _make_folders(root: Path, folder: Path) -> list[Path]:
    """Make `folder` and the folders above it (up to root); return those it made."""
    made: list[Path] = []
    parts = folder.relative_to(root).parts if folder.is_relative_to(root) else ()
    path = root
    for part in parts:
        path = path / part
        if path.is_dir():
            continue
        try:
            path.mkdir()
        except OSError as error:
            for made_folder in reversed(made):
                _remove_folder(made_folder)
            if isinstance(error, FileExistsError):
                raise FolderError(f"{path}: a file has this name, so it cannot be a folder") from None
            raise FolderError(f"{path}: cannot make this folder ({_reason(error)})") from None
        made.append(path)
    return made


def _write_in(real_folder: str, folder: Path, stem: str, text: str) -> str:
    """Write through a temporary file linked to a free name; return that name."""
    try:
        handle, temporary = tempfile.mkstemp(prefix=".newsdesk-", suffix=".tmp", dir=real_folder)
    except OSError as error:
        raise FolderError(f"{folder}: cannot write a file here ({_reason(error)})") from None
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
        return _link_unused_name(temporary, real_folder, stem)
    except OSError as error:
        raise FolderError(f"{folder / stem}.md: cannot be written ({_reason(error)})") from None
    finally:
        if os.path.lexists(temporary):
            os.unlink(temporary)


def _inside(path: str, real_root: str) -> bool:
    return path == real_root or path.startswith(real_root.rstrip(os.sep) + os.sep)


def _link_unused_name(temporary: str, folder: str, stem: str) -> str:
    """Hard-link the finished file to the first free name; linking fails if a name exists."""
    for number in range(1, MAX_TRIES + 1):
        name = f"{stem}.md" if number == 1 else f"{stem}-{number}.md"
        target = os.path.join(folder, name)
        try:
            os.link(temporary, target)
        except FileExistsError:
            continue
        except OSError:
            if not _reserve(target):  # no hard links here (or another reason): claim the name, then move
                continue
            os.replace(temporary, target)
        return name
    raise FolderError(f"{folder}: no free file name for {stem!r}")


def _reserve(target: str) -> bool:
    """Claim a name with an exclusive create, for file systems without hard links."""
    try:
        os.close(os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644))
    except FileExistsError:
        return False
    return True


def _remove_folder(path: Path) -> None:
    with contextlib.suppress(OSError):  # not empty any more (someone else wrote there): it stays
        path.rmdir()


def _reason(error: OSError) -> str:
    return (error.strerror or str(error)).lower() if error.errno != errno.EACCES else "permission denied"
