"""The arguments of the commands that read and write, apart from their code.

Building the parser must not load what the commands use (rich tables, the YAML
writer, progress bars): the reader starts through the same parser.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable

from reader.cli.common import count_argument

Arguments = Callable[[argparse.ArgumentParser], None]


def _list_arguments(sub: argparse.ArgumentParser) -> None:
    sub.add_argument(
        "-c", "--category", help="only this category and its subcategories (a/b, or its last part)"
    )
    sub.add_argument("--limit", type=count_argument, metavar="N", help="at most N articles")
    sub.add_argument("--unread", action="store_true", help="only unread articles")
    sub.add_argument("--starred", action="store_true", help="only starred articles")
    sub.add_argument("--json", action="store_true", help="print a JSON list")
    sub.add_argument("--jsonl", action="store_true", help="print one JSON object per line")
    sub.add_argument("--body", action="store_true", help="with --json or --jsonl: include each body")


def _show_arguments(sub: argparse.ArgumentParser) -> None:
    sub.add_argument("articles", metavar="ARTICLE", nargs="+", help="article ids or paths")
    sub.add_argument("--json", action="store_true", help="print JSON (a list when several are asked for)")


def _json_argument(sub: argparse.ArgumentParser) -> None:
    sub.add_argument("--json", action="store_true", help="print JSON")


def _search_arguments(sub: argparse.ArgumentParser) -> None:
    sub.add_argument("query", metavar="QUERY", nargs="*", help='words, "phrases", prefix*, -not, field:')
    sub.add_argument("--limit", type=count_argument, default=20, metavar="N", help="at most N results (20)")
    sub.add_argument("--json", action="store_true", help="print JSON")


READING: dict[str, Arguments] = {
    "list": _list_arguments,
    "show": _show_arguments,
    "categories": _json_argument,
    "search": _search_arguments,
    "check": _json_argument,
}


MARKS = {
    "read": ("read", True),
    "unread": ("read", False),
    "star": ("starred", True),
    "unstar": ("starred", False),
}


def _import_arguments(sub: argparse.ArgumentParser) -> None:
    sub.add_argument("files", nargs="+", metavar="FILE|URL", help="files, or http(s) addresses of web pages")
    sub.add_argument("-c", "--category", help="file them under this category")


def _mark_arguments(sub: argparse.ArgumentParser) -> None:
    sub.add_argument("mark", choices=sorted(MARKS), help="what to mark them")
    sub.add_argument("articles", metavar="ARTICLE", nargs="+", help="article ids or paths")


def _config_arguments(sub: argparse.ArgumentParser) -> None:
    sub.add_argument(
        "action",
        choices=["check", "path", "default"],
        help="check: say what is wrong in it; path: where it is; default: print a full default one",
    )


WRITING: dict[str, Arguments] = {
    "index": lambda sub: None,
    "import": _import_arguments,
    "mark": _mark_arguments,
    "config": _config_arguments,
}
