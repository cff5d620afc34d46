"""Watching the article folder: batches of changed paths, once the files stop changing."""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import watchfiles

from reader.formats import EXTENSIONS

STABLE_CHECK_SECONDS = 0.1
STABLE_MAX_SECONDS = 3.0


def interesting(root: Path, path: str) -> bool:
    """Article files, folders and whatever went away; never hidden names below the root."""
    try:
        parts = Path(os.path.relpath(path, root)).parts
    except ValueError:
        return False
    if any(part.startswith(".") for part in parts if part != ".."):
        return False
    extension = os.path.splitext(path)[1].lower()
    return extension in EXTENSIONS or os.path.isdir(path) or not os.path.lexists(path)


def watch_folder(root: Path, stop: threading.Event) -> Iterator[set[str]]:
    """Yield the paths of each batch of changes, after the files have finished growing."""
    for changes in watchfiles.watch(
        root,
        watch_filter=lambda _change, path: interesting(root, path),
        debounce=400,
        step=50,
        stop_event=stop,
        rust_timeout=500,
        raise_interrupt=False,
    ):
        paths = {path for _change, path in changes}
        wait_until_stable(paths, stop)
        if stop.is_set():
            return
        yield paths


def wait_until_stable(paths: set[str], stop: threading.Event) -> None:
    """Wait (briefly) until no file in `paths` changes size or time between two looks."""
    deadline = time.monotonic() + STABLE_MAX_SECONDS
    previous = _signatures(paths)
    while time.monotonic() < deadline and not stop.is_set():
        time.sleep(STABLE_CHECK_SECONDS)
        current = _signatures(paths)
        if current == previous:
            return
        previous = current


def _signatures(paths: set[str]) -> dict[str, tuple[int, int] | None]:
    signatures: dict[str, tuple[int, int] | None] = {}
    for path in paths:
        try:
            info = os.stat(path)
            signatures[path] = (info.st_size, info.st_mtime_ns)
        except OSError:
            signatures[path] = None
    return signatures
