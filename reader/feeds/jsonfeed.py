"""JSON Feed 1.0 and 1.1 (jsonfeed.org), read with the json module: a mapping with a list of items."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urljoin

from reader.feeds.entries import (
    MAX_ENTRIES,
    FeedEntry,
    FeedParseError,
    ParsedFeed,
    feed_date,
    safe_link,
    tag_names,
)
from reader.text import clean_line

VERSION_PREFIX = "https://jsonfeed.org/version/"


def looks_like_json(data: bytes, content_type: str) -> bool:
    """True for a body served as JSON, or one that starts like a JSON object."""
    kind = content_type.partition(";")[0].strip().lower()
    return (
        kind in ("application/feed+json", "application/json")
        or data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] == b"{"
    )


def parse_json_feed(data: bytes, *, url: str) -> ParsedFeed:
    """The feed's title, link and items; FeedParseError for JSON that is not a JSON Feed."""
    try:
        document = json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError as error:
        raise FeedParseError(f"JSON Feed is not UTF-8 (byte {error.start})") from None
    except (ValueError, RecursionError) as error:
        raise FeedParseError(f"not valid JSON ({error})") from None
    if not isinstance(document, dict) or not isinstance(document.get("items"), list):
        raise FeedParseError("JSON without a JSON Feed's `items` list")
    warnings = []
    version = document.get("version")
    if not (isinstance(version, str) and version.startswith(VERSION_PREFIX)):
        warnings.append("JSON Feed without a jsonfeed.org `version`; read anyway")
    items = [item for item in document["items"] if isinstance(item, dict)]
    home = safe_link(document.get("home_page_url"))
    return ParsedFeed(
        title=clean_line(_text(document.get("title"))),
        link=home,
        entries=tuple(_entry(item, document, home or url) for item in items[:MAX_ENTRIES]),
        warnings=tuple(warnings),
    )


def _entry(item: dict[str, Any], feed: dict[str, Any], base: str) -> FeedEntry:
    """One item; relative addresses are taken as relative to the site (else the feed)."""
    given = item.get("url") or item.get("external_url")
    link = given.strip() if isinstance(given, str) else ""
    html, text, summary = (_text(item.get(key)) for key in ("content_html", "content_text", "summary"))
    content, is_html = (html, True) if html.strip() else (text, False) if text.strip() else (summary, False)
    return FeedEntry(
        id=clean_line(str(item["id"])) if isinstance(item.get("id"), (str, int)) else "",
        link=safe_link(urljoin(base, link)) if link else "",
        title=clean_line(_text(item.get("title"))),
        author=_author(item) or _author(feed),
        published=feed_date(item.get("date_published")) or feed_date(item.get("date_modified")),
        content=content,
        html=is_html,
        full=bool(html.strip() or text.strip()),
        tags=tag_names(item.get("tags")),
        base=safe_link(urljoin(base, link)) if link else base,
    )


def _author(holder: dict[str, Any]) -> str:
    """`authors` (1.1), else `author` (1.0): the names, joined."""
    people = holder.get("authors")
    if not isinstance(people, list):
        people = [holder.get("author")]
    names = [clean_line(_text(p.get("name"))) for p in people if isinstance(p, dict)]
    return ", ".join(name for name in names if name)


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""
