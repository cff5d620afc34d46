"""`newsdesk feeds add|list|remove|import|export` and `newsdesk fetch`: their arguments.

The commands' code (and the feed modules) load only when a feed command runs, so
that starting the reader does not pay for them.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path

from reader.cli.common import folder_option

__all__ = ["ARGUMENTS", "cmd_feeds", "cmd_fetch"]


def _feeds_arguments(sub: argparse.ArgumentParser) -> None:
    actions = sub.add_subparsers(dest="action", metavar="ACTION", required=True)
    parent = [folder_option()]
    add = actions.add_parser("add", parents=parent, help="subscribe to a feed (checked by fetching it once)")
    add.add_argument("url", metavar="URL", help="the feed's address (http, https or file)")
    add.add_argument("-c", "--category", help='file its entries under this category ("Thế giới / Châu Á")')
    add.add_argument("--name", help="what to call it (default: the feed's own title)")
    add.add_argument(
        "--full-text", action="store_true", help="fetch the linked page when an entry is a summary"
    )
    add.add_argument("--no-check", action="store_true", help="add it without fetching it first")
    listing = actions.add_parser("list", parents=parent, help="the feeds, with their last fetch and error")
    listing.add_argument("--json", action="store_true", help="print JSON")
    remove = actions.add_parser("remove", parents=parent, help="unsubscribe (its articles stay)")
    remove.add_argument("feed", metavar="NAME|URL", help="the feed's name or address")
    opml_in = actions.add_parser("import", parents=parent, help="add the feeds of an OPML file")
    opml_in.add_argument("file", metavar="FILE.opml", type=Path)
    opml_out = actions.add_parser("export", parents=parent, help="print the feeds as OPML 2.0")
    opml_out.add_argument("-o", "--output", type=Path, metavar="FILE", help="write to FILE instead")


def _fetch_arguments(sub: argparse.ArgumentParser) -> None:
    sub.add_argument("feeds", metavar="NAME", nargs="*", help="only these feeds (names or addresses)")


ARGUMENTS: dict[str, Callable[[argparse.ArgumentParser], None]] = {
    "feeds": _feeds_arguments,
    "fetch": _fetch_arguments,
}


def cmd_feeds(args: argparse.Namespace) -> int:
    """`newsdesk feeds ACTION`."""
    from reader.cli.subscriptions import run_action

    return run_action(args)


def cmd_fetch(args: argparse.Namespace) -> int:
    """`newsdesk fetch [NAME…]`."""
    from reader.cli.fetch import run_fetch

    return run_fetch(args)
