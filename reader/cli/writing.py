"""The commands that write: index, import, mark, and the configuration file's helpers."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from rich.console import Console
from rich.progress import MofNCompleteColumn, Progress

from reader.categories import parse_filter
from reader.cli.arguments import MARKS
from reader.cli.common import EXIT_OK, EXIT_PROBLEMS, directory, open_library, os_problem
from reader.config import config_file, default_config, load_config
from reader.importer import import_file, import_url, is_url
from reader.library import resolve_root
from reader.model import NewsdeskError, NotFound
from reader.text import plural


def cmd_index(args: argparse.Namespace) -> int:
    """`newsdesk index`: sync the index with the folder, showing progress on a terminal."""
    library = open_library(args, sync=False)
    started = time.perf_counter()
    counted = [0]
    if sys.stderr.isatty():
        with Progress(
            *Progress.get_default_columns(), MofNCompleteColumn(), console=Console(stderr=True)
        ) as bar:
            task = bar.add_task("Indexing", total=None)

            def show(done: int, total: int) -> None:
                counted[0] = total
                bar.update(task, completed=done, total=total or 1)

            changes = library.sync(show)
    else:
        changes = library.sync(lambda done, total: counted.__setitem__(0, total))
    seconds = time.perf_counter() - started
    rate = counted[0] / seconds if seconds else 0
    print(
        f"{plural(len(library), 'article')}; read {plural(counted[0], 'file')} in {seconds:.2f} s "
        f"({rate:,.0f} files/s): {len(changes.added)} added, {len(changes.changed)} changed, "
        f"{len(changes.removed)} removed"
    )
    errors = sum(1 for p in library.problems() if p.severity == "error")
    if errors:
        print(f"{plural(errors, 'file')} could not be read (see 'newsdesk check')", file=sys.stderr)
    return EXIT_OK


def cmd_import(args: argparse.Namespace) -> int:
    """`newsdesk import FILE|URL...`: write each as a new `.md`; print the new paths."""
    config, _problems = load_config()
    root = resolve_root(directory(args), config.folder)
    category = parse_filter(args.category) if args.category else ()
    failed = 0
    for source in args.files:
        try:
            if is_url(source):
                written = import_url(source, root, category)
            else:
                written = import_file(Path(source), root, category)
        except NewsdeskError as error:
            print(f"newsdesk: {error}", file=sys.stderr)
            failed += 1
            continue
        except OSError as error:  # not foreseen: still this file's failure alone, in one line
            print(f"newsdesk: {source}: {os_problem(error)}", file=sys.stderr)
            failed += 1
            continue
        print(written)
    return EXIT_PROBLEMS if failed else EXIT_OK


def cmd_mark(args: argparse.Namespace) -> int:
    """`newsdesk mark read|unread|star|unstar ARTICLE…`: set marks; exit 1 if one is not found."""
    library = open_library(args)
    mark, value = MARKS[args.mark]
    missing = 0
    for ref in args.articles:
        try:
            article_id = library.get(ref).id
        except NotFound as error:
            print(f"newsdesk: {error}", file=sys.stderr)
            missing += 1
            continue
        (library.set_read if mark == "read" else library.set_starred)(article_id, value)
    return EXIT_PROBLEMS if missing else EXIT_OK


def cmd_config(args: argparse.Namespace) -> int:
    """`newsdesk config check|path|default`."""
    if args.action == "path":
        print(config_file())
        return EXIT_OK
    if args.action == "default":
        sys.stdout.write(default_config())
        return EXIT_OK
    _config, problems = load_config()
    for problem in problems:
        print(problem)
    if not problems:
        exists = "" if config_file().exists() else " (there is no file: every setting is at its default)"
        print(f"{config_file()}: no problems{exists}", file=sys.stderr)
    return EXIT_PROBLEMS if problems else EXIT_OK
