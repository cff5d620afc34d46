"""Modal lists to pick from: a category (typed to narrow) and a link of the open article."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from reader.document import Link
from reader.text import fold
from reader.ui.category_tree import View


@dataclass(frozen=True, slots=True)
class Choice:
    """A view to pick, with its name and counts."""

    view: View
    label: str
    unread: int = 0
    total: int = 0


def rank(typed: str, label: str) -> int | None:
    """How well a typed text names a category: 0 exactly, 1 its start, 2 word starts, 3 inside; None: not."""
    words = fold(typed).split()
    if not words:
        return 3
    whole, wanted = fold(label), " ".join(words)
    last = fold(label.split("›")[-1])
    if wanted in (whole, last):
        return 0
    if whole.startswith(wanted) or last.startswith(wanted):
        return 1
    starts = whole.split()
    if all(any(start.startswith(word) for start in starts) for word in words):
        return 2
    return 3 if all(word in whole for word in words) else None


class CategoryPicker(ModalScreen[View | None]):
    """Type to narrow the categories (case and diacritics ignored); the best names first; Enter applies."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss(None)", "Cancel"),
        Binding("down", "move(1)", show=False),
        Binding("up", "move(-1)", show=False),
    ]

    def __init__(self, choices: list[Choice]) -> None:
        super().__init__()
        self.choices = choices
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
        """The categories that have every typed word, exact and leading matches first."""
        ranked = [
            (r, number, c) for number, c in enumerate(self.choices) if (r := rank(typed, c.label)) is not None
        ]
        ranked.sort(key=lambda item: (item[0], -item[2].total if typed else 0, item[1]))
        options = self.query_one("#picker-list", OptionList)
        options.clear_options()
        self.shown = [choice.view for _rank, _number, choice in ranked]
        options.add_options(Option(_label(choice)) for _rank, _number, choice in ranked)
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


def _label(choice: Choice) -> Text:
    text = Text(choice.label)
    text.append(f"  {choice.unread:,} unread of {choice.total:,}", style="dim")
    return text


class LinksScreen(ModalScreen[Link | None]):
    """The links of the open article, numbered as in the text: Enter opens one, y copies it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,l", "dismiss(None)", "Close"),
        Binding("y", "copy", "Copy the address"),
        Binding("j", "cursor(1)", show=False),
        Binding("k", "cursor(-1)", show=False),
    ]

    def __init__(self, links: tuple[Link, ...]) -> None:
        super().__init__()
        self.links = links

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(Text("Links", style="bold"))
            options = OptionList(
                *(self._option(n, link) for n, link in enumerate(self.links, 1)), id="link-list"
            )
            if not self.links:
                options.add_option(Option(Text("This article has no links."), disabled=True))
            yield options
            yield Static(Text("Enter opens · y copies the address · Esc closes", style="dim"))

    @staticmethod
    def _option(number: int, link: Link) -> Option:
        text = Text(f"{number:>2}. ", style="bold")
        text.append(link.text or link.href)
        text.append(f"\n    {link.href}", style="dim")
        return Option(text)

    def _current(self) -> Link | None:
        index = self.query_one("#link-list", OptionList).highlighted
        return self.links[index] if index is not None and index < len(self.links) else None

    def action_cursor(self, step: int) -> None:
        options = self.query_one("#link-list", OptionList)
        if self.links:
            options.highlighted = max(0, min((options.highlighted or 0) + step, len(self.links) - 1))

    def action_copy(self) -> None:
        link = self._current()
        if link is not None:
            self.app.copy_to_clipboard(link.href)
            self.notify(f"Copied {link.href}", timeout=3)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option_index < len(self.links):
            self.dismiss(self.links[event.option_index])
