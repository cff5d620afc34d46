"""Walking the article folder and reading files from it, safely and read-only."""

from __future__ import annotations

import errno
import os
import re
import stat
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from reader.folders import FOLDER_FILE
from reader.formats import is_article_name, is_article_path, parse_article
from reader.model import Article, ParseError, Problem

MAX_FILE_BYTES = 8 * 1024 * 1024
MAX_DEPTH = 64
# How article files are opened: never through a final symlink, never waiting on a pipe.
READ_FLAGS = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)


@dataclass(frozen=True, slots=True)
class FileEntry:
    """An article file found by a scan: its display path, real path and stat signature."""

    relpath: str
    ospath: str
    size: int
    mtime_ns: int

    @property
    def signature(self) -> tuple[int, int]:
        """(size, mtime): what the index compares to tell whether a file changed."""
        return (self.size, self.mtime_ns)


@dataclass(frozen=True, slots=True)
class ScanResult:
    """Every article file under the root, and the paths that could not be walked."""

    files: list[FileEntry]
    problems: list[Problem]
    folder_files: list[FileEntry] = field(default_factory=list)  # the folders' name files


# What a name must not hide or reorder: controls (Cc), invisible format characters (Cf,
# bidi overrides, isolates and marks among them; the joiners U+200C/U+200D that scripts
# and emoji need excepted) and the line and paragraph separators (Zl, Zp).
_UNSEEN = re.compile(
    "[\x00-\x1f\x7f-\x9f\xad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e"
    "\u200b\u200e\u200f\u2028-\u202e\u2060-\u206f\ufeff\ufff9-\ufffb\U000110bd\U000110cd"
    "\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0001-\U000e007f]"
)


def display_path(relpath: str) -> str:
    """A path safe to print on one line: NFC, no lone surrogates, and every control or invisible
    format character (bidi overrides and isolates too) written as an escape like `\\u202e`."""
    text = relpath.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    return unicodedata.normalize("NFC", _UNSEEN.sub(_escape, text))


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def scan_folder(root: Path) -> ScanResult:
    """List article files under root: hidden names, other extensions and escapes skipped."""
    walk = Walk(root)
    files = list(walk)
    return ScanResult(files, walk.problems, walk.folder_files)


class Walk:
    """The article files under a root, one at a time in the order of their paths (as the index
    sorts them), so that a folder of a million files is compared with the index without holding
    either in memory. `problems` and `folder_files` are complete once the walk is done."""

    def __init__(self, root: Path) -> None:
        self._walker = _Walker(os.path.realpath(root))
        self.problems = self._walker.problems
        self.folder_files = self._walker.folder_files

    def __iter__(self) -> Iterator[FileEntry]:
        return self._walker.walk(self._walker.real_root, "", 0)


def locate(root: Path, relpath: str) -> Path | None:
    """The file on disk for a stored path, whose name may be spelled differently (NFD, bytes)."""
    direct = root / relpath
    if direct.exists():
        return direct
    folder = root
    for part in relpath.split("/"):
        try:
            match = next((n for n in os.listdir(folder) if display_path(n) == part), None)
        except OSError:
            return None
        if match is None:
            return None
        folder = folder / match
    return folder


# (sort key, real path, shown path, mode, size, mtime_ns, name): plain values only, so that the
# collector stops looking at a folder's list of them at once (a tuple holding a stat result is
# walked by every collection: at a million files, full collections of 0.1-0.4 s every second)
Looked = tuple[str, str, str, int, int, int, str]


class _Walker:
    """One walk of the folder: where it started, what it has seen, what went wrong."""

    def __init__(self, real_root: str) -> None:
        self.real_root = real_root
        self.seen: set[tuple[int, int]] = set()
        self.problems: list[Problem] = []
        self.folder_files: list[FileEntry] = []

    def walk(self, folder: str, prefix: str, depth: int) -> Iterator[FileEntry]:
        """The files under a folder in path order: its entries sorted as their paths sort
        (a folder's files as if its name ended in "/"), each folder walked in its turn."""
        try:
            info = os.stat(folder)
            if (info.st_dev, info.st_ino) in self.seen:
                return
            self.seen.add((info.st_dev, info.st_ino))
            with os.scandir(folder) as listing:
                names = [entry for entry in listing if not entry.name.startswith(".")]
        except OSError as error:
            self.problems.append(Problem(display_path(prefix.rstrip("/") or "."), _reason(error)))
            return
        found = [seen for entry in names if (seen := self.look(entry, prefix)) is not None]
        found.sort(key=lambda item: (item[0], item[1]))
        last = None
        for key, ospath, shown, mode, size, mtime_ns, name in found:
            if key == last:
                reason = "another file has the same name once Unicode is normalised; skipped"
                self.problems.append(Problem(shown + " (" + display_path(ospath) + ")", reason))
                continue
            last = key
            if stat.S_ISDIR(mode):
                if depth >= MAX_DEPTH:
                    self.problems.append(Problem(shown, f"folders nested deeper than {MAX_DEPTH}; skipped"))
                else:
                    yield from self.walk(ospath, prefix + name + "/", depth + 1)
            elif name == FOLDER_FILE:
                self.folder_files.append(FileEntry(shown, ospath, size, mtime_ns))
            else:
                yield FileEntry(shown, ospath, size, mtime_ns)

    def look(self, entry: os.DirEntry[str], prefix: str) -> Looked | None:
        """(sort key, real path, shown path, mode, size, mtime, name) of an entry to walk or read."""
        relpath = prefix + entry.name
        shown = display_path(relpath)
        ospath = entry.path
        try:
            if entry.is_symlink():
                ospath = os.path.realpath(entry.path)
                if not _inside(ospath, self.real_root):
                    if entry.is_dir() or is_article_name(entry.name):
                        self.problems.append(Problem(shown, "link to a place outside the folder; skipped"))
                    return None
            info = os.stat(ospath)
        except OSError as error:
            if is_article_name(entry.name):
                self.problems.append(Problem(shown, _reason(error)))
            return None
        if stat.S_ISDIR(info.st_mode):
            return shown + "/", ospath, shown, info.st_mode, info.st_size, info.st_mtime_ns, entry.name
        if stat.S_ISREG(info.st_mode) and (is_article_path(relpath) or entry.name == FOLDER_FILE):
            return shown, ospath, shown, info.st_mode, info.st_size, info.st_mtime_ns, entry.name
        return None


