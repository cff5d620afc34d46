"""An article's body, drawn line by line: one widget however long the body, only the lines on screen drawn.

Laying a body out counts the lines of each block without styling it (`body_lines`), and
only the blocks on screen are made into styled lines. A body too long to read while the
reader waits (many lines of Markdown) shows its beginning at once and is read whole in
a child process (`reader.body_reading`); opening another article stops that reading.
"""

from __future__ import annotations

from collections import OrderedDict
from functools import partial
from typing import ClassVar

from textual import events
from textual.geometry import Size
from textual.message import Message
from textual.strip import Strip
from textual.widget import Widget

from reader.bodies import body_document, body_preview, plain_document
from reader.body_reading import BodyReader
from reader.document import Document
from reader.render import STYLE_NAMES
from reader.ui.body_lines import BlockPainter, BodyLayout

KEPT_STRIPS = 2000
KEPT_LONG_BODIES = 2  # long bodies kept read (back and forward show them at once)
LAYOUT_WIDTHS = 2  # layouts kept (layout and drawing may ask for two widths in turn)


class ArticleBody(Widget):
    """The blocks of a body, a blank line between them, wrapped to the widget's width."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {f"article-body--{name}" for name in STYLE_NAMES}
    DEFAULT_CSS = "ArticleBody { height: auto; }"

    class LinkClicked(Message):
        """A link in the body was clicked."""

        def __init__(self, href: str) -> None:
            super().__init__()
            self.href = href

    class Parsed(Message):
        """A long body was read whole in a thread (`failed` says why it is shown as plain text)."""

        def __init__(self, generation: int, key: tuple[str, str], document: Document, failed: str) -> None:
            super().__init__()
            self.generation = generation
            self.key = key  # the format and the body read
            self.document = document
            self.failed = failed

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._document = Document(())
        self._words: list[str] = []
        self._layouts: dict[int, BodyLayout] = {}
        self._strips: OrderedDict[tuple[int, int], Strip] = OrderedDict()
        self._generation = 0  # counts bodies shown; a reading for an older one is dropped
        self._reader = BodyReader()
        self._reading = False
        self.preview_only = False  # True while only the beginning of a long body is shown
        self._long_ones: OrderedDict[tuple[str, str], Document] = OrderedDict()  # read whole lately

    def load(self, body: str, article_format: str, *, highlight: list[str] | None = None) -> None:
        """Show an article body: read at once when short, else its beginning now and the whole in a child."""
        key = (article_format, body)
        known = self._long_ones.get(key)
        preview = body_preview(body) if known is None else None
        if known is None:
            known = body_document(preview if preview is not None else body, article_format)
        else:
            self._long_ones.move_to_end(key)
        self.show(known, highlight=highlight)
        if preview is not None:
            self.preview_only = self._reading = True
            self.run_worker(
                partial(self._read, self._generation, key),
                thread=True,
                group="article body",
                name="read article body",
                exit_on_error=False,
            )

    def show(self, document: Document, *, highlight: list[str] | None = None) -> None:
        """Show a body (the previous one is forgotten), marking the words a search found."""
        self._generation += 1
        if self._reading:  # the body being read is not wanted any more
            self._reader.stop()
            self._reading = False
        self.preview_only = False
        self._words = highlight or []
        self._display(document)

    @property
    def document(self) -> Document:
        """The body shown."""
        return self._document

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return self._layout(width).height

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        layout = self._layout(width)
        if y >= layout.height:
            return Strip.blank(width, self.rich_style)
        strip = self._strips.get((width, y))
        if strip is None:
            line = layout.line(y)
            strip = Strip(line.render(self.app.console), line.cell_len).extend_cell_length(width)
            strip = self._strips[(width, y)] = strip.apply_style(self.rich_style)
            if len(self._strips) > KEPT_STRIPS:
                self._strips.popitem(last=False)
        return strip.crop(0, width)

    def on_click(self, event: events.Click) -> None:
        link = event.style.meta.get("link") if event.style else None
        if isinstance(link, int) and 0 <= link < len(self._document.links):
            self.post_message(self.LinkClicked(self._document.links[link].href))

    def on_article_body_parsed(self, message: ArticleBody.Parsed) -> None:
        """Show the whole body in place of its beginning (if it is still the one shown)."""
        if not message.failed:
            self._long_ones[message.key] = message.document
            if len(self._long_ones) > KEPT_LONG_BODIES:
                self._long_ones.popitem(last=False)
        if message.generation != self._generation:
            message.stop()  # an older body: nobody else needs to hear of it
            return
        self._reading = self.preview_only = False
        self._display(message.document)

    def on_unmount(self) -> None:
        self._generation += 1  # a reading stopped now is not shown as text either
        self._reader.stop()

    def _display(self, document: Document) -> None:
        self._document = document
        self._layouts.clear()
        self._strips.clear()
        self.refresh(layout=True)

    def _read(self, generation: int, key: tuple[str, str]) -> None:
        """Read a whole body (in the worker's thread, the work done by the child) and post it back."""
        article_format, body = key
        try:
            document = self._reader.read(body, article_format, wanted=lambda: generation == self._generation)
            failed = ""
        except Exception as error:  # the body is shown as text, and the reader told why
            if generation != self._generation:
                return  # stopped: another body was asked for
            document, failed = plain_document(body), str(error) or type(error).__name__
        self.post_message(self.Parsed(generation, key, document, failed))

    def _layout(self, width: int) -> BodyLayout:
        width = max(width, 10)
        layout = self._layouts.get(width)
        if layout is None:
            if len(self._layouts) >= LAYOUT_WIDTHS:  # a new width: forget the oldest
                oldest = next(iter(self._layouts))
                del self._layouts[oldest]
                self._strips = OrderedDict((k, s) for k, s in self._strips.items() if k[0] != oldest)
            styles = {name: self.get_component_rich_style(f"article-body--{name}") for name in STYLE_NAMES}
            painter = BlockPainter(styles, self.app.console, self._words)
            layout = self._layouts[width] = BodyLayout(self._document, width, painter)
        return layout
