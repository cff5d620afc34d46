"""The article list: a virtual list that reads and draws only the rows on screen."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar, Protocol

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import BindingType
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from reader.index.records import Hit, Summary
from reader.ui.keys import bindings
from reader.ui.list_rows import Columns, RowPainter, fit

CACHE_LIMIT = 5000
STRIPS_KEPT = 2000  # drawn lines kept: a few screens of every recent view

Row = Summary | Hit


class RowSource(Protocol):
    """Rows in order, read a window at a time (see `reader.index.rowsets.Rows`)."""

    def __len__(self) -> int: ...

    def window(self, start: int, stop: int) -> Sequence[Row | None]: ...

    def position_of(self, article_id: str | None) -> int | None: ...


class _NoRows:
    """The rows before anything is shown."""

    def __len__(self) -> int:
        return 0

    def window(self, start: int, stop: int) -> Sequence[Row | None]:
        return []

    def position_of(self, article_id: str | None) -> int | None:
        return None


class ArticleList(ScrollView, can_focus=True):
    """Newest-first articles, one line each, or search results, two lines each."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "article-list--cursor",
        "article-list--cursor-away",
        "article-list--open",
        "article-list--open-mark",
        "article-list--unread",
        "article-list--read",
        "article-list--date",
        "article-list--approximate",
        "article-list--category",
        "article-list--star",
        "article-list--match",
        "article-list--problem",
    }
    BINDINGS: ClassVar[list[BindingType]] = bindings("list")
    cursor: reactive[int] = reactive(0, always_update=True)

    class Highlighted(Message):
        """The cursor moved to an article."""

        def __init__(self, article_id: str | None) -> None:
            super().__init__()
            self.article_id = article_id

    class Opened(Message):
        """The user asked to open the article under the cursor."""

        def __init__(self, article_id: str) -> None:
            super().__init__()
            self.article_id = article_id

    class Painted(Message):
        """The list's first lines are being drawn for the screen (sent once)."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._painted = False
        self._base = Style()
        self._rows: RowSource = _NoRows()
        self._cache: dict[int, Row | None] = {}
        self._results = False
        self._columns = Columns()
        self._empty = "Reading the folder…"
        self._painter: RowPainter | None = None
        self._strips: dict[tuple[object, ...], Strip] = {}
        self.open_id: str | None = None
        self.moved_by_user = False

    # What is shown ---------------------------------------------------------------------

    def show_articles(self, rows: RowSource, *, keep: str | None, columns: Columns, empty: str) -> None:
        """Show a view's rows; the article `keep` stays where it was on screen."""
        self._columns, self._painter = columns, None
        self._replace(rows, results=False, empty=empty, keep=keep)

    def show_results(self, rows: RowSource, *, columns: Columns, empty: str) -> None:
        """Show search results, best first, the cursor on the first."""
        self._columns, self._painter = columns, None
        self._replace(rows, results=True, empty=empty, keep=None)
        self.move_to(0)

    def complete_results(self, rows: RowSource, *, same_start: bool) -> None:
        """The rest of the results: what is on screen and the cursor stay (read again unless the
        first rows are the same)."""
        if not same_start:
            self._cache.clear()
        self._rows = rows
        self._set_length(len(rows) * self.row_height)
        self.cursor = min(self.cursor, max(len(rows) - 1, 0))  # fewer than counted: the index changed
        self.refresh()

    def mark_open(self, article_id: str | None) -> None:
        """Mark the article open in the reading pane (apart from the cursor)."""
        if article_id != self.open_id:
            self.open_id = article_id
            self.refresh()

    def refresh_rows(self) -> None:
        """Read the rows on screen again (their marks or titles changed)."""
        self._cache.clear()
        self.refresh()

    def _replace(self, rows: RowSource, *, results: bool, empty: str, keep: str | None) -> None:
        on_screen = self.cursor * self.row_height - int(self.scroll_offset.y)
        self._rows, self._results, self._empty = rows, results, empty
        self._cache.clear()
        self._set_length(len(rows) * self.row_height)
        index = rows.position_of(keep)
        if index is not None and index != self.cursor and self.scroll_offset.y > 0:
            self.scroll_to(y=max(index * self.row_height - on_screen, 0), animate=False, immediate=True)
        self.cursor = min(index if index is not None else self.cursor, max(len(rows) - 1, 0))
        self.refresh()

    def _set_length(self, lines: int) -> None:
        """A new length in lines: the scrollbar changes, the screen's layout does not.

        Assigning `virtual_size` lays the whole screen out again, and every pane redraws
        (the category tree most of all); a list of another length only needs its
        scrollbar moved, unless the scrollbar appears or goes (that does lay out again).
        """
        size = Size(self.size.width, lines)
        if size == self.virtual_size:
            return
        self.set_reactive(ArticleList.virtual_size, size)
        self._scroll_update(size)

    @property
    def row_height(self) -> int:
        """Lines per row: two for search results (title and snippet)."""
        return 2 if self._results else 1

    @property
    def showing_results(self) -> bool:
        """True while the list shows search results."""
        return self._results

    def __len__(self) -> int:
        return len(self._rows)

    def position_of(self, article_id: str | None) -> int | None:
        """Where an article is in the list, or None."""
        return self._rows.position_of(article_id)

    def summary_at(self, index: int) -> Summary | None:
        """The article at a position, read with its neighbours when not cached."""
        if not 0 <= index < len(self._rows):
            return None
        if index not in self._cache:
            height = max(self.size.height // self.row_height, 1)
            before, after = (2, height + 2) if self._results else (height, 2 * height)
            start = max(index - before, 0)  # a screenful of results, or about three of articles
            if len(self._cache) > CACHE_LIMIT:
                self._cache.clear()
            for offset, row in enumerate(self._rows.window(start, index + after)):
                self._cache[start + offset] = row
        row = self._cache.get(index)
        return row.summary if isinstance(row, Hit) else row

    def rows_between(self, start: int, stop: int) -> list[Summary | None]:
        """The articles at positions [start, stop), read straight from the rows (not cached)."""
        return [row.summary if isinstance(row, Hit) else row for row in self._rows.window(start, stop)]

    def _row(self, index: int) -> Row | None:
        self.summary_at(index)
        return self._cache.get(index)

    @property
    def current_id(self) -> str | None:
        """The article id under the cursor."""
        current = self.summary_at(self.cursor)
        return current.id if current else None

    # Moving -------------------------------------------------------------------------------

    def watch_cursor(self, old: int, new: int) -> None:
        self.refresh()
        if len(self._rows):
            self.scroll_to_row(new)
        self.post_message(self.Highlighted(self.current_id))

    def scroll_to_row(self, index: int) -> None:
        """Scroll as little as needed to show row `index`."""
        top = int(self.scroll_offset.y)
        height = max(self.scrollable_content_region.height, 1)
        first, last = index * self.row_height, (index + 1) * self.row_height - 1
        if first < top:
            self.scroll_to(y=first, animate=False)
        elif last >= top + height:
            self.scroll_to(y=last - height + 1, animate=False)

    def on_key(self, event: events.Key) -> None:
        self.moved_by_user = True

    def move_to(self, index: int) -> None:
        """Put the cursor on row `index` (clamped)."""
        if len(self._rows):
            self.cursor = max(0, min(index, len(self._rows) - 1))

    def move_by(self, step: int) -> None:
        """Move the cursor `step` rows down (up when negative)."""
        self.move_to(self.cursor + step)

    def action_cursor_down(self) -> None:
        self.move_by(1)

    def action_cursor_up(self) -> None:
        self.move_by(-1)

    def action_first(self) -> None:
        self.move_to(0)

    def action_last(self) -> None:
        self.move_to(len(self._rows) - 1)

    def _page(self) -> int:
        return max(self.scrollable_content_region.height // self.row_height - 1, 1)

    def action_page_down(self) -> None:
        self.move_by(self._page())

    def action_page_up(self) -> None:
        self.move_by(-self._page())

    def action_open(self) -> None:
        if self.current_id is not None:
            self.post_message(self.Opened(self.current_id))

    def on_click(self, event: events.Click) -> None:
        self.moved_by_user = True
        index = (int(self.scroll_offset.y) + event.y) // self.row_height
        if 0 <= index < len(self._rows):
            self.cursor = index
            if event.chain >= 2 or self.has_focus:
                self.action_open()

    def on_resize(self, event: events.Resize) -> None:
        self._set_length(len(self._rows) * self.row_height)  # the new width too; no second layout
        self._painter = None

    # Drawing -------------------------------------------------------------------------------

    def render_lines(self, crop: Region) -> list[Strip]:
        self._base = self.rich_style  # worked out once a frame: it walks every ancestor's styles
        return super().render_lines(crop)

    def render_line(self, y: int) -> Strip:
        if not self._painted:
            self._painted = True
            self.post_message(self.Painted())  # handled once this frame is on its way to the terminal
        width = self.scrollable_content_region.width
        index, part = divmod(int(self.scroll_offset.y) + y, self.row_height)
        base = self._base
        if not len(self._rows) and y == 0:
            return self._strip(Text(" " + self._empty.strip(), style="italic"), width, base)
        row = self._row(index)
        if row is None:
            return Strip.blank(width, base)
        painter = self.painter(width)
        summary = row.summary if isinstance(row, Hit) else row
        is_open = summary.id == self.open_id
        cursor = "" if index != self.cursor else "focus" if self.has_focus else "away"
        key = (row, part, is_open, cursor, width, base, self.app.theme)
        strip = self._strips.get(key)
        if strip is None:
            if len(self._strips) > STRIPS_KEPT:
                self._strips.clear()
            strip = self._strips[key] = self._draw(row, part, painter, base, is_open=is_open, cursor=cursor)
        return strip

    def _draw(
        self, row: Row, part: int, painter: RowPainter, base: Style, *, is_open: bool, cursor: str
    ) -> Strip:
        """One line of a row: its title line, or (for a search result) its snippet."""
        summary, title_matches = (row.summary, row.title_matches) if isinstance(row, Hit) else (row, ())
        if part == 0:
            text = painter.row(summary, title_matches, is_open=is_open)
        else:
            text = painter.snippet(row.snippet, row.snippet_matches) if isinstance(row, Hit) else Text()
        if is_open:
            text.stylize(self.get_component_rich_style("article-list--open"))
        if cursor:
            away = "" if cursor == "focus" else "-away"
            text.stylize(self.get_component_rich_style(f"article-list--cursor{away}"))
        return self._strip(text, painter.width, base)

    def painter(self, width: int) -> RowPainter:
        """The row painter for this width and these columns (made again when either changes)."""
        if self._painter is None or self._painter.width != width:
            self._painter = RowPainter(self.get_component_rich_style, self._columns, width)
            self._strips.clear()  # drawn with other columns or another width
        return self._painter

    def _strip(self, text: Text, width: int, base: Style) -> Strip:
        fit(text, width)
        segments = [
            Segment(s.text, base + s.style if s.style else base) for s in text.render(self.app.console)
        ]
        return Strip(segments, width).crop(0, width)

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()
