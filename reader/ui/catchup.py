"""Catching up: marking a whole view or category read (asking first), and undoing the last marking."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from textual.app import App
from textual.notifications import SeverityLevel

from reader.library import Library
from reader.model import NotFound
from reader.state import Mark, StateError
from reader.text import plural
from reader.ui.dialogs import ConfirmScreen


@dataclass(frozen=True, slots=True)
class Marking:
    """A marking that can be undone: these articles' mark was set to `value` (it was not before)."""

    mark: Mark
    ids: tuple[str, ...]
    value: bool
    what: str


class CatchUpHost(Protocol):
    """What catching up needs of the screen."""

    @property
    def app(self) -> App[Any]:
        """The running app (for the question)."""
        ...

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
    ) -> None:
        """Show a short notice."""

    def marks_redrawn(self) -> None:
        """Many marks changed: count again and redraw."""


class CatchUp:
    """Marks many articles at once; remembers the last marking so that Ctrl+Z restores it exactly."""

    def __init__(self, library: Library, host: CatchUpHost) -> None:
        self.library = library
        self.host = host
        self.last: Marking | None = None

    def mark_read(self, ids: list[str], where: str) -> None:
        """Ask, then mark read every article of `ids` that is not read yet."""
        unread = [i for i in ids if i not in self.library.marked(ids, "read")]
        if not unread:
            self.host.notify(f"Everything in {where} is read already.", timeout=3)
            return
        question = f"Mark {plural(len(unread), 'article')} in {where} read?"
        self.host.app.push_screen(ConfirmScreen(question), self._answer(unread, where))

    def _answer(self, unread: list[str], where: str) -> Callable[[bool | None], None]:
        def answered(yes: bool | None) -> None:
            if yes:
                self.apply(
                    Marking("read", tuple(unread), True, f"{plural(len(unread), 'article')} in {where}")
                )

        return answered

    def apply(self, marking: Marking) -> bool:
        """Write a marking and remember it for undo; False if the marks file refused it."""
        try:
            self.library.set_marks(marking.ids, marking.mark, marking.value)
        except (StateError, NotFound) as error:
            self.host.notify(str(error), severity="error", timeout=6)
            return False
        self.last = marking
        self.host.marks_redrawn()
        if len(marking.ids) > 1:
            self.host.notify(f"Marked {marking.what} {_word(marking)}; Ctrl+Z undoes it.", timeout=4)
        return True

    def record(self, marking: Marking) -> None:
        """Remember a marking made elsewhere (a single u or s), for undo."""
        self.last = marking

    def undo(self) -> None:
        """Put back the marks as they were before the last marking."""
        last = self.last
        if last is None:
            self.host.notify("Nothing to undo.", timeout=2)
            return
        try:
            self.library.set_marks(last.ids, last.mark, not last.value)
        except (StateError, NotFound) as error:
            self.host.notify(str(error), severity="error", timeout=6)
            return
        self.last = None
        self.host.marks_redrawn()
        self.host.notify(f"Undone: {last.what} {_word(last, undone=True)} again.", timeout=3)


def _word(marking: Marking, *, undone: bool = False) -> str:
    value = not marking.value if undone else marking.value
    names = {"read": ("read", "unread"), "starred": ("starred", "not starred")}[marking.mark]
    return names[0] if value else names[1]
