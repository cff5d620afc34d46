"""`newsdesk feeds add|list|remove|import|export`: the folder's subscriptions, and how they fare."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from rich.table import Table
from rich.text import Text

from reader.cli.common import EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, console, folder_root, print_json
from reader.feeds.checking import check_feed
from reader.feeds.editing import add_subscriptions, remove_subscription
from reader.feeds.memory import FeedMemory, memory_file
from reader.feeds.opml import OpmlError, read_opml, write_opml
from reader.feeds.status import FeedRow, feed_rows, when
from reader.feeds.subscriptions import (
    Subscription,
    check_url,
    load_subscriptions,
    name_from_url,
    parse_category,
    subscriptions_file,
)
from reader.text import clean_line, fold


def run_action(args: argparse.Namespace) -> int:
    """`newsdesk feeds ACTION`: the action asked for, on the folder of -d."""
    actions: dict[str, Callable[[argparse.Namespace, Path], int]] = {
        "add": _add,
        "list": _list,
        "remove": _remove,
        "import": _import,
        "export": _export,
    }
    return actions[args.action](args, folder_root(args))


def _add(args: argparse.Namespace, root: Path) -> int:
    try:
        url = check_url(args.url)
        category = parse_category(args.category) if args.category else ()
    except ValueError as error:
        print(f"newsdesk: {error}", file=sys.stderr)
        return EXIT_USAGE
    name = clean_line(args.name or "")
    waiting = ""
    if not args.no_check:
        checked = check_feed(url)  # a FetchError or FeedParseError says why, in one line
        name = name or checked.title
        waiting = f"; {checked.entries:,} entries in it now"
    taken = {fold(feed.name) for feed in load_subscriptions(root).feeds}
    if not args.name:
        name = _unused(name or name_from_url(url), taken)
    feed = Subscription(url, name, category, args.full_text)
    if not add_subscriptions(root, [feed]):
        print(f"newsdesk: already subscribed (a feed with this address or name {name!r})", file=sys.stderr)
        return EXIT_PROBLEMS
    print(f"{name}: added to {subscriptions_file(root)}{waiting}; `newsdesk fetch` writes its entries")
    return EXIT_OK


def _unused(name: str, taken: set[str]) -> str:
    """The name, or `name (2)`, `name (3)`… when a feed of the folder has it already."""
    candidate, number = name, 1
    while fold(candidate) in taken:
        number += 1
        candidate = f"{name} ({number})"
    return candidate


def _list(args: argparse.Namespace, root: Path) -> int:
    subscriptions = load_subscriptions(root)
    for problem in subscriptions.problems:
        print(problem, file=sys.stderr)
    rows = feed_rows(root, subscriptions.feeds) if subscriptions.feeds else []
    if args.json:
        print_json([row.to_json() for row in rows])
    elif sys.stdout.isatty():
        console().print(_table(rows) if rows else Text("No feeds: add one with `newsdesk feeds add URL`."))
    else:
        sys.stdout.writelines(_tsv(row) + "\n" for row in rows)
    return EXIT_PROBLEMS if subscriptions.problems else EXIT_OK


def _tsv(row: FeedRow) -> str:
    """name, url, category, last fetch, new entries, last error: tab-separated, for scripts."""
    status = row.status
    fetched = when(status.fetched_at) if status.fetched_at else ""
    fields = [row.feed.name, row.feed.url, " / ".join(row.feed.category), fetched, str(status.new_entries)]
    return "\t".join([*fields, status.error])


def _table(rows: list[FeedRow]) -> Table:
    table = Table("Feed", "Category", "Last fetch", "New", "Last error", box=None, header_style="bold")
    for row in rows:
        status = row.status
        table.add_row(
            Text(row.feed.name, style="bold"),
            Text(" / ".join(row.feed.category) or "–", style="dim"),
            Text(when(status.fetched_at)),
            Text(f"{status.new_entries:,}" if status.fetched_at else ""),
            Text(status.error, style="red"),
        )
    return table


def _remove(args: argparse.Namespace, root: Path) -> int:
    feed = remove_subscription(root, args.feed)
    if memory_file(root).exists():
        memory = FeedMemory.for_folder(root)
        try:
            memory.forget_feed(feed.url)
        finally:
            memory.close()
    print(f"{feed.name}: removed (its articles stay in the folder)")
    return EXIT_OK


def _import(args: argparse.Namespace, root: Path) -> int:
    try:
        data = args.file.read_bytes()
    except OSError as error:
        print(f"newsdesk: {args.file}: {error.strerror or error}", file=sys.stderr)
        return EXIT_PROBLEMS
    try:
        found = read_opml(data)
    except OpmlError as error:
        print(f"newsdesk: {args.file}: {error}", file=sys.stderr)
        return EXIT_PROBLEMS
    for reason in found.skipped:
        print(f"newsdesk: {args.file}: skipped {reason}", file=sys.stderr)
    added = add_subscriptions(root, found.feeds)
    already = len(found.feeds) - len(added)
    print(f"added {len(added):,} feeds" + (f" ({already:,} were there already)" if already else ""))
    return EXIT_PROBLEMS if found.skipped else EXIT_OK


def _export(args: argparse.Namespace, root: Path) -> int:
    text = write_opml(load_subscriptions(root).feeds, f"Newsdesk feeds of {root.resolve().name}")
    if args.output is None:
        sys.stdout.write(text)
    else:
        args.output.write_text(text, encoding="utf-8")
    return EXIT_OK
