"""Counting a folder's warnings: each file's own, and its related stories that match no article.

Knowing which references match nothing means resolving every one (20,000 files with
50 each are a million, half a minute of Python), so a big folder is counted in a child
process (`python -m reader.index.problem_count INDEX`, see `reader.child`), which
reads the index without writing to it and answers with each file's number of warnings,
a batch of files at a time, in path order.
"""

from __future__ import annotations

import json
import sqlite3
import sys
from collections.abc import Iterator
from pathlib import Path

from reader import child as children
from reader.related import Lookups, resolve

TEXT_CHARS = 300  # a reason is cut to this many characters (a path is as long as the system lets it be)
WARNED_WHERE = "(problems != '[]' OR (format = 'markdown' AND related != '[]'))"
WARNED = f"SELECT rowid, path, problems, related, format FROM articles WHERE {WARNED_WHERE}"
BATCH = 200

WarnedRow = tuple[int, str, str, str, str]


def warning_reasons(row: WarnedRow, lookups: Lookups) -> Iterator[str]:
    """The warnings about one article (a row of WARNED): its reader's, then related stories not found."""
    _rowid, path, problems, related, article_format = row
    yield from (cut(reason) for reason in json.loads(problems))
    if article_format == "markdown":
        for ref, _title, _summary in json.loads(related):
            if resolve(ref, path, lookups) is None:
                yield f"related {cut(ref)!r} matches no article"


def counted(db: sqlite3.Connection, lookups: Lookups) -> Iterator[list[tuple[int, int]]]:
    """(rowid, number of warnings) of each file that has some, a batch of files at a time, in path order."""
    cursor = db.execute(WARNED + " ORDER BY path")
    while batch := cursor.fetchmany(BATCH):
        yield [(row[0], n) for row in batch if (n := sum(1 for _ in warning_reasons(row, lookups)))]


def cut(text: str) -> str:
    """Text cut to TEXT_CHARS characters."""
    return text if len(text) <= TEXT_CHARS else text[: TEXT_CHARS - 1] + "…"


class MemoryLookups:
    """The index's ids, paths and folded titles held in memory: whether a reference resolves, quickly."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self._ids: set[str] = set()
        self._paths: dict[str, str] = {}
        self._titles: set[str] = set()
        for article_id, path, title_key in db.execute("SELECT id, path, title_key FROM articles"):
            self._ids.add(article_id)
            self._paths[path] = article_id
            self._titles.add(title_key)

    def id_by_id(self, value: str) -> str | None:
        """The id itself, if an article has it."""
        return value if value in self._ids else None

    def id_by_path(self, value: str) -> str | None:
        """The id of the article at this relative path."""
        return self._paths.get(value)

    def id_by_title(self, folded_title: str) -> str | None:
        """The folded title itself, if an article has it (which one does not matter here)."""
        return folded_title if folded_title in self._titles else None

    def title_and_lead(self, article_id: str) -> tuple[str, str]:
        """Not needed to know whether a reference resolves."""
        return "", ""


def serve(index_file: str) -> None:
    """The child: count the index's warnings, sending each batch, then None."""
    db = sqlite3.connect(Path(index_file).resolve().as_uri() + "?mode=ro", uri=True)
    try:
        for batch in counted(db, MemoryLookups(db)):
            children.send(sys.stdout.buffer, batch)
        children.send(sys.stdout.buffer, None)
    finally:
        db.close()


if __name__ == "__main__":
    serve(sys.argv[1])
