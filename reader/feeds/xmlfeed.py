"""RSS 0.9x, 1.0 and 2.0 and Atom, read by feedparser (imported on the first feed).

An ill-formed feed is read as far as feedparser's lenient parser goes, with a warning.
feedparser's own HTML sanitising is off: entry HTML is never shown as HTML, only
converted to escaped Markdown, and its links are resolved here.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urljoin

from reader.feeds.entries import (
    MAX_ENTRIES,
    FeedEntry,
    FeedParseError,
    ParsedFeed,
    feed_date,
    safe_link,
    struct_date,
    tag_names,
)
from reader.model import Published
from reader.text import clean_line

HTML_TYPES = ("text/html", "application/xhtml+xml", "html", "xhtml")


def parse_xml_feed(data: bytes, *, url: str, content_type: str = "") -> ParsedFeed:
    """The feed's title, link and entries; FeedParseError when the bytes are not a feed."""
    import feedparser

    headers = {"content-location": url, "content-type": content_type or "application/xml"}
    try:
        parsed = feedparser.parse(
            data, response_headers=headers, sanitize_html=False, resolve_relative_uris=False
        )
    except (RecursionError, MemoryError) as error:
        raise FeedParseError(f"could not be parsed ({type(error).__name__})") from None
    feed, entries = parsed.get("feed", {}), parsed.get("entries", [])
    if not entries and not (parsed.get("version") and feed.get("title")):
        problem = parsed.get("bozo_exception") if parsed.get("bozo") else None
        raise FeedParseError(f"not an RSS or Atom feed{f' ({_reason(problem)})' if problem else ''}")
    warnings = []
    if parsed.get("bozo") and not _harmless(parsed.get("bozo_exception")):
        warnings.append(
            f"the feed is not well-formed ({_reason(parsed['bozo_exception'])}); read as far as it goes"
        )
    home = safe_link(urljoin(url, feed.get("link", "") or ""))
    return ParsedFeed(
        title=clean_line(_plain(feed.get("title", ""), feed.get("title_detail"))),
        link=home,
        entries=tuple(_entry(entry, url, home) for entry in entries[:MAX_ENTRIES]),
        warnings=tuple(warnings),
    )


def _entry(entry: Any, url: str, home: str) -> FeedEntry:
    """One entry; relative links in its text are taken as relative to its page (else the site's)."""
    content, is_html, full, stated_base = _content(entry)
    given = entry.get("link", "") or ""
    link = safe_link(urljoin(home or url, given)) if given.strip() else ""
    return FeedEntry(
        id=clean_line(str(entry.get("id", "") or "")),
        link=link,
        title=clean_line(_plain(entry.get("title", ""), entry.get("title_detail"))),
        author=_author(entry),
        published=_published(entry),
        content=content,
        html=is_html,
        full=full,
        tags=tag_names([tag.get("term") or tag.get("label") for tag in entry.get("tags", []) or []]),
        base=_base(stated_base, url) or link or home or url,
    )


def _content(entry: Any) -> tuple[str, bool, bool, str]:
    """(text, is it HTML, is it the whole entry, the base of its links): content, else the summary."""
    contents = [c for c in entry.get("content", []) or [] if (c.get("value") or "").strip()]
    if contents:
        chosen = next((c for c in contents if c.get("type") in HTML_TYPES), contents[0])
        return chosen["value"], chosen.get("type") in HTML_TYPES, True, chosen.get("base") or ""
    summary = entry.get("summary", "") or ""
    detail = entry.get("summary_detail") or {}
    return summary, detail.get("type", "text/html") in HTML_TYPES, False, detail.get("base") or ""


def _base(stated: str, url: str) -> str:
    """An `xml:base` the feed stated (feedparser reports the feed's own address when there is none)."""
    return stated if safe_link(stated) and stated.rstrip("/") != url.rstrip("/") else ""


def _author(entry: Any) -> str:
    detail = entry.get("author_detail") or {}
    name = clean_line(detail.get("name", "") or "")
    return name or clean_line(entry.get("author", "") or "")


def _published(entry: Any) -> Published | None:
    for key in ("published", "updated", "created"):
        found = feed_date(entry.get(key))
        if found is not None:
            return found
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        found = struct_date(entry.get(key))
        if found is not None:
            return found
    return None


def _plain(text: str, detail: Any) -> str:
    """A title as text: HTML titles (Atom `type="html"`) lose their tags."""
    if not text or "<" not in text or (detail or {}).get("type") not in HTML_TYPES:
        return text
    from lxml import etree
    from lxml import html as lxml_html

    try:
        return str(lxml_html.fragment_fromstring(text, create_parent="div").text_content())
    except (ValueError, etree.LxmlError):  # a title that lxml cannot read is kept as written
        return text


def _harmless(problem: Any) -> bool:
    """A charset feedparser had to override, a feed served as text/html: the feed was read whole."""
    return type(problem).__name__ in ("CharacterEncodingOverride", "NonXMLContentType")


def _reason(problem: Any) -> str:
    return clean_line(str(problem))[:160] or type(problem).__name__
