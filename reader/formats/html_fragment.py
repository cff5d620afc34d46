"""HTML that is already an article's text (a feed entry's content or summary) as Markdown.

A saved page needs its article found among menus and boxes; an entry's content is
the article, so its tags are only converted: trafilatura's tag conversion, then the
same Markdown blocks as saved pages (`blocks_from_xml`), every text cleaned and escaped.
trafilatura and lxml are imported on the first call.
"""

from __future__ import annotations

from functools import cache
from typing import Any
from urllib.parse import urljoin

from reader.formats.html_body import blocks_from_text
from reader.formats.html_clean import drop_never_text
from reader.formats.html_markdown import Block, blocks_from_xml
from reader.formats.html_tree import Element, parse_tree
from reader.text import clean_text

MAX_MARKDOWN = 2_000_000
_TABLE_TAGS = {"tr": "row", "td": "cell", "th": "cell"}
_BLOCK_TAGS = frozenset(
    {
        *("p", "div", "section", "article", "main", "header", "footer", "aside", "nav", "figure"),
        *("ul", "ol", "dl", "table", "blockquote", "pre", "hr", "details", "address", "center"),
        *("h1", "h2", "h3", "h4", "h5", "h6"),
    }
)


def fragment_markdown(html: str, base_url: str = "") -> str:
    """Markdown for an HTML fragment; its links made absolute against `base_url`.

    Raises ParseError only for fragments too big to parse.
    """
    if not html.strip():
        return ""
    if "<" not in html:
        return _joined(blocks_from_text(html))
    tree = parse_tree(f"<html><body>{html}</body></html>")
    drop_never_text(tree)
    body = tree.find("body")
    if body is None:
        return ""
    _wrap_loose_inline(body)
    if base_url:
        _absolute_links(body, base_url)
    body = _converted(tree).find("body")
    return _joined(blocks_from_xml(body)) if body is not None else ""


def text_markdown(text: str) -> str:
    """Markdown for plain text (a JSON Feed's `content_text`): one paragraph per line, escaped."""
    return _joined(blocks_from_text(text))


def _wrap_loose_inline(body: Element) -> None:
    """Text and inline tags between blocks (a summary with no `<p>`) become paragraphs, not a block each."""
    children = list(body)
    for child in children:
        body.remove(child)  # its tail goes with it
    paragraph = _Paragraphs(body)
    text, body.text = body.text, None
    paragraph.add_text(text)
    for child in children:
        tail, child.tail = child.tail, None
        if child.tag in _BLOCK_TAGS:
            body.append(child)
            paragraph.close()
        else:
            paragraph.current().append(child)
        paragraph.add_text(tail)


class _Paragraphs:
    """The `<p>` that loose inline content is being gathered into, started when needed."""

    def __init__(self, body: Element) -> None:
        self.body = body
        self.open: Element | None = None

    def current(self) -> Element:
        """The open paragraph (a new one at the end of the body if none is open)."""
        if self.open is None:
            from lxml.html import Element as new_element

            self.open = new_element("p")
            self.body.append(self.open)
        return self.open

    def add_text(self, text: str | None) -> None:
        """Add loose text (white space alone starts no paragraph)."""
        if not text or (self.open is None and not text.strip()):
            return
        target = self.current()
        if len(target):
            target[-1].tail = (target[-1].tail or "") + text
        else:
            target.text = (target.text or "") + text

    def close(self) -> None:
        """A block came: what follows goes into a new paragraph."""
        self.open = None


def _absolute_links(body: Element, base_url: str) -> None:
    """Links relative to the entry's page made absolute (only links: nothing else is kept)."""
    for link in body.iter("a"):
        href = (link.get("href") or "").strip()
        if href and not href.startswith("#"):
            try:
                link.set("href", urljoin(base_url, href))
            except ValueError:
                link.attrib.pop("href", None)


def _converted(tree: Element) -> Element:
    from trafilatura.htmlprocessing import convert_tags, tree_cleaning

    options = _options()
    tree = tree_cleaning(tree, options)
    for element in tree.iter("pre"):
        element.tag = "code"  # a block of code, not the quote trafilatura would make of it
    tree = convert_tags(tree, options, None)
    for element in tree.iter(*_TABLE_TAGS):
        element.tag = _TABLE_TAGS[element.tag]
    return tree


@cache
def _options() -> Any:
    from trafilatura.settings import Extractor

    return Extractor(output_format="xml", formatting=True, links=True, tables=True, comments=False)


def _joined(blocks: list[Block]) -> str:
    text = clean_text("\n\n".join(block.markdown for block in blocks)).strip()
    return text if len(text) <= MAX_MARKDOWN else text[:MAX_MARKDOWN].rsplit("\n\n", 1)[0]
