"""What every command shares: exit codes, argument checks, the folder, output helpers."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from rich.console import Console

from reader.config import load_config
from reader.library import Library, resolve_root
from reader.model import FolderError
from reader.query import QueryError
from reader.scan import display_path

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2
USAGE_ERRORS: tuple[type[Exception], ...] = (FolderError, QueryError)
MOST = 1_000_000_000


def count_argument(text: str) -> int:
    """A count given on the command line: a whole number (ASCII digits) from 1 to a billion."""
    digits = text.strip()
    if not (digits.isascii() and digits.isdigit()):
        raise argparse.ArgumentTypeError(f"expected a whole number, not {text[:40]!r}")
    if len(digits.lstrip("0")) > len(str(MOST)) or not 1 <= int(digits) <= MOST:
        shown = digits if len(digits) <= 40 else digits[:40] + "…"
        raise argparse.ArgumentTypeError(f"expected a whole number from 1 to {MOST:,}, not {shown}")
    return int(digits)


def folder_argument(text: str) -> str:
    """A folder given with -d: any name but an empty one."""
    if not text:
        raise argparse.ArgumentTypeError("expected a folder, not an empty name (`-d .` is this one)")
    return text


def folder_option() -> argparse.ArgumentParser:
    """The `-d DIR` option every command takes (a parent parser)."""
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "-d",
        "--dir",
        dest="directory",
        type=folder_argument,
        default=argparse.SUPPRESS,
        metavar="DIR",
        help="article folder (default: $NEWSDESK_DIR, the config's folder, else ./articles)",
    )
    return common


def folder_root(args: argparse.Namespace) -> Path:
    """The folder a command is about (resolved from -d, the environment and the config)."""
    config, _problems = load_config()
    return resolve_root(directory(args), config.folder)


def directory(args: argparse.Namespace) -> str | None:
    """The folder given with -d (None when not given)."""
    return getattr(args, "directory", None)


def open_library(args: argparse.Namespace, *, sync: bool = True) -> Library:
    """The library of the folder the command is about, its index brought up to date.

    What had to be mended on the way (a damaged marks file moved aside) is said on
    standard error; a cache or data folder that cannot be used stops the command with
    one line (exit status 1).
    """
    config, _problems = load_config()
    library = Library.open(resolve_root(directory(args), config.folder), sync=sync)
    for notice in library.notices + [mended.notice for mended in library.mending.take()]:
        print(f"newsdesk: {notice}", file=sys.stderr)
    return library


def console() -> Console:
    """Rich output with no markup and no highlighting: article text is printed as written."""
    return Console(highlight=False, emoji=False, markup=False)


def print_json(data: Any) -> None:
    """JSON on standard output, readable, in UTF-8."""
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def os_problem(error: OSError) -> str:
    """`PATH: reason` for a file or folder Newsdesk could not use."""
    reason = str(error.strerror or error)
    return f"{display_path(str(error.filename))}: {reason}" if error.filename is not None else reason
