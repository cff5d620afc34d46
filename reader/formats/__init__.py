"""File formats: one pure function turns a file's bytes into an Article."""

from __future__ import annotations

import posixpath

from reader.model import Article, ParseError
from reader.text import BinaryContent, decode_bytes

MARKDOWN_EXTENSIONS = frozenset({".md", ".markdown"})
TEXT_EXTENSIONS = frozenset({".txt"})
HTML_EXTENSIONS = frozenset({".html", ".htm"})
EXTENSIONS = MARKDOWN_EXTENSIONS | TEXT_EXTENSIONS | HTML_EXTENSIONS


SUBSCRIPTIONS_FILE = "feeds.yaml"  # the folder's feed subscriptions (reader.feeds), at its root
ROOT_DOCUMENTS = frozenset(
    {
        *("readme", "license", "licence", "copying", "changelog", "changes"),
        *("contributing", "authors", "contributors", "notice", "todo", "code_of_conduct", "security"),
        posixpath.splitext(SUBSCRIPTIONS_FILE)[0],
    }
)


def is_article_name(name: str) -> bool:
    """True for file names Newsdesk reads as articles."""
    return posixpath.splitext(name)[1].lower() in EXTENSIONS


def is_article_path(relpath: str) -> bool:
    """True for an article file's path in the folder: not the README, LICENSE… at its root."""
    if not is_article_name(relpath):
        return False
    if "/" in relpath:
        return True
    stem = posixpath.splitext(relpath)[0].casefold().replace("-", "_")
    return stem not in ROOT_DOCUMENTS


def parse_article(data: bytes, relpath: str) -> Article:
    """Parse one file's bytes; raise ParseError (and nothing else) when it is not an article."""
    # The parsers (and YAML) are imported on first use so that the reader starts faster.
    from reader.formats.markdown import parse_markdown
    from reader.formats.newspage import parse_news_page
    from reader.formats.plain import parse_plain

    if posixpath.splitext(relpath)[1].lower() in HTML_EXTENSIONS:
        return _parse_web_page(data, relpath)
    try:
        decoded = decode_bytes(data)
    except BinaryContent as error:
        raise ParseError(str(error)) from None
    warnings = list(decoded.warnings)
    text = decoded.text
    if not text.strip():
        raise ParseError("empty file")
    try:
        if posixpath.splitext(relpath)[1].lower() in MARKDOWN_EXTENSIONS:
            return parse_markdown(text, relpath, warnings)
        return parse_news_page(text, relpath, warnings) or parse_plain(text, relpath, warnings)
    except ParseError:
        raise
    except (RecursionError, MemoryError) as error:
        raise ParseError(f"could not be parsed ({type(error).__name__})") from None


def _parse_web_page(data: bytes, relpath: str) -> Article:
    """A saved web page; its parser (and lxml, trafilatura) load on the first one."""
    from reader.formats.html import parse_html

    try:
        return parse_html(data, relpath)
    except (RecursionError, MemoryError) as error:
        raise ParseError(f"could not be parsed ({type(error).__name__})") from None
