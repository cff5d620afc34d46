"""How a folder's feeds stand, for `feeds list`, `fetch`'s summary and the reader's problems view."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from reader.feeds.fetching import FeedReport
from reader.feeds.memory import FeedMemory, FeedStatus, memory_file
from reader.feeds.subscriptions import Subscription, SubscriptionsError, load_subscriptions
from reader.formats import SUBSCRIPTIONS_FILE
from reader.model import NewsdeskError, Problem
from reader.text import plural


@dataclass(frozen=True, slots=True)
class FeedRow:
    """A subscription beside its last fetch."""

    feed: Subscription
    status: FeedStatus

    def to_json(self) -> dict[str, object]:
        """The `feeds list --json` form."""
        status = self.status
        return {
            "name": self.feed.name,
            "url": self.feed.url,
            "category": " / ".join(self.feed.category),
            "full_text": self.feed.full_text,
            "title": status.title,
            "last_fetch": _iso(status.fetched_at),
            "last_success": _iso(status.ok_at),
            "new_entries": status.new_entries,
            "written": status.written,
            "last_error": status.error,
            "not_before": _iso(status.not_before),
        }


def feed_rows(root: Path, feeds: Sequence[Subscription]) -> list[FeedRow]:
    """Each subscription with its last fetch (empty for a feed never fetched)."""
    statuses = _statuses(root)
    return [FeedRow(feed, statuses.get(feed.url) or FeedStatus(feed.url)) for feed in feeds]


def feed_problems(root: Path) -> list[Problem]:
    """Feeds whose last fetch failed and entries of `feeds.yaml` that cannot be used, as problems."""
    try:
        subscriptions = load_subscriptions(root)
    except SubscriptionsError as error:
        return [Problem(SUBSCRIPTIONS_FILE, str(error))]
    problems = [
        Problem(f"{SUBSCRIPTIONS_FILE}:{p.line}" if p.line else SUBSCRIPTIONS_FILE, p.reason, "warning")
        for p in subscriptions.problems
    ]
    if not subscriptions.feeds or not memory_file(root).exists():
        return problems
    try:
        rows = feed_rows(root, subscriptions.feeds)
    except (NewsdeskError, sqlite3.Error) as error:
        return [*problems, Problem("feeds", str(error))]
    for row in rows:
        if row.status.error:
            problems.append(Problem(f"feed {row.feed.name}", _failure(row.status)))
    return problems


def summary(reports: Sequence[FeedReport]) -> str:
    """`12 new entries from 3 feeds; 1 feed failed; 1 waiting`."""
    new = sum(report.new for report in reports)
    giving = sum(1 for report in reports if report.new)
    parts = [entries(new) + (f" from {plural(giving, 'feed')}" if new else "")]
    failed = sum(1 for report in reports if report.failed)
    if failed:
        parts.append(f"{plural(failed, 'feed')} failed")
    waiting = sum(1 for report in reports if report.waiting_until is not None)
    if waiting:
        parts.append(f"{waiting} waiting (the server asked for a pause)")
    return "; ".join(parts)


def entries(count: int) -> str:
    """`1 new entry`, `12 new entries`."""
    return f"{count:,} new {'entry' if count == 1 else 'entries'}"


def when(timestamp: float | None) -> str:
    """A time as a person reads it: `14:05` today, else `2024-03-12 14:05`; `never` for none."""
    if timestamp is None:
        return "never"
    moment = datetime.fromtimestamp(timestamp)
    today = datetime.fromtimestamp(time.time()).date()
    return f"{moment:%H:%M}" if moment.date() == today else f"{moment:%Y-%m-%d %H:%M}"


def _failure(status: FeedStatus) -> str:
    wait = f" (not fetched again before {when(status.not_before)})" if status.not_before else ""
    return f"last fetch {when(status.fetched_at)} failed: {status.error}{wait}"


def _statuses(root: Path) -> dict[str, FeedStatus]:
    memory = FeedMemory.for_folder(root)
    try:
        return memory.statuses()
    finally:
        memory.close()


def _iso(timestamp: float | None) -> str | None:
    return datetime.fromtimestamp(timestamp).astimezone().isoformat(timespec="seconds") if timestamp else None
