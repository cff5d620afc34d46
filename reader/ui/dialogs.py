"""Modal screens: key help, problems found (in files and feeds), and a yes-or-no question."""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from reader.actions import ACTIONS, key_display
from reader.model import Problem
from reader.text import plural

QUERY_HELP = 'words "phrase" pre* a OR b -not, and title: category: author: tag: after: before: is:unread'


def key_table(keys: Mapping[str, str]) -> list[tuple[str, str, str]]:
    """(group, keys, what they do) for every action, with the keys the config gave them."""
    rows = [
        (a.group, key_display(keys.get(a.id, a.keys)), a.text)
        for a in ACTIONS
        if not a.id.startswith("related_")
    ]
    rows.insert(
        next(i for i, row in enumerate(rows) if row[0] == "Related") + 1,
        ("Related", "1 … 9", "open related story N"),
    )
    return rows


class HelpScreen(ModalScreen[None]):
    """Every key, grouped, as they are bound now."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark", "dismiss", "Close"),
        Binding("j,down", "scroll(1)", show=False),
        Binding("k,up", "scroll(-1)", show=False),
    ]

    def __init__(self, keys: Mapping[str, str]) -> None:
        super().__init__()
        self.keys = keys

    def action_scroll(self, lines: int) -> None:
        self.query_one("#dialog", VerticalScroll).scroll_relative(y=lines, animate=False)

    def compose(self) -> ComposeResult:
        table = Table(box=None, show_header=False, padding=(0, 2, 0, 0))
        table.add_column(style="dim")
        table.add_column(style="bold")
        table.add_column()
        group = ""
        for section, keys, meaning in key_table(self.keys):
            table.add_row(section if section != group else "", keys, meaning)
            group = section
        table.add_row("Search", "query", QUERY_HELP)
        with VerticalScroll(id="dialog"):
            yield Static(Text("Keys", style="bold"))
            yield Static(table)
            yield Static(
                Text(
                    "Keys can be changed in the config file (`newsdesk config default`). Esc closes.",
                    style="dim",
                )
            )


class ProblemsScreen(ModalScreen[None]):
    """Files that could not be read or parsed, with the reason, and warnings."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,q,exclamation_mark", "dismiss", "Close")]

    def __init__(self, problems: list[Problem], *, feeds: list[Problem] | None = None) -> None:
        super().__init__()
        self.problems = problems
        self.feeds = feeds or []  # failed feeds and unusable entries of the subscriptions file

    def compose(self) -> ComposeResult:
        errors = sum(1 for p in self.problems if p.severity == "error")
        heading = (
            f"Problems: {plural(errors, 'file')} could not be read, "
            f"{plural(len(self.problems) - errors, 'warning')}"
        )
        if self.feeds:
            heading += f"; {plural(len(self.feeds), 'feed problem')}"
        shown = [*self.feeds, *self.problems]
        with Vertical(id="dialog"):
            yield Static(Text(heading, style="bold"))
            problem_list = OptionList(*(self._option(p) for p in shown), id="problem-list")
            if not shown:
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


class ConfirmScreen(ModalScreen[bool]):
    """A question with a yes or a no: y or Enter, n or Esc."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y,enter", "dismiss(True)", "Yes"),
        Binding("n,escape,q", "dismiss(False)", "No"),
    ]

    def __init__(self, question: str) -> None:
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(Text(self.question, style="bold"), id="question")
            yield Static(Text("y or Enter: yes    n or Esc: no", style="dim"))
