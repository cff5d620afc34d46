"""The article list: a virtual list that renders only the rows on screen."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import ClassVar, Protocol

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from reader.model import CATEGORY_SEPARATOR, Published

DATE_WIDTH = 10
CATEGORY_WIDTH = 26


class ListRow(Protocol):
    """What the list needs of an article: its metadata, never its body."""

    @property
    def id(self) -> str: ...
    @property
    def title(self) -> str: ...
    @property
    def published(self) -> Published | None: ...
    @property
    def category(self) -> tuple[str, ...]: ...


@dataclass(frozen=True, slots=True)
class RowMarks:
    """How a row is marked: read or not, starred or not."""

    read: bool
    starred: bool


class ArticleList(ScrollView, can_focus=True):
    """Newest-first list of articles; one line each, drawn on demand."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "article-list--cursor",
        "article-list--unread",
        "article-list--date",
        "article-list--category",
        "article-list--star",
    }
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j,down", "cursor_down", "Down", show=False),
        Binding("k,up", "cursor_up", "Up", show=False),
        Binding("g,home", "first", "First", show=False),
        Binding("G,end", "last", "Last", show=False),
        Binding("pagedown", "page_down", "Page down", show=False),
        Binding("pageup", "page_up", "Page up", show=False),
        Binding("enter", "open", "Open", show=False),
    ]
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

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.rowids: list[int] = []
        self.fetch: Callable[[list[int]], Mapping[int, ListRow]] = lambda rowids: {}
        self._cache: dict[int, ListRow] = {}
        self.marks: Callable[[str], RowMarks] = lambda _id: RowMarks(False, False)
        self.show_category = True
        self.empty_text = "No articles"
        self.row_height = 1
        self.user_moved = False

    def set_rows(self, rowids: list[int], *, keep: int | None = None) -> None:
        """Replace the rows (row ids, newest first); keep row id `keep` where it was on screen."""
        on_screen = self.cursor * self.row_height - int(self.scroll_offset.y)
        self.rowids = rowids
        self._cache.clear()
        self.virtual_size = Size(self.size.width, len(rowids) * self.row_height)
        index = self.index_of(keep)
        if index is not None and index != self.cursor and self.scroll_offset.y > 0:
            self.scroll_to(y=max(index * self.row_height - on_screen, 0), animate=False, immediate=True)
        self.cursor = min(index if index is not None else self.cursor, max(len(rowids) - 1, 0))
        self.refresh()

    def forget(self) -> None:
        """Drop cached rows so they are fetched again (titles or marks changed)."""
        self._cache.clear()
        self.refresh()

    def index_of(self, rowid: int | None) -> int | None:
        """Where a row is in the list, or None."""
        if rowid is None:
            return None
        try:
            return self.rowids.index(rowid)
        except ValueError:
            return None

    def row(self, index: int) -> ListRow | None:
        """The article at a position, fetched with its neighbours when not cached."""
        if not 0 <= index < len(self.rowids):
            return None
        rowid = self.rowids[index]
        if rowid not in self._cache:
            height = max(self.size.height // self.row_height, 1)
            window = self.rowids[max(index - height, 0) : index + 2 * height]  # about three screens
            if len(self._cache) > 5000:
                self._cache.clear()
            self._cache.update(self.fetch(window))
        return self._cache.get(rowid)

    @property
    def current_rowid(self) -> int | None:
        """The row id under the cursor."""
        return self.rowids[self.cursor] if 0 <= self.cursor < len(self.rowids) else None

    @property
    def current_id(self) -> str | None:
        """The article id under the cursor."""
        current = self.row(self.cursor)
        return current.id if current else None

    def watch_cursor(self, old: int, new: int) -> None:
        self.refresh()
        if self.rowids:
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
        self.user_moved = True

    def move_to(self, index: int) -> None:
        """Put the cursor on row `index` (clamped)."""
        if self.rowids:
            self.cursor = max(0, min(index, len(self.rowids) - 1))

    def action_cursor_down(self) -> None:
        self.move_to(self.cursor + 1)

    def action_cursor_up(self) -> None:
        self.move_to(self.cursor - 1)

    def action_first(self) -> None:
        self.move_to(0)

    def action_last(self) -> None:
        self.move_to(len(self.rowids) - 1)

    def _page(self) -> int:
        return max(self.scrollable_content_region.height // self.row_height - 1, 1)

    def action_page_down(self) -> None:
        self.move_to(self.cursor + self._page())

    def action_page_up(self) -> None:
        self.move_to(self.cursor - self._page())

    def action_open(self) -> None:
        if self.current_id is not None:
            self.post_message(self.Opened(self.current_id))

    def on_click(self, event: events.Click) -> None:
        self.user_moved = True
        index = (int(self.scroll_offset.y) + event.y) // self.row_height
        if 0 <= index < len(self.rowids):
            self.cursor = index
            if event.chain >= 2 or self.has_focus:
                self.action_open()

    def on_resize(self, event: events.Resize) -> None:
        self.virtual_size = Size(event.size.width, len(self.rowids) * self.row_height)

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        index, part = divmod(int(self.scroll_offset.y) + y, self.row_height)
        base = self.rich_style
        if not self.rowids and y == 0:
            return self._strip(Text(self.empty_text, style="italic"), width, base)
        row = self.row(index)
        if row is None:
            return Strip.blank(width, base)
        text = self.row_text(row, width) if part == 0 else self.snippet_text(row)
        if index == self.cursor:
            cursor_style = self.get_component_rich_style("article-list--cursor")
            if not self.has_focus:
                cursor_style = cursor_style + Style(dim=True)
            text.stylize(cursor_style)
        return self._strip(text, width, base)

    def _strip(self, text: Text, width: int, base: Style) -> Strip:
        text.truncate(width, overflow="ellipsis", pad=True)
        segments = [
            Segment(s.text, base + s.style if s.style else base) for s in text.render(self.app.console)
        ]
        return Strip(segments, width).crop(0, width)

    def row_text(self, row: ListRow, width: int) -> Text:
        """One row: marks, date, title and (for mixed views) the category."""
        marks = self.marks(row.id)
        star = "★" if marks.starred else " "
        dot = " " if marks.read else "●"
        text = Text(no_wrap=True, overflow="ellipsis", end="")
        text.append(star, self.get_component_rich_style("article-list--star"))
        text.append(dot + " ", self.get_component_rich_style("article-list--unread"))
        date = row.published.value.strftime("%Y-%m-%d") if row.published else ""
        text.append(date.ljust(DATE_WIDTH) + " ", self.get_component_rich_style("article-list--date"))
        title_style = self.get_component_rich_style("article-list--unread") if not marks.read else Style()
        category_width = CATEGORY_WIDTH if self.show_category and width >= 60 else 0
        title_width = max(width - text.cell_len - (category_width + 1 if category_width else 0), 4)
        title_text = getattr(row, "title_text", None)
        title = title_text.copy() if isinstance(title_text, Text) else Text(row.title)
        title.stylize(title_style)
        title.no_wrap, title.end = True, ""
        title.truncate(title_width, overflow="ellipsis", pad=True)
        text.append_text(title)
        if category_width:
            category = Text(" " + CATEGORY_SEPARATOR.join(row.category[-2:]), no_wrap=True, end="")
            category.truncate(category_width + 1, overflow="ellipsis", pad=True)
            category.stylize(self.get_component_rich_style("article-list--category"))
            text.append_text(category)
        return text

    def snippet_text(self, row: ListRow) -> Text:
        """The second line of a search result: a passage with the matches highlighted."""
        snippet = getattr(row, "snippet", None)
        text = Text("     ", no_wrap=True, end="")
        if isinstance(snippet, Text):
            text.append_text(snippet)
        text.stylize(self.get_component_rich_style("article-list--date"))
        return text
