"""Watching the article folder: batches of changed paths, each once it has stopped changing.

A file is handed on when nothing has happened to it for `quiet` seconds, so a file
written in pieces is read once, whole. Anything deleted, and a new file that arrived
whole, are handed on at once: one renamed into place from a temporary file beside it
(the way careful programs write, Newsdesk's own import among them), or one moved or
copied in that no process still has open for writing (`reader.writers`).
"""

from __future__ import annotations

import os
import threading
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reader.folders import FOLDER_FILE
from reader.formats import EXTENSIONS, is_article_name
from reader.paths import file_identity
from reader.scan import MAX_DEPTH
from reader.writers import being_written

if TYPE_CHECKING:
    import watchfiles

QUIET_SECONDS = 1.0
TICK_MS = 100  # how often the watch wakes up to hand on files that have gone quiet
POLL_SECONDS = 2.0  # how often a folder that cannot be watched natively is looked at, at least
FILES_POLLED_PER_SECOND = 10_000  # a larger folder is looked at less often: a look reads every file's times
_UNDECODABLE = "Unable to decode path"  # watchfiles' words for an event on a name that is not UTF-8 text


class UndecodableName(OSError):
    """The native watch met a file or folder whose name is not UTF-8 text, which it cannot pass on."""


def poll_seconds(files: int) -> float:
    """How often a folder of this many files is looked at when it is watched by looking."""
    return max(POLL_SECONDS, files / FILES_POLLED_PER_SECOND)


def interesting(root: Path, path: str) -> bool:
    """Article files, folders and whatever went away; never anything in a hidden folder, nor deeper
    than a walk of the folder goes (`MAX_DEPTH` folders)."""
    try:
        parts = Path(os.path.relpath(path, root)).parts
    except ValueError:
        return False
    if any(part.startswith(".") for part in parts[:-1] if part != ".."):
        return False
    if len(parts) > MAX_DEPTH + 1:
        return False  # a walk skips the folder this is in (and says so): the watch must not add it
    if parts and parts[-1].startswith("."):
        return True  # a temporary file: it tells that a file beside it was renamed into place
    extension = os.path.splitext(path)[1].lower()
    if extension in EXTENSIONS or parts[-1:] == (FOLDER_FILE,):
        return True
    return os.path.isdir(path) or not os.path.lexists(path)


def watch_folder(
    root: Path,
    stop: threading.Event,
    *,
    quiet: float = QUIET_SECONDS,
    ready: Callable[[], None] = lambda: None,
    poll_every: float | None = None,
) -> Iterator[set[str]]:
    """Yield the paths of each batch of changes once they have been quiet for `quiet` seconds.

    `ready` is called once the watch is in place: whatever changes after that is seen.
    With `poll_every` (seconds) the folder is looked at that often instead of being
    told of each change by the system: the way to watch a folder holding a name that
    is not UTF-8 text, for which the native watch fails (`UndecodableName`): at once
    for a folder so named, when it changes for a file.
    """
    try:
        yield from _watch(root, stop, quiet, ready, poll_every)
    except RuntimeError as error:
        if _UNDECODABLE not in str(error):
            raise
        raise UndecodableName(f"a name in the folder is not UTF-8 text ({error})") from error


def _watch(
    root: Path, stop: threading.Event, quiet: float, ready: Callable[[], None], poll_every: float | None
) -> Iterator[set[str]]:
    import watchfiles  # loaded by the watching thread, after the reader's first frame

    pending: dict[str, float] = {}
    started = False
    identity = file_identity(root)
    polling: dict[str, Any] = {}  # unless asked, watchfiles decides (its environment variables, WSL)
    if poll_every is not None:
        polling = {"force_polling": True, "poll_delay_ms": round(1000 * poll_every)}

    def wanted(change: watchfiles.Change, path: str) -> bool:
        # Looking, a folder whose files came or went is said to be modified; its files are said
        # too, and the folder itself would cost a walk of the whole folder.
        touched = poll_every is not None and change == watchfiles.Change.modified and os.path.isdir(path)
        return not touched and interesting(root, path)

    for changes in watchfiles.watch(
        root,
        watch_filter=wanted,
        debounce=50,
        step=50,
        stop_event=stop,
        rust_timeout=TICK_MS,
        yield_on_timeout=True,
        raise_interrupt=False,
        **polling,
    ):
        if not started:
            started = True
            ready()
        if file_identity(root) != identity:
            raise FileNotFoundError(f"{root}: the folder was removed or replaced")
        now = time.monotonic()
        note_changes(changes, pending, now)
        due = {path for path, since in pending.items() if now - since >= quiet}
        if stop.is_set():
            return
        if due:
            for path in due:
                del pending[path]
            yield due


def note_changes(
    changes: Iterable[tuple[watchfiles.Change, str]], pending: dict[str, float], now: float
) -> None:
    """Remember when each path last changed; what was deleted or arrived whole is due at once."""
    kinds: dict[str, set[watchfiles.Change]] = defaultdict(set)
    scratch: set[str] = set()  # folders where a temporary file came and went in this batch
    for change, path in changes:
        if os.path.basename(path).startswith("."):
            scratch.add(os.path.dirname(path))
        else:
            kinds[path].add(change)
    arrived = {path for path, seen in kinds.items() if _arrived(path, seen)}
    renamed = {path for path in arrived if os.path.dirname(path) in scratch}
    moved_or_copied = arrived - renamed
    whole = renamed | (moved_or_copied - being_written(moved_or_copied))
    for path in kinds:
        pending[path] = float("-inf") if path in whole or _gone_or_folder(path) else now


def _gone_or_folder(path: str) -> bool:
    """Nothing to wait for: the path went away, or is a folder (its files are looked at one by one)."""
    return not os.path.lexists(path) or os.path.isdir(path)


def _arrived(path: str, seen: set[watchfiles.Change]) -> bool:
    """A new article file, not empty, heard of only as added: moved in, or written in one go."""
    import watchfiles

    if seen != {watchfiles.Change.added} or not is_article_name(path):
        return False
    try:
        return os.path.getsize(path) > 0
    except OSError:
        return False