class NeedsWalk(Exception):
    """A change that only a walk of the folder can account for (a folder came or went)."""


def entry_at(root: Path, path: str) -> tuple[str, FileEntry | None]:
    """The relative path of a changed path and its entry now (None if it is gone or not an article).

    Raises NeedsWalk for folders and for paths this shortcut cannot place.
    """
    real_root = os.path.realpath(root)
    relative = os.path.relpath(path, root)
    if relative.startswith(".."):
        relative = os.path.relpath(path, real_root)
    parts = Path(relative).parts
    if relative.startswith("..") or not parts:
        raise NeedsWalk(path)
    relpath = display_path("/".join(parts))
    if relpath != "/".join(parts):
        raise NeedsWalk(path)  # an unusual name: let a full walk sort out look-alikes
    if any(part.startswith(".") for part in parts):
        return relpath, None
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        if not os.path.splitext(parts[-1])[1]:
            raise NeedsWalk(path) from None  # maybe a folder that went away
        return relpath, None
    if stat.S_ISDIR(info.st_mode) or stat.S_ISLNK(info.st_mode):
        raise NeedsWalk(path)
    if not stat.S_ISREG(info.st_mode) or not is_article_path(relpath):
        return relpath, None
    if not _inside(os.path.realpath(os.path.dirname(path)), real_root):
        raise NeedsWalk(path)
    return relpath, FileEntry(relpath, path, info.st_size, info.st_mtime_ns)


def _inside(path: str, real_root: str) -> bool:
    return path == real_root or path.startswith(real_root.rstrip(os.sep) + os.sep)


def read_entry(entry: FileEntry) -> Article | Problem:
    """Read and parse one file, turning every failure into a Problem naming it."""
    try:
        data = read_limited(entry.ospath)
        return parse_article(data, entry.relpath)
    except ParseError as error:
        return Problem(entry.relpath, str(error))
    except OSError as error:
        return Problem(entry.relpath, _reason(error))


def read_limited(path: str) -> bytes:
    """Read a regular file without following a final symlink, refusing oversized ones."""
    fd = os.open(path, READ_FLAGS)
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise ParseError("not a regular file")
        if info.st_size > MAX_FILE_BYTES:
            raise ParseError(f"file is {_size(info.st_size)}; the limit is {_size(MAX_FILE_BYTES)}")
        # Asking for the size it has, not the limit: a read of 8 MiB sets aside 8 MiB first.
        data = os.read(fd, info.st_size + 1)
        if len(data) != info.st_size:  # it grew or shrank meanwhile: read on to its end, up to the limit
            data += _read_rest(fd, MAX_FILE_BYTES + 1 - len(data))
    finally:
        os.close(fd)
    if len(data) > MAX_FILE_BYTES:
        raise ParseError(f"file grew past the limit of {_size(MAX_FILE_BYTES)} while being read")
    return data


def _read_rest(fd: int, most: int) -> bytes:
    """What is left to read of a file, in pieces, at most `most` bytes."""
    parts: list[bytes] = []
    while most > 0:
        part = os.read(fd, min(most, 1 << 20))
        if not part:
            break
        parts.append(part)
        most -= len(part)
    return b"".join(parts)


def _size(count: int) -> str:
    return f"{count / (1024 * 1024):.1f} MiB"


def _reason(error: OSError) -> str:
    messages = {
        "EACCES": "permission denied",
        "ENOENT": "file vanished before it could be read",
        "ELOOP": "symbolic link loop",
        "EISDIR": "is a folder",
    }
    name = errno.errorcode.get(error.errno or 0, "")
    return messages.get(name, error.strerror or str(error))
