"""Keeping the index in step with a live folder: one sync thread fed by requests, and a watcher.

The reader runs `FolderWatch.run` in a thread for as long as it is open, and
`FolderSync.run` in another whenever there is work. The watcher starts first and
only reports the paths that changed; the reader queues them. The sync thread takes
the queued requests one at a time (the first full walk, then every change), so no
two syncs of one process ever run at once and nothing that changes during a walk is
missed; it ends when the queue is empty, and `SyncQueue` says when to start it
again. Neither loop ends on an error: a failed sync is reported and retried with a
full walk; a watch that fails is started again, and once it is in place a full walk catches up.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from reader.index.sync import Changes
from reader.library import Library
from reader.watcher import POLL_SECONDS, QUIET_SECONDS, UndecodableName, watch_folder

RETRY_SECONDS = (1.0, 2.0, 5.0, 10.0, 30.0)
WATCHING = "Watching the folder"  # what a failed watch is called when it is reported
SETTLE_SECONDS = 3.0  # a file that cannot be read is not reported until it has not changed for this long
log = logging.getLogger("newsdesk")


@dataclass(frozen=True, slots=True)
class SyncRequest:
    """What the sync thread is asked to do next: walk the whole folder, or look at these paths."""

    full: bool
    paths: frozenset[str] = frozenset()


class SyncQueue:
    """Requests for the one sync thread, merged while they wait (a full walk covers any paths).

    A request returns True when no sync thread is running: the caller starts one.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._full = False
        self._paths: set[str] = set()
        self._running = False

    def request_full(self) -> bool:
        """Ask for a walk of the whole folder; True if a sync thread must be started."""
        with self._lock:
            self._full = True
            return self._claim()

    def request_paths(self, paths: Iterable[str]) -> bool:
        """Ask for these changed paths to be looked at; True if a sync thread must be started."""
        with self._lock:
            self._paths.update(paths)
            return self._claim()

    def _claim(self) -> bool:
        if self._running:
            return False
        self._running = True
        return True

    def take(self) -> SyncRequest | None:
        """Everything asked for so far, merged; None when there is nothing (the thread then ends)."""
        with self._lock:
            if not (self._full or self._paths):
                self._running = False
                return None
            request = SyncRequest(self._full, frozenset() if self._full else frozenset(self._paths))
            self._full, self._paths = False, set()
            return request


class SyncListener(Protocol):
    """Who hears what the sync thread did (the reader posts these on as messages)."""

    def progressed(self, done: int, total: int, rate: float) -> None:
        """Files indexed so far in a long sync, and how fast."""

    def synced(self, changes: Changes, full: bool) -> None:
        """A request was carried out."""

    def failed(self, what: str, error: Exception) -> None:
        """A sync or the watch failed; the loop goes on."""

    def changed(self, paths: frozenset[str]) -> None:
        """Files changed on disk (no paths: look at the whole folder)."""

    def watching(self) -> None:
        """The watch is in place: anything that changes from now on is seen."""


class FolderSync:
    """Carries out sync requests one at a time: the only code of a process that writes its index."""

    def __init__(
        self,
        library: Library,
        listener: SyncListener,
        retry: Sequence[float] | None = None,
        settle: float = SETTLE_SECONDS,
    ) -> None:
        self.library = library
        self.listener = listener
        self.retry = retry or RETRY_SECONDS
        self.settle = settle

    def run(self, queue: SyncQueue, stop: threading.Event) -> None:
        """Take requests until there are none (or `stop` is set); a failure is retried with a full sync."""
        failures = 0
        while not stop.is_set() and (request := queue.take()) is not None:
            try:
                changes = self._full(stop) if request.full else self._paths(request.paths)
            except Exception as error:  # one failed sync must never end live updates
                if stop.is_set():
                    return  # the reader is closing, its index closed under the sync: nothing to say
                log.exception("updating the index failed")
                self.listener.failed("Updating the index", error)
                stop.wait(self.retry[min(failures, len(self.retry) - 1)])
                failures += 1
                queue.request_full()
                continue
            failures = 0
            if not stop.is_set():
                self.listener.synced(changes, request.full)

    def _paths(self, paths: Iterable[str]) -> Changes:
        return self.library.sync_changed(paths, self.settle)

    def _full(self, stop: threading.Event) -> Changes:
        started = time.perf_counter()
        last = [0.0]

        def progress(done: int, total: int) -> None:
            now = time.perf_counter()
            if now - last[0] >= 0.25 or done == total:
                last[0] = now
                self.listener.progressed(done, total, done / max(now - started, 1e-6))

        return self.library.sync(progress, should_stop=stop.is_set, settle=self.settle)


class FolderWatch:
    """Turns file events into sync requests; if the watch itself fails, it starts again."""

    def __init__(
        self,
        root: Path,
        listener: SyncListener,
        retry: Sequence[float] | None = None,
        quiet: float = QUIET_SECONDS,
        poll_every: Callable[[], float] = lambda: POLL_SECONDS,
    ) -> None:
        self.root = root
        self.listener = listener
        self.retry = retry or RETRY_SECONDS
        self.quiet = quiet
        self.poll_every = poll_every  # seconds between looks, once the folder must be watched by looking
        self.polling = False

    def run(self, stop: threading.Event) -> None:
        """Watch until `stop` is set, restarting with a growing pause after each failure.

        A name that is not UTF-8 text in the folder makes the native watch fail at once,
        every time: from then on the folder is watched by looking at it. Such a name that
        changes stops that watch too; it starts again after a pause that grows while it goes on
        changing, and its walk catches up.
        """
        failures = 0
        while not stop.is_set():
            every = self.poll_every() if self.polling else None
            try:
                for batch in watch_folder(
                    self.root, stop, quiet=self.quiet, ready=self.listener.watching, poll_every=every
                ):
                    self.listener.changed(frozenset(batch))
                    failures = 0
            except UndecodableName as error:
                if self.polling:  # such a name changed: start again (its walk catches up), slower each time
                    log.info("watching the folder by looking: %s; starting again", error)
                    stop.wait(self.retry[min(failures, len(self.retry) - 1)])
                    failures += 1
                else:
                    log.warning("%s; the folder is looked at every %.0f s instead", error, self.poll_every())
                    self.polling = True
                continue
            except Exception as error:  # the folder went away, the watch limit was hit, ...
                log.exception("watching the folder failed")
                self.listener.failed(WATCHING, error)
            else:
                if stop.is_set():
                    return
                self.listener.failed(WATCHING, OSError("the watch ended"))
            stop.wait(self.retry[min(failures, len(self.retry) - 1)])
            failures += 1  # once the watch is back in place, `watching` asks for a walk to catch up
