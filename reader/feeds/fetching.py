"""Fetching a folder's feeds: a few at a time, each conditional, polite and bounded in time and size.

Every feed is fetched with its last ETag and Last-Modified (an unchanged feed costs one
304), skipped while its server's Retry-After runs, and parsed; its entries not written
before become new files, one at a time, each remembered once it is in place. A feed
that fails keeps its last good state, and says why in its report and in `feeds list`.
Only one fetch of a folder runs at a time (a lock file beside its memory).
"""

from __future__ import annotations

import os
import sys
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor, as_completed
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path

from reader.feeds.entries import FeedParseError
from reader.feeds.fulltext import Limits
from reader.feeds.memory import FeedMemory, FeedStatus, memory_file
from reader.feeds.parse import parse_feed
from reader.feeds.subscriptions import Subscription
from reader.feeds.writing import EntryWriter
from reader.model import NewsdeskError
from reader.text import clean_line
from reader.web import DEFAULT_MAX_BYTES, FetchError, fetch

if sys.platform != "win32":
    import fcntl

WORKERS = 4
DEFAULT_TIMEOUT = 20.0
DEFAULT_WAIT = 1800.0  # a 429 that does not say how long to wait
MAX_WAIT = 7 * 24 * 3600.0
TIMEOUT_VARIABLE = "NEWSDESK_FETCH_TIMEOUT"
Progress = Callable[[int, int, str], None]
StopCheck = Callable[[], bool]


class FeedsBusy(NewsdeskError):
    """Another fetch of the same folder's feeds is running."""


@dataclass(frozen=True, slots=True)
class FetchSettings:
    """Limits of one fetch: seconds per feed, bytes per answer, feeds fetched at once."""

    timeout: float = DEFAULT_TIMEOUT
    max_bytes: int = DEFAULT_MAX_BYTES
    workers: int = WORKERS

    @classmethod
    def from_environment(cls) -> FetchSettings:
        """The defaults, with the timeout from $NEWSDESK_FETCH_TIMEOUT (seconds) when it is set."""
        try:
            timeout = float(os.environ.get(TIMEOUT_VARIABLE) or DEFAULT_TIMEOUT)
        except ValueError:
            timeout = DEFAULT_TIMEOUT
        return cls(timeout=timeout if timeout > 0 else DEFAULT_TIMEOUT)


@dataclass(frozen=True, slots=True)
class FeedReport:
    """What one feed's fetch did: the files it wrote, or why it failed or was not fetched."""

    name: str
    url: str
    written: tuple[Path, ...] = ()
    error: str = ""
    waiting_until: float | None = None
    not_modified: bool = False
    notes: tuple[str, ...] = ()

    @property
    def new(self) -> int:
        """How many new entries were written."""
        return len(self.written)

    @property
    def failed(self) -> bool:
        """True when the feed could not be fetched, read or written."""
        return bool(self.error)


def fetch_feeds(
    root: Path,
    feeds: Sequence[Subscription],
    *,
    settings: FetchSettings | None = None,
    progress: Progress | None = None,
    should_stop: StopCheck = lambda: False,
) -> list[FeedReport]:
    """Fetch the feeds (a few at a time) and write their new entries; one report per feed, in order."""
    with folder_lock(root):
        memory = FeedMemory.for_folder(root)
        try:
            run = _Run(root, memory, settings or FetchSettings.from_environment(), should_stop)
            return run.all(feeds, progress)
        finally:
            memory.close()


@contextmanager
def folder_lock(root: Path) -> Iterator[None]:
    """Hold the folder's fetch lock for the block; FeedsBusy when another process holds it."""
    path = memory_file(root).with_suffix(".lock")
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a+b") as handle:
        if sys.platform != "win32":
            try:
                fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                message = "another Newsdesk is fetching this folder's feeds; try again when it is done"
                raise FeedsBusy(message) from None
        yield


