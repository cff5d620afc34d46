"""What list and search rows carry: metadata only, never the body."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text

from reader.model import Published


@dataclass(frozen=True, slots=True)
class Summary:
    """What a list shows of an article: no body, no lead."""

    rowid: int
    id: str
    title: str
    published: Published | None
    category: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Hit(Summary):
    """A search result row: a summary with its title highlighted and a snippet."""

    title_text: Text
    snippet: Text


def fields(summary: Summary) -> tuple[int, str, str, Published | None, tuple[str, ...]]:
    """A summary's fields, in order (to build a Hit from it)."""
    return summary.rowid, summary.id, summary.title, summary.published, summary.category
