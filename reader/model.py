"""Public types: articles, related references, problems and the category tree."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Literal

Format = Literal["markdown", "news-page", "plain", "html"]
UNCATEGORIZED = "Uncategorized"
CATEGORY_SEPARATOR = " › "


class NewsdeskError(Exception):
    """Root of every error Newsdesk raises on purpose."""


class ParseError(NewsdeskError):
    """A file could not be turned into an article; the message says why."""


class NotFound(NewsdeskError):
    """No article matches the id or path that was asked for."""


class FolderError(NewsdeskError):
    """The article folder is missing or cannot be used."""


@dataclass(frozen=True, slots=True)
class Published:
    """A publication time: naive or offset-aware, with or without a time of day."""

    value: datetime
    has_time: bool = True

    def iso(self) -> str:
        """ISO 8601 text: a date alone when the file gave only a date."""
        if not self.has_time:
            return self.value.date().isoformat()
        return self.value.isoformat(timespec="seconds")

    def display(self) -> str:
        """Short human form: `2019-10-21 11:52` or `2019-10-21`."""
        if not self.has_time:
            return self.value.strftime("%Y-%m-%d")
        return self.value.strftime("%Y-%m-%d %H:%M")

    def timestamp(self) -> float:
        """Seconds since the epoch; a naive time is taken as UTC so sorting never fails."""
        value = self.value if self.value.tzinfo else self.value.replace(tzinfo=UTC)
        return value.timestamp()


@dataclass(frozen=True, slots=True)
class RelatedRef:
    """A related story as the file names it: a reference and what the page showed."""

    ref: str
    title: str = ""
    summary: str = ""


@dataclass(frozen=True, slots=True)
class Article:
    """One parsed article file. Text fields are clean (NFC, no controls)."""

    id: str
    path: str
    format: Format
    title: str
    category: tuple[str, ...] = ()
    author: str = ""
    published: Published | None = None
    lead: str = ""
    body: str = ""
    captions: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    source: str = ""
    language: str = ""
    related: tuple[RelatedRef, ...] = ()
    metadata: tuple[tuple[str, str], ...] = ()
    problems: tuple[str, ...] = ()
    category_from_file: bool = False

    def sort_key(self) -> tuple[int, float, str]:
        """Newest first, undated last, then by title."""
        if self.published is None:
            return (1, 0.0, self.title.casefold())
        return (0, -self.published.timestamp(), self.title.casefold())


@dataclass(frozen=True, slots=True)
class Related:
    """A related story after resolution: `id` is None when it is not in the folder."""

    title: str
    summary: str = ""
    id: str | None = None
    kind: Literal["link", "category", "similar"] = "link"


@dataclass(frozen=True, slots=True)
class Problem:
    """A file that could not be read or parsed, or a warning about one that was."""

    path: str
    reason: str
    severity: Literal["error", "warning"] = "error"

    def line(self) -> str:
        """The `PATH: reason` form the check command prints."""
        return f"{self.path}: {self.reason}"


@dataclass(slots=True)
class CategoryNode:
    """A node of the category tree; `count` includes every subcategory."""

    name: str
    path: tuple[str, ...]
    names: tuple[str, ...] = ()
    count: int = 0
    unread: int = 0
    children: list[CategoryNode] = field(default_factory=list)

    def to_json(self) -> dict[str, object]:
        """The `{name, count, children}` form of `categories --json`."""
        return {
            "name": self.name,
            "count": self.count,
            "children": [child.to_json() for child in self.children],
        }

    def walk(self) -> list[CategoryNode]:
        """This node and all below it, depth first."""
        nodes = [self]
        for child in self.children:
            nodes.extend(child.walk())
        return nodes


def byline_text(article: Article) -> str:
    """`Author · 2019-10-21 11:52 · source`, leaving out what is unknown."""
    parts = [article.author, article.published.display() if article.published else "", article.source]
    return " · ".join(part for part in parts if part)
