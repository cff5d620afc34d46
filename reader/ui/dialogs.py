"""Modal screens: key help, problems found, and the category picker."""

from __future__ import annotations

from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from reader.model import Problem
from reader.text import fold, plural
from reader.ui.category_tree import View

KEYS: list[tuple[str, str, str]] = [
    ("Move", "j / k, ↓ / ↑", "next / previous row (list, tree, related list)"),
    ("Move", "g / G, Home / End", "first / last row; top / bottom of the article"),
    ("Move", "PgUp / PgDn", "page up / down"),
    ("Move", "Space", "scroll the reading pane down; at the end, open the next unread"),
    ("Move", "b, -, Shift+Space", "scroll the reading pane up"),
    ("Move", "Tab / Shift+Tab", "next / previous pane"),
    ("Move", "t", "show or hide the category tree"),
    ("Filter", "Enter (in the tree)", "show that category and its subcategories"),
    ("Filter", "c", "category picker: type to narrow, Enter applies"),
    ("Filter", "a", "back to All"),
    ("Filter", "] / [", "next / previous category"),
    ("Filter", "U", "unread only, on or off"),
    ("Article", "Enter", "open the article under the cursor"),
    ("Article", "n / p", "open the next / previous article of the list"),
    ("Article", "N", "open the next unread article"),
    ("Article", "u", "mark read or unread"),
    ("Article", "s", "star or unstar"),
    ("Article", "o", "open the source URL in the browser"),
    ("Article", "e", "edit the file in $EDITOR"),
    ("Related", "r", "focus the related stories"),
    ("Related", "1 … 9", "open related story N"),
    ("Related", "Backspace, Alt+←, H", "back to the previous article"),
    ("Related", "Alt+→, L", "forward again"),
    ("Search", "/", "search as you type; Enter opens the result, Esc puts the list back"),
    ("Search", "↓ / ↑ (in the box)", "move through the results"),
    (
        "Search",
        'words "phrase" pre* a OR b -not',
        "and title: category: author: tag: after: before: is:unread",
    ),
    ("App", "Ctrl+P", "command palette: open an article by title, go to a category"),
    ("App", "!", "problems: files that could not be read"),
    ("App", "?", "this help"),
    ("App", "q", "quit"),
]


class HelpScreen(ModalScreen[None]):
    """Every key, grouped."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark", "dismiss", "Close"),
        Binding("j,down", "scroll(1)", show=False),
        Binding("k,up", "scroll(-1)", show=False),
    ]

    def action_scroll(self, lines: int) -> None:
        self.query_one("#dialog", VerticalScroll).scroll_relative(y=lines, animate=False)

    def compose(self) -> ComposeResult:
        table = Table(box=None, show_header=False, padding=(0, 2, 0, 0))
        table.add_column(style="dim")
        table.add_column(style="bold")
        table.add_column()
        group = ""
        for section, keys, meaning in KEYS:
            table.add_row(section if section != group else "", keys, meaning)
            group = section
        with VerticalScroll(id="dialog"):
            yield Static(Text("Keys", style="bold"))
            yield Static(table)
            yield Static(Text("Esc closes.", style="dim"))


class ProblemsScreen(ModalScreen[None]):
    """Files that could not be read or parsed, with the reason, and warnings."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,q,exclamation_mark", "dismiss", "Close")]

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__()
        self.problems = problems

    def compose(self) -> ComposeResult:
        errors = sum(1 for p in self.problems if p.severity == "error")
        heading = (
            f"Problems: {plural(errors, 'file')} could not be read, "
            f"{plural(len(self.problems) - errors, 'warning')}"
        )
        with Vertical(id="dialog"):
            yield Static(Text(heading, style="bold"))
            problem_list = OptionList(*(self._option(p) for p in self.problems), id="problem-list")
            if not self.problems:
                problem_list.add_option(Option(Text("No problems: every file was read."), disabled=True))
            yield problem_list
            yield Static(Text("Esc closes.", style="dim"))

    @staticmethod
    def _option(problem: Problem) -> Option:
        line = Text(problem.path, style="bold")
        style = "red" if problem.severity == "error" else "yellow"
        line.append(f"\n  {problem.severity}: ", style=style)
        line.append(problem.reason)
        return Option(line)


class CategoryPicker(ModalScreen[View | None]):
    """Type to narrow the categories (case and diacritics ignored); Enter applies."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss(None)", "Cancel"),
        Binding("down", "move(1)", show=False),
        Binding("up", "move(-1)", show=False),
    ]

    def __init__(self, views: list[tuple[View, str]]) -> None:
        super().__init__()
        self.views = views
        self.shown: list[View] = []

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(Text("Go to category", style="bold"))
            yield Input(placeholder="type part of a name…", id="picker-input")
            yield OptionList(id="picker-list")

    def on_mount(self) -> None:
        self.narrow("")

    def on_input_changed(self, event: Input.Changed) -> None:
        self.narrow(event.value)

    def narrow(self, typed: str) -> None:
        """Keep the categories whose name contains every typed word, folded."""
        words = fold(typed).split()
        options = self.query_one("#picker-list", OptionList)
        options.clear_options()
        self.shown = [v for v, label in self.views if all(w in fold(label) for w in words)]
        options.add_options(Option(Text(label)) for v, label in self.views if v in self.shown)
        options.highlighted = 0 if self.shown else None

    def action_move(self, step: int) -> None:
        options = self.query_one("#picker-list", OptionList)
        if self.shown:
            options.highlighted = ((options.highlighted or 0) + step) % len(self.shown)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        highlighted = self.query_one("#picker-list", OptionList).highlighted
        if highlighted is not None and self.shown:
            self.dismiss(self.shown[highlighted])

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.shown[event.option_index])
