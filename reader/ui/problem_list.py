"""The problems screen's list: two lines a problem, only the problems on screen read and drawn.

It looks like the option list it replaces (a list of 20,000 options took a minute to
lay out): a problem's path in bold, then its severity and reason, cut with an
ellipsis when wider than the list (the highlighted one is shown whole below it).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import ClassVar, Protocol

from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.visual import Visual, visualize

from reader.model import Problem

ROW_HEIGHT = 2
PAGE = 100  # problems read from the index at a time
KEPT_ROWS = 1000


class ProblemSource(Protocol):
    """Problems in order, counted and read a window at a time (see `reader.index.problem_pages`)."""

    errors: int
    quick: bool
    complete: bool

    @property
    def warnings(self) -> int:
        """Warnings counted so far."""
        ...

    def __len__(self) -> int: ...

    def __iter__(self) -> Iterator[Problem]: ...

    def window(self, start: int, stop: int) -> list[Problem]:
        """The problems at positions [start, stop)."""
        ...

    def count(self, stopped: Callable[[], bool] = ...) -> None:
        """Count the problems that are not counted yet (until `stopped` says so)."""


class ListedProblems:
    """Problems already in a list, as a source."""

    quick = complete = True

    def __init__(self, problems: Sequence[Problem]) -> None:
        self._problems = list(problems)
        self.errors = sum(1 for p in self._problems if p.severity == "error")

    @property
    def warnings(self) -> int:
        """The problems that are not errors."""
        return len(self._problems) - self.errors

    def __len__(self) -> int:
        return len(self._problems)

    def __iter__(self) -> Iterator[Problem]:
        return iter(self._problems)

    def window(self, start: int, stop: int) -> list[Problem]:
        """The problems at positions [start, stop)."""
        return self._problems[start:stop]

    def count(self, stopped: Callable[[], bool] = lambda: False) -> None:
        """Nothing to count."""


class ProblemRows:
    """What the list shows: the feeds' problems, then the folder's."""

    def __init__(self, feeds: list[Problem], problems: ProblemSource) -> None:
        self.feeds = feeds
        self.problems = problems

    def __len__(self) -> int:
        return len(self.feeds) + len(self.problems)

    def window(self, start: int, stop: int) -> list[Problem]:
        """The rows at positions [start, stop)."""
        shift = len(self.feeds)
        rows = self.feeds[start:stop]
        if stop > shift:
            rows += self.problems.window(max(start - shift, 0), stop - shift)
        return rows


class ProblemList(ScrollView, can_focus=True):
    """Problems two lines each, read from their source a page at a time as the list scrolls."""

    DEFAULT_CSS = """
    ProblemList {
        height: auto;
        color: $foreground;
        overflow-x: hidden;
        padding: 0 1;
        background: $surface;
        & > .problem-list--option-highlighted {
            color: $foreground;
            background: $block-cursor-blurred-background;
        }
        &:focus {
            background-tint: $foreground 5%;
            & > .problem-list--option-highlighted {
                color: $block-cursor-foreground;
                background: $block-cursor-background;
                text-style: $block-cursor-text-style;
            }
        }
        & > .problem-list--option-disabled {
            color: $text-disabled;
        }
    }
    """
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "problem-list--option",
        "problem-list--option-highlighted",
        "problem-list--option-disabled",
    }
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down,j", "move(1)", "Down", show=False),
        Binding("up,k", "move(-1)", "Up", show=False),
        Binding("pagedown,space", "page(1)", "Page down", show=False),
        Binding("pageup,b", "page(-1)", "Page up", show=False),
        Binding("home,g", "move_to(0)", "First", show=False),
        Binding("end,G", "move_to(-1)", "Last", show=False),
    ]
    highlighted: reactive[int | None] = reactive(None)

    class Highlighted(Message):
        """The highlight moved to a problem."""

        def __init__(self, problem: Problem | None) -> None:
            super().__init__()
            self.problem = problem

    def __init__(self, rows: ProblemRows, *, empty: str, id: str | None = None) -> None:
        super().__init__(id=id)
        self.rows = rows
        self._empty = empty
        self._cache: dict[int, Problem] = {}
        self._strips: dict[tuple[int, bool, bool, int], list[Strip]] = {}

    def on_mount(self) -> None:
        self.rows_counted()

    def rows_counted(self) -> None:
        """More rows were counted: make room for them."""
        height = len(self.rows) * ROW_HEIGHT or 1
        if self.virtual_size.height != height:
            self.virtual_size = Size(self.size.width, height)
            self.refresh(layout=True)
        if self.highlighted is None and len(self.rows):
            self.highlighted = 0  # the first row is highlighted, as an option list highlights its first

    def problem_at(self, index: int) -> Problem | None:
        """The problem in row `index` (read with the page it is on)."""
        if not 0 <= index < len(self.rows):
            return None
        if index not in self._cache:
            if len(self._cache) > KEPT_ROWS:
                self._cache.clear()
            start = index - index % PAGE
            self._cache.update(enumerate(self.rows.window(start, start + PAGE), start))
        return self._cache.get(index)

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        index, part = divmod(int(self.scroll_offset.y) + y, ROW_HEIGHT)
        problem = self.problem_at(index)
        if problem is None:
            empty = index == part == 0 and not len(self.rows)
            return self._lines(Text(self._empty if empty else ""), width, "problem-list--option-disabled")[0]
        chosen = index == self.highlighted
        key = (index, chosen, self.has_focus, width)
        if key not in self._strips:
            if len(self._strips) > KEPT_ROWS:
                self._strips.clear()
            extra = ("problem-list--option-highlighted",) if chosen else ()
            self._strips[key] = self._lines(problem_text(problem), width, "problem-list--option", *extra)
        strips = self._strips[key]
        return strips[part] if part < len(strips) else Strip.blank(width)

    def _lines(self, text: Text, width: int, *component_classes: str) -> list[Strip]:
        """Strips for a text, drawn as an option list draws its options."""
        style = self.get_visual_style(*component_classes)
        strips = Visual.to_strips(self, visualize(self, text, markup=False), width, None, style)
        return [strip.extend_cell_length(width, style.rich_style) for strip in strips]

    def watch_highlighted(self, old: int | None, new: int | None) -> None:
        self._strips = {key: strips for key, strips in self._strips.items() if key[0] not in (old, new)}
        if new is not None:
            self.scroll_to_region(
                Region(0, new * ROW_HEIGHT, self.size.width, ROW_HEIGHT), animate=False, force=True
            )
        self.refresh()
        self.post_message(self.Highlighted(self.problem_at(new) if new is not None else None))

    def on_resize(self) -> None:
        self._strips.clear()

    def notify_style_update(self) -> None:
        self._strips.clear()  # a theme changed the colours
        super().notify_style_update()

    def on_click(self, event: events.Click) -> None:
        self._highlight((int(self.scroll_offset.y) + event.y) // ROW_HEIGHT)

    def action_move(self, step: int) -> None:
        """Move the highlight a row."""
        self._highlight(step - 1 if self.highlighted is None and step > 0 else (self.highlighted or 0) + step)

    def action_page(self, direction: int) -> None:
        """Move the highlight a screenful."""
        rows = max(self.scrollable_content_region.height // ROW_HEIGHT, 1)
        self._highlight((self.highlighted or 0) + direction * rows)

    def action_move_to(self, index: int) -> None:
        """Highlight the first (0) or the last (-1) row."""
        self._highlight(index if index >= 0 else len(self.rows) - 1)

    def _highlight(self, index: int) -> None:
        if len(self.rows):
            self.highlighted = max(0, min(index, len(self.rows) - 1))


def problem_text(problem: Problem) -> Text:
    """A problem as two lines: its path in bold, then its severity and reason (each on one line)."""
    text = Text(one_line(problem.path), style="bold", no_wrap=True, overflow="ellipsis")
    text.append(f"\n  {problem.severity}: ", style="red" if problem.severity == "error" else "yellow")
    text.append(one_line(problem.reason))
    return text


def fits(problem: Problem, width: int) -> bool:
    """True when both lines of a problem are whole in this width."""
    return all(line.cell_len <= width for line in problem_text(problem).split("\n"))


def one_line(text: str) -> str:
    """Text with its line breaks made spaces."""
    return " ".join(text.splitlines()) if "\n" in text or "\r" in text else text
