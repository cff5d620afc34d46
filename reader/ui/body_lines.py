"""An article body laid out at one width: each block's height counted cheaply, only blocks drawn are wrapped.

The height of a block is counted on its plain words (Rich's own line breaking, no
styled text made), so laying out a body of 60,000 blocks takes a fraction of a second;
a block becomes lines of styled Text only when a line of it is drawn, and only the
last few hundred blocks drawn are kept.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import OrderedDict
from collections.abc import Mapping
from itertools import accumulate

from rich._wrap import divide_line
from rich.cells import cell_len
from rich.console import Console
from rich.style import Style
from rich.text import Text

from reader.document import Block, Document
from reader.index.search import find_matches
from reader.render import block_text

QUOTE_BAR = "▎ "
CAPTION_MARK = "▣ "
KEPT_BLOCKS = 400  # blocks kept as lines (the ones drawn last)


class BlockPainter:
    """Makes a block into lines of styled Text: its indent, quote bar and list marker in front."""

    def __init__(self, styles: Mapping[str, Style], console: Console, words: list[str]) -> None:
        self.styles = styles
        self.console = console
        self.words = words

    def lines(self, block: Block, width: int) -> list[Text]:
        """The block wrapped to the width (code is never wrapped; rules span the width)."""
        styles = self.styles
        if block.kind == "rule":
            return [Text("─" * width, style=styles["rule"])]
        first, rest = _prefixes(block)
        matches = find_matches(block.text, self.words) if self.words else ()
        text = block_text(block, styles, matches=matches, number_links=True)
        if block.kind == "code":
            wrapped = text.split("\n")
        else:
            wrapped = text.wrap(self.console, _room(rest, width), overflow="fold")
        lead = len("  " * block.indent)
        quote = styles["quote"] if block.quoted else ""
        out = []
        for number, line in enumerate(wrapped):
            prefix = Text(first if number == 0 else rest, style=quote, end="")
            if block.kind == "item" and number == 0 and block.marker:
                prefix.stylize(styles["marker"], lead)
            out.append(Text.assemble(prefix, line, end="", no_wrap=True))
        return out


class BodyLayout:
    """A document at one width: where each block starts, its lines made when first drawn."""

    def __init__(self, document: Document, width: int, painter: BlockPainter) -> None:
        self.width = width
        self._blocks = document.blocks
        self._painter = painter
        self._heights = [block_height(block, width) for block in self._blocks]
        ends = list(accumulate(height + 1 for height in self._heights))  # a blank line after each block
        self._starts = [0, *ends[:-1]]
        self.height = ends[-1] - 1 if ends else 0
        self._kept: OrderedDict[int, list[Text]] = OrderedDict()

    def line(self, y: int) -> Text:
        """Line y of the body (a blank one between blocks and below the last)."""
        if not 0 <= y < self.height:
            return Text("")
        index = bisect_right(self._starts, y) - 1
        offset = y - self._starts[index]
        lines = self._lines(index)
        return lines[offset] if offset < min(len(lines), self._heights[index]) else Text("")

    def _lines(self, index: int) -> list[Text]:
        lines = self._kept.get(index)
        if lines is None:
            lines = self._kept[index] = self._painter.lines(self._blocks[index], self.width)
            if len(self._kept) > KEPT_BLOCKS:
                self._kept.popitem(last=False)
        else:
            self._kept.move_to_end(index)
        return lines


def block_height(block: Block, width: int) -> int:
    """How many lines a block takes at this width, counted the way `BlockPainter` breaks them."""
    kind = block.kind
    if kind == "rule":
        return 1
    text = _plain(block) if block.spans or kind == "caption" else block.text
    if kind == "code":
        return max(text.count("\n") + 1 - text.endswith("\n"), 1)
    room = max(width - 2 * (block.indent + block.quoted) - _EXTRA_INDENT.get(kind, 0), 8)
    if "\n" not in text and "\t" not in text:
        return 1 if cell_len(text) <= room else len(divide_line(text, room, fold=True)) + 1
    if "\t" in text:  # tabs are expanded before wrapping: let Rich do it all
        return len(Text(text).wrap(Console(width=width), room, overflow="fold"))
    return sum(1 if cell_len(part) <= room else len(divide_line(part, room)) + 1 for part in text.split("\n"))


_EXTRA_INDENT = {"item": 3, "caption": 4}  # cells before every line but the first: see `_prefixes`


def _plain(block: Block) -> str:
    """The characters `block_text` shows for a block: link numbers after links, a mark before captions."""
    text = block.text
    for span in sorted((s for s in block.spans if s.kind == "link"), key=lambda s: s.end, reverse=True):
        text = f"{text[: span.end]}[{span.link + 1}]{text[span.end :]}"
    return CAPTION_MARK + text if block.kind == "caption" else text


def _prefixes(block: Block) -> tuple[str, str]:
    """What goes before a block's first line and before its other lines."""
    lead = "  " * block.indent + QUOTE_BAR * block.quoted
    if block.kind == "item":
        return lead + ((block.marker + " ").ljust(3) if block.marker else "   "), lead + "   "
    if block.kind == "caption":
        return lead + "  ", lead + "    "
    return lead, lead


def _room(rest: str, width: int) -> int:
    return max(width - len(rest), 8)
