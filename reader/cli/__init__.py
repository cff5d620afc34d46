"""The `newsdesk` command: the reader by default, and scriptable subcommands.

`newsdesk` or `newsdesk DIR` opens the reader; every other use names a command.
No command ever shows a traceback: problems are one line on standard error, with
exit status 1 (2 for a usage error).
"""

from __future__ import annotations

import argparse
import importlib
import sqlite3
import sys
from collections.abc import Callable, Sequence
from typing import NoReturn

from reader import __version__
from reader.cli import arguments, feeds
from reader.cli.common import (
    EXIT_PROBLEMS,
    EXIT_USAGE,
    USAGE_ERRORS,
    count_argument,
    directory,
    folder_option,
    os_problem,
)
from reader.config import load_config
from reader.garbage import collect_again
from reader.library import resolve_root
from reader.model import NewsdeskError
from reader.scan import display_path
from reader.sqlite import explain

Command = Callable[[argparse.Namespace], int]


def _later(module: str, name: str) -> Command:
    """A command whose code is imported when it runs (the reader does not load the commands')."""

    def run(args: argparse.Namespace) -> int:
        command: Command = getattr(importlib.import_module(module), name)
        return command(args)

    return run


READING, WRITING = "reader.cli.reading", "reader.cli.writing"
COMMANDS: dict[str, tuple[Command, str]] = {
    "list": (_later(READING, "cmd_list"), "list articles, newest first"),
    "show": (_later(READING, "cmd_show"), "print articles"),
    "categories": (_later(READING, "cmd_categories"), "print the category tree"),
    "search": (_later(READING, "cmd_search"), "full-text search, best first"),
    "check": (_later(READING, "cmd_check"), "report files that cannot be read"),
    "index": (_later(WRITING, "cmd_index"), "bring the index up to date, with progress"),
    "import": (_later(WRITING, "cmd_import"), "add files as new articles"),
    "mark": (_later(WRITING, "cmd_mark"), "mark articles read, unread, starred or unstarred"),
    "config": (
        _later(WRITING, "cmd_config"),
        "the configuration file: check it, print its path or a default",
    ),
    "feeds": (feeds.cmd_feeds, "the folder's feed subscriptions: add, list, remove, import, export"),
    "fetch": (feeds.cmd_fetch, "fetch the feeds and write their new entries as articles"),
}
ARGUMENTS = {**arguments.READING, **arguments.WRITING, **feeds.ARGUMENTS}
EPILOG = "With no command (or with only a folder) Newsdesk opens the reader."
# Arguments that name files or folders, which may be any bytes; every other one is text.
PATH_ARGUMENTS = frozenset({"directory", "file", "output"})


class Parser(argparse.ArgumentParser):
    """An argument parser whose usage errors are one line on standard error (exit status 2)."""

    def error(self, message: str) -> NoReturn:
        """Say what was wrong in one line, the user's words escaped, and stop."""
        self.exit(EXIT_USAGE, f"{self.prog}: {shown(message)} (see {self.prog} --help)\n")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser, shared by `main` and the tests."""
    common = Parser(add_help=False, parents=[folder_option()])
    parser = Parser(
        prog="newsdesk",
        description="A terminal news reader for a folder of article files.",
        epilog=EPILOG,
        parents=[common],
    )
    parser.add_argument("--version", action="version", version=f"newsdesk {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, (_run, text) in COMMANDS.items():
        sub = commands.add_parser(
            name, parents=[common], help=text, description=text[0].upper() + text[1:] + "."
        )
        ARGUMENTS[name](sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code (errors are messages, never tracebacks)."""
    args = _parse(list(sys.argv[1:] if argv is None else argv))
    undecodable = _undecodable(args)
    if undecodable is not None:
        where = f"newsdesk {args.command}" if args.command else "newsdesk"
        print(f"{where}: the argument '{shown(undecodable)}' is not valid UTF-8", file=sys.stderr)
        return EXIT_USAGE
    try:
        return _run(args)
    except NewsdeskError as error:
        print(f"newsdesk: {error}", file=sys.stderr)
        return EXIT_USAGE if isinstance(error, USAGE_ERRORS) else EXIT_PROBLEMS
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        sys.stderr.close()
        return 0
    except sqlite3.Error as error:
        print(f"newsdesk: {explain(error)}", file=sys.stderr)
        return EXIT_PROBLEMS
    except OSError as error:
        print(f"newsdesk: {os_problem(error)}", file=sys.stderr)
        return EXIT_PROBLEMS


def _parse(argv: list[str]) -> argparse.Namespace:
    """Parse, letting `newsdesk DIR` mean the reader on DIR and `search -word` mean "without word"."""
    if argv and not argv[0].startswith("-") and argv[0] not in COMMANDS:
        argv = ["-d", argv[0], *argv[1:]]
    if "search" in argv:
        at = argv.index("search")
        argv = [*argv[: at + 1], *_search_words_last(argv[at + 1 :])]
    return build_parser().parse_args(argv)


_SEARCH_OPTIONS = {"-d": 1, "--dir": 1, "--limit": 1, "--json": 0, "-h": 0, "--help": 0}


def shown(text: str) -> str:
    """Text from the command line as it can be printed: bytes that are not UTF-8 as `\\xe9`,
    controls and bidi overrides escaped."""
    return display_path(text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace"))


def _undecodable(args: argparse.Namespace) -> str | None:
    """The first text argument that is not valid UTF-8 (a file or folder name may be any bytes)."""
    for name, value in vars(args).items():
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, str) and not _is_utf8(item) and not _names_a_file(name, item):
                return item
    return None


def _names_a_file(name: str, value: str) -> bool:
    from reader.importer import is_url

    return name in PATH_ARGUMENTS or (name == "files" and not is_url(value))


def _is_utf8(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _search_words_last(argv: list[str]) -> list[str]:
    """The search's options, then `--`, then its words in order (`-football` is a word: "not football")."""
    options: list[str] = []
    words: list[str] = []
    position = 0
    while position < len(argv):
        token = argv[position]
        name = token.split("=", 1)[0]
        if token == "--":
            words += argv[position + 1 :]
            break
        if name in _SEARCH_OPTIONS:
            takes = 0 if "=" in token else _SEARCH_OPTIONS[name]
            options += argv[position : position + 1 + takes]
            position += 1 + takes
        else:
            words.append(token)
            position += 1
    return [*options, "--", *words]


def _run(args: argparse.Namespace) -> int:
    if not args.command:
        return run_reader(args)
    collect_again()  # off while the command started (see reader.garbage)
    return COMMANDS[args.command][0](args)


def run_reader(args: argparse.Namespace) -> int:
    """Open the interactive reader (its code is loaded only for this)."""
    config, _problems = load_config()
    root = resolve_root(directory(args), config.folder).absolute()  # `e` hands the editor an absolute path
    from reader.ui.app import run_app

    return run_app(root)


__all__ = ["build_parser", "count_argument", "main"]
