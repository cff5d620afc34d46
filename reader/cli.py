"""The `newsdesk` command: the reader by default, and scriptable subcommands."""

from __future__ import annotations

import argparse
import json
import sqlite3
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.padding import Padding
from rich.progress import MofNCompleteColumn, Progress
from rich.table import Table
from rich.text import Text
from rich.tree import Tree

from reader.categories import parse_filter
from reader.importer import import_file
from reader.index.records import Matches
from reader.library import Library, resolve_root
from reader.model import CATEGORY_SEPARATOR, CategoryNode, FolderError, NewsdeskError
from reader.query import QueryError, parse_query
from reader.render import article_json, article_plain, article_rich
from reader.sqlite import explain

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


def build_parser() -> argparse.ArgumentParser:
    """The argument parser, shared by `main` and the tests."""
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "-d",
        "--dir",
        dest="directory",
        default=argparse.SUPPRESS,
        help="article folder (default: $NEWSDESK_DIR, else ./articles)",
    )
    parser = argparse.ArgumentParser(
        prog="newsdesk",
        description="A terminal news reader for a folder of article files.",
        parents=[common],
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    listing = commands.add_parser("list", parents=[common], help="list articles, newest first")
    listing.add_argument("-c", "--category", help="only this category and its subcategories")
    listing.add_argument("--limit", type=_positive, help="at most N articles")
    listing.add_argument("--json", action="store_true", help="print JSON")
    show = commands.add_parser("show", parents=[common], help="print one article")
    show.add_argument("article", metavar="ARTICLE", help="an article id or path")
    show.add_argument("--json", action="store_true", help="print JSON")
    categories = commands.add_parser("categories", parents=[common], help="print the category tree")
    categories.add_argument("--json", action="store_true", help="print JSON")
    search = commands.add_parser("search", parents=[common], help="full-text search, best first")
    search.add_argument("query", metavar="QUERY", nargs="+", help='words, "phrases", prefix*, -not, field:')
    search.add_argument("--limit", type=_positive, default=20, help="at most N results (default 20)")
    search.add_argument("--json", action="store_true", help="print JSON")
    commands.add_parser("index", parents=[common], help="bring the index up to date, with progress")
    commands.add_parser("check", parents=[common], help="report files that cannot be read")
    importing = commands.add_parser("import", parents=[common], help="add files as new articles")
    importing.add_argument("files", nargs="+", metavar="FILE", type=Path)
    importing.add_argument("-c", "--category", help="file them under this category")
    return parser


def _positive(text: str) -> int:
    value = int(text)
    if value < 0:
        raise argparse.ArgumentTypeError("must be 0 or more")
    return value


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code (errors are messages, never tracebacks)."""
    args = build_parser().parse_args(argv)
    handler = COMMANDS.get(args.command or "", run_reader)
    try:
        return handler(args)
    except NewsdeskError as error:
        print(f"newsdesk: {error}", file=sys.stderr)
        return EXIT_PROBLEMS if not isinstance(error, _USAGE_ERRORS) else EXIT_USAGE
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        sys.stderr.close()
        return EXIT_OK
    except sqlite3.Error as error:
        print(f"newsdesk: {explain(error)}", file=sys.stderr)
        return EXIT_PROBLEMS
    except OSError as error:
        print(f"newsdesk: {_os_problem(error)}", file=sys.stderr)
        return EXIT_PROBLEMS


def _os_problem(error: OSError) -> str:
    """`PATH: reason` for a file or folder Newsdesk could not use."""
    where = error.filename if error.filename is not None else ""
    return f"{where}: {error.strerror or error}" if where else str(error.strerror or error)


def _directory(args: argparse.Namespace) -> str | None:
    return getattr(args, "directory", None)


def _console() -> Console:
    return Console(highlight=False, emoji=False, markup=False)


def _print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def run_reader(args: argparse.Namespace) -> int:
    """Open the interactive reader."""
    root = resolve_root(_directory(args))
    from reader.ui.app import run_app

    return run_app(root)


def cmd_list(args: argparse.Namespace) -> int:
    """`newsdesk list`: date, category and title of each article."""
    library = Library.open(_directory(args))
    articles = library.articles(category=args.category, limit=args.limit)
    if args.json:
        _print_json([article_json(a, library.related(a), body=False) for a in articles])
        return EXIT_OK
    rows = [
        (a.published.display() if a.published else "", CATEGORY_SEPARATOR.join(a.category), a.title)
        for a in articles
    ]
    if not sys.stdout.isatty():
        sys.stdout.writelines("\t".join(row) + "\n" for row in rows)
        return EXIT_OK
    table = Table("Date", "Category", "Title", box=None, header_style="bold")
    for row in rows:
        table.add_row(*(Text(cell) for cell in row))
    _console().print(table)
    return EXIT_OK


def cmd_show(args: argparse.Namespace) -> int:
    """`newsdesk show ARTICLE`: one article, rendered on a terminal, plain when piped."""
    library = Library.open(_directory(args))
    article = library.get(args.article)
    related = library.related(article)
    if args.json:
        _print_json(article_json(article, related))
    elif sys.stdout.isatty():
        _console().print(article_rich(article, related))
    else:
        sys.stdout.write(article_plain(article, related))
    return EXIT_OK


def cmd_categories(args: argparse.Namespace) -> int:
    """`newsdesk categories`: the category tree with article counts."""
    tree = Library.open(_directory(args)).categories()
    if args.json:
        _print_json([child.to_json() for child in tree.children])
    elif sys.stdout.isatty():
        _console().print(_rich_tree(tree))
    else:
        for node in tree.walk()[1:]:
            sys.stdout.write(f"{'  ' * (len(node.path) - 1)}{node.name} ({node.count})\n")
    return EXIT_OK


def _rich_tree(node: CategoryNode, tree: Tree | None = None) -> Tree:
    label = Text(node.name, style="bold" if tree is None else "")
    label.append(f" ({node.count})", style="dim")
    branch = Tree(label) if tree is None else tree.add(label)
    for child in node.children:
        _rich_tree(child, branch)
    return branch


def cmd_check(args: argparse.Namespace) -> int:
    """`newsdesk check`: one `PATH: reason` line per problem; exit 1 if any file failed."""
    library = Library.open(_directory(args))
    problems = library.problems()
    for problem in problems:
        prefix = "warning: " if problem.severity == "warning" else ""
        sys.stdout.write(f"{problem.path}: {prefix}{problem.reason}\n")
    errors = sum(1 for p in problems if p.severity == "error")
    summary = f"{len(library)} articles, {errors} files with errors, {len(problems) - errors} warnings"
    print(summary, file=sys.stderr)
    return EXIT_PROBLEMS if errors else EXIT_OK


def cmd_import(args: argparse.Namespace) -> int:
    """`newsdesk import FILE...`: write each as a new `.md`; print the new paths."""
    root = resolve_root(_directory(args))
    category = parse_filter(args.category) if args.category else ()
    failed = 0
    for source in args.files:
        try:
            written = import_file(source, root, category)
        except NewsdeskError as error:
            print(f"newsdesk: {error}", file=sys.stderr)
            failed += 1
            continue
        print(written)
    return EXIT_PROBLEMS if failed else EXIT_OK


def cmd_search(args: argparse.Namespace) -> int:
    """`newsdesk search QUERY`: ranked results with a snippet each."""
    library = Library.open(_directory(args))
    try:
        query = parse_query(" ".join(args.query))
    except QueryError as error:
        print(f"newsdesk: {error}", file=sys.stderr)
        return EXIT_USAGE
    rowids = library.search(query, limit=args.limit)
    hits = library.hits(rowids, query)
    articles = {a.id: a for a in library.articles_by_rowid(rowids)}
    ordered = [
        (hits[r], articles[hits[r].summary.id])
        for r in rowids
        if r in hits and hits[r].summary.id in articles
    ]
    if args.json:
        _print_json(
            [article_json(a, library.related(a), body=False) | {"snippet": h.snippet} for h, a in ordered]
        )
        return EXIT_OK
    console = _console() if sys.stdout.isatty() else None
    for hit, article in ordered:
        date = article.published.display() if article.published else ""
        if console is None:
            sys.stdout.write(
                f"{date}\t{CATEGORY_SEPARATOR.join(article.category)}\t{article.title}\t{hit.snippet}\n"
            )
            continue
        line = Text()
        line.append(f"{date:16} ", style="dim")
        line.append_text(_marked(article.title, hit.title_matches))
        line.append(f"  {article.id}", style="dim")
        console.print(line)
        console.print(Padding(_marked(hit.snippet, hit.snippet_matches), (0, 0, 1, 4)))
    if not ordered:
        print("nothing found", file=sys.stderr)
    return EXIT_OK if ordered else EXIT_PROBLEMS


def _marked(words: str, matches: Matches) -> Text:
    """Plain text with the stretches a search matched in bold reverse."""
    text = Text(words)
    for start, end in matches:
        text.stylize("bold reverse", start, end)
    return text


def cmd_index(args: argparse.Namespace) -> int:
    """`newsdesk index`: sync the index with the folder, showing progress on a terminal."""
    library = Library.open(_directory(args), sync=False)
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
        f"{len(library)} articles; read {counted[0]} files in {seconds:.2f} s ({rate:,.0f} files/s): "
        f"{len(changes.added)} added, {len(changes.changed)} changed, {len(changes.removed)} removed"
    )
    errors = [p for p in library.problems() if p.severity == "error"]
    if errors:
        print(f"{len(errors)} files could not be read (see 'newsdesk check')", file=sys.stderr)
    return EXIT_OK


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "search": cmd_search,
    "index": cmd_index,
    "list": cmd_list,
    "show": cmd_show,
    "categories": cmd_categories,
    "check": cmd_check,
    "import": cmd_import,
}
_USAGE_ERRORS: tuple[type[Exception], ...] = (FolderError, QueryError)
