"""An article's body, drawn line by line: wrapped once per width, only visible lines made into strips.

A body of thousands of paragraphs is one widget, not one widget per paragraph, so
opening it costs one pass of wrapping however long it is.
"""

from __future__ import annotations

from typing import ClassVar

from rich.console import Console
from rich.style import Style
from rich.text import Text
from textual import events
from textual.geometry import Size
from textual.message import Message
from textual.strip import Strip
from textual.widget import Widget

from reader.document import Block, Document
from reader.index.records import Matches
from reader.index.search import find_matches
from reader.render import STYLE_NAMES, block_text

QUOTE_BAR = "▎ "


class ArticleBody(Widget):
    """The blocks of a body, a blank line between them, wrapped to the widget's width."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {f"article-body--{name}" for name in STYLE_NAMES}
    DEFAULT_CSS = "ArticleBody { height: auto; }"

    class LinkClicked(Message):
        """A link in the body was clicked."""

        def __init__(self, href: str) -> None:
            super().__init__()
            self.href = href

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._document = Document(())
        self._words: list[str] = []
        self._wraps: dict[int, list[Text]] = {}  # lines by width (layout and drawing may ask for two)
        self._strips: dict[tuple[int, int], Strip] = {}

    def show(self, document: Document, *, highlight: list[str] | None = None) -> None:
        """Show a body (the previous one is forgotten), marking the words a search found."""
        self._document = document
        self._words = highlight or []
        self._wraps, self._strips = {}, {}
        self.refresh(layout=True)

    @property
    def document(self) -> Document:
        """The body shown."""
        return self._document

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self._wrapped(width))

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        lines = self._wrapped(width)
        if y >= len(lines):
            return Strip.blank(width, self.rich_style)
        strip = self._strips.get((width, y))
        if strip is None:
            line = lines[y]
            strip = Strip(line.render(self.app.console), line.cell_len).extend_cell_length(width)
            strip = strip.apply_style(self.rich_style)
            self._strips[(width, y)] = strip
        return strip.crop(0, width)

    def on_click(self, event: events.Click) -> None:
        link = event.style.meta.get("link") if event.style else None
        if isinstance(link, int) and 0 <= link < len(self._document.links):
            self.post_message(self.LinkClicked(self._document.links[link].href))

    def _wrapped(self, width: int) -> list[Text]:
        lines = self._wraps.get(width)
        if lines is None:
            if len(self._wraps) >= 2:  # a new width: forget the oldest
                oldest = next(iter(self._wraps))
                del self._wraps[oldest]
                self._strips = {key: strip for key, strip in self._strips.items() if key[0] != oldest}
            lines = self._wraps[width] = self._wrap(max(width, 10))
        return lines

    def _wrap(self, width: int) -> list[Text]:
        console = self.app.console
        styles = {name: self.get_component_rich_style(f"article-body--{name}") for name in STYLE_NAMES}
        lines: list[Text] = []
        for block in self._document.blocks:
            if lines:
                lines.append(Text(""))
            matches = find_matches(block.text, self._words) if self._words else ()
            lines.extend(_block_lines(block, styles, console, width, matches))
        return lines


def _block_lines(
    block: Block, styles: dict[str, Style], console: Console, width: int, matches: Matches
) -> list[Text]:
    """A block wrapped to the width, with its indent, quote bar and list marker in front."""
    lead = "  " * block.indent
    first, rest = lead, lead
    if block.quoted:
        first += QUOTE_BAR * block.quoted
        rest += QUOTE_BAR * block.quoted
    if block.kind == "item":
        first += (block.marker + " ").ljust(3) if block.marker else "   "
        rest += "   "
    elif block.kind == "caption":
        first, rest = first + "  ", rest + "    "
    text = block_text(block, styles, matches=matches, number_links=True)
    if block.kind == "rule":
        return [Text("─" * width, style=styles["rule"])]
    room = max(width - len(rest), 8)
    wrapped = text.wrap(console, room, overflow="fold") if block.kind != "code" else text.split("\n")
    out = []
    for number, line in enumerate(wrapped):
        prefix = Text(first if number == 0 else rest, style=styles["quote"] if block.quoted else "", end="")
        if block.kind == "item" and number == 0 and block.marker:
            prefix.stylize(styles["marker"], len(lead))
        out.append(Text.assemble(prefix, line, end="", no_wrap=True))
    return out
