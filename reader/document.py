"""An article body as blocks of text with spans, links numbered in order: what readers of bodies make.

`reader.bodies` makes documents (Markdown through markdown-it, plain text by
paragraphs); the reading pane, the command line and search snippets use them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

BlockKind = Literal["paragraph", "heading", "item", "code", "caption", "rule", "table"]
SpanKind = Literal["strong", "em", "code", "link", "strike"]
MARKDOWN_FORMATS = frozenset({"markdown", "html"})
PARSE_LIMIT = 200_000  # characters of a body that are read and shown; the rest is not shown


@dataclass(frozen=True, slots=True)
class Span:
    """A styled stretch of a block's text; `link` indexes `Document.links` for links."""

    start: int
    end: int
    kind: SpanKind
    link: int = -1


@dataclass(frozen=True, slots=True)
class Link:
    """A link in the body: the words it is on and where it leads."""

    text: str
    href: str


@dataclass(frozen=True, slots=True)
class Block:
    """One paragraph-like piece of a body, in reading order."""

    kind: BlockKind
    text: str
    spans: tuple[Span, ...] = ()
    level: int = 0
    indent: int = 0
    quoted: int = 0
    marker: str = ""


@dataclass(frozen=True, slots=True)
class Document:
    """A body as blocks, with the links found in it (numbered in order of appearance)."""

    blocks: tuple[Block, ...]
    links: tuple[Link, ...] = ()

    def plain_text(self) -> str:
        """The words of the body without any markup, a blank line between blocks."""
        return "\n\n".join(block.text for block in self.blocks if block.text)

    def captions(self) -> list[str]:
        """The captions of the body's images, in order, without repeats."""
        return list(dict.fromkeys(b.text for b in self.blocks if b.kind == "caption"))
