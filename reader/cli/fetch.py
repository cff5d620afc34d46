"""`newsdesk fetch [NAME…]`: fetch the feeds with a progress bar, then say what each one did."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from rich.console import Console
from rich.progress import MofNCompleteColumn, Progress

from reader.cli.common import EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, folder_root
from reader.feeds.fetching import FeedReport, fetch_feeds
from reader.feeds.status import entries, summary, when
from reader.feeds.subscriptions import Subscription, Subscriptions, load_subscriptions


def run_fetch(args: argparse.Namespace) -> int:
    """Fetch all feeds (or the ones named); exit 1 if a feed failed or the file has a bad entry."""
    root = folder_root(args)
    subscriptions = load_subscriptions(root)
    for problem in subscriptions.problems:
        print(f"newsdesk: {problem}", file=sys.stderr)
    chosen = _chosen(subscriptions, args.feeds)
    if chosen is None:
        return EXIT_USAGE
    if not chosen:
        print(
            f"newsdesk: no feeds in {subscriptions.path}; add one with `newsdesk feeds add URL`",
            file=sys.stderr,
        )
        return EXIT_PROBLEMS if subscriptions.problems else EXIT_OK
    reports = _fetch(root, chosen)
    for report in reports:
        print(f"{report.name}: {describe(report)}")
        for note in report.notes:
            print(f"  {note}")
    print(summary(reports))
    failed = any(report.failed for report in reports)
    return EXIT_PROBLEMS if failed or subscriptions.problems else EXIT_OK


def _chosen(subscriptions: Subscriptions, names: Sequence[str]) -> list[Subscription] | None:
    """The feeds asked for (all when none are named); None after saying which name is unknown."""
    if not names:
        return list(subscriptions.feeds)
    chosen = []
    for name in names:
        feed = subscriptions.find(name)
        if feed is None:
            print(f"newsdesk: no feed named {name!r} (see `newsdesk feeds list`)", file=sys.stderr)
            return None
        if feed not in chosen:
            chosen.append(feed)
    return chosen


def _fetch(root: Path, feeds: list[Subscription]) -> list[FeedReport]:
    """The fetch, with a progress bar on a terminal."""
    if not sys.stderr.isatty():
        return fetch_feeds(root, feeds)
    with Progress(*Progress.get_default_columns(), MofNCompleteColumn(), console=Console(stderr=True)) as bar:
        task = bar.add_task("Fetching feeds", total=len(feeds))

        def show(done: int, total: int, name: str) -> None:
            bar.update(task, completed=done, total=total)

        return fetch_feeds(root, feeds, progress=show)


def describe(report: FeedReport) -> str:
    """What happened to one feed, in a few words."""
    if report.failed:
        return f"failed: {report.error}"
    if report.waiting_until is not None:
        return f"not fetched: its server asked for a pause until {when(report.waiting_until)}"
    if report.not_modified:
        return "not changed"
    return entries(report.new)
