"""Fetching the folder's feeds from the reader: in a thread worker, on R or every `fetch_every`.

The feed modules load with the first fetch. The worker only posts messages:
`FeedsProgressed` as feeds finish, `FeedsFetched` at the end. The files it writes
reach the list like any file added to the folder (the screen asks for the written
paths to be read at once; the watcher would in a moment).
"""

from __future__ import annotations

import sqlite3
import threading
from functools import partial
from pathlib import Path

from textual.notifications import SeverityLevel
from textual.screen import Screen

from reader.formats import SUBSCRIPTIONS_FILE
from reader.model import NewsdeskError
from reader.ui.messages import FeedsFetched, FeedsProgressed, SyncRequested
from reader.ui.progress_line import ProgressLine

GROUP = "feeds"


class FeedFetching:
    """Starts at most one fetch at a time for the main screen, and tells it how the fetch went."""

    def __init__(self, screen: Screen[None], root: Path) -> None:
        self.screen = screen
        self.root = root
        self.stopping = threading.Event()

    @property
    def running(self) -> bool:
        """True while a fetch started here has not ended."""
        return any(worker.group == GROUP and worker.is_running for worker in self.screen.app.workers)

    def fetch(self, *, background: bool = False) -> None:
        """Start a fetch (R, or the `fetch_every` timer) unless one is running."""
        if self.running:
            if not background:
                self.screen.notify("The feeds are being fetched already.", timeout=3)
            return
        self.screen.app.run_worker(
            partial(self._run, background), name="fetch feeds", group=GROUP, thread=True, exit_on_error=False
        )

    def stop(self) -> None:
        """The reader is closing: feeds not fetched yet are left for next time."""
        self.stopping.set()

    def progressed(self, message: FeedsProgressed) -> None:
        """Show how far the fetch has come."""
        self.screen.query_one(ProgressLine).fetching(message.done, message.total, message.name)

    def fetched(self, message: FeedsFetched) -> None:
        """Have the new files read at once, and say what the fetch did."""
        self.screen.query_one(ProgressLine).finish()
        paths = frozenset(str(path) for report in message.reports for path in report.written)
        if paths:
            self.screen.app.post_message(SyncRequested(paths))
        notice = describe_fetch(message)
        if notice is not None:
            text, severity = notice
            self.screen.notify(text, severity=severity, timeout=8 if severity != "information" else 4)

    def _run(self, background: bool) -> None:
        """The fetch itself (in the worker's thread): only messages leave it."""
        from reader.feeds.fetching import fetch_feeds
        from reader.feeds.subscriptions import load_subscriptions

        screen = self.screen
        try:
            feeds = load_subscriptions(self.root).feeds
            if not feeds:
                screen.post_message(FeedsFetched([], background=background, no_feeds=True))
                return
            screen.post_message(FeedsProgressed(0, len(feeds), ""))

            def progressed(done: int, total: int, name: str) -> None:
                screen.post_message(FeedsProgressed(done, total, name))

            reports = fetch_feeds(self.root, feeds, progress=progressed, should_stop=self.stopping.is_set)
        except (NewsdeskError, sqlite3.Error, OSError) as error:
            screen.post_message(FeedsFetched([], problem=str(error), background=background))
            return
        screen.post_message(FeedsFetched(reports, background=background))


def describe_fetch(message: FeedsFetched) -> tuple[str, SeverityLevel] | None:
    """What to tell the reader about a fetch (nothing for a quiet background fetch that found nothing)."""
    if message.problem:
        return f"The feeds could not be fetched: {message.problem}", "error"
    if message.no_feeds:
        if message.background:
            return None
        return (
            f"No feeds yet: add one with `newsdesk feeds add URL` ({SUBSCRIPTIONS_FILE} in the folder).",
            "information",
        )
    failed = any(report.failed for report in message.reports)
    if message.background and not failed and not any(report.new for report in message.reports):
        return None
    from reader.feeds.status import summary

    text = f"Feeds: {summary(message.reports)}."
    return (text + " Press ! to see why.", "warning") if failed else (text, "information")
