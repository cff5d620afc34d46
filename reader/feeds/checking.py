"""A feed looked at once before it is added: can it be fetched and read, and what does it call itself?"""

from __future__ import annotations

from dataclasses import dataclass

from reader.feeds.fetching import FetchSettings
from reader.feeds.parse import parse_feed
from reader.web import fetch


@dataclass(frozen=True, slots=True)
class CheckedFeed:
    """The feed's own title and how many entries it holds now."""

    title: str
    entries: int


def check_feed(url: str, settings: FetchSettings | None = None) -> CheckedFeed:
    """Fetch and parse a feed; FetchError or FeedParseError when it cannot be used."""
    settings = settings or FetchSettings.from_environment()
    fetched = fetch(url, timeout=settings.timeout, max_bytes=settings.max_bytes, allow_file=True)
    parsed = parse_feed(fetched.body, url=fetched.url, content_type=fetched.content_type)
    return CheckedFeed(parsed.title, len(parsed.entries))
