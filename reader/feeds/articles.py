"""A feed entry as an article file: its key, its Markdown body, its front matter and its name."""

from __future__ import annotations

import hashlib
from datetime import datetime
from pathlib import Path

from reader.feeds.entries import FeedEntry
from reader.feeds.subscriptions import Subscription
from reader.formats.common import MAX_TITLE
from reader.formats.html_fragment import fragment_markdown, text_markdown
from reader.importer import slug, write_article
from reader.model import Article, ParseError
from reader.text import clean_line, clean_text

TITLE_WORDS = 12
_GLOBAL_ID_PREFIXES = ("http://", "https://", "urn:", "tag:")


def entry_key(entry: FeedEntry, feed_url: str, home: str = "") -> str:
    """The entry's stable id across fetches: its id, else its link, else a digest of what it says.

    An id that is an address or a URN names the entry wherever it appears (the same story in
    two feeds is one entry); any other id is only unique within its feed, so the feed's
    address goes with it. A link to the feed or its site (`home`) names no one entry.
    """
    if entry.id:
        return entry.id if entry.id.lower().startswith(_GLOBAL_ID_PREFIXES) else f"{feed_url}#{entry.id}"
    if entry.link and entry.link.rstrip("/") not in (feed_url.rstrip("/"), home.rstrip("/")):
        return entry.link
    said = "\x1f".join(
        (feed_url, entry.title, entry.published.iso() if entry.published else "", entry.content)
    )
    return "sha256:" + hashlib.sha256(said.encode("utf-8", "surrogatepass")).hexdigest()


def entry_body(entry: FeedEntry) -> str:
    """The entry's text as Markdown (its HTML converted, its links made absolute)."""
    if not entry.html:
        return text_markdown(clean_text(entry.content))
    try:
        return fragment_markdown(entry.content, entry.base)
    except ParseError:
        return ""


def entry_article(entry: FeedEntry, feed: Subscription, key: str, body: str) -> Article:
    """The article to write: the entry's fields, the feed's name and the entry's key in the front matter."""
    return Article(
        id=key,
        path="",
        format="markdown",
        title=entry_title(entry, body, feed),
        category=feed.folder,
        author=entry.author,
        published=entry.published,
        body=body,
        tags=entry.tags,
        source=entry.link,
        metadata=(("feed", feed.name), ("entry_id", key)),
    )


def entry_title(entry: FeedEntry, body: str, feed: Subscription) -> str:
    """The entry's title; else the first words of its text; else the feed's name."""
    if entry.title:
        return entry.title[:MAX_TITLE]
    words = clean_line(_unmarked(body)).split()
    if words:
        return " ".join(words[:TITLE_WORDS]) + ("…" if len(words) > TITLE_WORDS else "")
    return feed.name


def file_stem(article: Article, fetched: datetime) -> str:
    """`2024-03-12-tieu-de-bai-viet`: the entry's date (else the day it was fetched) and its title."""
    day = article.published.value if article.published else fetched
    return f"{day:%Y-%m-%d}-{slug(article.title, 'entry')}"


def write_entry(root: Path, article: Article, fetched: datetime) -> Path:
    """Write the article as a new file in its category's folder; never over another file."""
    return write_article(article, root, article.category, stem=file_stem(article, fetched))


def _unmarked(markdown: str) -> str:
    """Markdown's words without its escapes and emphasis, for a title made from the text."""
    return markdown.replace("\\", "").replace("**", "").replace("`", "")