class _Run:
    """One fetch of many feeds, a few at a time; their new entries go through one EntryWriter."""

    def __init__(
        self, root: Path, memory: FeedMemory, settings: FetchSettings, should_stop: StopCheck
    ) -> None:
        self.memory = memory
        self.settings = settings
        self.interrupted = threading.Event()
        self.stop_asked = should_stop
        limits = Limits(settings.timeout, settings.max_bytes)
        self.writer = EntryWriter(root, memory, limits, self.should_stop)

    def should_stop(self) -> bool:
        """True once the fetch was interrupted or its caller asked it to stop."""
        return self.interrupted.is_set() or self.stop_asked()

    def all(self, feeds: Sequence[Subscription], progress: Progress | None) -> list[FeedReport]:
        """Every feed's report, in the order of `feeds`; progress as each one ends."""
        reports: dict[int, FeedReport] = {}
        if not feeds:
            return []
        pool = ThreadPoolExecutor(max_workers=max(1, min(self.settings.workers, len(feeds))))
        try:
            futures = {pool.submit(self.guarded, feed): number for number, feed in enumerate(feeds)}
            for done, future in enumerate(as_completed(futures), start=1):
                number = futures[future]
                reports[number] = future.result()
                if progress is not None:
                    progress(done, len(feeds), feeds[number].name)
        except BaseException:  # Ctrl+C: feeds not started are not, the others stop between files
            self.interrupted.set()
            pool.shutdown(cancel_futures=True)
            raise
        pool.shutdown()
        return [reports[number] for number in range(len(feeds))]

    def guarded(self, feed: Subscription) -> FeedReport:
        """One feed; a fault in it (a parser's bug on odd input, say) fails that feed, not the fetch."""
        try:
            return self.one(feed)
        except Exception as error:
            reason = clean_line(f"failed unexpectedly ({type(error).__name__}: {error})")[:300]
            return FeedReport(feed.name, feed.url, error=reason)

    def one(self, feed: Subscription) -> FeedReport:
        """Fetch one feed and write its new entries."""
        status = self.memory.status(feed.url)
        now = time.time()
        if self.should_stop():
            return FeedReport(feed.name, feed.url, notes=("not fetched: the fetch was stopped",))
        if status.not_before is not None and now < status.not_before:
            return FeedReport(feed.name, feed.url, waiting_until=status.not_before)
        try:
            fetched = fetch(
                feed.url,
                timeout=self.settings.timeout,
                max_bytes=self.settings.max_bytes,
                etag=status.etag or None,
                last_modified=status.last_modified or None,
                allow_file=True,
            )
        except FetchError as error:
            return self._failed(feed, status, _reason(error), now, _wait(error, now))
        checked = replace(status, fetched_at=now, ok_at=now, error="", not_before=None)
        if fetched.not_modified:
            self.memory.fetched(replace(checked, new_entries=0))
            return FeedReport(feed.name, feed.url, not_modified=True)
        try:
            parsed = parse_feed(fetched.body, url=fetched.url, content_type=fetched.content_type)
        except FeedParseError as error:
            return self._failed(feed, status, str(error), now)
        written = self.writer.write_new(feed, parsed, now)
        if written.failed and not written.paths:
            return self._failed(feed, status, written.notes[-1], now)
        # Until every new entry is in place, the feed is asked for in full again next time.
        kept = (fetched.etag, fetched.last_modified) if written.whole else (status.etag, status.last_modified)
        self.memory.fetched(
            replace(
                checked,
                title=parsed.title,
                etag=kept[0],
                last_modified=kept[1],
                new_entries=len(written.paths),
            )
        )
        notes = (*parsed.warnings, *written.notes)
        return FeedReport(feed.name, feed.url, tuple(written.paths), notes=notes)

    def _failed(
        self, feed: Subscription, status: FeedStatus, reason: str, now: float, wait: float | None = None
    ) -> FeedReport:
        """Keep the feed's last good state; note the failure (and how long to leave the server alone)."""
        not_before = now + wait if wait is not None else None
        self.memory.fetched(
            replace(status, fetched_at=now, error=reason, not_before=not_before, new_entries=0)
        )
        return FeedReport(feed.name, feed.url, error=reason)


def _reason(error: FetchError) -> str:
    """The failure without the address in front (the report names the feed)."""
    return str(error).removeprefix(f"{clean_line(error.url)[:200]}: ")


def _wait(error: FetchError, now: float) -> float | None:
    """How long the server asked to be left alone (429 and 503 answers), capped at a week."""
    if error.retry_after is not None and error.status in (429, 503):
        return min(max(error.retry_after, 1.0), MAX_WAIT)
    if error.status == 429:
        return DEFAULT_WAIT
    return None
