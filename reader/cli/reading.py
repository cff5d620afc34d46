"""The commands that read: list, show, categories, search, check."""

from __future__ import annotations

import argparse
import json
import sys

from rich.padding import Padding
from rich.table import Table
from rich.text import Text
from rich.tree import Tree

from reader.cli.common import (
    EXIT_OK,
    EXIT_PROBLEMS,
    EXIT_USAGE,
    console,
    open_library,
    print_json,
)
from reader.index.records import Hit, Matches, Summary, ViewSpec
from reader.library import Library
from reader.model import CATEGORY_SEPARATOR, Article, CategoryNode
from reader.query import QueryError, parse_query
from reader.render import article_json, article_plain, article_rich
from reader.text import plural


def cmd_list(args: argparse.Namespace) -> int:
    """`newsdesk list`: the articles of the folder (or a category), newest first, with their marks."""
    library = open_library(args)
    key = library.category_key_of(args.category) if args.category else None
    spec = ViewSpec(category=key, starred=args.starred, unread_only=args.unread)
    rowids = library.view_rowids(spec)[: args.limit]
    if args.json or args.jsonl:
        _print_articles(library, rowids, body=args.body, lines=args.jsonl)
        return EXIT_OK
    summaries = library.summaries(rowids)
    rows = [summaries[r] for r in rowids if r in summaries]
    if sys.stdout.isatty():
        console().print(_table(rows))
    else:
        sys.stdout.writelines(_tsv(row) + "\n" for row in rows)
    return EXIT_OK


def _print_articles(library: Library, rowids: list[int], *, body: bool, lines: bool) -> None:
    """Articles as JSON, each with its marks; streamed a chunk at a time for --jsonl."""
    items = []
    for start in range(0, len(rowids), 500):
        for article in library.articles_by_rowid(rowids[start : start + 500], with_body=body):
            item = marked_json(library, article, body=body)
            if lines:
                sys.stdout.write(json.dumps(item, ensure_ascii=False) + "\n")
            else:
                items.append(item)
    if not lines:
        print_json(items)


def marked_json(library: Library, article: Article, *, body: bool) -> dict[str, object]:
    """An article's JSON object with `read` and `starred`."""
    data = article_json(article, library.related(article), body=body)
    return data | {"read": library.is_read(article.id), "starred": library.is_starred(article.id)}


def _tsv(row: Summary) -> str:
    """date, category, title, id, read (0/1), starred (0/1): tab-separated, for scripts."""
    date = row.published.display() if row.published and not row.approximate else ""
    fields = [date, CATEGORY_SEPARATOR.join(row.category), row.title, row.id, str(int(row.read))]
    return "\t".join([*fields, str(int(row.starred))])


def _table(rows: list[Summary]) -> Table:
    table = Table("", "Date", "Category", "Title", "Id", box=None, header_style="bold")
    for row in rows:
        marks = Text("★" if row.starred else " ", style="yellow")
        marks.append(" " if row.read else "●", style="bold")
        date = row.published.display() if row.published else ""
        title = Text(row.title, style="" if row.read else "bold")
        table.add_row(
            marks, Text(date), Text(CATEGORY_SEPARATOR.join(row.category)), title, Text(row.id, style="dim")
        )
    return table


def cmd_show(args: argparse.Namespace) -> int:
    """`newsdesk show ARTICLE…`: articles, rendered on a terminal, plain when piped."""
    library = open_library(args)
    articles = [library.get(ref) for ref in args.articles]
    if args.json:
        items = [marked_json(library, article, body=True) for article in articles]
        print_json(items[0] if len(items) == 1 else items)
        return EXIT_OK
    for number, article in enumerate(articles):
        related = library.related(article)
        if sys.stdout.isatty():
            console().print(article_rich(article, related))
        else:
            sys.stdout.write(("\f\n" if number else "") + article_plain(article, related))
    return EXIT_OK


def cmd_categories(args: argparse.Namespace) -> int:
    """`newsdesk categories`: the category tree with article counts."""
    tree = open_library(args).categories()
    if args.json:
        print_json([child.to_json() for child in tree.children])
    elif sys.stdout.isatty():
        console().print(_rich_tree(tree))
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
    library = open_library(args)
    problems = library.problems()
    errors = sum(1 for p in problems if p.severity == "error")
    if args.json:
        print_json([{"path": p.path, "severity": p.severity, "reason": p.reason} for p in problems])
    else:
        for problem in problems:
            prefix = "warning: " if problem.severity == "warning" else ""
            sys.stdout.write(f"{problem.path}: {prefix}{problem.reason}\n")
    summary = [plural(len(library), "article"), plural(errors, "file") + " with errors"]
    print(", ".join([*summary, plural(len(problems) - errors, "warning")]), file=sys.stderr)
    return EXIT_PROBLEMS if errors else EXIT_OK


def cmd_search(args: argparse.Namespace) -> int:
    """`newsdesk search QUERY`: ranked results with a snippet each; exit 1 when nothing is found."""
    text = " ".join(args.query).strip()
    if not text:
        print("newsdesk: search: give some words to search for", file=sys.stderr)
        return EXIT_USAGE
    try:
        query = parse_query(text)
    except QueryError as error:
        print(f"newsdesk: {error}", file=sys.stderr)
        return EXIT_USAGE
    if query.is_empty():
        print("newsdesk: search: give some words to search for", file=sys.stderr)
        return EXIT_USAGE
    library = open_library(args)
    rowids = library.search(query, limit=args.limit)
    hits = library.hits(rowids, query)
    found = {a.id: a for a in library.articles_by_rowid(rowids)}
    ordered = [
        (hits[r], found[hits[r].summary.id]) for r in rowids if r in hits and hits[r].summary.id in found
    ]
    if args.json:
        print_json([marked_json(library, a, body=False) | {"snippet": h.snippet} for h, a in ordered])
    else:
        _print_hits(ordered)
    if not ordered:
        print("nothing found", file=sys.stderr)
    return EXIT_OK if ordered else EXIT_PROBLEMS


def _print_hits(ordered: list[tuple[Hit, Article]]) -> None:
    out = console() if sys.stdout.isatty() else None
    for hit, article in ordered:
        date = article.published.display() if article.published else ""
        if out is None:
            category = CATEGORY_SEPARATOR.join(article.category)
            sys.stdout.write(f"{date}\t{category}\t{article.title}\t{hit.snippet}\n")
            continue
        line = Text()
        line.append(f"{date:16} ", style="dim")
        line.append_text(_marked(article.title, hit.title_matches))
        line.append(f"  {article.id}", style="dim")
        out.print(line)
        out.print(Padding(_marked(hit.snippet, hit.snippet_matches), (0, 0, 1, 4)))


def _marked(words: str, matches: Matches) -> Text:
    """Plain text with the stretches a search matched in bold reverse."""
    text = Text(words)
    for start, end in matches:
        text.stylize("bold reverse", start, end)
    return text
