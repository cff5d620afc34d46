"""Writing the new entries of a fetch: each entry claimed by one feed, written once, remembered once in place.

The threads of a fetch share one EntryWriter. Claiming (is this entry new, and not
being written by another feed of this fetch?) is quick and one feed at a time; the
writing, each file synced to disk, runs in the feeds' threads side by side.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from reader.feeds.articles import entry_article, entry_body, entry_key, write_entry
from reader.feeds.entries import FeedEntry, ParsedFeed
from reader.feeds.fulltext import Limits, page_body
from reader.feeds.memory import FeedMemory
from reader.feeds.subscriptions import Subscription
from reader.model import Article, FolderError, NewsdeskError


@dataclass(slots=True)
class Written:
    """What writing a feed's new entries did: the files, notes, entries that failed, whether it stopped."""

    paths: list[Path] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    failed: int = 0
    stopped: bool = False

    @property
    def whole(self) -> bool:
        """True when every new entry is in place (none failed, none left for a stop)."""
        return not self.failed and not self.stopped


class EntryWriter:
    """Turns the entries no fetch has written yet into files in the folder."""

    def __init__(
        self, root: Path, memory: FeedMemory, limits: Limits, should_stop: Callable[[], bool]
    ) -> None:
        self.root = root
        self.memory = memory
        self.limits = limits
        self.should_stop = should_stop
        self._lock = threading.Lock()
        self._claimed: set[str] = set()

    def write_new(self, feed: Subscription, parsed: ParsedFeed, now: float) -> Written:
        """Write the feed's entries that were never written, oldest first (undated ones sort by file time)."""
        keyed = dict((entry_key(entry, feed.url, parsed.link), entry) for entry in reversed(parsed.entries))
        seen = self.memory.seen(keyed)
        done = Written()
        fresh = [
            (key, self._article(feed, key, entry, done)) for key, entry in keyed.items() if key not in seen
        ]
        fetched = datetime.fromtimestamp(now)
        for key, article in self._claim(fresh):
            if self.should_stop():
                self._release(key)
                done.stopped = True
                continue
            try:
                path = write_entry(self.root, article, fetched)
            except (OSError, FolderError) as error:
                self._release(key)
                done.failed += 1
                reason = getattr(error, "strerror", None) or error
                done.notes.append(f"{article.title[:60]!r} could not be written: {reason}")
                continue
            self.memory.remember_entry(key, feed.url, path.relative_to(self.root).as_posix(), now)
            done.paths.append(path)
        return done

    def _claim(self, fresh: list[tuple[str, Article]]) -> list[tuple[str, Article]]:
        """The entries this feed is to write: never written, nor claimed by another feed of this fetch."""
        with self._lock:
            taken = self._claimed | self.memory.seen(key for key, _article in fresh)
            mine = [(key, article) for key, article in fresh if key not in taken]
            self._claimed.update(key for key, _article in mine)
        return mine

    def _release(self, key: str) -> None:
        with self._lock:
            self._claimed.discard(key)

    def _article(self, feed: Subscription, key: str, entry: FeedEntry, done: Written) -> Article:
        return entry_article(entry, feed, key, self._body(feed, entry, done))

    def _body(self, feed: Subscription, entry: FeedEntry, done: Written) -> str:
        """The entry's text; with `full_text`, the linked page's when the feed gives only a summary."""
        if feed.full_text and not entry.full and entry.link and not self.should_stop():
            try:
                body = page_body(entry.link, self.limits)
            except NewsdeskError as error:
                done.notes.append(f"full text not fetched, summary kept: {error}")
            else:
                if body:
                    return body
        return entry_body(entry)
