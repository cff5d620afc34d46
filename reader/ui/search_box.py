"""The search box: it owns its typing and says what happened as messages to the screen."""

from __future__ import annotations

from typing import ClassVar

from textual import events
from textual.binding import Binding
from textual.geometry import Size
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Input

PLACEHOLDER = 'search: words "phrase" prefix* -not field:…'


class SearchBox(Input):
    """Typing searches as you type; Enter submits, Esc closes, ↓/↑ move through the results.

    Every key the box receives is handled here, in the order it was typed: text and
    editing keys go to the Input, Enter and Esc hand the keyboard to the results at
    once. Keys a fast typist sent after Enter, before the keyboard moved, are passed
    on as if typed again, so nothing typed is lost or taken for text.
    """

    _EDITING: ClassVar[dict[str, str]] = {
        key: binding.action for binding in Binding.make_bindings(Input.BINDINGS) for key in [binding.key]
    }

    class SearchChanged(Message):
        """The text in the box changed."""

        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    class SearchSubmitted(Message):
        """Enter was pressed: the text as it was then."""

        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    class SearchClosed(Message):
        """Esc was pressed: the search is over."""

    class ResultsMoved(Message):
        """↓ or ↑ in the box: move through the results without leaving it."""

        def __init__(self, step: int) -> None:
            super().__init__()
            self.step = step

    def __init__(self, *, results: Widget, id: str | None = None) -> None:
        super().__init__(placeholder=PLACEHOLDER, id=id, select_on_focus=False)
        self._results = results

    def open(self) -> None:
        """Show an empty box and take the keyboard now (the next key is already on its way)."""
        self.display = True
        self.value = ""  # a new search, as in less and vim
        self.screen.set_focus(self)

    def close(self) -> None:
        """Hide the box and forget what was typed."""
        if self.display:  # hiding it again would lay the screen out again
            self.display = False
        if self.value:
            self.value = ""
        if self.border_subtitle:
            self.border_subtitle = ""

    def _watch_value(self, value: str) -> None:
        # Input sets its virtual size on every change, and the layout sets another one, so each
        # key typed laid the whole screen out again (a frame of 25 ms). The box's size never
        # depends on its text: the same size is set quietly first, and Input's own is then no change.
        self.set_reactive(Widget.virtual_size, Size(self.content_width, 1))
        super()._watch_value(value)

    def show_error(self, message: str) -> None:
        """Say under the box why the query cannot be run."""
        self.border_subtitle = message

    async def _on_key(self, event: events.Key) -> None:
        if not self.has_focus:
            self._pass_on(event)
            return
        if event.key in ("enter", "escape", "down", "up"):
            self._stop(event)
            self._special(event.key)
            return
        before = self.value
        action = self._EDITING.get(event.key)
        if action is not None:
            self._stop(event)
            await self.run_action(action)
        else:
            await super()._on_key(event)
        if self.value != before:
            self._tell(self.SearchChanged(self.value))

    def _tell(self, message: Message) -> None:
        # Straight to the screen, every message in typing order: bubbling up through the
        # containers' queues let a frame be drawn first, and a search start a frame (5-10 ms) later.
        self.screen.post_message(message)

    def _special(self, key: str) -> None:
        if key in ("down", "up"):
            self._tell(self.ResultsMoved(1 if key == "down" else -1))
            return
        self._tell(self.SearchSubmitted(self.value) if key == "enter" else self.SearchClosed())
        self.screen.set_focus(self._results)

    def _pass_on(self, event: events.Key) -> None:
        """A key typed after the keyboard left the box: deliver it as if typed now."""
        self._stop(event)
        self.app.post_message(events.Key(event.key, event.character))

    @staticmethod
    def _stop(event: events.Key) -> None:
        event.stop()
        event.prevent_default()

    def _on_paste(self, event: events.Paste) -> None:
        before = self.value
        super()._on_paste(event)
        if self.value != before:
            self._tell(self.SearchChanged(self.value))

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()  # the screen hears SearchChanged, in typing order
