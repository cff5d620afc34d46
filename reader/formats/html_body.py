"""The article text of a page: trafilatura when the tree is of a sane size, a plain walk otherwise.

trafilatura is imported inside the functions: importing Newsdesk must not load it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import islice

from reader.formats.html_markdown import Block, blocks_from_xml, text_block
from reader.formats.html_tree import Element, element_count

MAX_EXTRACTOR_ELEMENTS = 12_000
MAX_SIMPLE_BLOCKS = 5_000
MAX_LOOSE_TEXT = 100_000
MAX_PIECES = 50_000
_SIMPLE_TAGS = ("p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "pre", "td", "dd", "dt")
_CHROME = frozenset({"nav", "header", "footer", "aside", "menu"})
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n|\r?\n")


@dataclass(slots=True)
class Extracted:
    """The body blocks, and what the extractor found about the page (used when the page says nothing)."""

    blocks: list[Block]
    fallback: dict[str, str] = field(default_factory=dict)


def extraction_scope(tree: Element, root: Element | None, count: int) -> Element | None:
    """What the extractor reads: the page, the article element of a huge page, or nothing."""
    if count <= MAX_EXTRACTOR_ELEMENTS:
        return tree
    if root is not None and element_count(root) <= MAX_EXTRACTOR_ELEMENTS:
        return root
    return None


def extract_body(
    scope: Element | None, article: Element, url: str, warnings: list[str], *, metadata: bool = True
) -> Extracted:
    """The article's blocks: trafilatura on the scope, or a plain walk of the article element.

    With `metadata`, trafilatura's reading of the page's metadata comes back as a fallback.
    """
    if scope is None:
        return Extracted(simple_blocks(article))
    return _run_extractor(scope, url, warnings, metadata)


def _run_extractor(scope: Element, url: str, warnings: list[str], metadata: bool) -> Extracted:
    import trafilatura
    from trafilatura.settings import Document

    try:
        document = trafilatura.bare_extraction(
            scope,
            url=url or None,
            include_comments=False,
            include_tables=True,
            include_formatting=True,
            include_links=True,
            include_images=False,
            with_metadata=metadata,
            output_format="xml",
            deduplicate=False,
            date_extraction_params={"extensive_search": False, "original_date": True},
        )
    except Exception as error:  # a fault in the extractor's heuristics must not lose the page
        warnings.append(f"article extractor failed ({type(error).__name__}); read the page as it is")
        return Extracted([])
    if not isinstance(document, Document) or document.body is None:
        return Extracted([], _metadata_only(scope, url) if metadata else {})
    return Extracted(blocks_from_xml(document.body), _fallback(document) if metadata else {})


def _fallback(document: object) -> dict[str, str]:
    names = ("title", "author", "date", "description", "url", "sitename")
    found = {name: getattr(document, name, None) for name in names}
    return {name: value for name, value in found.items() if isinstance(value, str) and value}


def _metadata_only(scope: Element, url: str) -> dict[str, str]:
    from trafilatura.metadata import extract_metadata

    try:
        return _fallback(extract_metadata(scope, url or None, {"extensive_search": False}, False))
    except Exception:  # metadata is only a fallback; the page's own tags were read already
        return {}


def simple_blocks(scope: Element) -> list[Block]:
    """Paragraphs, headings and list items in page order, for trees too big or odd to extract."""
    blocks: list[Block] = []
    size = 0
    for element in scope.iter(*_SIMPLE_TAGS):
        if next(element.iterdescendants(*_SIMPLE_TAGS), None) is not None:
            continue
        text = " ".join(islice(element.itertext(), MAX_PIECES))[:MAX_LOOSE_TEXT]
        block = text_block(text, "heading" if element.tag in _HEADINGS else "paragraph")
        if block is not None:
            blocks.append(block)
            size += len(block.markdown)
        if len(blocks) >= MAX_SIMPLE_BLOCKS or size >= 10 * MAX_LOOSE_TEXT:
            break
    return blocks or loose_text(scope)


def loose_text(scope: Element) -> list[Block]:
    """Whatever text a page without paragraphs has (its menus, header and footer left out), as one block."""
    words: list[str] = []
    size = 0
    for piece in _texts_outside_chrome(scope):
        words.append(piece)
        size += len(piece)
        if size > MAX_LOOSE_TEXT:
            break
    block = text_block(" ".join(words)[:MAX_LOOSE_TEXT])
    return [block] if block is not None else []


def only_chrome(scope: Element) -> bool:
    """True when all the text of a page is in its menus, header, footer and asides."""
    return not any(piece.strip() for piece in _texts_outside_chrome(scope))


def _texts_outside_chrome(scope: Element) -> Iterator[str]:
    """The text of an element in page order, skipping navigation, header, footer and aside."""
    stack: list[Element | str] = [scope]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            yield item
            continue
        if item is not scope and item.tag in _CHROME:
            continue
        if item.text:
            yield item.text
        for child in reversed(item):
            if child.tail:
                stack.append(child.tail)
            stack.append(child)


def blocks_from_text(text: str) -> list[Block]:
    """Blocks of a plain-text article body (JSON-LD `articleBody`), split at line breaks."""
    pieces = (text_block(piece) for piece in _PARAGRAPH_BREAK.split(text))
    return [block for block in pieces if block is not None][:MAX_SIMPLE_BLOCKS]
