"""How a row of the article list is drawn: marks, date, title, category, fitted to the width.

The title comes first: the category column is as wide as the longest category in the
view and gives way (shrinks, then goes) before a title is cut short of TITLE_ROOM;
the date column is there only when some article in the view gives a date.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from rich.cells import get_character_cell_size
from rich.style import Style
from rich.text import Text

from reader.index.records import Matches, Summary
from reader.model import CATEGORY_SEPARATOR

MARKS_WIDTH = 3
CATEGORY_MOST = 30
CATEGORY_LEAST = 8  # a category column narrower than this is left out
TITLE_ROOM = 60  # a title gets this much before the category column takes any room
TITLE_ROOM_NARROW = 45


_NARROW: set[str] = set()  # characters seen that take one cell each


def fit(text: Text, width: int) -> None:
    """Cut a text to `width` cells with an ellipsis, or pad it with spaces, as `Text.truncate` does.

    When every character takes one cell (Latin letters with their marks, most news text)
    cutting is slicing; Rich measures graphemes first, which costs more than all the rest
    of drawing a row. Other texts (wide, zero-width) are left to Rich.
    """
    plain = text.plain
    if not _NARROW.issuperset(plain):
        _NARROW.update(c for c in set(plain) if get_character_cell_size(c) == 1)
    if width < 1 or not _NARROW.issuperset(plain):
        text.truncate(width, overflow="ellipsis", pad=True)
        return
    if len(plain) > width:
        text.plain = plain[: width - 1] + "…"
    elif len(plain) < width:
        text.pad_right(width - len(plain))


@dataclass(frozen=True, slots=True)
class Columns:
    """What the rows of a view show besides their titles."""

    dates: bool = True
    category_width: int = 0  # the longest category label of the view (0: no category column)
    date_format: str = "%Y-%m-%d"

    @property
    def date_width(self) -> int:
        """Cells a date takes in this format."""
        return len(datetime(2024, 12, 31, 23, 59).strftime(self.date_format)) if self.dates else 0


def category_label(category: tuple[str, ...]) -> str:
    """The category as a row shows it: its last two levels."""
    return CATEGORY_SEPARATOR.join(category[-2:])


class RowPainter:
    """Draws rows for one width, with the list's styles."""

    def __init__(self, style: Callable[[str], Style], columns: Columns, width: int) -> None:
        self.style = style
        self.columns = columns
        self.width = width
        fixed = MARKS_WIDTH + (columns.date_width + 1 if columns.dates else 0)
        room = TITLE_ROOM if width >= 80 else TITLE_ROOM_NARROW
        spare = width - fixed - room - 1
        category = min(columns.category_width, CATEGORY_MOST, spare)
        self.category_width = category if category >= CATEGORY_LEAST else 0
        self.title_width = max(width - fixed - (self.category_width + 1 if self.category_width else 0), 4)

    def row(self, row: Summary, title_matches: Matches = (), *, is_open: bool = False) -> Text:
        """One row: marks, date, title and (for views of several categories) the category."""
        text = Text(no_wrap=True, overflow="ellipsis", end="")
        text.append("★" if row.starred else " ", self.style("article-list--star"))
        if row.broken:
            text.append("! ", self.style("article-list--problem"))
        else:
            text.append(("▶" if is_open else " " if row.read else "●") + " ", self._mark_style(row, is_open))
        if self.columns.dates:
            date = row.published.value.strftime(self.columns.date_format) if row.published else ""
            kind = "article-list--approximate" if row.approximate else "article-list--date"
            text.append(
                date.ljust(self.columns.date_width)[: self.columns.date_width] + " ", self.style(kind)
            )
        title = self.marked(row.title, title_matches)
        title.stylize(self.style("article-list--read" if row.read else "article-list--unread"))
        fit(title, self.title_width)
        text.append_text(title)
        if self.category_width:
            category = Text(" " + category_label(row.category), no_wrap=True, end="")
            fit(category, self.category_width + 1)
            category.stylize(self.style("article-list--category"))
            text.append_text(category)
        return text

    def _mark_style(self, row: Summary, is_open: bool) -> Style:
        return self.style("article-list--open-mark" if is_open else "article-list--unread")

    def snippet(self, snippet: str, matches: Matches) -> Text:
        """The second line of a search result: a passage with the matches marked."""
        text = Text(" " * (MARKS_WIDTH + 2), no_wrap=True, end="")
        text.append_text(self.marked(snippet, matches))
        text.stylize(self.style("article-list--date"))
        return text

    def marked(self, words: str, matches: Matches) -> Text:
        """Plain text (never markup) with the stretches a search matched marked."""
        text = Text(words, no_wrap=True, end="")
        style = self.style("article-list--match")
        for start, end in matches:
            text.stylize(style, start, end)
        return text
