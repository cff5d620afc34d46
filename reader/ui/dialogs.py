"""Modal screens: key help, problems found (in files and feeds), and a yes-or-no question."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.timer import Timer
from textual.widgets import Static
from textual.worker import get_current_worker

from reader.actions import ACTIONS, key_display
from reader.index.problem_pages import ProblemPages
from reader.model import Problem
from reader.text import plural
from reader.ui.problem_list import ListedProblems, ProblemList, ProblemRows, ProblemSource, fits

COUNT_SHOWN_EVERY = 0.25  # seconds between two updates of the count while warnings are counted
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
    """Files that could not be read or parsed, with the reason, and warnings; read a page at a time."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,q,exclamation_mark", "dismiss", "Close")]

    def __init__(
        self, problems: Sequence[Problem] | ProblemPages, *, feeds: list[Problem] | None = None
    ) -> None:
        super().__init__()
        self.problems: ProblemSource = (
            problems if isinstance(problems, ProblemPages) else ListedProblems(problems)
        )
        self.feeds = feeds or []  # failed feeds and unusable entries of the subscriptions file
        self._counting: Timer | None = None  # shows the count while warnings are being counted

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(id="problem-heading", markup=False)
            yield ProblemList(
                ProblemRows(self.feeds, self.problems),
                empty="No problems: every file was read.",
                id="problem-list",
            )
            detail = Static(id="problem-detail", markup=False)
            detail.display = False
            yield detail
            yield Static(Text("Esc closes.", style="dim"))

    def on_mount(self) -> None:
        if self.problems.quick and not self.problems.complete:
            self.problems.count()
        if not self.problems.complete:
            self._count()
            self._counting = self.set_interval(COUNT_SHOWN_EVERY, self._counted)
        self._counted()

    def _counted(self) -> None:
        """Say how many problems there are (so far), and make room for them in the list."""
        problems = self.problems
        if problems.complete and self._counting is not None:
            self._counting.stop()
        heading = (
            f"Problems: {plural(problems.errors, 'file')} could not be read, "
            f"{plural(problems.warnings, 'warning')}{'' if problems.complete else ' so far (counting)'}"
        )
        if self.feeds:
            heading += f"; {plural(len(self.feeds), 'feed problem')}"
        self.query_one("#problem-heading", Static).update(Text(heading, style="bold"))
        self.query_one(ProblemList).rows_counted()

    @work(thread=True, exclusive=True, group="problems", name="count problems", exit_on_error=False)
    def _count(self) -> None:
        """Count the warnings (they are shown as they are counted); say so if the index cannot be read."""
        worker = get_current_worker()
        try:
            self.problems.count(lambda: worker.is_cancelled)
        except Exception as error:  # told to the reader; the problems counted so far stay listed
            self.app.call_from_thread(self.notify, f"Counting the warnings failed: {error}", severity="error")
        if not worker.is_cancelled:
            self.app.call_from_thread(self._counted)

    def on_problem_list_highlighted(self, message: ProblemList.Highlighted) -> None:
        """Show the highlighted problem whole when its line is too narrow for it."""
        detail = self.query_one("#problem-detail", Static)
        problem = message.problem
        cut = problem is not None and not fits(
            problem, self.query_one(ProblemList).scrollable_content_region.width
        )
        detail.update(Text(f"{problem.path}\n{problem.reason}") if problem is not None and cut else "")
        detail.display = cut


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
