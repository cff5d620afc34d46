"""What a feed holds, whatever its format: a title and entries with their text still as the feed gave it."""

from __future__ import annotations

import email.utils
from dataclasses import dataclass
from datetime import UTC, datetime

from reader.model import NewsdeskError, Published
from reader.text import clean_line

MAX_ENTRIES = 1_000
MAX_TAGS = 50
SAFE_LINK_SCHEMES = ("http://", "https://")


class FeedParseError(NewsdeskError):
    """The bytes are not a feed Newsdesk can read; the message says why."""


@dataclass(frozen=True, slots=True)
class FeedEntry:
    """One entry. `content` is HTML unless `html` is False; `full` when it is more than a summary.

    `base` is the address the content's relative links are relative to.
    """

    id: str = ""
    link: str = ""
    title: str = ""
    author: str = ""
    published: Published | None = None
    content: str = ""
    html: bool = True
    full: bool = False
    tags: tuple[str, ...] = ()
    base: str = ""


@dataclass(frozen=True, slots=True)
class ParsedFeed:
    """A feed's own title and link, its entries (first MAX_ENTRIES), and what was wrong with it."""

    title: str = ""
    link: str = ""
    entries: tuple[FeedEntry, ...] = ()
    warnings: tuple[str, ...] = ()


def safe_link(value: object) -> str:
    """An http(s) address from a feed, or "" (no `javascript:`, no `file:`, nothing odd)."""
    if not isinstance(value, str):
        return ""
    link = clean_line(value)
    return link if link.lower().startswith(SAFE_LINK_SCHEMES) and " " not in link else ""


def feed_date(text: object) -> Published | None:
    """A date as feeds write them: RFC 822 (RSS) or ISO 8601 (Atom, JSON Feed); None if neither."""
    if not isinstance(text, str) or not text.strip():
        return None
    value = text.strip()
    try:
        return Published(datetime.fromisoformat(value.replace("Z", "+00:00")), has_time="T" in value)
    except ValueError:
        pass
    try:
        parsed = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    return Published(parsed)


def struct_date(value: object) -> Published | None:
    """A date feedparser read (a UTC time tuple), for dates in forms only it understands."""
    if not isinstance(value, tuple) or len(value) < 6:
        return None
    try:
        year, month, day, hour, minute, second = (int(part) for part in value[:6])
        return Published(datetime(year, month, day, hour, minute, second, tzinfo=UTC))
    except (TypeError, ValueError):
        return None


def tag_names(values: object) -> tuple[str, ...]:
    """Distinct, clean tag names, at most MAX_TAGS."""
    if not isinstance(values, list):
        return ()
    names = (clean_line(value) for value in values if isinstance(value, str))
    return tuple(dict.fromkeys(name for name in names if name))[:MAX_TAGS]
